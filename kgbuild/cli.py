"""The kgbuild command line. Every command is thin: parse options, call one library function, print.

Exit codes: 0 success; 1 error (bad input, store or query); 2 usage error;
3 build finished but some inputs failed; 4 SHACL violations found; 5 a query stopped at its
--timeout; 130 interrupted (Ctrl-C).
"""

import os
import re
import sys
from pathlib import Path

import click

from . import export as export_mod
from .build import build as run_build
from .errors import KgbuildError
from .guard import stoppable
from .output import FORMATS, format_rows
from .query import answer, answer_prebuilt, list_queries, load_query, query_text
from .read import DEFAULT_MAX_CHARS, DEFAULT_MAX_FIGURES, DEFAULT_MAX_MB, ReportLimits
from .remote import PASSWORD_ENV, RemoteSpec, open_store
from .rules import LEXICON_ENV, load_rules
from .store import STORE_ENV, default_store_path
from .validate import validate_nquads
from .viz import CHART_FORMATS, GRAPH_FORMATS, Selection, subgraph, write_graph
from .viz import chart as viz_chart_fn

# The bundled reports: ./data/reports, else the checkout the package was installed from (pip install -e).
BUNDLED_REPORTS = (Path("data/reports"), Path(__file__).resolve().parent.parent / "data" / "reports")

EXIT_PARTIAL = 3
EXIT_VIOLATIONS = 4

lexicon_option = click.option(
    "--lexicon",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    envvar=LEXICON_ENV,
    default=None,
    help=f"A folder with your own lexicon.toml and/or concepts.toml (`kgbuild lexicon copy` makes one); "
         f"files it does not hold are the packaged ones. Default: ${LEXICON_ENV}, else the packaged rules.",
)

def _remember(ctx, param, value):
    ctx.meta[param.name] = value
    return value


def store_option(command):
    """--store PATH or --store http(s)://…/sparql (a SPARQL 1.1 server), with --graph-store and --user
    for writing to a server."""
    command = click.option(
        "--user", expose_value=False, callback=_remember, envvar="KGBUILD_STORE_USER", default=None,
        help=f"With a server: the user to authenticate as (HTTP digest); the password is read from ${PASSWORD_ENV}.",
    )(command)
    command = click.option(
        "--graph-store", expose_value=False, callback=_remember, envvar="KGBUILD_GRAPH_STORE", default=None,
        metavar="URL", help="With a server: its SPARQL 1.1 Graph Store Protocol endpoint, where build and remove "
                            "write (Virtuoso: http://HOST:8890/sparql-graph-crud-auth).",
    )(command)
    return click.option(
        "--store", default=None, metavar="PATH|URL",
        help=f"Store directory (default: ${STORE_ENV} or ./.kgbuild/store), or a SPARQL 1.1 endpoint URL "
             "(http://HOST:8890/sparql) to read from and, with --graph-store, write to a server.",
    )(command)


def _store_path(store: str | None):
    """Where the store is: a directory, or a RemoteSpec for a SPARQL server."""
    store = store or os.environ.get(STORE_ENV)
    if store and re.match(r"https?://", store):
        meta = click.get_current_context().meta
        return RemoteSpec(store, graph_store=meta.get("graph_store"), user=meta.get("user"))
    return Path(store) if store else default_store_path()


def _open(store: str | None, read_only: bool):
    return open_store(_store_path(store), read_only=read_only)


def _output_folder_exists(ctx, param, value: Path | None) -> Path | None:
    """-o FILE: its folder must exist (checked before any work is done, and never created silently)."""
    if value is not None and not value.parent.is_dir():
        raise click.BadParameter(f"{value}: folder {value.parent} does not exist", ctx=ctx, param=param)
    return value


def _write(output: Path, write) -> None:
    """Write a result file; a full disk or a read-only folder is a one-line error naming the file."""
    try:
        write()
    except OSError as exc:
        raise KgbuildError(f"{output}: cannot write: {exc.strerror or exc}") from None


def _emit_rows(columns, rows, fmt: str) -> None:
    """A result table on stdout, and a word on stderr when it has no rows (an empty table says nothing)."""
    _emit(format_rows(columns, rows, fmt), None)
    if not rows:
        click.echo("no rows", err=True)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
    else:
        _write(output, lambda: output.write_text(text, encoding="utf-8"))
        click.echo(f"wrote {output}", err=True)


