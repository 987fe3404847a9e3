"""Arbitrary text never crashes the pipeline, and every figure it finds stays grounded."""

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kgbuild.extract import extract
from kgbuild.metadata import detect
from kgbuild.normalize import normalize

# Characters that matter to the extractor, mixed with anything Unicode has.
REPORT_ALPHABET = st.sampled_from(
    list("0123456789０１２３.％%万亿余多约近件份项人次户年月日第届，。；：、（）“”《》〔〕\n *#")
    + list("行政复议申请受理审结诉讼败诉率出庭调处纠纷成功区县镇司法局我全同比下降增长从至的两五十百")
)
TEXT = st.text(alphabet=st.one_of(REPORT_ALPHABET, st.characters()), max_size=400)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.one_of(st.none(), st.integers(1990, 2030)))
def test_extraction_never_raises_and_every_figure_is_grounded(raw, year):
    text = normalize(raw)
    detect(text)
    for fig in extract(text, year):
        assert 0 <= fig.quote_start <= fig.start < fig.end <= fig.quote_end <= len(text)
        assert fig.number in text[fig.quote_start:fig.quote_end]
        # A figure has a year unless the report's is unknown or it is the earlier value of a change
        # whose year the text does not name (从1个增加至18个); never a year from nowhere.
        assert fig.year is None or str(fig.year) in text or fig.year == year


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_normalizing_is_idempotent(raw):
    once = normalize(raw)
    assert normalize(once) == once


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=3000))
def test_any_bytes_either_read_as_text_or_fail_with_a_reason(tmp_path, data):
    from kgbuild.errors import ReportReadError
    from kgbuild.read import read_report

    path = tmp_path / "report.txt"
    path.write_bytes(data)
    try:
        raw = read_report(path)
    except ReportReadError as exc:
        assert str(path) in str(exc)
    else:
        assert isinstance(raw.text, str) and raw.text.strip()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(TEXT.filter(lambda t: t.strip()), st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
def test_text_in_any_supported_encoding_reads_back_or_is_refused_never_mangled(tmp_path, text, encoding):
    from kgbuild.errors import ReportReadError
    from kgbuild.read import read_report

    data = text.encode(encoding, errors="replace")
    if encoding == "gb18030":
        # Bytes that are valid UTF-8 too are ambiguous by nature (a long report never is).
        try:
            data.decode("utf-8")
            assume(data.isascii())
        except UnicodeDecodeError:
            pass
    path = tmp_path / "report.txt"
    path.write_bytes(data)
    try:
        raw = read_report(path)
    except ReportReadError:
        return
    if raw.format == "text":
        assert raw.text.lstrip("\ufeff") == text.encode(encoding, errors="replace").decode(encoding).lstrip("\ufeff")
