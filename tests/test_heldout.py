"""Generality: fictional reports in other provinces' styles, written and annotated independently of
the extractor (tests/heldout/README.md). Jurisdiction and year must be found without a manifest, and
extraction must stay accurate, not only on the bundled reports the rules were first written for."""

import csv
from pathlib import Path

import pytest

from conftest import score
from kgbuild.build import build
from kgbuild.export import observations, reports
from kgbuild.store import OxigraphStore

HELDOUT = Path(__file__).parent / "heldout"
RECALL_FLOOR = 0.85
PRECISION_FLOOR = 0.93


@pytest.fixture(scope="module")
def heldout_store(tmp_path_factory):
    store = OxigraphStore(tmp_path_factory.mktemp("heldout") / "store")
    build([HELDOUT], store, validate=False)
    return store


def _tsv(name):
    with (HELDOUT / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def test_heldout_jurisdiction_and_year_are_found_in_the_text(heldout_store):
    columns, rows = reports(heldout_store)
    found = {r["source"]: (r["jurisdiction"], r["year"]) for r in (dict(zip(columns, row, strict=True)) for row in rows)}
    expected = {r["file"]: (r["jurisdiction"], r["year"]) for r in _tsv("manifest-expected.tsv")}
    assert found == expected


def test_heldout_extraction_meets_floors(heldout_store):
    columns, rows = observations(heldout_store)
    built = [dict(zip(columns, row, strict=True)) for row in rows]
    recall, precision, report = score(_tsv("observations.tsv"), built)
    print("heldout " + report)
    assert recall >= RECALL_FLOOR and precision >= PRECISION_FLOOR, report
