import pytest

from conftest import REPORTS
from kgbuild.errors import ReportReadError
from kgbuild.read import read_report

TEXT = (REPORTS / "dawukou-2021.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_reports_decode_from_their_bytes_whatever_the_encoding(tmp_path, encoding):
    path = tmp_path / "report.txt"
    path.write_bytes(TEXT.encode(encoding))
    assert read_report(path).text.lstrip("\ufeff") == TEXT


def test_an_empty_file_is_an_error_naming_the_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(ReportReadError, match="empty.txt: file is empty"):
        read_report(path)


def test_random_bytes_are_an_error_not_mangled_text(tmp_path):
    import random

    path = tmp_path / "noise.txt"
    path.write_bytes(random.Random(7).randbytes(4000))
    with pytest.raises(ReportReadError, match="noise.txt"):
        read_report(path)


def test_a_missing_file_is_an_error_naming_the_file(tmp_path):
    with pytest.raises(ReportReadError, match="nope.txt"):
        read_report(tmp_path / "nope.txt")
