"""The console script, run as a real subprocess against a temporary on-disk store."""

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPORTS, ROOT

KGBUILD = [str(Path(sys.executable).with_name("kgbuild"))]


def kgbuild(*args, cwd=ROOT, env=None):
    return subprocess.run(KGBUILD + list(args), cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "store"
    done = kgbuild("build", "--store", str(path))
    assert done.returncode == 0, done.stderr
    assert "5 reports built, 0 failed" in done.stdout
    return path


def test_build_without_paths_builds_the_bundled_reports_and_summarises(store):
    done = kgbuild("export", "reports", "--store", str(store), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [r["report"] for r in rows] == sorted(p.stem for p in REPORTS.glob("*.txt"))
    assert {r["report"]: r["jurisdiction"] for r in rows}["dawukou-2021"] == "大武口区"


def test_export_observations_csv_has_the_contract_columns(store):
    done = kgbuild("export", "observations", "--store", str(store), "--format", "csv")
    assert done.returncode == 0, done.stderr
    reader = csv.DictReader(io.StringIO(done.stdout))
    for column in ["report", "jurisdiction", "year", "metric", "metric_label", "value", "unit", "approximate",
                   "measure", "body", "quote", "start", "end"]:
        assert column in reader.fieldnames
    rows = list(reader)
    assert any(r["metric"] == "litigation.lossRate" and r["value"] == "14.7" and r["report"] == "dawukou-2021" for r in rows)


def test_export_observations_json_parses_and_keeps_chinese_readable(store, tmp_path):
    out = tmp_path / "obs.json"
    done = kgbuild("export", "observations", "--store", str(store), "--format", "json", "-o", str(out))
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert "鱼峰区" in text
    rows = json.loads(text)
    assert rows and isinstance(rows[0]["start"], int)


def test_sparql_runs_a_query_with_predeclared_prefixes(store):
    query = (
        "SELECT ?v WHERE { ?o kgb:metric kgbm:reconsideration.applications ; "
        "kgb:jurisdiction/skos:prefLabel '城中区'@zh ; kgb:value ?v }"
    )
    done = kgbuild("sparql", "--store", str(store), "--format", "json", query)
    assert done.returncode == 0, done.stderr
    # SPARQL 1.1 results JSON: typed literals, as any SPARQL tool reads them
    assert json.loads(done.stdout)["results"]["bindings"] == [
        {"v": {"type": "literal", "datatype": "http://www.w3.org/2001/XMLSchema#decimal", "value": "20"}}]


def test_sparql_syntax_errors_are_a_clear_error_with_exit_1(store):
    done = kgbuild("sparql", "--store", str(store), "SELECT ?x WHERE {")
    assert done.returncode == 1
    assert done.stderr.startswith("Error: query: SPARQL syntax error")


def test_querying_a_missing_store_says_how_to_make_one(tmp_path):
    done = kgbuild("stats", "--store", str(tmp_path / "none"))
    assert done.returncode == 1
    assert "run `kgbuild build` first" in done.stderr


def test_build_with_a_bad_file_loads_the_rest_and_exits_3(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(REPORTS / "pingan-2021.txt", folder)
    (folder / "empty.txt").write_bytes(b"")
    done = kgbuild("build", str(folder), "--store", str(tmp_path / "s"), "-q")
    assert done.returncode == 3
    assert "empty.txt: file is empty" in done.stderr
    assert "1 reports built, 1 failed" in done.stdout


def test_the_store_can_be_chosen_by_environment_variable(tmp_path):
    import os

    env = dict(os.environ, KGBUILD_STORE=str(tmp_path / "envstore"))
    done = kgbuild("build", str(REPORTS / "pingan-2021.txt"), "-q", env=env)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "envstore").is_dir()


def test_validate_command_passes_on_the_built_store(store):
    done = kgbuild("validate", "--store", str(store))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 violations" in done.stderr


def test_sparql_text_longer_than_a_file_name_is_run_as_a_query(store):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . FILTER(?p != rdf:type) }" + " " * 300
    done = kgbuild("sparql", "--store", str(store), "--format", "csv", query)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.splitlines()[1]) > 0


