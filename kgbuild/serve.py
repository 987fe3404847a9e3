"""`kgbuild serve`: a read-only SPARQL 1.1 Protocol endpoint over the store, with a query page, the
prebuilt queries and a page per entity, on Starlette and uvicorn.

Every query runs in a worker process that holds the store open read-only: a query over its time limit
is stopped by ending its worker (a pyoxigraph evaluation cannot be interrupted from Python), and a
result over the row limit is refused whole, never cut short. Updates, LOAD and SERVICE are refused
before anything runs.
"""

import contextlib
import html
import json
import multiprocessing
import queue
import re
import threading
from dataclasses import dataclass
from importlib import resources
from string import Template
from urllib.parse import parse_qs, quote

import pyoxigraph
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from .errors import KgbuildError
from .namespaces import DCTERMS, ID, KGB, KGBM, PREFIXES, SKOS
from .store import UPDATE

RESULTS = {  # media type → pyoxigraph format, for SELECT and ASK
    "application/sparql-results+json": pyoxigraph.QueryResultsFormat.JSON,
    "application/json": pyoxigraph.QueryResultsFormat.JSON,
    "application/sparql-results+xml": pyoxigraph.QueryResultsFormat.XML,
    "application/xml": pyoxigraph.QueryResultsFormat.XML,
    "text/csv": pyoxigraph.QueryResultsFormat.CSV,
    "text/tab-separated-values": pyoxigraph.QueryResultsFormat.TSV,
}
GRAPHS = {  # media type → pyoxigraph format, for CONSTRUCT and DESCRIBE
    "text/turtle": pyoxigraph.RdfFormat.TURTLE,
    "application/n-triples": pyoxigraph.RdfFormat.N_TRIPLES,
    "application/ld+json": pyoxigraph.RdfFormat.JSON_LD,
    "application/rdf+xml": pyoxigraph.RdfFormat.RDF_XML,
}
SHORT = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml", "csv": "text/csv",
         "tsv": "text/tab-separated-values", "turtle": "text/turtle", "ntriples": "application/n-triples",
         "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml"}
class ClientError(KgbuildError):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Limits:
    seconds: float = 10.0
    rows: int = 10000


def _accepted(accept: str, kinds: dict) -> str | None:
    """The first media type of an Accept header that `kinds` serves (*/* and none: the first kind)."""
    wanted = [part.split(";")[0].strip().lower() for part in (accept or "").split(",") if part.strip()]
    for media in wanted or ["*/*"]:
        if media in kinds:
            return media
        if media in ("*/*", "application/*", "text/*"):
            return next(iter(kinds))
    return None


# ---- the worker: one process per concurrent query, the store open read-only ----

def _evaluate(store, job: dict) -> tuple[str, bytes]:
    from .query import bind, load_query

    if job.get("prebuilt"):
        q = load_query(job["prebuilt"])
        # Bound as on the command line (pyoxigraph substitutions, which must be projected: the values bound
        # show as the columns _name after the query's own).
        sparql, substitutions, source = q.text, bind(q, job["params"], store), f"queries/{q.name}.rq"
    else:
        sparql, substitutions, source = job["query"], None, "query"
    result = store.query(sparql, substitutions=substitutions, source=source)
    if isinstance(result, pyoxigraph.QuerySolutions | pyoxigraph.QueryTriples):
        kinds = RESULTS if isinstance(result, pyoxigraph.QuerySolutions) else GRAPHS
        media = job["media"] if job["media"] in kinds else _accepted(job["accept"], kinds)
        if media is None:
            raise ClientError(406, f"cannot give this result as {job['accept']}; ask for one of {', '.join(kinds)}")
        for n, _ in enumerate(result, start=1):
            if n > job["rows"]:
                raise ClientError(413, f"the result has more than {job['rows']} rows (the server's --max-rows); "
                                       "narrow the query or add LIMIT")
        # Counted within the limit: now serialized whole (a second evaluation, bounded by the first).
        result = store.query(sparql, substitutions=substitutions, source=source)
        return media, result.serialize(format=kinds[media])
    media = job["media"] if job["media"] in RESULTS else (_accepted(job["accept"], RESULTS) or "application/sparql-results+json")
    return media, result.serialize(format=RESULTS[media])