class KgbuildGroup(click.Group):
    """Turns KgbuildError into `Error: …` and its exit code, in one place."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KgbuildError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(exc.exit_code)


@click.group(cls=KgbuildGroup)
@click.version_option(package_name="kgbuild")
def main():
    """Build and query a knowledge graph of Chinese local governments' annual
    rule-of-law reports (法治政府建设情况的报告).

    \b
    Typical session:
      kgbuild build                       # the bundled reports in data/reports
      kgbuild build my-reports/           # your own .txt/.md reports
      kgbuild export observations --format csv -o figures.csv
      kgbuild sparql 'SELECT * WHERE { ?o kgb:metric kgbm:litigation.cases ; kgb:value ?v } LIMIT 5'

    The store is a directory (default ./.kgbuild/store, or $KGBUILD_STORE, or --store).
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@store_option
@click.option("--manifest", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="TSV with columns file, jurisdiction, year that supplies or overrides what the text says. "
                   "Default: manifest.tsv inside each folder given, if present.")
@click.option("--strict", is_flag=True,
              help="Check every report first and change nothing in the store if any of them fails.")
@click.option("--no-validate", is_flag=True, help="Skip the SHACL validation at the end.")
@click.option("--max-size", "max_mb", type=click.FloatRange(min=0.001), default=DEFAULT_MAX_MB, show_default=True,
              help="Refuse report files larger than this many MB (a Word file may unpack to 8 times it).")
@click.option("--max-chars", type=click.IntRange(min=1), default=DEFAULT_MAX_CHARS, show_default=True,
              help="Refuse reports whose text is longer than this many characters (the longest real report "
                   "known is about 31,000).")
@click.option("--max-figures", type=click.IntRange(min=1), default=DEFAULT_MAX_FIGURES, show_default=True,
              help="Refuse reports with more figures than this (the most a real report known has is 149).")
@lexicon_option
@click.option("--to", "to", type=(click.Choice(["nquads"]), click.Path(file_okay=False, path_type=Path)),
              metavar="nquads DIR", help="Write N-Quads shards to DIR instead of a store: one file per report graph "
                                         "(DIR/reports/), ontology.nq and entities.nq, for a server's bulk loader.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar (shown only when stderr is a terminal).")
def build(paths, store, manifest, strict, no_validate, max_mb, max_chars, max_figures, lexicon, to, quiet):
    """Read reports, extract their figures and load them into the store.

    PATHS are report files or folders of them: .txt and .md (UTF-8, GBK/GB18030 or UTF-16,
    detected from the bytes), .html web pages (the article body is kept), .docx, and .pdf with a
    text layer. The format is read from the content, not the file name.
    Without PATHS, the bundled reports in data/reports are built. Each report becomes one
    named graph; building a report again replaces its graph, never duplicates it.
    The place and year come from the text (or a manifest); a report where they cannot be settled
    still loads every figure, and the summary counts it as needing attention.
    A report over --max-size, --max-chars or --max-figures fails alone, naming the limit: they
    bound the memory and time a build takes whatever a file holds.
    Exits with 3 if some inputs failed (the others are loaded), 4 if validation found violations.
    """
    if not paths:
        bundled = next((p for p in BUNDLED_REPORTS if p.is_dir()), None)
        if bundled is None:
            raise click.UsageError("no PATHS given, and no data/reports folder here or beside the kgbuild package")
        paths = (bundled,)
    rules = load_rules(lexicon)  # before the store is opened: a broken lexicon changes nothing
    if to and store:
        raise click.UsageError("give --store or --to nquads DIR, not both")
    if to:
        from .shards import NQuadsShards

        target = NQuadsShards(to[1])
    else:
        target = _open(store, read_only=False)
    bar = None
    if not quiet and sys.stderr.isatty():
        from .read import find_reports

        total = len(find_reports(paths))
        bar = click.progressbar(length=total, label="building", file=sys.stderr, show_pos=True,
                                item_show_func=lambda p: p.name if p else "")
        bar.__enter__()

    def progress(path):
        if bar is not None:
            bar.current_item = path
            bar.update(1)

    try:
        result = run_build(paths, target, manifest=manifest, progress=progress, validate=not no_validate,
                           strict=strict, limits=ReportLimits(max_mb, max_chars, max_figures), rules=rules)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
        target.close()
    for failure in result.failures:
        click.echo(f"failed: {failure.reason}", err=True)
    for report in result.reports:
        for warning in report.warnings:
            click.echo(f"warning: {report.source}: {warning}", err=True)
    for v in result.violations[:20]:
        click.echo(f"violation: {v.report or '-'}: {v.focus} {v.path}: {v.message}", err=True)
    click.echo(
        f"{len(result.reports)} reports built, {len(result.failures)} failed; "
        f"{result.observations} observations ({result.classified} classified, "
        f"{result.observations - result.classified} unclassified); "
        f"{result.store_triples} triples {'written' if to else 'in store'}; {result.needing_attention} reports need attention "
        f"(place or year not settled; {result.unresolved} unresolved jurisdictions); "
        f"{result.warnings} warnings; "
        f"{len(result.violations)} SHACL violations; {result.seconds:.1f} s; "
        + (f"shards {to[1]}" if to else f"store {_store_path(store)}")
    )
    if result.failures:
        sys.exit(EXIT_PARTIAL)
    if result.violations:
        sys.exit(EXIT_VIOLATIONS)