def test_nquads_shards_load_into_any_store_as_the_same_graph(store, tmp_path):
    """build --to nquads writes one file per report graph plus ontology and entities; bulk-loaded into
    a fresh store they give the same export as a build into a store, and a second run the same bytes."""
    import pyoxigraph

    shards = tmp_path / "shards"
    done = kgbuild("build", "--to", "nquads", str(shards))
    assert done.returncode == 0, done.stderr
    assert f"shards {shards}" in done.stdout
    files = sorted(shards.rglob("*.nq"))
    assert len(files) == 7 and (shards / "entities.nq") in files and (shards / "ontology.nq") in files
    again = tmp_path / "again"
    kgbuild("build", "--to", "nquads", str(again))
    assert [f.read_bytes() for f in files] == [f.read_bytes() for f in sorted(again.rglob("*.nq"))]
    loaded = pyoxigraph.Store(str(tmp_path / "loaded"))
    for f in files:
        loaded.bulk_load(path=str(f), format=pyoxigraph.RdfFormat.N_QUADS)
    loaded.flush()
    del loaded
    for table in ("observations", "reports"):
        ours = kgbuild("export", table, "--store", str(store)).stdout
        theirs = kgbuild("export", table, "--store", str(tmp_path / "loaded")).stdout
        assert ours == theirs and ours.count("\n") > 5
    both = kgbuild("build", "--to", "nquads", str(shards), "--store", str(tmp_path / "s"))
    assert both.returncode == 2 and "not both" in both.stderr


def test_sparql_speaks_the_standards_and_refuses_updates(store, tmp_path):
    import xml.etree.ElementTree as ET

    import rdflib

    select = "SELECT ?r WHERE { ?r a kgb:Report } ORDER BY ?r"
    xml = kgbuild("sparql", "--store", str(store), "--format", "xml", select).stdout
    assert len(ET.fromstring(xml).findall(".//{http://www.w3.org/2005/sparql-results#}result")) == 5
    construct = "CONSTRUCT { ?r a kgb:Report } WHERE { ?r a kgb:Report }"
    turtle = kgbuild("sparql", "--store", str(store), "--format", "turtle", construct)
    assert len(rdflib.Graph().parse(data=turtle.stdout, format="turtle")) == 5
    before = kgbuild("dump", "--store", str(store)).stdout
    update = kgbuild("sparql", "--store", str(store), "INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }")
    assert update.returncode == 1 and "read-only" in update.stderr and "nothing was changed" in update.stderr
    assert kgbuild("dump", "--store", str(store)).stdout == before
    unknown = kgbuild("sparql", "--store", str(store), "SELECT ?x WHERE { ?x foo:bar ?y }")
    assert unknown.returncode == 1 and "unknown prefix at line 1, column" in unknown.stderr and "\\u{" not in unknown.stderr
    trig = tmp_path / "all.trig"
    assert kgbuild("dump", "--store", str(store), "--format", "trig", "-o", str(trig)).returncode == 0
    dataset = rdflib.Dataset()
    dataset.parse(trig, format="trig")
    assert len(dataset) == before.count("\n")



def test_export_reports_counts_figures_only_and_tables_keep_iris_whole(store):
    reports = {r["report"]: int(r["observations"]) for r in csv.DictReader(io.StringIO(
        kgbuild("export", "reports", "--store", str(store), "--format", "csv").stdout))}
    observed = [r["report"] for r in csv.DictReader(io.StringIO(
        kgbuild("export", "observations", "--store", str(store), "--format", "csv").stdout))]
    assert reports == {r: observed.count(r) for r in reports}
    long_iri = "SELECT ?o WHERE { ?o a kgb:Observation } ORDER BY ?o LIMIT 1"
    done = kgbuild("sparql", "--store", str(store), long_iri)
    assert done.stdout.splitlines()[2].startswith("https://w3id.org/kgbuild/id/obs/") and "…" not in done.stdout
    empty = kgbuild("sparql", "--store", str(store), "SELECT ?x WHERE { ?x a kgb:Nothing }")
    assert empty.returncode == 0 and empty.stderr == "no rows\n"


def test_remove_takes_a_report_and_what_only_it_referred_to(tmp_path):
    store = tmp_path / "store"
    assert kgbuild("build", str(REPORTS / "dawukou-2021.txt"), str(REPORTS / "pingan-2021.txt"), "--store", str(store),
                   "--no-validate").returncode == 0
    missing = kgbuild("remove", "nosuch", "dawukou-2021", "--store", str(store))
    assert missing.returncode == 1 and "no report 'nosuch'" in missing.stderr
    done = kgbuild("remove", "dawukou-2021", "--store", str(store))
    assert done.returncode == 0 and "removed 1 report" in done.stdout
    reports = kgbuild("export", "reports", "--store", str(store), "--format", "csv").stdout
    assert "dawukou-2021" not in reports and "pingan-2021" in reports
    places = kgbuild("sparql", "SELECT ?n WHERE { ?j a kgb:Jurisdiction ; skos:prefLabel ?n }", "--store", str(store)).stdout
    assert "大武口区" not in places and "石嘴山市" not in places
