"""Stage 6: map a processed report to RDF quads (RDF Data Cube, ORG, SKOS, PROV, Web Annotation).

A report's own statements go to its named graph; descriptions of things reports share
(jurisdictions with their parent chain, bodies, documents) go to the entities graph.
"""

import hashlib
import re
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Quad
from pypinyin import lazy_pinyin

from . import gazetteer
from .bodies import BodyMention, canonical_body, other_place
from .documents import Citation, document_id
from .events import Event, Honour
from .extract import Figure
from .gazetteer import Division, Resolution
from .items import Item
from .metadata import ReportMeta
from .namespaces import (
    DCTERMS,
    ENTITIES_GRAPH,
    ID,
    KGB,
    LEVELS,
    OA,
    ORG,
    PROV,
    QB,
    RDF,
    RDFS,
    SKOS,
    XSD,
    dataset_iri,
    metric_iri,
    observation_iri,
    report_graph,
    report_iri,
)
from .numbers import plain
from .places import common_ancestor
from .programs import PROGRAM_NS, THEME_NS, ProgramMention

MEASURES = {"level": KGB.Level, "change": KGB.Change}
_ENGLISH_LEVEL = (("壮族自治区", " Zhuang Autonomous Region"), ("回族自治区", " Hui Autonomous Region"),
                  ("维吾尔自治区", " Uygur Autonomous Region"), ("自治区", " Autonomous Region"), ("省", " Province"),
                  ("自治州", " Autonomous Prefecture"), ("地区", " Prefecture"), ("街道", " Subdistrict"),
                  ("市", " City"), ("区", " District"), ("县", " County"), ("旗", " Banner"), ("镇", " Town"),
                  ("乡", " Township"))


@dataclass
class ProcessedReport:
    id: str
    source: str  # file name
    encoding: str
    text: str  # normalized
    meta: ReportMeta
    figures: list[Figure] = field(default_factory=list)
    resolution: Resolution | None = None
    citations: list[Citation] = field(default_factory=list)
    bodies: list[BodyMention] = field(default_factory=list)
    programs: list[ProgramMention] = field(default_factory=list)
    items: list[tuple[Item, list[str]]] = field(default_factory=list)  # with their themes
    systems: list[str | None] = field(default_factory=list)  # per figure
    honours: list[Honour] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    path: str = ""  # the file's absolute path


def needs_attention(report: "ProcessedReport") -> bool:
    """A report whose place or year is not settled: its figures are loaded but cannot be compared yet."""
    unresolved = report.resolution is not None and report.resolution.division is None
    return not report.meta.jurisdiction or not report.meta.year or unresolved


def slug(name: str) -> str:
    """An IRI-safe, collision-free path segment for a name: its pinyin (letters and digits only) and a
    short hash of the name itself, since homophones (淇阳县, 琪阳县) are different places."""
    readable = re.sub(r"[^a-z0-9]+", "", "".join(lazy_pinyin(name)).lower())[:60]
    return f"{readable or 'x'}-{hashlib.sha1(name.encode('utf-8')).hexdigest()[:6]}"


def english(name: str) -> str:
    for suffix, word in _ENGLISH_LEVEL:
        if name.endswith(suffix) and len(name) > len(suffix):
            return "".join(lazy_pinyin(name[: -len(suffix)])).capitalize() + word
    return " ".join(w.capitalize() for w in lazy_pinyin(name))


def jurisdiction_key(meta: ReportMeta, resolution: Resolution | None) -> str:
    """The jurisdiction's IRI path: its division code when resolved, else its name in pinyin
    (unresolved names also carry their candidates' codes, so different ambiguities stay apart)."""
    if resolution and resolution.division:
        return resolution.division.short_code
    if resolution and resolution.candidates:
        return "unresolved/" + slug(meta.jurisdiction) + "-" + "-".join(c.short_code for c in resolution.candidates)
    return "name/" + slug(meta.jurisdiction)


def _lit(value, datatype=None, lang=None) -> Literal:
    if lang:
        return Literal(value, language=lang)
    return Literal(value, datatype=datatype) if datatype else Literal(value)


class _Writer:
    def __init__(self, report_id: str):
        self.graph = report_graph(report_id)
        self.own: list[Quad] = []
        self.shared: list[Quad] = []

    def add(self, s, p, o):
        self.own.append(Quad(s, p, o, self.graph))

    def share(self, s, p, o):
        self.shared.append(Quad(s, p, o, ENTITIES_GRAPH))

    def evidence(self, subject: NamedNode, report: NamedNode, text: str, start: int, end: int):
        ev, pos, quote = (NamedNode(f"{subject.value}/{part}") for part in ("evidence", "position", "quote"))
        self.add(subject, KGB.evidence, ev)
        self.add(ev, RDF.type, OA.SpecificResource)
        self.add(ev, OA.hasSource, report)
        self.add(ev, OA.hasSelector, pos)
        self.add(ev, OA.hasSelector, quote)
        self.add(pos, RDF.type, OA.TextPositionSelector)
        self.add(pos, OA.start, _lit(str(start), XSD.integer))
        self.add(pos, OA.end, _lit(str(end), XSD.integer))
        self.add(quote, RDF.type, OA.TextQuoteSelector)
        self.add(quote, OA.exact, _lit(text[start:end]))


