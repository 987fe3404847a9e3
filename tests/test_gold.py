"""Recall and precision of the build against an independent annotation of the bundled reports."""

from conftest import REPORTS, read_gold, score

RECALL_FLOOR = 0.98
PRECISION_FLOOR = 0.98


def test_metric_extraction_meets_recall_and_precision_floors(observation_rows):
    recall, precision, report = score(read_gold(), observation_rows)
    print(report)
    assert recall >= RECALL_FLOOR and precision >= PRECISION_FLOOR, report


def test_gold_quotes_occur_in_their_reports():
    for row in read_gold():
        text = (REPORTS / f"{row['report']}.txt").read_text(encoding="utf-8")
        assert row["quote"] in text, row
