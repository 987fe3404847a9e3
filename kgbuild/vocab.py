"""The metric scheme (SKOS) generated from the metric TSV files, and the ontology graph's quads."""

import csv
from functools import lru_cache
from importlib import resources

from pyoxigraph import Quad, RdfFormat, parse

from .errors import LexiconError
from .namespaces import ONTOLOGY_GRAPH

# v1 is the public contract (never renamed); v2 only adds codes, each under a system of the national
# outline (`broader`, a concept of ontology/programs.ttl); extra holds `unclassified`.
METRIC_FILES = ("metrics-v1.tsv", "metrics-v2.tsv", "metrics-extra.tsv")
V1_FILE = "metrics-v1.tsv"
SCHEME = "https://w3id.org/kgbuild/metric/scheme"
_COLUMNS = ["code", "label_zh", "label_en", "unit", "definition"]


def read_metrics(names=METRIC_FILES) -> list[dict]:
    rows, seen = [], {}
    for name in names:
        path = resources.files("kgbuild") / "data" / name
        lines = path.read_text(encoding="utf-8").splitlines()
        reader = csv.DictReader(lines, delimiter="\t")
        if reader.fieldnames not in (_COLUMNS, _COLUMNS + ["broader"]):
            raise LexiconError(f"kgbuild/data/{name}: header must be {' '.join(_COLUMNS)} [broader]")
        for number, row in enumerate(reader, start=2):
            if not row["code"] or None in row.values():
                raise LexiconError(f"kgbuild/data/{name}:{number}: malformed metric row")
            if row["code"] in seen:
                raise LexiconError(f"kgbuild/data/{name}:{number}: metric {row['code']} already defined in {seen[row['code']]}")
            seen[row["code"]] = name
            rows.append(row)
    return rows


@lru_cache(maxsize=1)
def metric_codes() -> frozenset[str]:
    """Every metric code: v1, v2 and `unclassified`."""
    return frozenset(row["code"] for row in read_metrics())


@lru_cache(maxsize=1)
def v1_codes() -> frozenset[str]:
    """The metrics-v1 codes, the public contract."""
    return frozenset(row["code"] for row in read_metrics((V1_FILE,)))


def _literal(text: str, lang: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"@{lang}' if lang else f'"{escaped}"'


def metrics_turtle() -> str:
    """ontology/metrics.ttl, generated: `python -m kgbuild.vocab > ontology/metrics.ttl`."""
    out = [
        "# GENERATED from kgbuild/data/metrics-v1.tsv, metrics-v2.tsv and metrics-extra.tsv by `python -m kgbuild.vocab`.",
        "# Do not edit: edit the TSV files and regenerate. Codes (skos:notation) are a public contract.",
        "@prefix kgb: <https://w3id.org/kgbuild/ontology#> .",
        "@prefix kgbm: <https://w3id.org/kgbuild/metric/> .",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "@prefix kgbp: <https://w3id.org/kgbuild/program/> .",
        "",
        f"<{SCHEME}> a skos:ConceptScheme ;",
        '    skos:prefLabel "法治政府建设指标"@zh , "rule-of-law report metrics"@en ;',
        '    rdfs:comment "法治政府建设报告中的数字指标；编码（skos:notation）为公开约定。"@zh ,',
        '        "The figures reported in rule-of-law reports; the codes (skos:notation) are a public contract."@en .',
    ]
    for row in read_metrics():
        out += [
            "",
            f"kgbm:{row['code']} a kgb:Metric , skos:Concept ;",
            f"    skos:inScheme <{SCHEME}> ;",
            f"    skos:notation {_literal(row['code'])} ;",
            f"    skos:prefLabel {_literal(row['label_zh'], 'zh')} , {_literal(row['label_en'], 'en')} ;",
            f"    skos:definition {_literal(row['definition'], 'en')} ;",
        ]
        if row["unit"]:
            out.append(f"    kgb:defaultUnit {_literal(row['unit'])} ;")
        if row.get("broader"):
            out.append(f"    skos:broadMatch kgbp:{row['broader']} ;")
        version = "v1" if row["code"] in v1_codes() else "v2" if "broader" in row else None
        if version:
            out.append(f"    kgb:metricVersion {_literal(version)} ;")
        out[-1] = out[-1][:-2] + " ."
    return "\n".join(out) + "\n"


ONTOLOGY_FILES = ("kgbuild.ttl", "entities.ttl", "metrics.ttl", "programs.ttl", "themes.ttl")


@lru_cache(maxsize=1)
def ontology_quads() -> tuple:
    quads = []
    for name in ONTOLOGY_FILES:
        data = (resources.files("kgbuild.ontology") / name).read_bytes()
        for triple in parse(data, format=RdfFormat.TURTLE, path=None):
            quads.append(Quad(triple.subject, triple.predicate, triple.object, ONTOLOGY_GRAPH))
    return tuple(quads)


if __name__ == "__main__":
    print(metrics_turtle(), end="")
