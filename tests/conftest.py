import csv
from pathlib import Path

import pytest

from kgbuild.build import build
from kgbuild.export import observations
from kgbuild.store import OxigraphStore

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
