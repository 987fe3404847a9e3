"""Run SPARQL over the store: prebuilt queries from queries/*.rq (with their header) or any text."""

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from pyoxigraph import Literal, NamedNode, QuerySolutions

from .errors import QueryError
from .namespaces import XSD

_HEADER = re.compile(r"^#\+\s*(\w+)\s*:\s*(.*)$")
_CONTINUATION = re.compile(r"^#\+\s{2,}(.*)$")


@dataclass
class Query:
    name: str
    text: str
    source: str
    header: dict = field(default_factory=dict)

    @property
    def columns(self) -> list[str]:
        return [c.strip() for c in self.header.get("columns", "").split(",") if c.strip()]


def parse_header(text: str, source: str) -> dict:
    header, key = {}, None
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
        key = m.group(1)
        header[key] = m.group(2).strip()
    return header


def load_query(name: str) -> Query:
    path = resources.files("kgbuild.queries") / f"{name}.rq"
    if not path.is_file():
        known = ", ".join(sorted(q.name for q in list_queries()))
        raise QueryError(f"no query named {name!r}; known: {known}")
    text = path.read_text(encoding="utf-8")
    source = f"queries/{name}.rq"
    return Query(name, text, source, parse_header(text, source))


def list_queries() -> list[Query]:
    out = []
    for path in sorted(resources.files("kgbuild.queries").iterdir(), key=lambda p: p.name):
        if path.name.endswith(".rq"):
            text = path.read_text(encoding="utf-8")
            source = f"queries/{path.name}"
            out.append(Query(path.name[:-3], text, source, parse_header(text, source)))
    return out


def query_text(query_or_file: str) -> tuple[str, str]:
    """A command-line argument is a file when such a file exists, otherwise SPARQL text."""
    path = Path(query_or_file)
    if len(query_or_file) < 512 and "\n" not in query_or_file and path.suffix in (".rq", ".sparql") or path.is_file():
        try:
            return path.read_text(encoding="utf-8"), str(path)
        except OSError as exc:
            raise QueryError(f"{path}: {exc.strerror or exc}") from None
    return query_or_file, "query"


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
    """Run a SELECT (or ASK/CONSTRUCT) and return (columns, rows of Python values)."""
    result = store.query(sparql, substitutions=substitutions, source=source)
    if isinstance(result, QuerySolutions):
        columns = [v.value for v in result.variables]
        return columns, [[python_value(s[c]) for c in columns] for s in result]
    if isinstance(result, bool) or hasattr(result, "__bool__") and not hasattr(result, "__iter__"):
        return ["ask"], [[bool(result)]]
    return ["subject", "predicate", "object"], [[str(t.subject), str(t.predicate), str(t.object)] for t in result]
