"""`kgbuild serve`, started for real as a process on loopback: the SPARQL 1.1 Protocol, read-only,
limits, prebuilt queries, and the query and entity pages in headless Chromium."""

import csv
import io
import json
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import rdflib
from browser import chromium, requested_urls, require_browser
from test_hostile import Listener

from conftest import REPORTS

KGBUILD = str(Path(sys.executable).with_name("kgbuild"))
REPORTS_Q = "SELECT ?r WHERE { ?r a kgb:Report } ORDER BY ?r"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = tmp_path_factory.mktemp("serve") / "store"
    done = subprocess.run([KGBUILD, "build", str(REPORTS), "--store", str(store), "--no-validate"], capture_output=True)
    assert done.returncode == 0, done.stderr
    port = _free_port()
    process = subprocess.Popen([KGBUILD, "serve", "--store", str(store), "--port", str(port), "--time-limit", "3",
                                "--workers", "2"], stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(base + "/queries", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        process.kill()
        pytest.fail("the server did not start: " + process.stderr.read())
    yield base, store
    process.terminate()
    process.wait(10)


def request(base, path="/sparql", query=None, accept="application/sparql-results+json", method="GET", body=None,
            content_type=None):
    url = base + path
    data = body
    if query is not None and method == "GET":
        url += "?" + urllib.parse.urlencode({"query": query})
    elif query is not None:
        data, content_type = urllib.parse.urlencode({"query": query}).encode(), "application/x-www-form-urlencoded"
    headers = {"Accept": accept} | ({"Content-Type": content_type} if content_type else {})
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers, method=method), timeout=60) as r:
            return r.status, r.headers.get("content-type", ""), r.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("content-type", ""), exc.read().decode("utf-8")


def test_every_result_format_parses_with_a_standard_parser(server):
    base, _ = server
    status, kind, body = request(base, query=REPORTS_Q)
    reports = [b["r"]["value"] for b in json.loads(body)["results"]["bindings"]]
    assert status == 200 and kind.startswith("application/sparql-results+json") and len(reports) == 5
    _, kind, body = request(base, query=REPORTS_Q, accept="application/sparql-results+xml", method="POST")
    ns = {"s": "http://www.w3.org/2005/sparql-results#"}
    assert [u.text for u in ET.fromstring(body).findall(".//s:uri", ns)] == reports
    _, _, body = request(base, query=REPORTS_Q, accept="text/csv")
    assert [row["r"] for row in csv.DictReader(io.StringIO(body))] == reports
    _, _, body = request(base, query=REPORTS_Q, accept="text/tab-separated-values")
    assert body.splitlines()[0] == "?r" and len(body.splitlines()) == 6
    construct = "CONSTRUCT { ?r a kgb:Report } WHERE { ?r a kgb:Report }"
    for accept, fmt in (("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/n-triples", "nt")):
        status, kind, body = request(base, query=construct, accept=accept)
        assert status == 200 and kind.startswith(accept)
        assert len(rdflib.Graph().parse(data=body, format=fmt)) == 5
    status, _, body = request(base, body=REPORTS_Q.encode(), method="POST", content_type="application/sparql-query")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 5