def _work(where, jobs, answers) -> None:
    from .remote import open_store

    try:
        store = open_store(where, read_only=True)
    except KgbuildError as exc:
        answers.put(("error", 500, str(exc)))
        return
    answers.put(("ready",))
    while True:
        job = jobs.get()
        try:
            answers.put(("ok", *_evaluate(store, job)))
        except ClientError as exc:
            answers.put(("error", exc.status, str(exc)))
        except KgbuildError as exc:
            answers.put(("error", 400, str(exc)))
        except Exception as exc:  # noqa: BLE001 - a bug in one query must not take the worker down silently
            answers.put(("error", 500, f"internal error, please report it: {exc!r}"))


class _Worker:
    def __init__(self, path):
        context = multiprocessing.get_context("spawn")
        self.jobs, self.answers = context.Queue(), context.Queue()
        self.process = context.Process(target=_work, args=(path, self.jobs, self.answers), daemon=True)
        self.process.start()
        first = self.answers.get(timeout=60)
        if first[0] != "ready":
            raise KgbuildError(first[2])

    def stop(self) -> None:
        self.process.kill()
        self.process.join(5)


class QueryPool:
    """Worker processes, one query each at a time; a query past the time limit ends its worker."""

    def __init__(self, path, workers: int, limits: Limits):
        # A directory (as a string) or a RemoteSpec: whatever the workers open the store from.
        self.path, self.limits = (path if hasattr(path, "endpoint") else str(path)), limits
        self.idle: queue.Queue = queue.Queue()
        for _ in range(workers):
            self.idle.put(_Worker(self.path))
        self._lock = threading.Lock()

    def run(self, job: dict) -> tuple[str, bytes]:
        worker = self.idle.get()
        try:
            worker.jobs.put({**job, "rows": self.limits.rows})
            try:
                answer = worker.answers.get(timeout=self.limits.seconds)
            except queue.Empty:
                worker.stop()
                worker = _Worker(self.path)
                raise ClientError(503, f"the query was stopped after {self.limits.seconds:g} s (the server's "
                                       "--time-limit); no partial result is given") from None
        finally:
            self.idle.put(worker)
        if answer[0] == "error":
            raise ClientError(answer[1], answer[2])
        return answer[1], answer[2]

    def close(self) -> None:
        while not self.idle.empty():
            self.idle.get().stop()


# ---- the web application ----

def _template(name: str) -> Template:
    return Template((resources.files("kgbuild") / "templates" / name).read_text(encoding="utf-8"))


def _error(exc: ClientError) -> Response:
    return PlainTextResponse(f"Error: {exc}\n", status_code=exc.status)


async def _query_text(request: Request) -> tuple[str | None, dict]:
    """The query (or update) a SPARQL Protocol request carries, and the other parameters."""
    params = dict(request.query_params)
    if request.method == "POST":
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind == "application/sparql-query":
            return (await request.body()).decode("utf-8"), params
        if kind == "application/sparql-update":
            raise ClientError(403, "this endpoint is read-only: SPARQL Update is refused and nothing was changed")
        if kind == "application/x-www-form-urlencoded":
            form = parse_qs((await request.body()).decode("utf-8"), keep_blank_values=True)
            params.update({k: v[-1] for k, v in form.items()})
    if "update" in params:
        raise ClientError(403, "this endpoint is read-only: SPARQL Update is refused and nothing was changed")
    return params.get("query"), params


