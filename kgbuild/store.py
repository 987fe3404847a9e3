"""Stage 7: the graph store. All store access goes through this small interface so that a remote
SPARQL 1.1 server can stand in for the embedded pyoxigraph store.

Layout: one named graph per report (replaced whole, in one transaction, on re-ingest), one for
the ontology and metric scheme, one for entities shared by reports (jurisdictions, bodies).
"""

import os
import re
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph
from pyoxigraph import NamedNode, Quad

from .errors import QueryError, StoreError
from .namespaces import ENTITIES_GRAPH, GRAPH, KGB, ONTOLOGY_GRAPH, PREFIXES, RDF, report_iri

DEFAULT_STORE = Path(".kgbuild") / "store"
STORE_ENV = "KGBUILD_STORE"


def default_store_path() -> Path:
    return Path(os.environ.get(STORE_ENV) or DEFAULT_STORE)


def _insert_data(graph_quads: Iterable[Quad]) -> str:
    # N-Triples term syntax from pyoxigraph itself: every term is escaped by the library.
    lines = {}
    for q in graph_quads:
        lines.setdefault(q.graph_name, []).append(f"{q.subject} {q.predicate} {q.object} .")
    return " ".join(f"GRAPH {g} {{\n" + "\n".join(ts) + "\n}" for g, ts in lines.items())


# What a keyword may not hide in: comments, string literals and IRIs (<http://…/SERVICE>).
NOT_KEYWORDS = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>|#[^\n]*')
_SERVICE = re.compile(r"(?<![\w?$:])SERVICE(?![\w:])", re.IGNORECASE)


