"""The metric scheme (SKOS) generated from the metric TSV files, and the ontology graph's quads."""

import csv
from functools import lru_cache
from importlib import resources

from pyoxigraph import Quad, RdfFormat, parse

from .errors import LexiconError
from .namespaces import ONTOLOGY_GRAPH

METRIC_FILES = ("metrics-v1.tsv", "metrics-extra.tsv")
SCHEME = "https://w3id.org/kgbuild/metric/scheme"
_COLUMNS = ["code", "label_zh", "label_en", "unit", "definition"]


def read_metrics() -> list[dict]:
    rows = []
    for name in METRIC_FILES:
        path = resources.files("kgbuild") / "data" / name
        lines = path.read_text(encoding="utf-8").splitlines()
        reader = csv.DictReader(lines, delimiter="\t")
        if reader.fieldnames != _COLUMNS:
            raise LexiconError(f"kgbuild/data/{name}: header must be {' '.join(_COLUMNS)}")
        for number, row in enumerate(reader, start=2):
            if not row["code"] or None in row.values():
                raise LexiconError(f"kgbuild/data/{name}:{number}: malformed metric row")
            rows.append(row)
    return rows


def metric_codes() -> set[str]:
    return {row["code"] for row in read_metrics()}


def _literal(text: str, lang: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"@{lang}' if lang else f'"{escaped}"'


def metrics_turtle() -> str:
    """ontology/metrics.ttl, generated: `python -m kgbuild.vocab > ontology/metrics.ttl`."""
    out = [
        "# GENERATED from kgbuild/data/metrics-v1.tsv and metrics-extra.tsv by `python -m kgbuild.vocab`.",
        "# Do not edit: edit the TSV files and regenerate. Codes (skos:notation) are a public contract.",
        "@prefix kgb: <https://w3id.org/kgbuild/ontology#> .",
        "@prefix kgbm: <https://w3id.org/kgbuild/metric/> .",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
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
