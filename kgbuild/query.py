"""Run SPARQL over the store: prebuilt queries from queries/*.rq, or any text.

A prebuilt query's header declares what the CLI shows and checks:

    #+ summary: one line
    #+ description: longer text (continued on `#+   ` lines)
    #+ param: NAME TYPE DEFAULT|- description     (one line per parameter; `-`: optional, no default)
    #+ columns: a, b, c

Parameters are SPARQL variables named `?_NAME`, projected in the SELECT so that pyoxigraph can bind
them (its substitutions); values are typed terms, never text pasted into the query. Projected `?_…`
variables are not shown. An unbound optional parameter stays a free variable: no filter.
"""

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from pyoxigraph import Literal, NamedNode, QuerySolutions, Variable
from pypinyin import lazy_pinyin

from .errors import QueryError
from .namespaces import KGBM, XSD, report_graph, report_iri
from .vocab import metric_codes

_HEADER = re.compile(r"^#\+\s*(\w+)\s*:\s*(.*)$")
_CONTINUATION = re.compile(r"^#\+\s{2,}(.*)$")
TYPES = ("metric", "year", "jurisdiction", "report", "string", "integer")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None
    description: str


@dataclass
class Query:
    name: str
    text: str
    source: str
    header: dict = field(default_factory=dict)
    params: list[Param] = field(default_factory=list)

    @property
    def columns(self) -> list[str]:
        return [c.strip() for c in self.header.get("columns", "").split(",") if c.strip()]


def parse_header(text: str, source: str) -> tuple[dict, list[Param]]:
    header, params, key = {}, [], None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#+"):
            if line.strip() and not line.startswith("#"):
                break
            continue
        cont = _CONTINUATION.match(line)
        if cont and key:
            header[key] += " " + cont.group(1).strip()
            continue
        m = _HEADER.match(line)
        if not m:
            raise QueryError(f"{source}:{number}: malformed header line (expected `#+ key: value`)")
        key, value = m.group(1), m.group(2).strip()
        if key == "param":
            parts = value.split(None, 3)
            if len(parts) < 3 or parts[1] not in TYPES:
                expected = f"`#+ param: NAME TYPE DEFAULT|- description`, TYPE one of {', '.join(TYPES)}"
                raise QueryError(f"{source}:{number}: {expected}")
            params.append(Param(parts[0], parts[1], None if parts[2] == "-" else parts[2], parts[3] if len(parts) > 3 else ""))
            key = None
        else:
            header[key] = value
    return header, params


def _load(path, name: str) -> Query:
    text = path.read_text(encoding="utf-8")
    source = f"queries/{name}.rq"
    header, params = parse_header(text, source)
    return Query(name, text, source, header, params)


def load_query(name: str) -> Query:
    path = resources.files("kgbuild.queries") / f"{name}.rq"
    if not path.is_file():
        known = ", ".join(q.name for q in list_queries())
        raise QueryError(f"no query named {name!r}; known: {known}")
    return _load(path, name)


def list_queries() -> list[Query]:
    files = sorted(resources.files("kgbuild.queries").iterdir(), key=lambda p: p.name)
    return [_load(p, p.name[:-3]) for p in files if p.name.endswith(".rq")]


def query_text(query_or_file: str) -> tuple[str, str]:
    """A command-line argument is a file when such a file exists, otherwise SPARQL text."""
    path = Path(query_or_file)
    looks_like_file = len(query_or_file) < 512 and "\n" not in query_or_file and path.suffix in (".rq", ".sparql")
    try:
        is_file = path.is_file()
    except OSError:  # SPARQL text too long for a file name
        is_file = False
    if looks_like_file or is_file:
        try:
            return path.read_text(encoding="utf-8"), str(path)
        except OSError as exc:
            raise QueryError(f"{path}: {exc.strerror or exc}") from None
    return query_or_file, "query"


def find_jurisdiction(store, value: str) -> NamedNode:
    """A jurisdiction of the store by Chinese name (东湖区), pinyin (donghuqu, Donghu District) or code."""
    wanted = re.sub(r"[\s\-_']", "", value).lower()
    rows = store.query("SELECT DISTINCT ?j ?label ?has WHERE { ?j a kgb:Jurisdiction ; "
                       "(skos:prefLabel|skos:altLabel|kgb:divisionCode) ?label "
                       "BIND(EXISTS { ?r a kgb:Report ; kgb:jurisdiction ?j } AS ?has) }")
    matches: dict[str, bool] = {}
    for row in rows:
        label = row["label"].value
        stem = re.sub(r"(?:自治区|街道|省|市|区|县|镇|乡|旗)$", "", label)
        forms = {label, re.sub(r"[\s\-_']", "", label).lower(), "".join(lazy_pinyin(label)).lower(),
                 "".join(lazy_pinyin(stem)).lower()}
        if value in forms or wanted in forms:
            matches[row["j"].value] = row["has"].value == "true"
    with_reports = [j for j, has in matches.items() if has]
    chosen = with_reports if len(with_reports) == 1 else list(matches)
    if len(chosen) == 1:
        return NamedNode(chosen[0])
    if not chosen:
        raise QueryError(f"jurisdiction {value!r} is not in the store (give its name, pinyin or division code)")
    raise QueryError(f"jurisdiction {value!r} is ambiguous: {', '.join(sorted(chosen))}; give its division code")


