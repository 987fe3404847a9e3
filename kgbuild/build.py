"""The pipeline, end to end: report files → normalized text → figures → RDF → store."""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import KgbuildError
from .extract import UNCLASSIFIED, extract
from .lexicon import default_lexicon
from .mapping import ProcessedReport, map_report
from .metadata import ManifestEntry, apply_manifest, detect, read_manifest
from .namespaces import ENTITIES_GRAPH, ONTOLOGY_GRAPH, report_graph
from .normalize import normalize
from .read import find_reports, read_report
from .store import OxigraphStore
from .validate import Violation, validate_nquads
from .vocab import ontology_quads

MANIFEST_NAME = "manifest.tsv"


@dataclass
class ReportSummary:
    id: str
    source: str
    jurisdiction: str | None
    year: int | None
    observations: int
    classified: int
    triples: int
    warnings: list[str]


@dataclass
class Failure:
    path: str
    reason: str


@dataclass
class BuildResult:
    reports: list[ReportSummary] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    store_triples: int = 0
    seconds: float = 0.0

    @property
    def observations(self) -> int:
        return sum(r.observations for r in self.reports)

    @property
    def classified(self) -> int:
        return sum(r.classified for r in self.reports)

    @property
    def warnings(self) -> int:
        return sum(len(r.warnings) for r in self.reports)


def process_report(path, manifest: dict[str, ManifestEntry] | None = None, manifest_name="manifest") -> ProcessedReport:
    """Read, normalize, detect metadata and extract figures of one report file."""
    raw = read_report(path)
    text = normalize(raw.text)
    meta = detect(text)
    meta = apply_manifest(meta, (manifest or {}).get(raw.path.name), manifest_name)
    figures = extract(text, meta.year, default_lexicon())
    if figures and not (meta.jurisdiction and meta.year):
        meta.warnings.append(
            f"{len(figures)} figures not loaded: a figure needs a jurisdiction and a year (give them in a manifest)"
        )
    return ProcessedReport(raw.id, raw.path.name, raw.encoding, text, meta, figures)


def _manifests(paths, manifest) -> tuple[dict[str, ManifestEntry], str]:
    if manifest is not None:
        return read_manifest(manifest), str(manifest)
    entries, names = {}, []
    for p in map(Path, paths):
        candidate = p / MANIFEST_NAME if p.is_dir() else None
        if candidate is not None and candidate.is_file():
            entries.update(read_manifest(candidate))
            names.append(str(candidate))
    return entries, ", ".join(names) or "manifest"


def build(
    paths,
    store: OxigraphStore,
    manifest=None,
    progress: Callable[[Path], None] | None = None,
    validate: bool = True,
    strict: bool = False,
) -> BuildResult:
    """Load every report under `paths` into `store`, one report graph per report, each all or nothing.

    A report that fails is recorded in the result and the others still load (unless `strict`, which
    stops at the first failure before it touches the store).
    """
    started = time.perf_counter()
    result = BuildResult()
    entries, manifest_name = _manifests(paths, manifest)
    store.replace_graphs(ONTOLOGY_GRAPH, ontology_quads())
    seen: dict[str, str] = {}
    for path in find_reports(paths):
        if progress:
            progress(path)
        try:
            report = process_report(path, entries, manifest_name)
            if report.id in seen:
                raise KgbuildError(f"{path}: same report id {report.id!r} as {seen[report.id]}; skipped")
            seen[report.id] = str(path)
            own, shared = map_report(report)
            store.replace_graphs(report_graph(report.id), own, shared)
        except KgbuildError as exc:
            result.failures.append(Failure(str(path), str(exc)))
            if strict:
                break
            continue
        observations = sum(1 for q in own if q.predicate.value.endswith("#metric"))
        classified = sum(1 for q in own if q.predicate.value.endswith("#metric") and not q.object.value.endswith(UNCLASSIFIED))
        result.reports.append(
            ReportSummary(report.id, report.source, report.meta.jurisdiction, report.meta.year,
                          observations, classified, len(own), list(report.meta.warnings))
        )
    store.drop_orphan_entities()
    store.flush()
    if validate and result.reports:
        # Only what this build wrote: validating a national store after every small build would not scale.
        graphs = [ONTOLOGY_GRAPH, ENTITIES_GRAPH] + [report_graph(r.id) for r in result.reports]
        result.violations = validate_nquads(store.dump_nquads(graphs))
    result.store_triples = store.quad_count()
    result.seconds = time.perf_counter() - started
    return result
