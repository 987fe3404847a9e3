"""Check the graph against the SHACL shapes in ontology/shapes.ttl with pySHACL."""

from dataclasses import dataclass
from importlib import resources

import pyshacl
import rdflib
from rdflib.namespace import SH

from .namespaces import KGB, OA


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str
    report: str  # the report id the focus node belongs to, when it can be told


def shapes_graph() -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(data=(resources.files("kgbuild.ontology") / "shapes.ttl").read_bytes(), format="turtle")
    return g


def validate_nquads(nquads: bytes) -> list[Violation]:
    """Validate the union of all graphs in an N-Quads dump. Returns the violations, sorted."""
    dataset = rdflib.Dataset()
    dataset.parse(data=nquads, format="nquads")
    union = rdflib.Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    conforms, results, _ = pyshacl.validate(union, shacl_graph=shapes_graph(), inference="none")
    if conforms:
        return []
    source_report = rdflib.URIRef(KGB.sourceReport.value)
    has_source = rdflib.URIRef(OA.hasSource.value)
    identifier = rdflib.URIRef("http://purl.org/dc/terms/identifier")
    out = set()
    for result in results.subjects(rdflib.RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        messages = [str(m) for m in results.objects(result, SH.resultMessage)]
        message = next((m for m in messages if m.isascii()), messages[0] if messages else "constraint violated")
        evidence = union.value(None, rdflib.URIRef(OA.hasSelector.value), focus) or focus
        report = union.value(focus, source_report) or union.value(evidence, has_source) or focus
        report_id = union.value(report, identifier)
        out.add(Violation(str(focus), str(path) if path else "", message, str(report_id) if report_id else ""))
    return sorted(out, key=lambda v: (v.report, v.focus, v.path, v.message))
