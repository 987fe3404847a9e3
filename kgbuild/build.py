"""The pipeline, end to end: report files → normalized text → figures → RDF → store."""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .bodies import mentions as body_mentions
from .documents import citations
from .errors import KgbuildError, ManifestError
from .events import events, honours
from .extract import UNCLASSIFIED, extract
from .gazetteer import attach_parent, chain, resolve
from .items import items
from .mapping import ProcessedReport, map_report, needs_attention
from .metadata import ManifestEntry, apply_manifest, detect, read_manifest
from .namespaces import ENTITIES_GRAPH, KGB, ONTOLOGY_GRAPH, report_graph
from .normalize import is_traditional, normalize
from .programs import figure_systems, program_mentions, themes
from .read import DEFAULT_LIMITS, ReportLimits, find_reports, read_report
from .rules import Rules, default_rules
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
    unresolved: bool = False  # its jurisdiction is not settled in the gazetteer
    attention: bool = False  # its jurisdiction or year is unknown or unsettled: loaded, not yet comparable


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
    def unresolved(self) -> int:
        return sum(r.unresolved for r in self.reports)

    @property
    def needing_attention(self) -> int:
        return sum(r.attention for r in self.reports)

    @property
    def warnings(self) -> int:
        return sum(len(r.warnings) for r in self.reports)


def process_report(
    path, manifest: dict[str, ManifestEntry] | None = None, manifest_name="manifest",
    limits: ReportLimits = DEFAULT_LIMITS, rules: Rules | None = None,
) -> ProcessedReport:
    """Read, normalize, detect metadata and extract figures of one report file (with `rules`, default
    the packaged lexicon and concepts), within `limits`."""
    rules = rules or default_rules()
    raw = read_report(path, max_mb=limits.max_mb, max_chars=limits.max_chars)
    text = normalize(raw.text)
    meta = detect(text)
    if is_traditional(raw.text):
        meta.warnings.append(
            "written in traditional characters: converted to simplified (quotes and offsets refer to the converted text)"
        )
    meta = apply_manifest(meta, (manifest or {}).get(raw.path.name), manifest_name)
    meta.warnings[:0] = raw.warnings
    figures = extract(text, meta.year, rules.lexicon, rules.concepts)
    if len(figures) > limits.max_figures:
        raise KgbuildError(f"{path}: {len(figures):,} figures, over the {limits.max_figures:,} limit (--max-figures); "
                           "not loaded")
    if not meta.jurisdiction and not meta.year and not figures:
        # Nothing to compare and nothing to keep: more likely not a report at all than one to load.
        raise KgbuildError(f"{path}: neither jurisdiction nor year found in the text; give them in a manifest")
    if figures and not (meta.jurisdiction and meta.year):
        missing = " and ".join(n for n, v in (("jurisdiction", meta.jurisdiction), ("year", meta.year)) if not v)
        meta.warnings.append(
            f"{len(figures)} figures loaded without a {missing}: they cannot be compared until a manifest gives it"
        )
    report = ProcessedReport(raw.id, raw.path.name, raw.encoding, text, meta, figures, path=str(raw.path.resolve()))
    if meta.jurisdiction:
        entry = (manifest or {}).get(raw.path.name)
        parent = entry.parent if entry else None
        report.resolution = attach_parent(meta.resolution or resolve(meta.jurisdiction, text, meta.level, parent), parent)
        if report.resolution.division is None:
            meta.warnings.append(_unresolved(report.resolution))
        report.bodies = body_mentions(text, meta.jurisdiction)
    report.citations = citations(text, meta.jurisdiction)
    report.programs = program_mentions(text)
    report.items = [(item, themes(item.text)) for item in items(text)]
    report.honours, report.events = honours(text), events(text)
    report.systems = figure_systems(text, figures)
    return report


def processed(paths, manifest=None, rules: Rules | None = None, limits: ReportLimits = DEFAULT_LIMITS):
    """Every report under `paths` processed as a build would (with the manifests a build would apply),
    without a store: yields a ProcessedReport, or a Failure for a file that cannot be processed."""
    result = BuildResult()
    entries, manifest_name = _manifests(paths, manifest, result)
    yield from result.failures
    for path in find_reports(paths):
        try:
            yield process_report(path, entries, manifest_name, limits, rules)
        except KgbuildError as exc:
            yield Failure(str(path), str(exc))


def _unresolved(resolution) -> str:
    if not resolution.candidates:
        return f"jurisdiction {resolution.name} unresolved: {resolution.reason}"
    listed = "; ".join(
        f"{' / '.join(d.name for d in chain(c))} {c.short_code}" for c in resolution.candidates
    )
    return f"jurisdiction {resolution.name} unresolved: {resolution.reason} ({listed}); a manifest can settle it"


