"""Recall and precision of the build against an independent annotation of the bundled reports."""

from collections import defaultdict

from conftest import key, read_gold

RECALL_FLOOR = 0.90
PRECISION_FLOOR = 0.95


def _scores(observation_rows):
    gold = {key(r["report"], r["code"], r["year"], r["value"], r["measure"]) for r in read_gold()}
    built = {
        key(r["report"], r["metric"], r["year"], r["value"], r["measure"])
        for r in observation_rows
        if r["metric"] != "unclassified"
    }
    return gold, built


def test_metric_extraction_meets_recall_and_precision_floors(observation_rows):
    gold, built = _scores(observation_rows)
    missed = sorted(gold - built)
    wrong = sorted(built - gold)
    recall = 1 - len(missed) / len(gold)
    precision = 1 - len(wrong) / len(built)
    per_report = defaultdict(lambda: [0, 0, 0, 0])  # gold, found, built, right
    for k in gold:
        per_report[k[0]][0] += 1
        per_report[k[0]][1] += k in built
    for k in built:
        per_report[k[0]][2] += 1
        per_report[k[0]][3] += k in gold
    lines = [f"recall {recall:.3f} precision {precision:.3f} ({len(gold)} gold, {len(built)} built)"]
    for report, (g, f, b, r) in sorted(per_report.items()):
        lines.append(f"  {report}: recall {f}/{g}  precision {r}/{b}")
    lines += [f"  missed: {m}" for m in missed] + [f"  wrong:  {w}" for w in wrong]
    print("\n".join(lines))
    assert recall >= RECALL_FLOOR and precision >= PRECISION_FLOOR, "\n".join(lines)


def test_gold_quotes_occur_in_their_reports():
    from conftest import REPORTS

    for row in read_gold():
        text = (REPORTS / f"{row['report']}.txt").read_text(encoding="utf-8")
        assert row["quote"] in text, row
