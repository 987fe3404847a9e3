"""Build throughput, reported as ratios against floors measured in the same run.

    python benchmarks/bench_build.py [--copies 40]

The corpus is the bundled reports copied N times under distinct ids. Floors:
- read floor: reading and decoding every file (the least any build must do);
- load floor: inserting the very quads the build produces into a fresh pyoxigraph store in one
  transaction (the least the store must do).
The build figures are end-to-end `build()` into a fresh on-disk store, without and with SHACL.
"""

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

import pyoxigraph

from kgbuild.build import build, process_report
from kgbuild.mapping import map_report
from kgbuild.read import find_reports, read_report
from kgbuild.store import OxigraphStore

ROOT = Path(__file__).resolve().parent.parent


def corpus(folder: Path, copies: int) -> list[Path]:
    for i in range(copies):
        for report in sorted((ROOT / "data" / "reports").glob("*.txt")):
            shutil.copy(report, folder / f"{report.stem}-c{i:03d}.txt")
    return find_reports([folder])


def timed(function):
    started = time.perf_counter()
    value = function()
    return time.perf_counter() - started, value


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "in").mkdir()
        files = corpus(tmp / "in", args.copies)
        read_s, _ = timed(lambda: [read_report(f) for f in files])
        quads = [q for f in files for part in map_report(process_report(f)) for q in part]
        load_store = pyoxigraph.Store(str(tmp / "floor"))
        load_s, _ = timed(lambda: load_store.extend(quads))
        build_s, result = timed(lambda: build([tmp / "in"], OxigraphStore(tmp / "s1"), validate=False))
        validated_s, _ = timed(lambda: build([tmp / "in"], OxigraphStore(tmp / "s2"), validate=True))
        rebuild_s, _ = timed(lambda: build([tmp / "in"], OxigraphStore(tmp / "s1"), validate=False))
    n = len(files)
    print(json.dumps({
        "reports": n,
        "observations": result.observations,
        "quads": len(quads),
        "read_floor_s": round(read_s, 3),
        "load_floor_s": round(load_s, 3),
        "build_s": round(build_s, 3),
        "build_ms_per_report": round(1000 * build_s / n, 2),
        "build_over_read_floor": round(build_s / read_s, 1),
        "build_over_load_floor": round(build_s / load_s, 1),
        "rebuild_over_build": round(rebuild_s / build_s, 2),
        "build_with_shacl_over_build": round(validated_s / build_s, 1),
    }, indent=2))


if __name__ == "__main__":
    main()
