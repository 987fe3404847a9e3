"""Recall and precision of the build against an independent annotation of the bundled reports,
scored by the library function `kgbuild eval` uses, so the command and the tests agree."""

import json
import subprocess
import sys
from pathlib import Path

from conftest import GOLD, REPORTS, ROOT, read_gold
from kgbuild import evaluate
from kgbuild.export import observations, reports

RECALL_FLOOR = 0.98
PRECISION_FLOOR = 0.98


def _scores(store):
    built, found = evaluate.built_from_tables(observations(store), reports(store))
    return evaluate.score(evaluate.read_gold(GOLD), built, found=found)


def test_metric_extraction_meets_recall_and_precision_floors(built_store):
    s = _scores(built_store[0])
    print(s.details())
    assert s.v1_recall >= RECALL_FLOOR and s.v1_precision >= PRECISION_FLOOR, s.details()
    assert s.per_report and all(c.gold for c in s.per_report.values())


def test_gold_quotes_occur_in_their_reports():
    for row in read_gold():
        text = (REPORTS / f"{row['report']}.txt").read_text(encoding="utf-8")
        assert row["quote"] in text, row


def _eval(*args):
    kgbuild = str(Path(sys.executable).with_name("kgbuild"))
    return subprocess.run([kgbuild, "eval", "--gold", str(GOLD), *args], capture_output=True, text=True, cwd=ROOT)


def test_eval_command_prints_what_the_tests_compute(built_store):
    """`kgbuild eval` on the bundled reports (processed afresh) and on the built store gives the
    recall and precision computed above, and lists every miss with its sentence."""
    s = _scores(built_store[0])
    for args in ([str(REPORTS)], ["--store", str(built_store[0].path)]):
        done = _eval(*args, "--format", "json")
        assert done.returncode == 0, done.stderr
        result = json.loads(done.stdout)
        assert (result["summary"]["recall"], result["summary"]["precision"]) == (
            round(s.v1_recall, 4), round(s.v1_precision, 4))
        assert len([f for f in result["facts"] if f["kind"] == "missed"]) == len(s.v1_missed)
    table = _eval(str(REPORTS)).stdout
    assert table.startswith(f"recall {s.v1_recall:.3f}") and f"precision {s.v1_precision:.3f}" in table
    for g in s.v1_missed:
        assert g.quote in table  # beside its sentence


def test_eval_exits_1_below_a_floor_and_names_it():
    done = _eval(str(REPORTS), "--min-recall", "1.0", "--format", "csv")
    assert done.returncode == 1 and "below the floor: recall" in done.stderr
    assert done.stdout.splitlines()[0].startswith("scope,name,gold,found")