# What only an update can start with, after its prologue (PREFIX, BASE, comments).
UPDATE = re.compile(r"^\s*(?:(?:PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>|#[^\n]*(?:\n|$))\s*)*"
                    r"(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE)
_AT = re.compile(r"error at (\d+):(\d+): (.*)", re.S)


def syntax_message(sparql: str, error: str) -> str:
    """pyoxigraph's parse error, as a user reads it: line and column, the line itself with a caret, and
    what was expected in a few words (not the parser's character classes)."""
    m = _AT.search(error)
    if not m:
        return f"SPARQL syntax error: {error.splitlines()[0][:200]}"
    line, column, what = int(m.group(1)), int(m.group(2)), m.group(3)
    text = (sparql.split("\n") + [""])[line - 1]
    where = f"line {line}, column {column}:\n  {text}\n  {' ' * (column - 1)}^"
    if "Prefix not found" in what:
        known = ", ".join(sorted(PREFIXES))
        return f"unknown prefix at {where}\n  (predeclared: {known}; declare others with PREFIX)"
    words = [w for w in re.findall(r"(?<![\w'])([A-Z][A-Z_]+|'[^']{1,3}')", what.split("[")[0]) if w != "Prefix"][:6]
    expected = f" (expected {', '.join(words)})" if words else ""
    return f"SPARQL syntax error at {where}{expected}"


def refuse_outbound(sparql: str, source: str = "query") -> None:
    """A query that would fetch from the network (SERVICE) is an error, named with its source."""
    if _SERVICE.search(NOT_KEYWORDS.sub(" ", sparql)):
        raise QueryError(f"{source}: SERVICE (a federated query) is refused: queries read only this store and "
                         "never connect anywhere")


def refuse_writes_and_outbound(sparql: str, source: str = "query") -> None:
    """What no store's query may do, checked before anything runs: fetch (SERVICE) or write (Update)."""
    refuse_outbound(sparql, source)
    if UPDATE.match(sparql):
        raise QueryError(f"{source}: read-only: queries only read the store; SPARQL Update (INSERT, DELETE, LOAD, "
                         "CLEAR, DROP…) is refused and nothing was changed (`kgbuild build` writes the graph)")


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__


class OxigraphStore:
    """An embedded pyoxigraph store on disk (or in memory when path is None)."""

    def __init__(self, path=None, read_only=False):
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        try:
            if self.path is None:
                self._store = pyoxigraph.Store()
            elif read_only:
                if not self.path.exists():
                    raise StoreError(f"{self.path}: no store here; run `kgbuild build` first or pass --store")
                self._store = pyoxigraph.Store.read_only(str(self.path))
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._store = pyoxigraph.Store(str(self.path))
        except OSError as exc:
            message = str(exc)
            if "lock" in message.lower():
                raise StoreError(f"{self.path}: store busy (another kgbuild process is writing it)") from None
            raise StoreError(f"{self.path}: cannot open store: {message}") from None
        except RuntimeError as exc:  # RocksDB's own: a damaged or foreign directory
            raise StoreError(f"{self.path}: not a readable kgbuild store ({_first_line(exc)}); rebuild it or "
                             "restore a backup") from None

    def replace_graphs(self, graph: NamedNode, quads: Iterable[Quad], shared: Iterable[Quad] = ()) -> None:
        """Drop `graph` and write `quads` into it, adding `shared` quads to their graphs, atomically.

        A graph the store does not hold yet is added by `extend`, one transaction with no query text to
        parse. One it holds is replaced by a single update, DROP and INSERT DATA: pyoxigraph gives Python
        no other way to drop and add in one transaction (a build killed between two would lose the old
        version), and its text is bounded by the per-report limits (read.ReportLimits)."""
        quads = [*quads, *shared]
        try:
            if self._store.contains_named_graph(graph):
                self._store.update(f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{\n{_insert_data(quads)}\n}}")
            else:
                self._store.extend(quads)
        except (OSError, SyntaxError) as exc:
            raise StoreError(f"writing {graph.value} failed: {exc}") from None

    def drop_orphan_entities(self) -> None:
        """Forget shared entities that no report refers to any more (e.g. a body a re-ingested report
        no longer names). A place stays while a report refers to it or to a place under it."""
        store, links = self._store, (KGB.parentJurisdiction, KGB.candidate, KGB.jurisdiction)
        entities = {q.subject for q in store.quads_for_pattern(None, RDF.type, None, ENTITIES_GRAPH)}
        kept = {
            e for e in entities
            if any(q.graph_name != ENTITIES_GRAPH for q in store.quads_for_pattern(None, None, e, None))
        }
        frontier = list(kept)
        while frontier:
            node = frontier.pop()
            for link in links:
                for q in store.quads_for_pattern(node, link, None, ENTITIES_GRAPH):
                    if q.object not in kept:
                        kept.add(q.object)
                        frontier.append(q.object)
        orphans = entities - kept
        if orphans:
            store.update(" ;\n".join(f"DELETE WHERE {{ GRAPH {ENTITIES_GRAPH} {{ {o} ?p ?v }} }}" for o in orphans))

    def drop_graph(self, graph: NamedNode) -> None:
        self._store.update(f"DROP SILENT GRAPH {graph}")

    def report_graphs(self) -> list[str]:
        prefix = GRAPH + "report/"
        return sorted(g.value for g in self._store.named_graphs() if g.value.startswith(prefix))

    def source_path(self, report_id: str) -> str | None:
        """The path the stored report of this id was built from, if any."""
        found = next(iter(self._store.quads_for_pattern(report_iri(report_id), KGB.sourcePath, None, None)), None)
        return found.object.value if found else None

    def has_ontology(self) -> bool:
        return self._store.contains_named_graph(ONTOLOGY_GRAPH)

    def query(self, sparql: str, substitutions=None, source: str = "query"):
        """Run a SPARQL query over the union of all graphs. Returns pyoxigraph results.

        SERVICE is refused before evaluation: pyoxigraph would fetch it over HTTP, and a query file
        from anyone must not reach this machine's network."""
        refuse_writes_and_outbound(sparql, source)
        try:
            return self._store.query(
                sparql, prefixes=PREFIXES, use_default_graph_as_union=True, substitutions=substitutions or None
            )
        except SyntaxError as exc:
            raise QueryError(f"{source}: {syntax_message(sparql, str(exc))}") from None
        except OSError as exc:
            raise QueryError(f"{source}: {exc}") from None
        except RuntimeError as exc:
            if "Corruption" not in str(exc) and "IO error" not in str(exc):
                raise QueryError(f"{source}: {_first_line(exc)}") from None
            raise StoreError(f"{self.path or 'store'}: damaged store met while running {source} "
                             f"({_first_line(exc)}); rebuild it or restore a backup") from None

    def quads(self, subject=None, predicate=None, obj=None, graph=None):
        """The quads matching a pattern (None: any), in any graph unless one is given."""
        return self._store.quads_for_pattern(subject, predicate, obj, graph)

    def quad_count(self) -> int:
        return len(self._store)

    def add(self, quads: Iterable[Quad]) -> None:
        """Add quads as they are, replacing nothing (a copy of another store's graphs)."""
        self._store.extend(quads)

    def dump_nquads(self, graphs: Iterable[NamedNode] | None = None) -> bytes:
        """N-Quads of the whole store, or of the given graphs only."""
        if graphs is None:
            return self._store.dump(format=pyoxigraph.RdfFormat.N_QUADS)
        quads = (q for g in graphs for q in self._store.quads_for_pattern(None, None, None, g))
        return pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS)

    def dump(self, fmt: str = "nquads") -> bytes:
        """The whole store as N-Quads or TriG."""
        return self._store.dump(format=pyoxigraph.RdfFormat.TRIG if fmt == "trig" else pyoxigraph.RdfFormat.N_QUADS)

    def flush(self) -> None:
        if self.path is not None and not self.read_only:
            self._store.flush()

    def close(self) -> None:
        self.flush()
        del self._store
