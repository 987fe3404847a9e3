"""Stage 6: map a processed report to RDF quads (RDF Data Cube, ORG, SKOS, PROV, Web Annotation)."""

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from pyoxigraph import Literal, NamedNode, Quad

from .extract import Figure
from .metadata import ReportMeta
from .namespaces import (
    DCTERMS,
    ENTITIES_GRAPH,
    KGB,
    LEVELS,
    OA,
    ORG,
    PROV,
    QB,
    RDF,
    SKOS,
    XSD,
    body_iri,
    dataset_iri,
    jurisdiction_iri,
    metric_iri,
    observation_iri,
    report_graph,
    report_iri,
)
from .numbers import plain

MEASURES = {"level": KGB.Level, "change": KGB.Change}
_LEVEL_PREFIXES = ("街道", "区", "县", "市", "镇", "乡", "旗")


@dataclass
class ProcessedReport:
    id: str
    source: str  # file name
    encoding: str
    text: str  # normalized
    meta: ReportMeta
    figures: list[Figure] = field(default_factory=list)


@lru_cache(maxsize=1)
def body_aliases() -> dict[str, str]:
    path = resources.files("kgbuild") / "data" / "body-aliases.tsv"
    rows = csv.DictReader(path.read_text(encoding="utf-8").splitlines(), delimiter="\t")
    return {row["alias"]: row["canonical"] for row in rows}


def canonical_body(name: str, jurisdiction: str | None) -> str:
    """区司法局, 司法局 and 东湖区司法局 of one district are one body: drop the place, expand aliases."""
    if jurisdiction and name.startswith(jurisdiction):
        name = name[len(jurisdiction):]
    for prefix in _LEVEL_PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix) + 1:
            name = name[len(prefix):]
            break
    return body_aliases().get(name, name)


def _lit(value, datatype=None, lang=None) -> Literal:
    if lang:
        return Literal(value, language=lang)
    return Literal(value, datatype=datatype) if datatype else Literal(value)


def map_report(report: ProcessedReport) -> tuple[list[Quad], list[Quad]]:
    """Return (quads of the report's own graph, quads describing shared entities)."""
    g = report_graph(report.id)
    own: list[Quad] = []
    shared: list[Quad] = []

    def add(s, p, o):
        own.append(Quad(s, p, o, g))

    def share(s, p, o):
        shared.append(Quad(s, p, o, ENTITIES_GRAPH))

    meta = report.meta
    r = report_iri(report.id)
    ds = dataset_iri(report.id)
    add(r, RDF.type, KGB.Report)
    add(r, DCTERMS.identifier, _lit(report.id))
    add(r, KGB.sourceFile, _lit(report.source))
    add(r, KGB.normalizedText, _lit(report.text))
    if meta.title:
        add(r, DCTERMS.title, _lit(meta.title, lang="zh"))
    if meta.year:
        add(r, KGB.refYear, _lit(str(meta.year), XSD.gYear))
    for warning in meta.warnings:
        add(r, KGB.buildWarning, _lit(warning))
    add(ds, RDF.type, KGB.ReportDataSet)
    add(ds, RDF.type, QB.DataSet)
    add(ds, QB.structure, KGB.ObservationStructure)
    add(ds, PROV.wasDerivedFrom, r)

    j = None
    if meta.jurisdiction:
        j = jurisdiction_iri(meta.jurisdiction)
        add(r, KGB.jurisdiction, j)
        share(j, RDF.type, KGB.Jurisdiction)
        share(j, SKOS.prefLabel, _lit(meta.jurisdiction, lang="zh"))
        if meta.level in LEVELS:
            share(j, KGB.level, LEVELS[meta.level])

    number = 0
    for fig in report.figures:
        if j is None or fig.year is None:
            continue  # an observation needs a place and a year; the report's warnings say why
        number += 1
        o = NamedNode(observation_iri(report.id, number))
        ev, pos, quote = NamedNode(f"{o.value}/evidence"), NamedNode(f"{o.value}/position"), NamedNode(f"{o.value}/quote")
        add(o, RDF.type, KGB.Observation)
        add(o, RDF.type, QB.Observation)
        add(o, QB.dataSet, ds)
        add(o, KGB.jurisdiction, j)
        add(o, KGB.refYear, _lit(str(fig.year), XSD.gYear))
        add(o, KGB.metric, metric_iri(fig.metric))
        add(o, KGB.value, _lit(plain(fig.value), XSD.decimal))
        add(o, KGB.statedValue, _lit(fig.number))
        add(o, KGB.unit, _lit(fig.unit))
        add(o, KGB.approximate, _lit("true" if fig.approximate else "false", XSD.boolean))
        add(o, KGB.measureType, MEASURES[fig.measure])
        if fig.label:
            add(o, KGB.statedLabel, _lit(fig.label, lang="zh"))
        add(o, KGB.sourceReport, r)
        add(o, KGB.evidence, ev)
        add(ev, RDF.type, OA.SpecificResource)
        add(ev, OA.hasSource, r)
        add(ev, OA.hasSelector, pos)
        add(ev, OA.hasSelector, quote)
        add(pos, RDF.type, OA.TextPositionSelector)
        add(pos, OA.start, _lit(str(fig.quote_start), XSD.integer))
        add(pos, OA.end, _lit(str(fig.quote_end), XSD.integer))
        add(quote, RDF.type, OA.TextQuoteSelector)
        add(quote, OA.exact, _lit(report.text[fig.quote_start:fig.quote_end]))
        if fig.body:
            name = canonical_body(fig.body, meta.jurisdiction)
            b = body_iri(meta.jurisdiction, name)
            add(o, KGB.reportingBody, b)
            share(b, RDF.type, KGB.GovernmentBody)
            share(b, RDF.type, ORG.Organization)
            share(b, SKOS.prefLabel, _lit(name, lang="zh"))
            share(b, KGB.jurisdiction, j)
            if fig.body != name:
                share(b, SKOS.altLabel, _lit(fig.body, lang="zh"))
    return own, shared