def bind(query: Query, values: dict[str, str], store) -> dict:
    """Typed substitutions for a prebuilt query's parameters; unknown or invalid ones are errors."""
    known = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(known))
    if unknown:
        valid = ", ".join(known) or "none"
        raise QueryError(f"{query.source}: unknown parameter {', '.join(unknown)}; valid parameters: {valid}")
    out = {}
    for param in query.params:
        value = values.get(param.name, param.default)
        if value is None:
            continue
        out[Variable("_" + param.name)] = _term(param, value, store, query.source)
    return out


def _term(param: Param, value: str, store, source: str):
    where = f"{source}: parameter {param.name}"
    if param.type == "metric":
        if value not in metric_codes():
            raise QueryError(f"{where}: unknown metric {value!r}; known: {', '.join(sorted(metric_codes()))}")
        return KGBM.term(value)
    if param.type == "year":
        if not re.fullmatch(r"(?:19|20)\d{2}", value):
            raise QueryError(f"{where}: {value!r} is not a year (four digits, e.g. 2021)")
        return Literal(value, datatype=XSD.gYear)
    if param.type == "integer":
        if not re.fullmatch(r"-?\d+", value):
            raise QueryError(f"{where}: {value!r} is not an integer")
        return Literal(value, datatype=XSD.integer)
    if param.type == "jurisdiction":
        try:
            return find_jurisdiction(store, value)
        except QueryError as exc:
            raise QueryError(f"{where}: {exc}") from None
    if param.type == "report":
        if report_graph(value).value not in store.report_graphs():
            raise QueryError(f"{where}: no report {value!r} in the store (`kgbuild export reports` lists them)")
        return report_iri(value)
    return Literal(value)


def python_value(term):
    """A result term as a plain Python value: numbers stay numbers, IRIs and strings are str."""
    if term is None:
        return None
    if isinstance(term, NamedNode):
        return term.value
    if isinstance(term, Literal):
        dt = term.datatype
        if dt == XSD.integer:
            return int(term.value)
        if dt == XSD.boolean:
            return term.value == "true"
        if dt in (XSD.decimal, XSD.double, XSD.float):
            number = float(term.value)
            return int(number) if number.is_integer() and "." not in term.value and "e" not in term.value.lower() else number
        return term.value
    return str(term)


def run(store, sparql: str, source: str = "query", substitutions=None) -> tuple[list[str], list[list]]:
    """Run a SELECT (or ASK/CONSTRUCT) and return (columns, rows of Python values).
    Projected parameter variables (?_name) are left out of the result."""
    result = store.query(sparql, substitutions=substitutions, source=source)
    if isinstance(result, QuerySolutions):
        columns = [v.value for v in result.variables if not v.value.startswith("_")]
        return columns, [[python_value(s[c]) for c in columns] for s in result]
    if isinstance(result, bool) or hasattr(result, "__bool__") and not hasattr(result, "__iter__"):
        return ["ask"], [[bool(result)]]
    return ["subject", "predicate", "object"], [[str(t.subject), str(t.predicate), str(t.object)] for t in result]


STANDARD_RESULTS = {"json": "JSON", "xml": "XML"}  # --format values given as SPARQL 1.1 results documents
STANDARD_GRAPHS = {"turtle": "TURTLE", "ntriples": "N_TRIPLES", "jsonld": "JSON_LD", "nquads": "N_QUADS", "trig": "TRIG"}


def serialize(store, sparql: str, fmt: str, source: str = "query", substitutions=None) -> bytes:
    """A query's result as a standard document: SPARQL results JSON or XML for SELECT and ASK; Turtle,
    N-Triples or JSON-LD for CONSTRUCT and DESCRIBE."""
    import pyoxigraph

    result = store.query(sparql, substitutions=substitutions, source=source)
    if isinstance(result, pyoxigraph.QueryTriples):
        if fmt not in STANDARD_GRAPHS:
            raise QueryError(f"{source}: a CONSTRUCT or DESCRIBE gives a graph: --format {'|'.join(STANDARD_GRAPHS)}")
        return result.serialize(format=getattr(pyoxigraph.RdfFormat, STANDARD_GRAPHS[fmt]))
    if fmt not in STANDARD_RESULTS:
        raise QueryError(f"{source}: a SELECT or ASK gives results: --format {'|'.join(STANDARD_RESULTS)} (or table, csv…)")
    return result.serialize(format=getattr(pyoxigraph.QueryResultsFormat, STANDARD_RESULTS[fmt]))


def run_prebuilt(store, name: str, values: dict[str, str]) -> tuple[list[str], list[list]]:
    query = load_query(name)
    return run(store, query.text, query.source, bind(query, values, store))


def answer(where, sparql: str, source: str = "query", fmt: str = "table"):
    """Open the store at `where` read-only and answer `sparql`: a standard document (bytes) when `fmt`
    is one of STANDARD_RESULTS or STANDARD_GRAPHS, else (columns, rows). Picklable in and out, so that
    it can run in a child process that a time limit ends (guard.stoppable)."""
    from .remote import open_store

    store = open_store(where, read_only=True)
    if fmt in STANDARD_RESULTS or fmt in STANDARD_GRAPHS:
        return serialize(store, sparql, fmt, source)
    return run(store, sparql, source)


def answer_prebuilt(where, name: str, values: dict[str, str]) -> tuple[list[str], list[list]]:
    """run_prebuilt on the store at `where`, opened read-only (as `answer`, for a child process)."""
    from .remote import open_store

    return run_prebuilt(open_store(where, read_only=True), name, values)
