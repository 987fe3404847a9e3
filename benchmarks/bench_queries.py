"""Time every prebuilt query on the bundled reports' graph, against a floor measured in the same run.

    python benchmarks/bench_queries.py [--repeat 20]

The floor is the cheapest useful query on the same store (counting the observations); each query's
median time is reported in milliseconds and as a multiple of that floor.
"""

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from kgbuild.build import build
from kgbuild.query import bind, list_queries, run
from kgbuild.store import OxigraphStore

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PARAMS = {"jurisdiction": "鱼峰区", "year": "2021", "parent": "柳州市"}


def median_ms(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(1000 * (time.perf_counter() - started))
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = OxigraphStore(Path(tmp) / "store")
        build([ROOT / "data" / "reports"], store, validate=False)
        floor = median_ms(lambda: run(store, "SELECT (COUNT(*) AS ?n) WHERE { ?o a kgb:Observation }"), args.repeat)
        results = {}
        for query in list_queries():
            values = {p.name: SAMPLE_PARAMS[p.name] for p in query.params if p.name in SAMPLE_PARAMS}
            substitutions = bind(query, values, store)
            ms = median_ms(lambda q=query, s=substitutions: run(store, q.text, q.source, s), args.repeat)
            results[query.name] = {"median_ms": round(ms, 2), "over_floor": round(ms / floor, 1)}
    print(json.dumps({"floor_ms": round(floor, 3), "queries": results}, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
