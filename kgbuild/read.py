"""Stage 1: read a report file's bytes and decode them, detecting the encoding."""

from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

from .errors import ReportReadError

SUPPORTED_SUFFIXES = (".txt", ".md")

# charset-normalizer names the GB family by its smaller members; GB18030 decodes all of them.
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz", "hz_gb_2312"}


@dataclass
class RawReport:
    id: str
    path: Path
    text: str
    encoding: str


def decode(data: bytes, path) -> tuple[str, str]:
    """Return (text, encoding name). Raise ReportReadError when the bytes are not confidently text."""
    if not data.strip():
        raise ReportReadError(path, "file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise ReportReadError(path, f"invalid UTF-16 ({exc.reason})") from None
    # Valid UTF-8 of this length is practically never another encoding, so try it strictly first.
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise ReportReadError(path, "binary data (NUL bytes), not a text report")
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise ReportReadError(path, "cannot determine the text encoding (not UTF-8, GBK/GB18030 or UTF-16)")
    encoding = best.encoding.lower()
    if encoding in _GB_FAMILY:
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError as exc:
            raise ReportReadError(path, f"invalid GB18030 text at byte {exc.start}") from None
    text = str(best)
    if _cjk_share(text) < 0.2:
        raise ReportReadError(
            path, f"decodes only as {encoding} and then holds little Chinese text: encoding not recognised"
        )
    return text, encoding


def _cjk_share(text: str) -> float:
    visible = [c for c in text if not c.isspace()]
    if not visible:
        return 0.0
    return sum("\u4e00" <= c <= "\u9fff" for c in visible) / len(visible)


def read_report(path) -> RawReport:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReportReadError(path, exc.strerror or str(exc)) from None
    text, encoding = decode(data, path)
    return RawReport(id=path.stem, path=path, text=text, encoding=encoding)


def find_reports(paths) -> list[Path]:
    """Expand files and folders into report files, in a stable order. A folder's README is not a report."""
    found = []
    for p in map(Path, paths):
        if p.is_dir():
            found.extend(sorted(
                f for f in p.iterdir()
                if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES and not f.name.upper().startswith("README")
            ))
        else:
            found.append(p)
    return found
