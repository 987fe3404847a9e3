"""Graph and chart exports: read back with networkx, opened in headless Chromium, fonts checked."""

import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from browser import chromium, requested_urls, require_browser

from kgbuild.errors import KgbuildError
from kgbuild.viz import Selection, cjk_font, subgraph, write_graph

KGBUILD = str(Path(sys.executable).with_name("kgbuild"))


@pytest.fixture(scope="module")
def yufeng(built_store):
    return subgraph(built_store[0], Selection(jurisdiction="鱼峰区"))


def test_a_jurisdictions_picture_holds_its_two_reports_bodies_programmes_and_figures(yufeng):
    types = Counter(attrs["type"] for _, attrs in yufeng.nodes(data=True))
    reports = sorted(attrs["label_zh"] for _, attrs in yufeng.nodes(data=True) if attrs["type"] == "Report")
    assert reports == ["yufeng-2021", "yufeng-2023"]
    assert types["GovernmentBody"] >= 10 and types["Program"] >= 20 and types["Observation"] >= 40
    quotes = [a["quote"] for _, a in yufeng.nodes(data=True) if a["type"] == "Observation"]
    assert "收到行政复议申请57件" in quotes


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_read_back_with_their_nodes_edges_and_types(yufeng, tmp_path, fmt):
    path = tmp_path / f"g.{fmt}"
    write_graph(yufeng, path, fmt)
    back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert back.number_of_nodes() == yufeng.number_of_nodes()
    assert back.number_of_edges() == yufeng.number_of_edges()
    assert Counter(a["type"] for _, a in back.nodes(data=True)) == Counter(a["type"] for _, a in yufeng.nodes(data=True))


def test_a_node_limit_warns_when_hit(built_store):
    selection = Selection(jurisdiction="鱼峰区", limit=20)
    graph = subgraph(built_store[0], selection)
    assert graph.number_of_nodes() <= 20
    assert selection.warnings == ["node limit 20 reached: raise --limit to see more"]


def test_the_html_page_works_offline_in_chromium_and_a_click_shows_a_figures_quote(yufeng, tmp_path):
    require_browser()
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    page = tmp_path / "yufeng.html"
    write_graph(yufeng, page, "html")
    driver = chromium(tmp_path)
    try:
        driver.get(page.as_uri())
        time.sleep(4)  # let the layout settle
        # Chromium's own chrome:// pages aside, nothing may be fetched but the file itself.
        urls = [u for u in requested_urls(driver) if not u.startswith(("chrome:", "chrome-", "devtools:"))]
        assert urls and all(u.startswith(("file:", "data:", "blob:")) for u in urls), urls
        assert driver.execute_script("return JSON.parse(document.getElementById('graph-data').textContent).nodes.length") \
            == yufeng.number_of_nodes()
        shot = tmp_path / "shot.png"
        driver.save_screenshot(str(shot))
        from PIL import Image

        colours = Image.open(shot).convert("RGB").getcolors(maxcolors=1 << 20)
        assert colours is not None and len(colours) > 50, "the canvas looks blank"
        target = next(n for n, a in yufeng.nodes(data=True) if a.get("quote") == "收到行政复议申请57件")
        driver.execute_script("window.kgNetwork.stopSimulation(); window.kgNetwork.focus(arguments[0], {scale: 4});", target)
        time.sleep(1)
        x, y = driver.execute_script(
            "const p = window.kgNetwork.canvasToDOM(window.kgNetwork.getPositions([arguments[0]])[arguments[0]]);"
            "return [p.x, p.y];", target)
        canvas = driver.find_element(By.CSS_SELECTOR, "#graph canvas")
        ActionChains(driver).move_to_element_with_offset(canvas, x - canvas.size["width"] / 2,
                                                         y - canvas.size["height"] / 2).click().perform()
        time.sleep(0.5)
        details = driver.find_element(By.ID, "details").text
        assert "收到行政复议申请57件" in details and "yufeng-2021" in details
        driver.find_element(By.ID, "lang").click()
        assert driver.execute_script("return window.kgNetwork.body.data.nodes.get().some(n => n.label === 'Yufeng District')")
    finally:
        driver.quit()


def test_a_chart_with_chinese_labels_uses_a_cjk_font_and_is_not_blank(built_store, tmp_path):
    if cjk_font() is None:
        pytest.skip("no CJK font installed (apt install fonts-noto-cjk)")
    out = tmp_path / "chart.png"
    done = subprocess.run([KGBUILD, "viz", "chart", "--metric", "reconsideration.applications", "--year", "2021",
                           "-o", str(out), "--store", str(_store_path(built_store))], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "font Noto" in done.stdout or "font " in done.stdout
    from matplotlib import font_manager
    from PIL import Image

    assert "CJK" in font_manager.findfont(cjk_font()) or "cjk" in font_manager.findfont(cjk_font()).lower()
    colours = Image.open(out).convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 20


def _store_path(built_store):
    return built_store[0].path


def test_dot_is_written_and_svg_needs_graphviz_or_says_so(yufeng, tmp_path, monkeypatch):
    import shutil

    from kgbuild.errors import KgbuildError

    dot = tmp_path / "g.dot"
    write_graph(yufeng, dot, "dot")
    assert dot.read_text(encoding="utf-8").startswith("digraph kgbuild {")
    if shutil.which("dot"):
        svg = tmp_path / "g.svg"
        write_graph(yufeng, svg, "svg")
        assert "<svg" in svg.read_text(encoding="utf-8")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(KgbuildError, match="needs Graphviz's `dot`, which is not installed"):
        write_graph(yufeng, tmp_path / "g.png", "png")


def test_charts_say_their_years_and_refuse_when_there_is_nothing_to_draw(built_store, tmp_path):
    """No --year: one bar per place and year, both years in the title; one report of a place is no trend;
    the caller's matplotlib settings are left alone."""
    import matplotlib

    from kgbuild.viz import chart

    store = built_store[0]
    before = (list(matplotlib.rcParams["font.family"]), matplotlib.rcParams["axes.unicode_minus"])
    summary = chart(store, tmp_path / "two-years.png", metric="litigation.cases")
    assert summary["items"] == 3  # 大武口区 2021, 鱼峰区 2021 and 2023: no year silently overwrites another
    assert (list(matplotlib.rcParams["font.family"]), matplotlib.rcParams["axes.unicode_minus"]) == before
    with pytest.raises(KgbuildError, match="nothing to draw for dawukou"):
        chart(store, tmp_path / "one.png", jurisdiction="dawukou")
    only = chart(store, tmp_path / "one-metric.png", jurisdiction="yufeng", metric="litigation.cases")
    assert only["items"] == 2
    done = subprocess.run([KGBUILD, "viz", "chart", "--jurisdiction", "dawukou", "-o", str(tmp_path / "x.png"),
                           "--store", str(store.path)], capture_output=True, text=True)
    assert done.returncode == 1 and done.stderr.startswith("Error: nothing to draw") and not (tmp_path / "x.png").exists()
