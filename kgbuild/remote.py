"""Stage 7, remote: a SPARQL 1.1 server as the store (tested against Virtuoso 7.2).

The same contract as the embedded OxigraphStore (kgbuild/store.py), over the two standard protocols:
queries go to the SPARQL endpoint (SPARQL 1.1 Protocol, results as SPARQL JSON, graphs as N-Triples),
writes to the Graph Store Protocol endpoint (a report's graph replaced whole by one PUT, so re-ingest
stays idempotent). Results come back as pyoxigraph's own result objects, so every reader of the store
(queries, exports, pictures, the server) works unchanged.

What only pyoxigraph has stays in its backend: parameters are bound here with a VALUES block at the
head of every group the query opens with WHERE (terms serialized by pyoxigraph, never text pasted);
the project's prefixes are declared in the query text. The server's default graph is its own: Virtuoso
answers over all its graphs, its system graphs included; the prebuilt queries select by kgbuild's types
and answer the same on both backends, and everything this module counts or dumps is limited to
kgbuild's graphs.
"""

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass

import httpx
import pyoxigraph
from pyoxigraph import NamedNode, Quad

from .errors import QueryError, StoreError
from .namespaces import ENTITIES_GRAPH, GRAPH, KGB, ONTOLOGY_GRAPH, PREFIXES, report_iri
from .store import NOT_KEYWORDS, refuse_writes_and_outbound, syntax_message

PASSWORD_ENV = "KGBUILD_STORE_PASSWORD"
_OURS = f'STRSTARTS(STR(?g), "{GRAPH}")'
_PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
# Where a group opens: WHERE { (outside strings, IRIs and comments, which are blanked before searching).
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


@dataclass(frozen=True)
class RemoteSpec:
    """Where a remote store is: picklable, so that server workers can open it themselves."""
    endpoint: str
    graph_store: str | None = None
    user: str | None = None
    timeout: float = 120.0

    def __str__(self) -> str:
        return self.endpoint


_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


def _results(body: bytes):
    """SPARQL JSON results as pyoxigraph's. (JSON, not XML: pyoxigraph's XML reader trims a literal's
    trailing newline.) Virtuoso writes the 2008 draft's "typed-literal" and names blank nodes
    nodeID://b10000, which is no blank node label: each becomes one of its letters and digits; its
    booleans read 0 and 1, written here true and false as everywhere else."""
    try:
        doc = json.loads(body)
    except ValueError as exc:
        raise SyntaxError(f"not JSON: {exc}") from None
    for row in doc.get("results", {}).get("bindings", []):
        for term in row.values():
            if term.get("type") == "typed-literal":
                term["type"] = "literal"
            if term.get("datatype") == _BOOLEAN and term.get("value") in ("0", "1"):
                term["value"] = "true" if term["value"] == "1" else "false"  # Virtuoso's canonical form
            elif term.get("type") == "bnode":
                term["value"] = re.sub(r"[^A-Za-z0-9]", "", term["value"]) or "b"
    return pyoxigraph.parse_query_results(json.dumps(doc), pyoxigraph.QueryResultsFormat.JSON)


def bind_values(sparql: str, substitutions) -> str:
    """The query with each parameter bound by a VALUES block at the head of every WHERE group (the
    top one and each subquery's), as pyoxigraph's substitutions bind it everywhere."""
    if not substitutions:
        return sparql
    names = " ".join(str(v) for v in substitutions)
    terms = " ".join(str(t) for t in substitutions.values())
    block = f" VALUES ({names}) {{ ({terms}) }} "
    blanked = NOT_KEYWORDS.sub(lambda m: " " * len(m.group()), sparql)
    ends = [m.end() for m in _WHERE.finditer(blanked)]
    if not ends:
        raise QueryError("a query with parameters needs a WHERE clause to bind them in")
    out, last = [], 0
    for end in ends:
        out += [sparql[last:end], block]
        last = end
    return "".join(out) + sparql[last:]