def create_app(store_path, limits: Limits = Limits(), workers: int = 2) -> Starlette:
    from .query import list_queries

    pool = QueryPool(store_path, workers, limits)
    queries = {q.name: q for q in list_queries()}

    async def run(job: dict, params: dict, request: Request) -> Response:
        job = {"accept": request.headers.get("accept", ""), "media": SHORT.get(params.get("format", ""), ""), **job}
        try:
            media, body = await run_in_threadpool(pool.run, job)
        except ClientError as exc:
            return _error(exc)
        return Response(body, media_type=media + ("; charset=utf-8" if media.startswith("text/") else ""))

    async def sparql(request: Request) -> Response:
        try:
            text, params = await _query_text(request)
        except ClientError as exc:
            return _error(exc)
        if not text:
            return _error(ClientError(400, "give a SPARQL query in `query` (GET or form POST) or as an "
                                           "application/sparql-query body"))
        if UPDATE.match(text):
            return _error(ClientError(403, "this endpoint is read-only: SPARQL Update (and LOAD) is refused and "
                                           "nothing was changed"))
        return await run({"query": text}, params, request)

    async def query_list(request: Request) -> Response:
        return JSONResponse([
            {"name": q.name, "summary": q.header.get("summary", ""), "description": q.header.get("description", ""),
             "columns": q.columns, "sparql": q.text,
             "params": [{"name": p.name, "type": p.type, "default": p.default, "description": p.description}
                        for p in q.params]}
            for q in queries.values()
        ])

    async def prebuilt(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in queries:
            return _error(ClientError(404, f"no prebuilt query {name!r}; /queries lists them"))
        params = dict(request.query_params)
        values = {k: v for k, v in params.items() if k != "format"}
        return await run({"prebuilt": name, "params": values}, params, request)

    async def page(request: Request) -> Response:
        prefixes = "\n".join(f"PREFIX {k}: <{v}>" for k, v in PREFIXES.items())
        return HTMLResponse(_template("query.html").substitute(prefixes=html.escape(prefixes),
                                                               id_base=html.escape(str(ID))))

    async def entity(request: Request) -> Response:
        iri = request.query_params.get("iri") or (str(ID) + request.path_params.get("rest", ""))
        if not re.fullmatch(r"[^<>\"{}|^`\\\s]+", iri or ""):
            return _error(ClientError(400, f"not an IRI: {iri!r}"))
        graph_media = _accepted(request.headers.get("accept", ""), {"text/html": 0, **GRAPHS})
        if graph_media in GRAPHS:
            return await run({"query": f"DESCRIBE <{iri}>"}, {"format": ""}, request)
        select = (f"SELECT ?p ?o ?dir WHERE {{ {{ <{iri}> ?p ?o BIND('out' AS ?dir) }} UNION "
                  f"{{ ?o ?p <{iri}> BIND('in' AS ?dir) }} }} ORDER BY DESC(?dir) ?p LIMIT 2000")
        job = {"query": select, "accept": "application/sparql-results+json", "media": "application/sparql-results+json"}
        try:
            _, body = await run_in_threadpool(pool.run, job)
        except ClientError as exc:
            return _error(exc)
        rows = json.loads(body)["results"]["bindings"]
        summary = await _summary(iri, rows)
        return HTMLResponse(_entity_page(iri, rows, summary))

    async def _table(name: str, values: dict) -> list[dict] | None:
        """A prebuilt query's rows for a page, or None when it cannot say (an ambiguous name)."""
        job = {"prebuilt": name, "params": values, "accept": "", "media": "application/sparql-results+json"}
        try:
            _, body = await run_in_threadpool(pool.run, job)
        except ClientError:
            return None
        return [{k: v["value"] for k, v in r.items()} for r in json.loads(body)["results"]["bindings"]]

    async def _summary(iri: str, rows: list[dict]) -> str:
        """What a person looks for first on the page of a jurisdiction (its figures by year), a report
        (its text, every figure marked) or a metric (its values across places and years)."""
        out = {r["p"]["value"]: r["o"]["value"] for r in rows if r["dir"]["value"] == "out"}
        if iri.startswith(str(ID) + "jurisdiction/"):
            place = out.get(KGB.divisionCode.value) or next(
                (r["o"]["value"] for r in rows if r["p"]["value"] == SKOS.prefLabel.value and r["o"].get("xml:lang") == "zh"), "")
            figures = await _table("jurisdiction-figures", {"jurisdiction": place}) if place else None
            return _jurisdiction_summary(figures) if figures else ""
        if iri.startswith(str(ID) + "report/") and KGB.normalizedText.value in out:
            report_id = out.get(DCTERMS.identifier.value, iri.rsplit("/", 1)[-1])
            figures = await _table("report-figures", {"report": report_id})
            return _report_summary(out[KGB.normalizedText.value], figures or [])
        if iri.startswith(str(KGBM)):
            values = await _table("metric-by-jurisdiction", {"metric": iri[len(str(KGBM)):]})
            return _metric_summary(values) if values else ""
        return ""

    app = Starlette(routes=[
        Route("/", page), Route("/sparql", sparql, methods=["GET", "POST"]), Route("/queries", query_list),
        Route("/queries/{name}", prebuilt), Route("/describe", entity), Route("/id/{rest:path}", entity),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
    ], lifespan=_closing(pool))
    return app


def _closing(pool: QueryPool):
    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        pool.close()

    return lifespan


def local_link(iri: str) -> str:
    """Where the query page links an IRI: the project's own resolve here, any other is described here."""
    base = str(ID)
    return "/id/" + iri[len(base):] if iri.startswith(base) else "/describe?iri=" + quote(iri, safe="")


def _cells(values, link: str | None = None) -> str:
    tds = "".join(f"<td>{html.escape(str(v or ''))}</td>" for v in values)
    if link is None:
        return f"<tr>{tds}</tr>"
    return f'<tr>{tds}<td><a href="{html.escape(local_link(link), quote=True)}">→</a></td></tr>'


def _jurisdiction_summary(figures: list[dict]) -> str:
    head = "<tr>" + "".join(f"<th>{h}</th>" for h in
                            ("year", "metric", "指标", "value", "unit", "measure", "body", "report", "")) + "</tr>"
    body = "".join(_cells([f.get("year"), f["metric"], f.get("metric_label"), f["value"], f["unit"], f["measure"],
                           f.get("body"), f["report"]], f["observation"]) for f in figures)
    years = sorted({f.get("year") or "?" for f in figures}, reverse=True)
    return (f'<h2>Figures by year · 历年数据</h2><p>{len(figures)} figures, years {", ".join(years)}</p>'
            f'<table class="summary">{head}{body}</table><h2>Statements</h2>')


# A figure's number in its quote: its last run of digits (of Chinese numerals when it has none).
_DIGITS = re.compile(r"[0-9０-９][0-9０-９.．,，]*(?:万|亿)?")
_NUMERALS = re.compile(r"[零〇一二两三四五六七八九十百千]+(?:万|亿)?")


def _number_span(text: str, f: dict) -> tuple[int, int]:
    start, end = int(f["start"]), int(f["end"])
    quote = text[start:end]
    runs = list(_DIGITS.finditer(quote)) or list(_NUMERALS.finditer(quote))
    if not runs:
        return start, end
    m = runs[-1]
    a, b = start + m.start(), start + m.end()
    unit = f.get("unit") or ""
    if unit and text.startswith(unit, b):
        b += len(unit)
    return a, b


def _report_summary(text: str, figures: list[dict]) -> str:
    marks, last = [], 0
    for f, (start, end) in sorted(((f, _number_span(text, f)) for f in figures), key=lambda x: x[1]):
        if start < last:
            continue  # one number, two figures (a level and its restatement): marked once
        title = f'{f["metric"]}: {f["value"]} {f["unit"]}'
        marks.append(html.escape(text[last:start]))
        href = html.escape(local_link(f["observation"]), quote=True)
        marks.append(f'<mark title="{html.escape(title, quote=True)}"><a href="{href}">{html.escape(text[start:end])}</a></mark>')
        last = end
    marks.append(html.escape(text[last:]))
    shown = sum(1 for m in marks if m.startswith("<mark"))
    return (f'<h2>Text · 报告文本</h2><p>{len(figures)} figures, {shown} numbers marked (a number two figures share is '
            'marked once); each links to its observation.</p>'
            f'<div class="text">{"".join(marks)}</div><h2>Statements</h2>')


def _metric_summary(values: list[dict]) -> str:
    head = "<tr><th>jurisdiction</th><th>year</th><th>value</th><th>unit</th><th>approximate</th><th>body</th><th>quote</th></tr>"
    body = "".join(_cells([v.get("jurisdiction"), v.get("year"), v["value"], v.get("unit"), v.get("approximate"),
                           v.get("body"), v.get("quote")]) for v in values)
    return f'<h2>Values across places and years</h2><table class="summary">{head}{body}</table><h2>Statements</h2>'


def _entity_page(iri: str, rows: list[dict], summary: str = "") -> str:
    def cell(term: dict) -> str:
        if term["type"] == "uri":
            return f'<a href="{html.escape(local_link(term["value"]), quote=True)}">{html.escape(term["value"])}</a>'
        lang = f' <small>@{html.escape(term["xml:lang"])}</small>' if "xml:lang" in term else ""
        return html.escape(term["value"]) + lang

    out = [r for r in rows if r["dir"]["value"] == "out"]
    names = {r["p"]["value"]: r["o"]["value"] for r in reversed(out)
             if not r["p"]["value"].endswith("prefLabel") or r["o"].get("xml:lang") == "zh"}
    label = next((names[p] for p in (SKOS.prefLabel.value, DCTERMS.title.value, DCTERMS.identifier.value) if p in names), iri)
    body = "".join(
        f"<tr><td>{'→' if r['dir']['value'] == 'out' else '←'}</td><td>{cell(r['p'])}</td><td>{cell(r['o'])}</td></tr>"
        for r in rows)
    return _template("entity.html").substitute(iri=html.escape(iri), label=html.escape(label), rows=body,
                                               count=len(rows), summary=summary)