SPARQL_FORMATS = ("table", "csv", "tsv", "markdown", "json", "xml", "turtle", "ntriples", "jsonld")
DEFAULT_TIMEOUT = 60.0

timeout_option = click.option(
    "--timeout", type=click.FloatRange(min=0), default=DEFAULT_TIMEOUT, show_default=True, metavar="SECONDS",
    help="Stop the query after this many seconds (0: no limit) and exit with 5; Ctrl-C stops it at once "
         "(exit 130).",
)


@main.command()
@click.argument("query_or_file")
@store_option
@click.option("--format", "fmt", type=click.Choice(SPARQL_FORMATS), default="table", show_default=True,
              help="table, csv, tsv, markdown: a table of values; json, xml: SPARQL 1.1 results documents; "
                   "turtle, ntriples, jsonld: the graph of a CONSTRUCT or DESCRIBE.")
@timeout_option
def sparql(query_or_file, store, fmt, timeout):
    """Run any SPARQL query (text, or a .rq file) over all graphs of the store, read-only.

    Prefixes kgb, kgbm, id, skos, qb, org, prov, dcterms, oa, xsd, rdf, rdfs and time
    are predeclared. Example:

    \b
      kgbuild sparql 'SELECT ?v WHERE { ?o kgb:metric kgbm:reconsideration.applications ; kgb:value ?v }'
      kgbuild sparql q.rq --format json      # SPARQL results JSON, for any SPARQL tool
    """
    text, source = query_text(query_or_file)
    result = stoppable(answer, (_store_path(store), text, source, fmt), timeout or None)
    if isinstance(result, bytes):
        sys.stdout.buffer.write(result)
        return
    _emit_rows(*result, fmt)


@main.command()
@click.argument("reports", nargs=-1, required=True)
@store_option
def remove(reports, store):
    """Remove reports (by id: the file name without extension) from the store, with the shared places,
    bodies and documents no other report refers to. An id not in the store is an error; nothing is
    removed then."""
    from .namespaces import report_graph

    target = _open(store, read_only=False)
    try:
        present = set(target.report_graphs())
        missing = [r for r in reports if report_graph(r).value not in present]
        if missing:
            raise KgbuildError(f"no report {missing[0]!r} in {_store_path(store)}; `kgbuild export reports` lists them")
        for report in reports:
            target.drop_graph(report_graph(report))
        target.drop_orphan_entities()
    finally:
        target.close()
    click.echo(f"removed {len(reports)} report{'s' if len(reports) > 1 else ''} from {_store_path(store)}")


@main.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["nquads", "trig"]), default="nquads", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), callback=_output_folder_exists,
              help="Write here instead of stdout.")
def dump(store, fmt, output):
    """Write the whole store (every named graph) as N-Quads or TriG, to load elsewhere."""
    data = _open(store, read_only=True).dump(fmt)
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        _write(output, lambda: output.write_bytes(data))
        click.echo(f"wrote {output} ({len(data) / 1024:.0f} KB)", err=True)


