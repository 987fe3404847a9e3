"""Every IRI the project mints or uses, defined once."""

from pyoxigraph import NamedNode


class Namespace:
    """KGB.Report → NamedNode(".../ontology#Report"). Not a str subclass, so DCTERMS.title is a term, not str.title."""

    def __init__(self, base: str):
        self.base = base

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("__"):
            raise AttributeError(name)
        return NamedNode(self.base + name)

    def term(self, name: str) -> NamedNode:
        return NamedNode(self.base + name)

    def __str__(self) -> str:
        return self.base

    def __add__(self, other: str) -> str:
        return self.base + other


KGB = Namespace("https://w3id.org/kgbuild/ontology#")
KGBM = Namespace("https://w3id.org/kgbuild/metric/")
ID = Namespace("https://w3id.org/kgbuild/id/")
GRAPH = Namespace("https://w3id.org/kgbuild/graph/")

RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
QB = Namespace("http://purl.org/linked-data/cube#")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
OA = Namespace("http://www.w3.org/ns/oa#")
TIME = Namespace("http://www.w3.org/2006/time#")

PREFIXES = {
    "kgb": str(KGB), "kgbm": str(KGBM), "id": str(ID), "rdf": str(RDF), "rdfs": str(RDFS),
    "xsd": str(XSD), "skos": str(SKOS), "qb": str(QB), "org": str(ORG), "prov": str(PROV),
    "dcterms": str(DCTERMS), "oa": str(OA), "time": str(TIME),
}

ONTOLOGY_GRAPH = GRAPH.term("ontology")
ENTITIES_GRAPH = GRAPH.term("entities")


def _segment(text: str) -> str:
    """An IRI path segment: Chinese stays readable (IRIs allow it); ASCII outside [A-Za-z0-9-._~] is escaped."""
    return "".join(
        c if (c.isascii() and (c.isalnum() or c in "-._~")) or (ord(c) >= 0xA0 and c.isprintable())
        else "".join(f"%{b:02X}" for b in c.encode("utf-8"))
        for c in text
    )


def report_graph(report_id: str) -> NamedNode:
    return GRAPH.term("report/" + _segment(report_id))


def report_iri(report_id: str) -> NamedNode:
    return ID.term("report/" + _segment(report_id))


def dataset_iri(report_id: str) -> NamedNode:
    return ID.term("dataset/" + _segment(report_id))


def observation_iri(report_id: str, number: int) -> str:
    return f"{ID.base}obs/{_segment(report_id)}/{number:04d}"


def metric_iri(code: str) -> NamedNode:
    return KGBM.term(code)


LEVELS = {
    "province": KGB.Province,
    "prefecture": KGB.PrefectureCity,
    "county": KGB.County,
    "town": KGB.Town,
    "zone": KGB.DevelopmentZone,
}