def _manifests(paths, manifest, result: "BuildResult") -> tuple[dict[str, ManifestEntry], str]:
    """The manifest entries that apply; a malformed line is a failure of its own, the rest still apply."""
    files = [Path(manifest)] if manifest is not None else [
        p / MANIFEST_NAME for p in map(Path, paths) if p.is_dir() and (p / MANIFEST_NAME).is_file()
    ]
    entries: dict[str, ManifestEntry] = {}
    for file in files:
        try:
            found, problems = read_manifest(file)
        except ManifestError as exc:
            result.failures.append(Failure(str(file), str(exc)))
            continue
        entries.update(found)
        result.failures.extend(Failure(str(file), str(problem)) for problem in problems)
    return entries, ", ".join(map(str, files)) or "manifest"


def build(
    paths,
    store: OxigraphStore,
    manifest=None,
    progress: Callable[[Path], None] | None = None,
    validate: bool = True,
    strict: bool = False,
    limits: ReportLimits = DEFAULT_LIMITS,
    rules: Rules | None = None,
) -> BuildResult:
    """Load every report under `paths` into `store`, one report graph per report, each all or nothing.

    A report that fails is recorded in the result and the others still load. With `strict`, every
    report is read and checked first, and the store is not touched at all if anything fails.
    """
    started = time.perf_counter()
    result = BuildResult()
    entries, manifest_name = _manifests(paths, manifest, result)
    files = find_reports(paths)
    if strict:
        _check_all(files, entries, manifest_name, limits, rules, result)
        if result.failures:
            result.seconds = time.perf_counter() - started
            return result
    store.replace_graphs(ONTOLOGY_GRAPH, ontology_quads())
    seen: dict[str, str] = {}
    for path in files:
        if progress:
            progress(path)
        try:
            report = process_report(path, entries, manifest_name, limits, rules)
            if report.id in seen:
                raise KgbuildError(f"{path}: same report id {report.id!r} as {seen[report.id]}; skipped")
            seen[report.id] = str(path)
            earlier = store.source_path(report.id)
            if earlier and earlier != report.path:
                # Re-ingest replaces; a file of the same name from elsewhere must not do it silently.
                report.meta.warnings.append(f"replaces report {report.id!r} built earlier from {earlier}")
            own, shared = map_report(report)
            store.replace_graphs(report_graph(report.id), own, shared)
        except KgbuildError as exc:
            result.failures.append(Failure(str(path), str(exc)))
            continue
        except Exception as exc:  # noqa: BLE001 - a bug met on one input must not stop a batch of thousands
            result.failures.append(Failure(str(path), f"{path}: internal error, please report it: {exc!r}"))
            continue
        result.reports.append(_summary(report, own))
    store.drop_orphan_entities()
    store.flush()
    if validate and result.reports:
        result.violations = _validate_in_batches(store, result.reports)
    result.store_triples = store.quad_count()
    result.seconds = time.perf_counter() - started
    return result


# Triples of reports given to SHACL at once: pySHACL holds all it checks in memory, as rdflib graphs.
VALIDATION_BATCH = 100_000


def _validate_in_batches(store, reports: list[ReportSummary]) -> list[Violation]:
    """SHACL over what this build wrote (validating a national store after every small build would not
    scale), a few reports at a time with the ontology and the shared entities, so that its memory is
    bounded by one batch whatever the number of files. No report refers to another's nodes, so a batch
    sees all a report's shapes need; an entity's violation, seen by every batch, is listed once."""
    violations: set[Violation] = set()
    batch, size = [], 0
    for number, report in enumerate(reports, start=1):
        batch.append(report_graph(report.id))
        size += report.triples
        if size >= VALIDATION_BATCH or number == len(reports):
            violations.update(validate_nquads(store.dump_nquads([ONTOLOGY_GRAPH, ENTITIES_GRAPH, *batch])))
            batch, size = [], 0
    return sorted(violations, key=lambda v: (v.report, v.focus, v.path, v.message))


def _check_all(files, entries, manifest_name, limits, rules, result: BuildResult) -> None:
    """--strict's first pass: process every report without writing, stopping at the first failure."""
    seen: dict[str, str] = {}
    for path in files:
        try:
            report = process_report(path, entries, manifest_name, limits, rules)
            if report.id in seen:
                raise KgbuildError(f"{path}: same report id {report.id!r} as {seen[report.id]}; skipped")
            seen[report.id] = str(path)
        except KgbuildError as exc:
            result.failures.append(Failure(str(path), str(exc)))
            return


def _summary(report: ProcessedReport, own) -> ReportSummary:
    metrics = [q.object.value for q in own if q.predicate == KGB.metric]
    classified = sum(1 for m in metrics if not m.endswith(UNCLASSIFIED))
    unresolved = bool(report.resolution and report.resolution.division is None)
    return ReportSummary(report.id, report.source, report.meta.jurisdiction, report.meta.year,
                         len(metrics), classified, len(own), list(report.meta.warnings), unresolved,
                         needs_attention(report))
