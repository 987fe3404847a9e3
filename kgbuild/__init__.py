"""kgbuild: a knowledge graph of Chinese local governments' annual rule-of-law reports.

The pipeline, one module per stage:
read (formats) → normalize → segment → metadata → extract (figures; bodies, documents, programmes,
items, events; gazetteer) → mapping → store → query/export/validate/viz. cli.py is a thin layer over
them, and this module is the library's front door: what the command line does, in a few lines.

    import kgbuild
    store = kgbuild.open_store()                      # in memory; a path for one on disk
    result = kgbuild.build(["data/reports"], store)   # every report, one named graph each
    columns, rows = kgbuild.run_query(store, "rollup", metric="litigation.cases")
"""

from .build import BuildResult, build, process_report, processed
from .errors import KgbuildError
from .evaluate import read_gold, score
from .export import observations, reports
from .mapping import ProcessedReport, map_report
from .query import list_queries
from .query import run as _run
from .query import run_prebuilt as _run_prebuilt
from .remote import SparqlStore
from .remote import open_store as _open_store
from .rules import Rules, load_rules
from .store import OxigraphStore
from .validate import Violation, validate_nquads

__version__ = "0.1.0"


def open_store(path=None, read_only: bool = False, graph_store: str | None = None, user: str | None = None):
    """The embedded store at `path` (a directory, created if missing), a fresh one in memory (None), or
    a SPARQL 1.1 server when `path` is its endpoint URL (writes go to `graph_store` as `user`, the
    password read from $KGBUILD_STORE_PASSWORD). Both answer the same calls."""
    return _open_store(path, read_only=read_only, graph_store=graph_store, user=user)


def run_query(store: OxigraphStore, name: str, **params) -> tuple[list[str], list[list]]:
    """Run the prebuilt query `name` (queries/NAME.rq) with its parameters, checked and bound as typed
    terms as on the command line: run_query(store, "rollup", metric="litigation.cases")."""
    return _run_prebuilt(store, name, {key: str(value) for key, value in params.items()})


def sparql(store: OxigraphStore, query: str) -> tuple[list[str], list[list]]:
    """Any SPARQL SELECT, ASK or CONSTRUCT over all graphs, with the project's prefixes predeclared."""
    return _run(store, query)


def validate(store: OxigraphStore) -> list[Violation]:
    """The store's SHACL violations (ontology/shapes.ttl); empty when it conforms."""
    return validate_nquads(store.dump_nquads())


__all__ = [
    "BuildResult", "KgbuildError", "OxigraphStore", "ProcessedReport", "Rules", "SparqlStore", "Violation",
    "build", "list_queries", "load_rules", "map_report", "observations", "open_store", "process_report",
    "processed", "read_gold", "reports", "run_query", "score", "sparql", "validate",
]