def _count(base):
    return json.loads(request(base, query="SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[2])["results"]["bindings"][0]["n"]


def test_updates_are_refused_and_the_store_is_unchanged(server):
    base, _ = server
    before = _count(base)
    insert = "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"
    for status, _, body in (
        request(base, query=insert, method="POST"),
        request(base, body=insert.encode(), method="POST", content_type="application/sparql-update"),
        request(base, body=urllib.parse.urlencode({"update": insert}).encode(), method="POST",
                content_type="application/x-www-form-urlencoded"),
        request(base, query="LOAD <http://127.0.0.1:9/x.ttl>"),
    ):
        assert status == 403 and "read-only" in body
    assert _count(base) == before


def test_service_is_refused_without_a_connection(server):
    base, _ = server
    listener = Listener()
    try:
        status, _, body = request(base, query=f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }}")
    finally:
        listener.close()
    assert status == 400 and "SERVICE" in body and listener.connections == 0


def test_a_runaway_query_is_stopped_and_the_server_goes_on(server):
    base, _ = server
    started = time.perf_counter()
    status, _, body = request(base, query="SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    assert status == 503 and "stopped after 3 s" in body and "no partial result" in body
    assert time.perf_counter() - started < 20
    too_many = request(base, query="SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }")
    assert too_many[0] == 413 and "more than 10000 rows" in too_many[2]
    assert request(base, query=REPORTS_Q)[0] == 200


def test_prebuilt_queries_are_listed_and_run_with_the_cli_validation(server):
    base, store = server
    listed = json.loads(request(base, "/queries")[2])
    assert {"rollup", "export-observations"} <= {q["name"] for q in listed}
    status, _, body = request(base, "/queries/rollup?" + urllib.parse.urlencode({"metric": "litigation.cases"}),
                              accept="text/csv")
    cli = subprocess.run([KGBUILD, "query", "run", "rollup", "-p", "metric=litigation.cases", "--store", str(store),
                          "--format", "csv"], capture_output=True, text=True).stdout
    served = [row[:5] for row in csv.reader(io.StringIO(body))]  # the bound parameters follow as _metric, _parent
    assert status == 200 and served == list(csv.reader(io.StringIO(cli)))
    status, _, body = request(base, "/queries/rollup?metric=nosuch")
    assert status == 400 and "unknown metric 'nosuch'" in body
    assert request(base, "/queries/nosuch")[0] == 404


def test_eight_clients_fifty_queries_each_all_answer_right(server, capsys):
    base, _ = server
    expected = request(base, query=REPORTS_Q)[2]
    failures = []

    def client():
        for _ in range(50):
            status, _, body = request(base, query=REPORTS_Q)
            if status != 200 or body != expected:
                failures.append(status)

    threads = [threading.Thread(target=client) for _ in range(8)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    assert failures == []
    with capsys.disabled():
        print(f"\n400 queries from 8 clients in {seconds:.1f} s: {400 / seconds:.0f} queries/s")


def test_sparqlwrapper_talks_to_it(server):
    from SPARQLWrapper import JSON, SPARQLWrapper

    base, _ = server
    client = SPARQLWrapper(base + "/sparql")
    client.setQuery("PREFIX kgb: <https://w3id.org/kgbuild/ontology#> SELECT (COUNT(?r) AS ?n) WHERE { ?r a kgb:Report }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["results"]["bindings"][0]["n"]["value"] == "5"


def test_the_query_page_runs_an_example_and_links_to_entity_pages(server, tmp_path):
    require_browser()
    base, _ = server
    from selenium.webdriver.support.ui import Select, WebDriverWait

    driver = chromium(tmp_path)
    try:
        driver.get(base + "/")
        WebDriverWait(driver, 20).until(lambda d: len(d.find_elements("css selector", "#examples option")) > 5)
        Select(driver.find_element("id", "examples")).select_by_value("jurisdictions")
        driver.find_element("id", "run").click()
        WebDriverWait(driver, 30).until(lambda d: d.find_elements("css selector", "#results table tr td"))
        rows = driver.find_elements("css selector", "#results table tr")
        assert len(rows) >= 4 and "prebuilt=jurisdictions" in driver.current_url  # a header and the places
        box = driver.find_element("id", "query")
        box.clear()
        box.send_keys("SELECT ?place ?name WHERE { ?place a kgb:Jurisdiction ; skos:prefLabel ?name . "
                      "FILTER(lang(?name) = 'zh') } ORDER BY ?name")
        driver.find_element("id", "run").click()
        WebDriverWait(driver, 30).until(lambda d: d.find_elements("css selector", "#results table tr td a"))
        assert "query=SELECT" in driver.current_url  # the query travels in the URL, to share
        driver.save_screenshot(str(tmp_path / "query-page.png"))
        link = next(a for a in driver.find_elements("css selector", "#results td a") if "/id/jurisdiction/" in
                    a.get_attribute("href"))
        link.click()
        WebDriverWait(driver, 20).until(lambda d: d.find_elements("css selector", "h1"))
        assert driver.find_element("css selector", "h1").text and driver.find_elements("css selector", "table tr")
        driver.save_screenshot(str(tmp_path / "entity-page.png"))
        urls = [u for u in requested_urls(driver) if not u.startswith(("chrome:", "chrome-", "devtools:", "data:"))]
        assert urls and all(u.startswith(base) for u in urls), urls
    finally:
        driver.quit()


def test_entity_pages_show_what_each_kind_of_entity_is_looked_up_for(server):
    """A jurisdiction's page: its figures by year; a report's: its text with every figure's number
    marked and linked; a metric's: its values across places and years."""
    base, _ = server
    status, _, page = request(base, "/id/jurisdiction/450203", accept="text/html")
    assert status == 200 and "Figures by year" in page
    figures = re.findall(r"<tr><td>(20\d\d)</td><td>([\w.]+)</td>", page)
    assert {y for y, _ in figures} == {"2019", "2021", "2023"} and ("2021", "litigation.cases") in figures
    status, _, page = request(base, "/id/report/dawukou-2021", accept="text/html")
    marks = re.findall(r'<mark title="([^"]+)"><a href="(/id/obs/dawukou-2021/\d+)">([^<]+)</a></mark>', page)
    assert status == 200 and len(marks) >= 25 and "<h1>dawukou-2021</h1>" in page  # no title: its id
    assert any(title.startswith("litigation.lost: 5") and text.startswith("5") for title, _, text in marks)
    assert request(base, marks[0][1], accept="text/html")[0] == 200  # each mark links to its observation
    status, _, page = request(base, "/describe?iri=" + urllib.parse.quote("https://w3id.org/kgbuild/metric/litigation.cases"),
                              accept="text/html")
    assert status == 200 and "Values across places and years" in page and page.count("<tr><td>") >= 4
