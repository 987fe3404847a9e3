"""Pictures of the graph: a subgraph as interactive HTML (vis-network, inlined: works offline),
GraphML and GEXF (networkx, for Gephi and Cytoscape), DOT and SVG/PNG (Graphviz); and charts of
metrics (matplotlib, with a CJK font so Chinese labels render)."""

import html
import json
import re
import shutil
import subprocess
import warnings
from collections import deque
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import networkx as nx
from pyoxigraph import NamedNode, Variable

from .errors import KgbuildError
from .namespaces import DCTERMS, KGB, OA, RDF, RDFS, SKOS
from .query import find_jurisdiction, run

GRAPH_FORMATS = ("html", "graphml", "gexf", "dot", "svg", "png")
CHART_FORMATS = ("png", "svg")

# The relations a picture shows; evidence, selectors and mentions stay out of it.
EDGES = {
    KGB.jurisdiction: "jurisdiction", KGB.parentJurisdiction: "parent", KGB.mentionsBody: "mentions body",
    KGB.mentionsProgram: "mentions programme", KGB.cites: "cites", KGB.sourceReport: "from report",
    KGB.metric: "metric", KGB.reportingBody: "reported by", KGB.hasItem: "item", KGB.theme: "theme",
    SKOS.broader: "broader", KGB.partOf: "part of",
}
# Node types by rdf:type, most specific first, with colours and vis-network shapes.
TYPES = {
    KGB.Report: ("Report", "#1f77b4", "box"), KGB.Jurisdiction: ("Jurisdiction", "#2ca02c", "ellipse"),
    KGB.GovernmentBody: ("GovernmentBody", "#ff7f0e", "diamond"), KGB.Law: ("Law", "#8c564b", "triangle"),
    KGB.PolicyDocument: ("PolicyDocument", "#8c564b", "triangle"), KGB.Observation: ("Observation", "#d62728", "dot"),
    KGB.Metric: ("Metric", "#9467bd", "hexagon"), KGB.Program: ("Program", "#17becf", "star"),
    KGB.ProblemItem: ("ProblemItem", "#e377c2", "square"), KGB.PlanItem: ("PlanItem", "#bcbd22", "square"),
}
THEME = ("Theme", "#7f7f7f", "triangleDown")
_LABEL_ZH = {"Report": "报告", "Jurisdiction": "行政区域", "GovernmentBody": "机关", "Law": "法律",
             "PolicyDocument": "文件", "Observation": "数据", "Metric": "指标", "Program": "项目",
             "ProblemItem": "问题", "PlanItem": "计划", "Theme": "主题"}


@dataclass
class Selection:
    jurisdiction: str | None = None
    year: str | None = None
    report: str | None = None
    program: str | None = None
    metric: str | None = None
    construct: Path | None = None
    depth: int = 2
    limit: int = 300
    all_figures: bool = False
    warnings: list[str] = field(default_factory=list)


def _seeds(store, sel: Selection) -> list[NamedNode]:
    if sel.program or sel.metric:
        from .programs import PROGRAM_NS

        if sel.metric:
            return [_metric(sel.metric)]
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", sel.program):
            raise KgbuildError(f"--program {sel.program!r}: a programme's local name in ontology/programs.ttl "
                               "(letters and digits, e.g. streamlineDelegateService)")
        return [NamedNode(PROGRAM_NS + sel.program)]
    subs = {}
    if sel.jurisdiction:
        subs["_j"] = find_jurisdiction(store, sel.jurisdiction)
    rows = store.query("SELECT ?r ?j ?y ?id WHERE { ?r a kgb:Report ; dcterms:identifier ?id . "
                       "OPTIONAL { ?r kgb:jurisdiction ?j } OPTIONAL { ?r kgb:refYear ?y } } ORDER BY ?id")
    seeds = []
    for row in rows:
        if sel.report and row["id"].value != sel.report:
            continue
        if sel.year and (row["y"] is None or row["y"].value != sel.year):
            continue
        if "_j" in subs and (row["j"] is None or row["j"] != subs["_j"]):
            continue
        seeds.append(row["r"])
    if not seeds:
        raise KgbuildError("no report matches the selection (check --jurisdiction, --year, --report)")
    return seeds