@main.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind. Anything but loopback exposes the store to the network (a warning says so).")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True)
@click.option("--time-limit", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              help="Seconds a query may run; past it the query is stopped and answered 503.")
@click.option("--max-rows", type=click.IntRange(min=1), default=10000, show_default=True,
              help="Largest result given; a larger one is refused whole (413), never cut short.")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="Queries answered at once (one process each).")
def serve(store, host, port, time_limit, max_rows, workers):
    """Serve the store read-only: a SPARQL 1.1 Protocol endpoint at /sparql (GET and POST; results
    as SPARQL JSON, XML, CSV or TSV, graphs as Turtle, N-Triples, JSON-LD or RDF/XML by the Accept
    header or ?format=), a query page at /, the prebuilt queries at /queries and /queries/NAME?param=…,
    and a page per entity at /id/… (the project's IRIs) and /describe?iri=….

    \b
      kgbuild serve
      curl --data-urlencode query@q.rq -H 'Accept: text/csv' http://127.0.0.1:7878/sparql

    Updates, LOAD and SERVICE are refused; the store is opened read-only (a build running meanwhile
    is seen after a restart).
    """
    import uvicorn

    from .serve import Limits, create_app

    path = _store_path(store)
    _open(store, read_only=True).close()  # a missing or damaged store is an error before the server starts
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: serving on {host}: anyone who can reach this address can query the store", err=True)
    app = create_app(path, Limits(time_limit, max_rows), workers)
    click.echo(f"kgbuild serving {path} at http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


@main.group()
def export():
    """Export tables of the graph (CSV or JSON)."""


def _export_command(name, function, doc):
    @export.command(name=name, help=doc)
    @store_option
    @click.option("--format", "fmt", type=click.Choice(["csv", "json", "tsv"]), default="csv", show_default=True)
    @click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), callback=_output_folder_exists,
                  help="Write here instead of stdout.")
    def command(store, fmt, output):
        columns, rows = function(_open(store, read_only=True))
        _emit(format_rows(columns, rows, fmt), output)

    return command


_export_command(
    "observations", export_mod.observations,
    "One row per observation, ordered by report and position. Columns: report, jurisdiction, year, "
    "metric (code or `unclassified`), metric_label, value, unit, approximate, measure (level or change), "
    "body, quote, start, end, label.",
)
_export_command(
    "reports", export_mod.reports,
    "One row per report. Columns: report, title, jurisdiction, level, year, source, observations, warnings.",
)


@main.command(name="eval")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--gold", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Gold annotation (TSV): report, code, year, value, unit; optional measure, approximate, body, quote "
                   "(or the real-world corpus format). See `kgbuild eval --help`.")
@click.option("--expected", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Reports table (file, jurisdiction, year) to score each report's metadata. "
                   "Default: reports.tsv beside the gold file, if there is one.")
@store_option
@lexicon_option
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--min-recall", type=click.FloatRange(0, 1), help="Exit 1 when recall is below this.")
@click.option("--min-precision", type=click.FloatRange(0, 1), help="Exit 1 when precision is below this.")
def eval_(paths, gold, expected, store, lexicon, fmt, min_recall, min_precision):
    """Score a build against a hand-made gold annotation.

    With PATHS (report files or folders), the reports are processed as `build` would, without
    writing a store (use --lexicon to try your own rules). Without PATHS, the store is scored.

    \b
    Recall and precision are counted on metric facts (report, code, year, value, measure): the
    codes of metrics-v1 and any other code the gold uses, so a gold file must annotate every
    figure of those metrics in its reports. Also: the share of gold figures present with their
    value and year whatever their metric, the share of observations classified, and each report's
    jurisdiction and year against --expected. Every missed, wrong and absent fact is listed with
    its sentence.

    \b
      kgbuild eval --gold tests/gold/observations.tsv data/reports
      kgbuild eval --gold tests/realworld/dev/l/figures.tsv tests/realworld/dev/l/reports --format json
      kgbuild eval --gold gold.tsv --store my-store --min-recall 0.9 --min-precision 0.95

    Exits 0, or 1 when --min-recall or --min-precision is not met.
    """
    from . import evaluate as ev
    from .build import Failure, processed

    figures = ev.read_gold(gold)
    expected_path = expected or ev.expected_beside(gold)
    wanted = ev.read_expected(expected_path) if expected_path else None
    texts = {}
    if paths:
        reports = []
        for item in processed(paths, rules=load_rules(lexicon)):
            if isinstance(item, Failure):
                click.echo(f"failed: {item.reason}", err=True)
            else:
                reports.append(item)
        built, found, texts = ev.built_from_reports(reports)
    else:
        opened = _open(store, read_only=True)
        built, found = ev.built_from_tables(export_mod.observations(opened), export_mod.reports(opened))
    scores = ev.score(figures, built, wanted, found)
    result = ev.tables(scores, texts, found, wanted)
    _emit(_eval_output(result, fmt), None)
    short = [f"{name} {result['summary'][name]:.3f} < {floor}" for name, floor in
             (("recall", min_recall), ("precision", min_precision)) if floor is not None and result["summary"][name] < floor]
    if short:
        click.echo(f"below the floor: {'; '.join(short)}", err=True)
        sys.exit(1)