class SparqlStore:
    """A SPARQL 1.1 server: queries at `endpoint`, writes at `graph_store` (Graph Store Protocol,
    HTTP digest authentication as `user`, the password from $KGBUILD_STORE_PASSWORD)."""

    def __init__(self, spec: RemoteSpec, read_only: bool = False):
        self.spec, self.read_only, self.path = spec, read_only, spec.endpoint
        password = os.environ.get(PASSWORD_ENV)
        if spec.user and password is None:
            raise StoreError(f"--user {spec.user}: set the password in ${PASSWORD_ENV}")
        auth = httpx.DigestAuth(spec.user, password) if spec.user else None
        # trust_env=False: no proxy from the environment; the store's own address is the only one reached.
        self._http = httpx.Client(timeout=spec.timeout, auth=auth, trust_env=False, follow_redirects=False)
        self._call("POST", spec.endpoint, data={"query": "ASK {}"}, what="reaching the SPARQL endpoint")

    # ---- HTTP ----

    def _call(self, method: str, url: str, what: str, allow=(), **kwargs) -> httpx.Response:
        try:
            response = self._http.request(method, url, **kwargs)
        except httpx.TimeoutException:
            raise StoreError(f"{url}: no answer in {self.spec.timeout:g} s while {what}") from None
        except httpx.HTTPError as exc:
            raise StoreError(f"{url}: {what} failed: {exc}") from None
        if response.status_code == 401:
            raise StoreError(f"{url}: {what}: the server refused the credentials (--user, ${PASSWORD_ENV})")
        if response.status_code >= 400 and response.status_code not in allow:
            body = response.text.strip().splitlines()
            raise StoreError(f"{url}: {what}: HTTP {response.status_code} {body[0][:300] if body else ''}")
        return response

    def _select(self, sparql: str, what: str) -> pyoxigraph.QuerySolutions:
        response = self._call("POST", self.spec.endpoint, what=what, data={"query": _PROLOGUE + sparql},
                              headers={"Accept": "application/sparql-results+json"})
        return _results(response.content)

    def _writable(self) -> str:
        if self.read_only:
            raise StoreError(f"{self.spec.endpoint}: opened read-only")
        if not self.spec.graph_store:
            raise StoreError(f"{self.spec.endpoint}: writing needs --graph-store URL (the server's Graph Store "
                             "Protocol endpoint, e.g. Virtuoso's http://127.0.0.1:8890/sparql-graph-crud-auth)")
        return self.spec.graph_store

    def _put(self, graph: NamedNode, quads: Iterable[Quad], method: str = "PUT") -> None:
        body = pyoxigraph.serialize((pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in quads),
                                    format=pyoxigraph.RdfFormat.N_TRIPLES)
        self._call(method, self._writable(), what=f"writing {graph.value}", params={"graph-uri": graph.value},
                   content=body or b"", headers={"Content-Type": "text/turtle; charset=utf-8"})

    # ---- the store contract (see OxigraphStore) ----

    def replace_graphs(self, graph: NamedNode, quads: Iterable[Quad], shared: Iterable[Quad] = ()) -> None:
        """The shared quads are added first, then `graph` is replaced whole by one PUT: if anything
        fails, the old version of the graph is still there (the extra shared quads are only entities
        that `drop_orphan_entities` forgets if nothing refers to them)."""
        by_graph = {}
        for q in shared:
            by_graph.setdefault(q.graph_name, []).append(q)
        for g, qs in by_graph.items():
            self._put(g, qs, method="POST")
        self._put(graph, list(quads))

    def drop_graph(self, graph: NamedNode) -> None:
        # 404: there was no such graph, which is what dropping it asks for.
        self._call("DELETE", self._writable(), what=f"dropping {graph.value}", allow=(404,),
                   params={"graph-uri": graph.value})

    def drop_orphan_entities(self) -> None:
        """As OxigraphStore's, in three queries and one write: the entities graph is computed here and
        put back whole when anything is to be forgotten."""
        e = ENTITIES_GRAPH
        entities = {s["e"] for s in self._select(f"SELECT DISTINCT ?e WHERE {{ GRAPH {e} {{ ?e a ?t }} }}", "listing entities")}
        kept = {s["e"] for s in self._select(
            f"SELECT DISTINCT ?e WHERE {{ GRAPH {e} {{ ?e a ?t }} GRAPH ?g {{ ?x ?p ?e }} FILTER(?g != {e}) }}",
            "finding referred entities")}
        links = {}
        for s in self._select(f"SELECT ?a ?b WHERE {{ GRAPH {e} {{ ?a ?l ?b }} VALUES ?l {{ {KGB.parentJurisdiction} "
                              f"{KGB.candidate} {KGB.jurisdiction} }} }}", "reading entity links"):
            links.setdefault(s["a"], []).append(s["b"])
        frontier = list(kept)
        while frontier:
            for target in links.get(frontier.pop(), ()):
                if target not in kept:
                    kept.add(target)
                    frontier.append(target)
        orphans = entities - kept
        if orphans:
            quads = [q for q in self.quads(graph=e) if q.subject not in orphans]
            self._put(e, quads)

    def report_graphs(self) -> list[str]:
        prefix = GRAPH + "report/"
        rows = self._select(f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{prefix}")) }}',
                            "listing report graphs")
        return sorted(s["g"].value for s in rows)

    def source_path(self, report_id: str) -> str | None:
        rows = list(self._select(f"SELECT ?p WHERE {{ {report_iri(report_id)} {KGB.sourcePath} ?p }} LIMIT 1",
                                 "reading a report's source"))
        return rows[0]["p"].value if rows else None

    def has_ontology(self) -> bool:
        return bool(list(self._select(f"SELECT ?s WHERE {{ GRAPH {ONTOLOGY_GRAPH} {{ ?s ?p ?o }} }} LIMIT 1",
                                      "looking for the ontology")))

    def query(self, sparql: str, substitutions=None, source: str = "query"):
        """A SPARQL query run by the server, answered as pyoxigraph results. It is parsed here first
        (pyoxigraph's parser, the project's prefixes), so a syntax error reads as on the embedded store
        and its form (SELECT, ASK, CONSTRUCT) is known before anything is sent."""
        refuse_writes_and_outbound(sparql, source)
        try:
            form = pyoxigraph.Store().query(sparql, prefixes=PREFIXES, substitutions=substitutions or None)
        except SyntaxError as exc:
            raise QueryError(f"{source}: {syntax_message(sparql, str(exc))}") from None
        text = _PROLOGUE + bind_values(sparql, substitutions)
        graph = isinstance(form, pyoxigraph.QueryTriples)
        accept = "application/n-triples" if graph else "application/sparql-results+json"
        response = self._call("POST", self.spec.endpoint, what=f"running {source}", data={"query": text},
                              headers={"Accept": accept})
        try:
            if not graph:
                return _results(response.content)
            # The triples, as pyoxigraph's own CONSTRUCT result (what every reader of a graph expects).
            local = pyoxigraph.Store()
            triples = re.sub(rb'"([01])"\^\^<' + _BOOLEAN.encode() + rb">",
                             lambda m: (b'"true"' if m.group(1) == b"1" else b'"false"') + b"^^<" + _BOOLEAN.encode() + b">",
                             response.content)
            local.load(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
            return local.query("CONSTRUCT WHERE { ?s ?p ?o }")
        except SyntaxError as exc:
            raise StoreError(f"{self.spec.endpoint}: the server's answer to {source} is not "
                             f"{'N-Triples' if graph else 'SPARQL JSON results'}: {str(exc)[:200]}") from None

    def quads(self, subject=None, predicate=None, obj=None, graph=None):
        """The quads matching a pattern (None: any), in kgbuild's graphs unless one is given."""
        s, p, o = (str(t) if t is not None else v for t, v in ((subject, "?s"), (predicate, "?p"), (obj, "?o")))
        where = f"GRAPH {graph} {{ {s} {p} {o} }}" if graph is not None else f"GRAPH ?g {{ {s} {p} {o} }} FILTER({_OURS})"
        rows = self._select(f"SELECT * WHERE {{ {where} }}", "reading quads")
        return [Quad(subject or r["s"], predicate or r["p"], obj or r["o"], graph or r["g"]) for r in rows]

    def quad_count(self) -> int:
        rows = list(self._select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER({_OURS}) }}",
                                 "counting quads"))
        return int(rows[0]["n"].value)

    def dump_nquads(self, graphs: Iterable[NamedNode] | None = None) -> bytes:
        """N-Quads of kgbuild's graphs, or of the given graphs only (one query)."""
        if graphs is None:
            quads = self.quads()
        else:
            values = " ".join(str(g) for g in graphs)
            rows = self._select(f"SELECT * WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}", "dumping graphs")
            quads = [Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows]
        return pyoxigraph.serialize(sorted(quads, key=str), format=pyoxigraph.RdfFormat.N_QUADS)

    def dump(self, fmt: str = "nquads") -> bytes:
        quads = sorted(self.quads(), key=str)
        return pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.TRIG if fmt == "trig" else pyoxigraph.RdfFormat.N_QUADS)

    def local_copy(self):
        """kgbuild's graphs in an in-memory embedded store, fetched in one request: for work that reads
        node by node (pictures), which must not cost a round trip per node."""
        from .store import OxigraphStore

        copy = OxigraphStore(None)
        copy.add(self.quads())
        return copy

    def flush(self) -> None:
        """Nothing to flush: each write is one request the server has committed when it answers."""

    def close(self) -> None:
        self._http.close()


def open_store(where, read_only: bool = False, graph_store: str | None = None, user: str | None = None):
    """The store at `where`: a RemoteSpec or an http(s) endpoint URL (a SPARQL server; writes go to
    `graph_store` as `user`), else a directory (the embedded store; None: in memory)."""
    from .store import OxigraphStore

    if isinstance(where, str) and where.startswith(("http://", "https://")):
        where = RemoteSpec(where, graph_store=graph_store, user=user)
    if isinstance(where, RemoteSpec):
        return SparqlStore(where, read_only=read_only)
    return OxigraphStore(where, read_only=read_only)


__all__ = ["PASSWORD_ENV", "RemoteSpec", "SparqlStore", "bind_values", "open_store"]