def _types(store, node) -> tuple[str, str, str]:
    kinds = {q.object for q in store.quads(node, RDF.type, None)}
    for cls, spec in TYPES.items():
        if cls in kinds:
            return spec
    if any(q.object.value.startswith("https://w3id.org/kgbuild/theme/") for q in store.quads(node, SKOS.inScheme, None)):
        return THEME
    return ("Other", "#c7c7c7", "dot")


def _labels(store, node) -> tuple[str, str]:
    zh = en = None
    for predicate in (SKOS.prefLabel, RDFS.label, KGB.normalizedTitle, DCTERMS.identifier, KGB.itemText):
        for q in store.quads(node, predicate, None):
            lang = getattr(q.object, "language", None)
            if lang == "en" and en is None:
                en = q.object.value
            elif lang in (None, "zh", "") and zh is None:
                zh = q.object.value
    zh = zh or en or node.value.rsplit("/", 1)[-1]
    return zh[:40], (en or zh)[:40]


def _one(store, subject, predicate):
    return next((q.object for q in store.quads(subject, predicate, None)), None)


def _observation(store, node) -> dict:
    """What a figure's node shows when clicked: metric, value, unit, year, quote and report."""
    metric, report, evidence = _one(store, node, KGB.metric), _one(store, node, KGB.sourceReport), _one(store, node, KGB.evidence)
    quote = next((_one(store, sel.object, OA.exact) for sel in store.quads(evidence, OA.hasSelector, None)
                  if _one(store, sel.object, OA.exact) is not None), None) if evidence else None
    out = {"metric": _one(store, metric, SKOS.notation) if metric else None, "value": _one(store, node, KGB.value),
           "unit": _one(store, node, KGB.unit), "year": _one(store, node, KGB.refYear), "quote": quote,
           "report": _one(store, report, DCTERMS.identifier) if report else None}
    return {k: v.value for k, v in out.items() if v is not None}


def subgraph(store, sel: Selection, progress=None) -> nx.MultiDiGraph:
    """The selection as a networkx graph: nodes carry type, label_zh, label_en (and for figures
    metric, value, unit, year, quote, report); edges carry their relation. `progress(done, total)`
    is called as nodes are described, for a progress display on large pictures."""
    graph = nx.MultiDiGraph()
    if sel.construct is not None:
        columns, rows = run(store, Path(sel.construct).read_text(encoding="utf-8"), str(sel.construct))
        if columns != ["subject", "predicate", "object"]:
            raise KgbuildError(f"{sel.construct}: --construct needs a CONSTRUCT query")
        frontier = deque()
        for s, p, o in rows:
            if o.startswith("<") and s.startswith("<"):
                graph.add_edge(s[1:-1], o[1:-1], relation=p[1:-1].rsplit("/", 1)[-1].rsplit("#", 1)[-1])
        nodes = [NamedNode(n) for n in graph.nodes]
    else:
        frontier = deque((seed, 0) for seed in _seeds(store, sel))
        seen = {seed for seed, _ in frontier}
        while frontier:
            node, depth = frontier.popleft()
            graph.add_node(node.value)
            if depth >= sel.depth:
                continue
            for predicate, relation in EDGES.items():
                links = [(q.subject, q.object, q.object) for q in store.quads(node, predicate, None)]
                if depth == 0:
                    # Only the seeds gather what points at them (a report's figures, a programme's
                    # reports); further out the picture follows outgoing links, so it stays about the seeds.
                    links += [(q.subject, q.object, q.subject) for q in store.quads(None, predicate, node)]
                for subject, obj, other in links:
                    if not isinstance(other, NamedNode) or not _shown(store, other, sel):
                        continue
                    if other not in seen:
                        if len(seen) >= sel.limit:
                            if f"node limit {sel.limit} reached" not in " ".join(sel.warnings):
                                sel.warnings.append(f"node limit {sel.limit} reached: raise --limit to see more")
                            continue
                        seen.add(other)
                        frontier.append((other, depth + 1))
                    graph.add_edge(subject.value, obj.value, relation=relation)
        nodes = [NamedNode(n) for n in graph.nodes]
    for done, node in enumerate(nodes, start=1):
        if progress:
            progress(done, len(nodes))
        kind, colour, shape = _types(store, node)
        zh, en = _labels(store, node)
        attrs = {"type": kind, "label_zh": zh, "label_en": en, "color": colour, "shape": shape}
        if kind == "Observation":
            attrs.update(_observation(store, node))
            attrs["label_zh"] = attrs["label_en"] = f"{attrs.get('metric', '')} {attrs.get('value', '')}{attrs.get('unit', '')}"
        graph.add_node(node.value, **attrs)
    return graph