def _eval_output(result: dict, fmt: str) -> str:
    import json

    if fmt == "json":
        return json.dumps(result, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        # One long table: the summary, then each metric, each report and each fact, told apart by `scope`.
        columns = ["scope", "name", "gold", "found", "built", "right", "recall", "precision", "year", "value",
                   "jurisdiction", "expected_jurisdiction", "expected_year", "metadata_right", "sentence"]
        sm = result["summary"]
        rows = [["overall", "", sm["gold"], sm["found"], sm["built"], sm["right"], sm["recall"], sm["precision"]]
                + [None] * 7]
        rows += [["metric", m["metric"], m["gold"], m["found"], m["built"], m["right"], m["recall"], m["precision"]]
                 + [None] * 7 for m in result["metrics"]]
        rows += [["report", r["report"], r["gold"], r["found"], r["built"], r["right"], r["recall"], r["precision"],
                  r["year"], None, r["jurisdiction"], r["expected_jurisdiction"], r["expected_year"],
                  r["metadata_right"], None] for r in result["reports"]]
        rows += [[f["kind"], f"{f['report']} {f['metric']}", None, None, None, None, None, None, f["year"], f["value"],
                  None, None, None, None, f["sentence"]] for f in result["facts"]]
        return format_rows(columns, rows, "csv")
    sm = result["summary"]
    lines = [
        f"recall {sm['recall']:.3f} ({sm['found']}/{sm['gold']} metric facts) · "
        f"precision {sm['precision']:.3f} ({sm['right']}/{sm['built']})",
        f"figures present {sm['figures_present']:.3f} ({sm['present']}/{sm['gold_figures']}) · classified "
        f"{sm['classified_share']:.3f} of {sm['observations']} observations"
        + (f" · metadata {sm['metadata']:.3f}" if sm["metadata"] is not None else ""),
        "",
        format_rows(["metric", "gold", "found", "built", "right", "recall", "precision"],
                    [[m[c] for c in ("metric", "gold", "found", "built", "right", "recall", "precision")]
                     for m in result["metrics"]], "table"),
        format_rows(["report", "jurisdiction", "year", "expected", "ok", "recall", "precision"],
                    [[r["report"], r["jurisdiction"], r["year"],
                      f"{r['expected_jurisdiction'] or ''} {r['expected_year'] or ''}".strip(),
                      {True: "yes", False: "NO", None: ""}[r["metadata_right"]],
                      f"{r['found']}/{r['gold']}", f"{r['right']}/{r['built']}"] for r in result["reports"]], "table"),
    ]
    for kind, title in (("missed", "missed (in the gold, not built with this code)"),
                        ("wrong", "wrong (built with a code the gold does not give)"),
                        ("absent", "absent (a gold figure with no observation of its value and year)")):
        facts = [f for f in result["facts"] if f["kind"] == kind]
        if facts:
            lines.append(f"{title}: {len(facts)}")
            lines += [f"  {f['report']} {f['metric']} {f['year']} {f['value']}{f['unit']}  «{f['sentence']}»" for f in facts]
    return "\n".join(lines) + "\n"


@main.command(name="coverage")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@store_option
@lexicon_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), callback=_output_folder_exists,
              help="Write an HTML page (offline) with every number of the text marked; else print a table.")
