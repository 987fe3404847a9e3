"""Generality: real published reports from 31 provinces and every level (tests/realworld/README.md),
built with no manifest. The dev half may be read to write rules; the held-out half never is.

The floors are what the extractor reaches today on each half; a change that lowers one fails here
with every miss and wrong fact listed.
"""

import sys
from pathlib import Path

import pytest

from kgbuild.build import build, process_report
from kgbuild.export import observations
from kgbuild.store import OxigraphStore

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from eval_corpus import batches, evaluate  # noqa: E402

CORPUS = ROOT / "tests" / "realworld"
FLOORS = {
    # half: (metadata, figures present, v1 recall, v1 precision, classified share)
    "dev": (0.98, 0.97, 0.95, 0.92, 0.50),
    "heldout": (0.92, 0.92, 0.54, 0.52, 0.44),
}


@pytest.fixture(scope="module", params=sorted(FLOORS))
def scored(request):
    scores, built = evaluate([CORPUS / request.param])
    assert scores.reports >= 80 and scores.gold >= 470, f"{request.param}: the half holds too little to score"
    return request.param, scores


def test_real_reports_meet_the_floors(scored):
    half, s = scored
    print(half, s.details())
    metadata, present, recall, precision, classified = FLOORS[half]
    assert s.metadata >= metadata, s.details()
    assert s.presence >= present, s.details()
    assert s.v1_recall >= recall, s.details()
    assert s.v1_precision >= precision, s.details()
    assert s.classified_share >= classified, s.details()


def test_the_corpus_spans_every_level_and_many_provinces():
    import csv

    rows = [r for b in batches(CORPUS) for r in csv.DictReader((b / "reports.tsv").open(encoding="utf-8"), delimiter="\t")]
    assert {r["level"] for r in rows} == {"province", "city", "county", "town", "zone"}
    assert len({r["province"] for r in rows}) >= 30
    assert len(rows) >= 490


def test_a_report_with_no_recognizable_place_keeps_every_figure(tmp_path):
    """No figure is dropped: a report whose place cannot be found still loads all its figures,
    without a jurisdiction, and the build counts it as needing attention."""
    text = (
        "2023年度法治政府建设情况报告\n"
        "2023年，我们坚持依法行政。全年收到行政复议申请12件，审结10件；"
        "办理行政诉讼案件8件，败诉1件；制定行政规范性文件3件；调处矛盾纠纷156起。\n"
    )
    report = tmp_path / "in" / "anon-2023.txt"
    report.parent.mkdir()
    report.write_text(text, encoding="utf-8")
    assert process_report(report).meta.jurisdiction is None
    store = OxigraphStore(tmp_path / "store")
    result = build([report.parent], store)
    assert result.needing_attention == 1 and not result.failures and not result.violations
    columns, rows = observations(store)
    found = sorted((r[columns.index("metric")], int(r[columns.index("value")])) for r in rows)
    assert found == sorted([
        ("reconsideration.applications", 12), ("reconsideration.concluded", 10), ("litigation.cases", 8),
        ("litigation.lost", 1), ("normativeDocs.issued", 3), ("mediation.disputesHandled", 156),
    ])
    assert all(r[columns.index("jurisdiction")] is None for r in rows)
    assert all(r[columns.index("year")] == "2023" for r in rows)


def test_the_dev_half_builds_without_losing_a_figure(tmp_path):
    """Through the real store: every figure the extractor finds is in `export observations`,
    including those of reports whose place is not settled."""
    store = OxigraphStore(tmp_path / "store")
    folders = [b / "reports" for b in batches(CORPUS / "dev")]
    result = build(folders, store, validate=False)
    assert not result.failures
    expected = sum(len(process_report(p).figures) for f in folders for p in f.glob("*.txt"))
    columns, rows = observations(store)
    assert len(rows) == expected == result.observations
