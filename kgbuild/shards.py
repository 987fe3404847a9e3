"""N-Quads shards instead of a store: one file per report graph, plus the ontology and the entities the
reports share, for a triple store's own bulk loader (Virtuoso's ld_dir, Oxigraph's load, Jena's
tdb2.tdbloader) when a corpus is extracted on many machines.

The folder written is deterministic (lines sorted, one file per graph), so two runs over the same
reports give the same bytes, and shards from several machines can be loaded side by side.
"""

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph
from pyoxigraph import NamedNode, Quad

from .errors import StoreError
from .namespaces import ENTITIES_GRAPH, GRAPH, ONTOLOGY_GRAPH

_BNODE = re.compile(r"_:[A-Za-z0-9]+")


def _lines(quads: Iterable[Quad]) -> list[str]:
    text = pyoxigraph.serialize(list(quads), format=pyoxigraph.RdfFormat.N_QUADS).decode("utf-8")
    return sorted(set(_stable_blank_nodes(text.splitlines())))


def _stable_blank_nodes(lines: list[str]) -> list[str]:
    """Blank nodes (the ontology's qb:component nodes) get fresh ids at every parse: name each by a hash
    of the statements it appears in, so that the same graph gives the same bytes."""
    seen: dict[str, list[str]] = {}
    for line in lines:
        for b in set(_BNODE.findall(line)):
            seen.setdefault(b, []).append(line.replace(b, "_:self"))
    names = {b: "_:b" + hashlib.sha1("\n".join(sorted(uses)).encode()).hexdigest()[:16] for b, uses in seen.items()}
    return [_BNODE.sub(lambda m: names[m.group()], line) for line in lines] if names else lines


class NQuadsShards:
    """What `build()` writes to, in place of a store: the same calls, files instead of a database."""

    def __init__(self, folder):
        self.folder = Path(folder)
        try:
            (self.folder / "reports").mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{self.folder}: cannot create the shard folder: {exc.strerror or exc}") from None
        self._shared: set[str] = set()
        self._written: list[Path] = []

    def _file(self, graph: NamedNode) -> Path:
        if graph == ONTOLOGY_GRAPH:
            return self.folder / "ontology.nq"
        name = graph.value.removeprefix(GRAPH.base + "report/")
        # A file name for any report id: readable when it is, with a hash that keeps ids apart.
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)[:80]
        return self.folder / "reports" / f"{safe}-{hashlib.sha1(name.encode()).hexdigest()[:8]}.nq"

    def replace_graphs(self, graph: NamedNode, quads: Iterable[Quad], shared: Iterable[Quad] = ()) -> None:
        path = self._file(graph)
        self._write(path, _lines(quads))
        self._shared.update(_lines(shared))

    def _write(self, path: Path, lines: list[str]) -> None:
        temporary = path.with_suffix(".part")
        try:
            temporary.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
            temporary.replace(path)  # a shard is whole or absent, like a report graph in a store
        except OSError as exc:
            raise StoreError(f"{path}: cannot write: {exc.strerror or exc}") from None
        self._written.append(path)

    def source_path(self, report_id: str) -> str | None:
        return None  # shards are written afresh: nothing earlier to replace

    def drop_orphan_entities(self) -> None:
        """Entities are only those this build's reports share: none can be orphaned."""

    def flush(self) -> None:
        self._write(self.folder / "entities.nq", sorted(self._shared))

    def dump_nquads(self, graphs: Iterable[NamedNode] | None = None) -> bytes:
        wanted = None if graphs is None else {self._file(g) for g in graphs if g != ENTITIES_GRAPH}
        files = [p for p in dict.fromkeys(self._written) if p.name != "entities.nq" and (wanted is None or p in wanted)]
        files.append(self.folder / "entities.nq")
        return b"".join(p.read_bytes() for p in files if p.exists())

    def quad_count(self) -> int:
        return sum(p.read_bytes().count(b"\n") for p in dict.fromkeys(self._written) if p.exists())

    def close(self) -> None:
        pass