def _describe_place(w: _Writer, iri: NamedNode, name: str, level: str | None):
    w.share(iri, RDF.type, KGB.Jurisdiction)
    w.share(iri, SKOS.prefLabel, _lit(name, lang="zh"))
    w.share(iri, SKOS.prefLabel, _lit(english(name), lang="en"))
    w.share(iri, SKOS.altLabel, _lit(" ".join(lazy_pinyin(name)), lang="zh-Latn-pinyin"))
    if level in LEVELS:
        w.share(iri, KGB.level, LEVELS[level])


def _division_iri(d: Division) -> NamedNode:
    return ID.term(f"jurisdiction/{d.short_code}")


def _describe_chain(w: _Writer, division: Division) -> NamedNode:
    """A gazetteer division and its ancestors up to the province, each with code and parent."""
    places = gazetteer.chain(division)
    for d, parent in zip(places, places[1:] + [None], strict=True):
        node = _division_iri(d)
        _describe_place(w, node, d.name, d.level)
        w.share(node, KGB.divisionCode, _lit(d.short_code))
        w.share(node, KGB.resolved, _lit("true", XSD.boolean))
        if parent:
            w.share(node, KGB.parentJurisdiction, _division_iri(parent))
    return _division_iri(division)


def _jurisdiction(w: _Writer, meta: ReportMeta, resolution: Resolution | None) -> NamedNode:
    if resolution and resolution.division:
        return _describe_chain(w, resolution.division)
    iri = ID.term("jurisdiction/" + jurisdiction_key(meta, resolution))
    _describe_place(w, iri, meta.jurisdiction, meta.level)
    w.share(iri, KGB.resolved, _lit("false", XSD.boolean))
    for candidate in resolution.candidates if resolution else []:
        w.share(iri, KGB.candidate, _describe_chain(w, candidate))
    # What the candidates share is known: two towns of one name in one province settle the province.
    shared = common_ancestor(resolution.candidates) if resolution and resolution.candidates else None
    shared = resolution.parent if resolution and resolution.parent else shared
    if shared:
        w.share(iri, KGB.parentJurisdiction, _describe_chain(w, shared))
    return iri


BODY_TYPES = {"PartyOrgan", "GovernmentDepartment", "CourtOrProcuratorate", "PublicInstitution",
              "MediationOrganization", "GrassrootsGovernment", "OtherBody"}


def _body(w: _Writer, j: NamedNode | None, key: str, surface: str, name: str, body_type: str) -> NamedNode:
    b = ID.term(f"body/{key}/{slug(name)}")
    w.share(b, RDF.type, KGB.GovernmentBody)
    w.share(b, RDF.type, ORG.Organization)
    w.share(b, SKOS.prefLabel, _lit(name, lang="zh"))
    if j is not None:
        w.share(b, KGB.jurisdiction, j)
    w.share(b, KGB.bodyType, KGB.term(body_type if body_type in BODY_TYPES else "OtherBody"))
    if surface != name:
        w.share(b, SKOS.altLabel, _lit(surface, lang="zh"))
    return b