def _shown(store, node, sel: Selection) -> bool:
    kinds = {q.object for q in store.quads(node, RDF.type, None)}
    if KGB.Mention in kinds or OA.SpecificResource in kinds:
        return False
    if KGB.Observation in kinds and not sel.all_figures:
        return not any(q.object.value.endswith("/unclassified") for q in store.quads(node, KGB.metric, None))
    return True


def write_graph(graph: nx.MultiDiGraph, path: Path, fmt: str) -> None:
    if fmt == "html":
        path.write_text(_html(graph), encoding="utf-8")
    elif fmt == "graphml":
        nx.write_graphml(_plain(graph), path)
    elif fmt == "gexf":
        nx.write_gexf(_plain(graph), path)
    elif fmt == "dot":
        path.write_text(_dot(graph), encoding="utf-8")
    elif fmt in ("svg", "png"):
        dot = shutil.which("dot")
        if dot is None:
            raise KgbuildError(f"{fmt.upper()} needs Graphviz's `dot`, which is not installed "
                               "(Debian: apt install graphviz); --format dot writes the graph for it")
        done = subprocess.run([dot, f"-T{fmt}", "-o", str(path)], input=_dot(graph).encode("utf-8"), capture_output=True)
        if done.returncode != 0:
            raise KgbuildError(f"dot failed: {done.stderr.decode('utf-8', 'replace').strip()}")
    else:
        raise KgbuildError(f"unknown graph format {fmt!r}; known: {', '.join(GRAPH_FORMATS)}")


