import csv
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from kgbuild.build import build
from kgbuild.export import observations
from kgbuild.store import OxigraphStore
from kgbuild.vocab import v1_codes

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "data" / "reports"
GOLD = ROOT / "tests" / "gold" / "observations.tsv"


@pytest.fixture(scope="session")
def built_store(tmp_path_factory):
    """The bundled reports built once, with no manifest, into an on-disk store."""
    store = OxigraphStore(tmp_path_factory.mktemp("store") / "store")
    result = build([REPORTS], store)
    return store, result


@pytest.fixture(scope="session")
def observation_rows(built_store):
    columns, rows = observations(built_store[0])
    return [dict(zip(columns, row, strict=True)) for row in rows]


def read_gold():
    with GOLD.open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def key(report, code, year, value, measure="level"):
    return (report, code, int(year), Decimal(str(value)).normalize(), measure)


def score(gold_rows, observation_rows):
    """Compare an annotation with built observations on (report, code, year, value, measure).

    Returns (recall, precision, report): the report lists per-report counts, every miss and every
    wrong fact, so a failing test says exactly what to look at.
    """
    gold = {key(r["report"], r["code"], r["year"], r["value"], r["measure"]) for r in gold_rows}
    # The gold annotates metrics-v1 statements only: v2 figures and unclassified ones are not scored here.
    built = {
        key(r["report"], r["metric"], r["year"], r["value"], r["measure"])
        for r in observation_rows
        if r["metric"] in v1_codes()
    }
    missed, wrong = sorted(gold - built), sorted(built - gold)
    recall, precision = 1 - len(missed) / len(gold), 1 - len(wrong) / len(built)
    counts = defaultdict(lambda: [0, 0, 0, 0])  # gold, found, built, right
    for k in gold:
        counts[k[0]][0] += 1
        counts[k[0]][1] += k in built
    for k in built:
        counts[k[0]][2] += 1
        counts[k[0]][3] += k in gold
    lines = [f"recall {recall:.3f} precision {precision:.3f} ({len(gold)} gold, {len(built)} built)"]
    lines += [f"  {r}: recall {f}/{g}  precision {ok}/{b}" for r, (g, f, b, ok) in sorted(counts.items())]
    lines += [f"  missed: {m}" for m in missed] + [f"  wrong:  {w}" for w in wrong]
    return recall, precision, "\n".join(lines)