@click.option("--summary", is_flag=True, help="One row per report (numbers classified, unclassified, ignored) "
                                                "instead of one per number.")
@click.option("--report", "report_ids", multiple=True, help="With --store: only this report (repeatable).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
def coverage_(paths, store, lexicon, output, summary, report_ids, fmt):
    """Every number in each report and what became of it: a classified figure (its metric), an
    unclassified figure (its label), or not a figure (a date, ordinal, document number, threshold,
    deadline…, with the reason).

    With PATHS, the reports are processed as `build` would (try your own rules with --lexicon);
    without, the reports in the store are shown (their text and figures as stored).

    \b
      kgbuild coverage data/reports/yufeng-2021.txt -o cov.html
      kgbuild coverage data/reports --summary
      kgbuild coverage --report yufeng-2021 --format csv
    """
    from . import coverage as cov
    from .build import Failure, processed

    rules = load_rules(lexicon)
    items = []
    if paths:
        for item in processed(paths, rules=rules):
            if isinstance(item, Failure):
                click.echo(f"failed: {item.reason}", err=True)
            else:
                items.append(cov.coverage(item.id, item.text, item.figures, rules.lexicon))
    else:
        opened = _open(store, read_only=True)
        texts = export_mod.report_texts(opened)
        unknown = [r for r in report_ids if r not in texts]
        if unknown:
            raise click.BadParameter(f"no report {unknown[0]!r} in the store", param_hint="--report")
        columns, rows = export_mod.observations(opened)
        by_report: dict[str, list] = {}
        for row in rows:
            by_report.setdefault(row[0], []).append(dict(zip(columns, row, strict=True)))
        for report, text in sorted(texts.items()):
            if not report_ids or report in report_ids:
                figures = cov.figures_from_table(text, by_report.get(report, []))
                items.append(cov.coverage(report, text, figures, rules.lexicon))
    if not items:
        raise click.UsageError("no reports to show")
    if output is not None:
        title = f"kgbuild coverage: {items[0].report}" if len(items) == 1 else f"kgbuild coverage: {len(items)} reports"
        _emit(cov.html_page(items, title), output)
        total = sum(len(c.fates) for c in items)
        done = sum(c.count(cov.CLASSIFIED) for c in items)
        click.echo(f"{len(items)} reports, {total} numbers, {done} classified ({done / total if total else 0:.0%})", err=True)
        return
    columns, rows = cov.summary_rows(items) if summary else cov.fate_rows(items)
    _emit(format_rows(columns, rows, fmt), None)


@main.group()
def lexicon():
    """The extraction rules: check them, or copy them to a folder to extend.

    \b
      kgbuild lexicon copy my-lexicon/         # lexicon.toml and concepts.toml, to edit
      kgbuild lexicon check --lexicon my-lexicon/
      kgbuild build --lexicon my-lexicon/      # or: export KGBUILD_LEXICON=my-lexicon
    """


@lexicon.command(name="copy")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def lexicon_copy(folder):
    """Copy the packaged rule files (lexicon.toml, concepts.toml) into FOLDER, to edit; never overwrites."""
    from .rules import copy_packaged

    for path in copy_packaged(folder):
        click.echo(f"wrote {path}")


def _default_corpus() -> tuple[Path, ...]:
    """The bundled reports and, in a checkout, the real-world corpus of tests/realworld."""
    bundled = next((p for p in BUNDLED_REPORTS if p.is_dir()), None)
    realworld = next((p for p in (Path("tests/realworld"), Path(__file__).resolve().parent.parent / "tests" / "realworld")
                      if p.is_dir()), None)
    return tuple(p for p in (bundled,) if p is not None) + tuple(sorted(realworld.glob("*/*/reports")) if realworld else ())


@lexicon.command(name="check")
@lexicon_option
@click.option("--corpus", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Reports to run the rules over (repeatable). Default: the bundled reports and, in a checkout, "
                   "tests/realworld.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
def lexicon_check(lexicon, corpus, fmt):
    """Validate the rule files: files that do not load, unknown metric codes, units no number can
    carry, one cue mapped to two codes (errors); run over a corpus, rules that classify nothing and
    texts two metrics' rules match equally well (warnings). Each problem with its file and line.

    Exits 1 when there are errors, 0 otherwise (warnings are for reading).
    """
    from .lexicon_check import ERROR, check

    problems, counts = check(lexicon, corpus or _default_corpus())
    if fmt == "table":  # one line each, as compilers print them, so an editor can jump to the line
        _emit("".join(f"{p.where}: {p.severity}: {p.message}\n" for p in problems), None)
    else:
        _emit(format_rows(["where", "severity", "problem"], [[p.where, p.severity, p.message] for p in problems], fmt), None)
    errors = sum(p.severity == ERROR for p in problems)
    click.echo(f"{errors} errors, {len(problems) - errors} warnings; {counts.get('rules', 0)} rules, "
               f"{counts.get('concepts', 0)} concepts, {counts.get('zeros', 0)} zeros run over "
               f"{counts['reports']} reports", err=True)
    if errors:
        sys.exit(1)


@main.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
def stats(store, fmt):
    """Count instances of each class in each graph (one graph per report)."""
    columns, rows = export_mod.stats(_open(store, read_only=True))
    _emit(format_rows(columns, rows, fmt), None)


@main.command()
@store_option
def validate(store):
    """Check the whole graph against the SHACL shapes (ontology/shapes.ttl). Exits 4 on violations."""
    violations = validate_nquads(_open(store, read_only=True).dump_nquads())
    for v in violations:
        click.echo(f"{v.report or '-'}\t{v.focus}\t{v.path}\t{v.message}")
    click.echo(f"{len(violations)} violations", err=True)
    if violations:
        sys.exit(EXIT_VIOLATIONS)


@main.group()
def query():
    """The prebuilt cross-report queries (queries/*.rq).

    \b
      kgbuild query list
      kgbuild query show rollup
      kgbuild query run rollup -p metric=litigation.cases -p parent=liuzhou --format csv
    """


@query.command(name="list")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
def query_list(fmt):
    """Name, summary and parameters of every prebuilt query."""
    rows = [
        [q.name, q.header.get("summary", ""),
         ", ".join(f"{p.name} ({p.type}{', default ' + p.default if p.default else ''})" for p in q.params)]
        for q in list_queries()
    ]
    _emit(format_rows(["name", "summary", "parameters"], rows, fmt), None)


@query.command(name="show")
@click.argument("name")
def query_show(name):
    """A prebuilt query's documentation and SPARQL."""
    q = load_query(name)
    lines = [f"{q.name}: {q.header.get('summary', '')}", "", q.header.get("description", ""), ""]
    for p in q.params:
        default = f" (default {p.default})" if p.default else " (optional)"
        lines.append(f"  --param {p.name}=<{p.type}>{default}  {p.description}")
    lines += [f"columns: {', '.join(q.columns)}", "", f"# {q.source}", q.text]
    _emit("\n".join(lines), None)


@query.command(name="run")
@click.argument("name")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter value; repeat for several. `kgbuild query show NAME` lists them.")
@store_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@timeout_option
def query_run(name, params, store, fmt, timeout):
    """Run a prebuilt query. Values are checked (a metric code must exist, a year is four digits, a
    jurisdiction is given by Chinese name, pinyin or division code) and bound as typed RDF terms,
    never pasted into the query text."""
    values = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--param")
        values[key.strip()] = value.strip()
    columns, rows = stoppable(answer_prebuilt, (_store_path(store), name, values), timeout or None)
    _emit_rows(columns, rows, fmt)


@main.group()
def viz():
    """Pictures of the graph (HTML, GraphML, GEXF, DOT, SVG, PNG) and charts of metrics (PNG, SVG)."""


@viz.command(name="graph")
@click.option("--jurisdiction", help="Reports of this jurisdiction (Chinese name, pinyin or division code).")
@click.option("--year", help="Reports covering this year.")
@click.option("--report", help="One report, by id (its file name without extension).")
@click.option("--program", help="A programme (local name in ontology/programs.ttl) and the reports that mention it.")
@click.option("--metric", help="A metric code and its figures.")
@click.option("--construct", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Any SPARQL CONSTRUCT query (.rq) whose triples are the picture.")
@click.option("--depth", type=click.IntRange(1, 5), default=2, show_default=True, help="Links followed from the seeds.")
@click.option("--limit", type=click.IntRange(1), default=300, show_default=True, help="At most this many nodes (warns).")
@click.option("--all-figures", is_flag=True, help="Also show unclassified figures.")
@click.option("--format", "fmt", type=click.Choice(GRAPH_FORMATS), help="Default: from the file's extension.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), callback=_output_folder_exists,
              required=True, help="File to write.")
@store_option
def viz_graph(jurisdiction, year, report, program, metric, construct, depth, limit, all_figures, fmt, output, store):
    """A subgraph as interactive HTML (offline: vis-network is inlined), GraphML or GEXF (Gephi,
    Cytoscape), DOT, or SVG/PNG (needs Graphviz).

    \b
      kgbuild viz graph --jurisdiction yufeng -o yufeng.html
      kgbuild viz graph --program streamlineDelegateService -o fangguanfu.gexf
    """
    import time

    started = time.perf_counter()
    fmt = fmt or output.suffix.lstrip(".").lower()
    if fmt not in GRAPH_FORMATS:
        raise click.BadParameter(f"cannot tell the format of {output.name}; use --format {'|'.join(GRAPH_FORMATS)}")
    selection = Selection(jurisdiction, year, report, program, metric, construct, depth, limit, all_figures)
    bar = click.progressbar(length=limit, label="describing nodes", file=sys.stderr) if sys.stderr.isatty() else None

    def progress(done, total):
        if bar is not None and total >= 500:  # only worth showing on large pictures
            bar.length = total
            bar.update(done - bar.pos)

    opened = _open(store, read_only=True)
    # A picture walks the graph node by node: from a server, on a copy fetched in one request.
    graph = subgraph(opened.local_copy() if hasattr(opened, "local_copy") else opened, selection, progress)
    if bar is not None and bar.pos:
        bar.render_finish()
    for warning in selection.warnings:
        click.echo(f"warning: {warning}", err=True)
    _write(output, lambda: write_graph(graph, output, fmt))
    size = output.stat().st_size
    click.echo(f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges; wrote {output} "
               f"({fmt}, {size / 1024:.0f} KB) in {time.perf_counter() - started:.1f} s")


@viz.command(name="chart")
@click.option("--metric", help="A metric code: its value per jurisdiction (bars), or per year with --jurisdiction.")
@click.option("--year", help="With --metric: only this year.")
@click.option("--jurisdiction", help="A jurisdiction's metrics across years (lines).")
@click.option("--query", "query_name", help="A prebuilt query: its numeric columns as grouped bars.")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE", help="Parameters of --query.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), callback=_output_folder_exists, required=True,
              help="File to write; .png or .svg.")
@store_option
def viz_chart(metric, year, jurisdiction, query_name, params, output, store):
    """Charts of the figures, with Chinese labels (needs a CJK font such as Debian's fonts-noto-cjk).

    \b
      kgbuild viz chart --metric reconsideration.applications --year 2021 -o chart.png
      kgbuild viz chart --jurisdiction yufeng -o yufeng.svg
      kgbuild viz chart --query reconsideration-litigation -o overview.png
    """
    if output.suffix.lower().lstrip(".") not in CHART_FORMATS:
        raise click.BadParameter(f"{output.name}: charts are .png or .svg", param_hint="-o")
    if not (metric or jurisdiction or query_name):
        raise click.UsageError("give --metric, --jurisdiction or --query")
    values = dict(item.split("=", 1) for item in params if "=" in item)
    opened = _open(store, read_only=True)
    summary = {}
    _write(output, lambda: summary.update(viz_chart_fn(opened, output, metric=metric, year=year,
                                                      jurisdiction=jurisdiction, query=query_name, params=values)))
    if summary["font"] is None:
        click.echo("warning: no CJK font installed (Debian: apt install fonts-noto-cjk); Chinese shows as boxes", err=True)
    click.echo(f"wrote {output} ({summary['items']} values, font {summary['font']})")
