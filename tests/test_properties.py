"""Arbitrary text never crashes the pipeline, and every figure it finds stays grounded."""

from hypothesis import HealthCheck, given, settings
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
        assert fig.year is not None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_normalizing_is_idempotent(raw):
    once = normalize(raw)
    assert normalize(once) == once