def map_report(report: ProcessedReport) -> tuple[list[Quad], list[Quad]]:
    """Return (quads of the report's own graph, quads describing shared entities)."""
    w = _Writer(report.id)
    meta, text = report.meta, report.text
    r, ds = report_iri(report.id), dataset_iri(report.id)
    w.add(r, RDF.type, KGB.Report)
    w.add(r, DCTERMS.identifier, _lit(report.id))
    w.add(r, KGB.sourceFile, _lit(report.source))
    if report.path:
        w.add(r, KGB.sourcePath, _lit(report.path))
    w.add(r, KGB.normalizedText, _lit(text))
    if meta.title:
        w.add(r, DCTERMS.title, _lit(meta.title, lang="zh"))
    if meta.year:
        w.add(r, KGB.refYear, _lit(str(meta.year), XSD.gYear))
    for warning in meta.warnings:
        w.add(r, KGB.buildWarning, _lit(warning))
    w.add(ds, RDF.type, KGB.ReportDataSet)
    w.add(ds, RDF.type, QB.DataSet)
    w.add(ds, QB.structure, KGB.ObservationStructure)
    w.add(ds, PROV.wasDerivedFrom, r)

    # A report whose place is unknown still brings all it states: its figures and mentions hang on the
    # report, without a jurisdiction, and its bodies are its own until a manifest settles the place.
    if meta.jurisdiction:
        j = _jurisdiction(w, meta, report.resolution)
        key = jurisdiction_key(meta, report.resolution)
        w.add(r, KGB.jurisdiction, j)
    else:
        j, key = None, f"report/{report.id}"
    if needs_attention(report):
        w.add(r, KGB.needsAttention, _lit("true", XSD.boolean))

    number = 0
    for mention in report.bodies:
        b = _body(w, j, key, mention.surface, mention.name, mention.type)
        w.add(r, KGB.mentionsBody, b)
        number += 1
        _mention(w, r, number, b, text, mention.start, mention.end)
    for mention in report.programs:
        p = NamedNode(PROGRAM_NS + mention.concept)
        w.add(r, KGB.mentionsProgram, p)
        number += 1
        _mention(w, r, number, p, text, mention.start, mention.end)
    for citation in report.citations:
        d = ID.term(f"document/{document_id(citation.key)}")
        w.share(d, RDF.type, KGB.Law if citation.is_law else KGB.PolicyDocument)
        w.share(d, RDF.type, KGB.PolicyDocument)
        w.share(d, KGB.normalizedTitle, _lit(citation.key))
        w.share(d, RDFS.label, _lit(citation.title, lang="zh"))
        if citation.issuer:
            w.share(d, KGB.documentNumber, _lit(citation.number))
            w.share(d, KGB.issuerCode, _lit(citation.issuer))
            w.share(d, KGB.documentYear, _lit(str(citation.year), XSD.gYear))
            w.share(d, KGB.documentSerial, _lit(str(citation.serial), XSD.integer))
        w.add(r, KGB.cites, d)
        number += 1
        _mention(w, r, number, d, text, citation.start, citation.end)
    for honour in report.honours:
        h = ID.term(f"honour/{document_id(honour.title)}")
        w.share(h, RDF.type, KGB.Honour)
        w.share(h, RDFS.label, _lit(honour.title, lang="zh"))
        w.add(r, KGB.honour, h)
        number += 1
        _mention(w, r, number, h, text, honour.start, honour.end)
    for n, event in enumerate(report.events, start=1):
        e = NamedNode(f"{r.value}/event/{n:03d}")
        w.add(e, RDF.type, KGB.DatedEvent)
        w.add(e, DCTERMS.date, _lit(event.day.isoformat(), XSD.date))
        w.add(e, KGB.eventText, _lit(text[event.start:event.end]))
        w.add(r, KGB.tellsEvent, e)
        w.evidence(e, r, text, event.start, event.end)
    for n, (item, item_themes) in enumerate(report.items, start=1):
        i = NamedNode(f"{r.value}/item/{n:03d}")
        w.add(i, RDF.type, KGB.ProblemItem if item.kind == "problem" else KGB.PlanItem)
        w.add(i, RDF.type, KGB.ReportItem)
        w.add(i, KGB.itemText, _lit(item.text))
        w.add(i, KGB.sourceReport, r)
        w.add(r, KGB.hasItem, i)
        for theme in item_themes:
            w.add(i, KGB.theme, NamedNode(THEME_NS + theme))
        w.evidence(i, r, text, item.start, item.end)

    number, iris = 0, {}
    for index, fig in enumerate(report.figures):
        number += 1
        o = NamedNode(observation_iri(report.id, number))
        iris[id(fig)] = o
        if fig.part_of is not None and id(fig.part_of) in iris:
            w.add(o, KGB.partOf, iris[id(fig.part_of)])
        w.add(o, RDF.type, KGB.Observation)
        w.add(o, RDF.type, QB.Observation)
        w.add(o, QB.dataSet, ds)
        if j is not None:
            w.add(o, KGB.jurisdiction, j)
        if fig.year is not None:
            w.add(o, KGB.refYear, _lit(str(fig.year), XSD.gYear))
        w.add(o, KGB.metric, metric_iri(fig.metric))
        w.add(o, KGB.value, _lit(plain(fig.value), XSD.decimal))
        w.add(o, KGB.statedValue, _lit(fig.number))
        w.add(o, KGB.unit, _lit(fig.unit))
        w.add(o, KGB.approximate, _lit("true" if fig.approximate else "false", XSD.boolean))
        w.add(o, KGB.measureType, MEASURES[fig.measure])
        if fig.label:
            w.add(o, KGB.statedLabel, _lit(fig.label, lang="zh"))
        if fig.scope:
            w.add(o, KGB.scope, _lit(fig.scope, lang="zh"))
        w.add(o, KGB.sourceReport, r)
        system = report.systems[index] if index < len(report.systems) else None
        if system:
            w.add(o, KGB.system, NamedNode(PROGRAM_NS + system))
        w.evidence(o, r, text, fig.quote_start, fig.quote_end)
        if fig.body and not other_place(fig.body, meta.jurisdiction):
            name, body_type = canonical_body(fig.body, meta.jurisdiction)
            w.add(o, KGB.reportingBody, _body(w, j, key, fig.body, name, body_type))
    return w.own, w.shared


def _mention(w: _Writer, r: NamedNode, number: int, entity: NamedNode, text: str, start: int, end: int):
    m = NamedNode(f"{r.value}/mention/{number:04d}")
    w.add(m, RDF.type, KGB.Mention)
    w.add(m, KGB.mentionOf, entity)
    w.add(m, KGB.sourceReport, r)
    w.evidence(m, r, text, start, end)