def _plain(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """GraphML/GEXF hold strings: every attribute as text, a `label` for the tools that show one."""
    out = nx.MultiDiGraph()
    for node, attrs in graph.nodes(data=True):
        out.add_node(node, label=attrs.get("label_zh", node), **{k: str(v) for k, v in attrs.items()})
    for a, b, attrs in graph.edges(data=True):
        out.add_edge(a, b, **{k: str(v) for k, v in attrs.items()})
    return out


def _dot(graph: nx.MultiDiGraph) -> str:
    ids = {node: f"n{i}" for i, node in enumerate(graph.nodes)}
    shapes = {"box": "box", "ellipse": "ellipse", "diamond": "diamond", "triangle": "triangle", "dot": "circle",
              "hexagon": "hexagon", "star": "star", "square": "box", "triangleDown": "invtriangle"}

    def q(text):
        return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = ["digraph kgbuild {", '  graph [rankdir=LR, fontname="Noto Sans CJK SC"];',
             '  node [style=filled, fontname="Noto Sans CJK SC", fontsize=10];', '  edge [fontsize=8];']
    for node, attrs in graph.nodes(data=True):
        lines.append(f"  {ids[node]} [label={q(attrs.get('label_zh', node))}, fillcolor={q(attrs.get('color', '#ccc'))}, "
                     f"shape={shapes.get(attrs.get('shape'), 'ellipse')}];")
    for a, b, attrs in graph.edges(data=True):
        lines.append(f"  {ids[a]} -> {ids[b]} [label={q(attrs.get('relation', ''))}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _html(graph: nx.MultiDiGraph) -> str:
    nodes, legend = [], {}
    for node, attrs in graph.nodes(data=True):
        nodes.append({"id": node, "label": attrs.get("label_zh", ""), "label_zh": attrs.get("label_zh", ""),
                      "label_en": attrs.get("label_en", ""),
                      "color": attrs.get("color"), "shape": attrs.get("shape"),
                      "props": {k: v for k, v in attrs.items() if k not in ("color", "shape")}})
        legend[attrs.get("type")] = (attrs.get("color"), attrs.get("shape"))
    edges = [{"from": a, "to": b, "label": attrs.get("relation", ""), "arrows": "to"}
             for a, b, attrs in graph.edges(data=True)]
    data = json.dumps({"nodes": nodes, "edges": edges}, ensure_ascii=False).replace("</", "<\\/")
    script = (resources.files("kgbuild") / "vendor" / "vis-network.min.js").read_text(encoding="utf-8")
    legend_html = "".join(
        f'<li><span class="swatch" style="background:{html.escape(c)}"></span>'
        f"{html.escape(_LABEL_ZH.get(t, t))} / {html.escape(t)}</li>"
        for t, (c, _) in sorted(legend.items())
    )
    return _PAGE.format(script=script.replace("</script", "<\\/script"), data=data, legend=legend_html,
                        count=len(nodes))


_PAGE = """<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><title>kgbuild graph</title>
<meta http-equiv="Content-Security-Policy"
      content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<style>
body {{ margin: 0; font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; display: flex; height: 100vh; }}
#graph {{ flex: 1; }}
#side {{ width: 320px; padding: 10px; border-left: 1px solid #ddd; overflow: auto; font-size: 13px; }}
.swatch {{ display: inline-block; width: 12px; height: 12px; margin-right: 6px; border-radius: 2px; }}
ul {{ list-style: none; padding: 0; }} #details dt {{ font-weight: bold; }} #details dd {{ margin: 0 0 6px 0; }}
</style></head><body>
<div id="graph"></div>
<div id="side">
<input id="search" placeholder="搜索 / search" style="width: 70%">
<button id="lang" type="button">English</button>
<p><span id="count">{count}</span> nodes</p>
<ul id="legend">{legend}</ul>
<dl id="details"></dl>
</div>
<script>{script}</script>
<script id="graph-data" type="application/json">{data}</script>
<script>
const data = JSON.parse(document.getElementById("graph-data").textContent);
const nodes = new vis.DataSet(data.nodes);
const edges = new vis.DataSet(data.edges);
const network = new vis.Network(document.getElementById("graph"), {{nodes, edges}},
  {{physics: {{stabilization: {{iterations: 200}},
              barnesHut: {{gravitationalConstant: -12000, springLength: 160, avoidOverlap: 0.3}}}},
    edges: {{font: {{size: 8}}, smooth: false}},
    nodes: {{font: {{size: 12}}}}}});
window.kgNetwork = network;
let lang = "zh";
function show(id) {{
  const node = nodes.get(id);
  const details = document.getElementById("details");
  details.innerHTML = "";
  for (const [key, value] of Object.entries(node.props)) {{
    const dt = document.createElement("dt"); dt.textContent = key;
    const dd = document.createElement("dd"); dd.textContent = value;
    details.append(dt, dd);
  }}
}}
network.on("click", params => {{ if (params.nodes.length) show(params.nodes[0]); }});
document.getElementById("lang").onclick = () => {{
  lang = lang === "zh" ? "en" : "zh";
  document.getElementById("lang").textContent = lang === "zh" ? "English" : "中文";
  nodes.update(nodes.get().map(n => ({{id: n.id, label: lang === "zh" ? n.label_zh : n.label_en}})));
}};
document.getElementById("search").oninput = event => {{
  const text = event.target.value.trim().toLowerCase();
  if (!text) return;
  const hit = nodes.get().find(n => (n.label_zh + " " + n.label_en).toLowerCase().includes(text));
  if (hit) {{ network.selectNodes([hit.id]); network.focus(hit.id, {{scale: 1.2}}); show(hit.id); }}
}};
</script></body></html>
"""


# --- charts -------------------------------------------------------------------------------

CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei",
                "WenQuanYi Micro Hei", "Microsoft YaHei", "SimHei", "PingFang SC")


def cjk_font() -> str | None:
    """The name of an installed font that has Chinese glyphs, or None. A font installed after matplotlib
    cached its list (apt install fonts-noto-cjk) is found by rebuilding the list once."""
    from matplotlib import font_manager

    def find():
        installed = {f.name for f in font_manager.fontManager.ttflist}
        return next((name for name in CJK_FAMILIES if name in installed), None)

    found = find()
    if found is None:
        font_manager.fontManager = font_manager._load_fontmanager(try_read_cache=False)
        found = find()
    return found


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def chart(store, path: Path, metric: str | None = None, year: str | None = None, jurisdiction: str | None = None,
          query: str | None = None, params: dict | None = None) -> dict:
    """Draw one chart to `path` (.png or .svg): a metric across jurisdictions (grouped by year when no
    year is given), a jurisdiction's metrics across years (one panel per unit; only `metric` if given),
    or a prebuilt query's numeric columns. Returns a summary. The caller's matplotlib settings are left
    as they were; with no CJK font, one warning instead of one per missing glyph."""
    plt = _pyplot()
    font = cjk_font()
    style = {"font.family": [font]} if font else {}
    with plt.rc_context({**style, "axes.unicode_minus": False}), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font")
        if query:
            fig, items, sources = _query_chart(plt, store, query, params or {})
        elif jurisdiction:
            fig, items, sources = _jurisdiction_chart(plt, store, jurisdiction, metric)
        else:
            fig, items, sources = _metric_chart(plt, store, metric, year)
        if sources:
            fig.text(0.01, 0.01, "来源 sources: " + "、".join(sorted(sources))[:160], fontsize=7, color="#555")
        fig.tight_layout(rect=(0, 0.03, 1, 1))
        fig.savefig(path)
        plt.close(fig)
    return {"file": str(path), "items": items, "font": font}


def _query_chart(plt, store, query: str, params: dict):
    from .query import run_prebuilt

    columns, rows = run_prebuilt(store, query, params)
    numeric = [c for i, c in enumerate(columns) if any(isinstance(r[i], (int, float)) for r in rows)]
    if not rows or not numeric:
        raise KgbuildError(f"query {query} gives no numbers to draw with these parameters")
    fig, ax = plt.subplots(figsize=(9, 5), dpi=120)
    keys = [" ".join(str(r[i]) for i, c in enumerate(columns) if c not in numeric and r[i] is not None)[:20] for r in rows]
    width = 0.8 / len(numeric)
    for k, column in enumerate(numeric):
        index = columns.index(column)
        values = [r[index] if isinstance(r[index], (int, float)) else 0 for r in rows]
        ax.bar([i + k * width for i in range(len(rows))], values, width, label=column)
    ax.set_xticks([i + width * (len(numeric) - 1) / 2 for i in range(len(rows))], keys, rotation=30, ha="right")
    ax.legend()
    ax.set_title(query)
    return fig, len(rows) * len(numeric), set()


_LEVEL_FIGURES = ("?o a kgb:Observation ; kgb:metric ?m ; kgb:measureType kgb:Level ; kgb:refYear ?y ; kgb:value ?v ; "
                  "kgb:unit ?unit ; kgb:sourceReport/dcterms:identifier ?report ; kgb:jurisdiction ?j . "
                  "FILTER NOT EXISTS { ?o kgb:reportingBody ?b } ")


def _metric_chart(plt, store, metric: str, year: str | None):
    """Bars of one metric across places; with no --year, one group per place and a bar per year."""
    rows = list(store.query(
        "SELECT ?name ?y (MAX(?v) AS ?value) (SAMPLE(?report) AS ?source) ?_m WHERE { " + _LEVEL_FIGURES.replace(
            "kgb:metric ?m", "kgb:metric ?_m") + "?j skos:prefLabel ?name . FILTER(lang(?name) = 'zh') } "
        "GROUP BY ?name ?y ?_m ORDER BY ?name ?y", substitutions={Variable("_m"): _metric(metric)}, source="chart"))
    rows = [r for r in rows if year is None or r["y"].value == year]
    if not rows:
        raise KgbuildError(f"no figures of {metric} for {year or 'any year'} in the store")
    years = sorted({r["y"].value for r in rows})
    places = sorted({r["name"].value for r in rows})
    values = {(r["name"].value, r["y"].value): float(r["value"].value) for r in rows}
    fig, ax = plt.subplots(figsize=(max(6, 1.2 * len(places) * len(years)), 5), dpi=120)
    width = 0.8 / len(years)
    for k, y in enumerate(years):
        xs = [i + k * width for i, place in enumerate(places) if (place, y) in values]
        vs = [values[(place, y)] for place in places if (place, y) in values]
        ax.bar(xs, vs, width, label=y)
        for x, v in zip(xs, vs, strict=True):
            ax.text(x, v, f"{v:g}", ha="center", va="bottom", fontsize=8)
    ax.set_xticks([i + width * (len(years) - 1) / 2 for i in range(len(places))], places)
    if len(years) > 1:
        ax.legend(title="年份 year")
    label = next((q.object.value for q in store.quads(_metric(metric), SKOS.prefLabel, None)
                  if q.object.language == "zh"), metric)
    ax.set_title(f"{label}（{metric}）{'、'.join(years)}")
    return fig, len(values), {r["source"].value for r in rows}


def _jurisdiction_chart(plt, store, jurisdiction: str, metric: str | None):
    """A place's metrics across years: lines over integer years, one panel per unit (counts apart from
    percentages); only `metric` when given."""
    j = find_jurisdiction(store, jurisdiction)
    subs = {Variable("_j"): j} | ({Variable("_m"): _metric(metric)} if metric else {})
    pattern = _LEVEL_FIGURES.replace("kgb:jurisdiction ?j", "kgb:jurisdiction ?_j")
    if metric:
        pattern = pattern.replace("kgb:metric ?m", "kgb:metric ?_m") + "BIND(?_m AS ?m) "
    data = list(store.query(
        "SELECT ?code ?label ?unit ?y (MAX(?v) AS ?value) (SAMPLE(?report) AS ?source) ?_j "
        + ("?_m " if metric else "") + "WHERE { " + pattern + "?m skos:notation ?code ; skos:prefLabel ?label . "
        "FILTER(lang(?label) = 'zh' && ?code != 'unclassified') } GROUP BY ?code ?label ?unit ?y ?_j "
        + ("?_m " if metric else "") + "ORDER BY ?code ?y", substitutions=subs, source="chart"))
    series: dict[tuple, list] = {}
    for row in data:
        series.setdefault((row["unit"].value, row["label"].value), []).append((int(row["y"].value), float(row["value"].value)))
    if not metric:  # a line needs two years; a single figure is no trend
        series = {k: v for k, v in series.items() if len(v) >= 2}
    if not series:
        raise KgbuildError(f"nothing to draw for {jurisdiction}{' and ' + metric if metric else ''}: no metric is "
                           "stated in two or more years" if not metric else f"no figures of {metric} for {jurisdiction}")
    units = sorted({unit for unit, _ in series})
    fig, axes = plt.subplots(len(units), 1, figsize=(9, 3.2 * len(units) + 1), dpi=120, squeeze=False)
    years = sorted({y for points in series.values() for y, _ in points})
    for ax, unit in zip(axes[:, 0], units, strict=True):
        for (u, label), points in series.items():
            if u == unit:
                ax.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=label)
        ax.set_xticks(years, [str(y) for y in years])
        ax.set_ylabel(unit)
        ax.legend(fontsize=7)
    name = next((q.object.value for q in store.quads(j, SKOS.prefLabel, None) if q.object.language == "zh"), jurisdiction)
    axes[0, 0].set_title(f"{name} {years[0]}–{years[-1]}" if len(years) > 1 else f"{name} {years[0]}")
    return fig, sum(len(p) for p in series.values()), {r["source"].value for r in data}


def _metric(code: str | None):
    from .namespaces import KGBM
    from .vocab import metric_codes

    if code not in metric_codes():
        raise KgbuildError(f"unknown metric {code!r}; known: {', '.join(sorted(metric_codes()))}")
    return KGBM.term(code)


