"""The built graph: grounded, valid, idempotent, and one replaceable graph per report."""

import shutil

import pyoxigraph
import pytest

from conftest import REPORTS
from kgbuild.build import build
from kgbuild.errors import StoreError
from kgbuild.numbers import parse_number
from kgbuild.store import OxigraphStore
from kgbuild.validate import validate_nquads


def test_every_observation_is_grounded_in_its_report_text(built_store, observation_rows):
    store, _ = built_store
    texts = {}
    for row in store.query("SELECT ?id ?t WHERE { ?r dcterms:identifier ?id ; kgb:normalizedText ?t }"):
        texts[row["id"].value] = row["t"].value
    assert observation_rows
    for row in observation_rows:
        text = texts[row["report"]]
        assert text[row["start"]:row["end"]] == row["quote"], row
        assert row["value_text"] in row["quote"], row
        stated = parse_number(row["value_text"].rstrip("万亿"), row["value_text"][-1] if row["value_text"][-1] in "万亿" else "")
        assert abs(stated) == abs(parse_number(str(row["value"]))), row


def test_the_build_finds_jurisdiction_and_year_of_every_bundled_report_without_a_manifest(built_store):
    _, result = built_store
    manifest = {}
    for line in (REPORTS.parent.parent / "tests" / "data" / "bundled-manifest.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        file, jurisdiction, year, _ = line.split("\t")
        manifest[file] = (jurisdiction, int(year))
    assert {r.source: (r.jurisdiction, r.year) for r in result.reports} == manifest
    assert not result.failures


def test_the_built_graph_conforms_to_the_shapes(built_store):
    _, result = built_store
    assert result.violations == []


def test_validation_reports_a_broken_observation(built_store):
    store, _ = built_store
    nquads = store.dump_nquads().decode("utf-8")
    broken = "\n".join(
        line for line in nquads.splitlines() if not ("yufeng-2023/0001>" in line.split(" ")[0] and "#value>" in line)
    )
    violations = validate_nquads(broken.encode("utf-8"))
    assert [(v.report, v.path) for v in violations] == [("yufeng-2023", "https://w3id.org/kgbuild/ontology#value")]
    assert violations[0].focus.endswith("yufeng-2023/0001")


def test_building_twice_leaves_the_triple_count_unchanged(tmp_path):
    store = OxigraphStore(tmp_path / "store")
    first = build([REPORTS], store, validate=False).store_triples
    second = build([REPORTS], store, validate=False).store_triples
    assert first == second > 0


def test_reingesting_one_report_replaces_only_that_report(tmp_path):
    folder = tmp_path / "reports"
    shutil.copytree(REPORTS, folder)
    store = OxigraphStore(tmp_path / "store")
    build([folder], store, validate=False)
    before = {g: _graph_quads(store, g) for g in store.report_graphs()}
    edited = folder / "pingan-2021.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n全年受理法律援助案件9件。\n", encoding="utf-8")
    build([edited], store, validate=False)
    after = {g: _graph_quads(store, g) for g in store.report_graphs()}
    assert after.keys() == before.keys()
    for graph in before:
        if graph.endswith("pingan-2021"):
            assert len(after[graph]) > len(before[graph])
        else:
            assert after[graph] == before[graph]


def test_a_failing_write_leaves_the_previous_report_graph_whole(tmp_path):
    store = OxigraphStore(tmp_path / "store")
    build([REPORTS / "pingan-2021.txt"], store, validate=False)
    graph = store.report_graphs()[0]
    before = _graph_quads(store, graph)
    bad = pyoxigraph.Quad(pyoxigraph.NamedNode("http://x/s"), pyoxigraph.NamedNode("http://x/p"),
                          pyoxigraph.Literal("x"), pyoxigraph.NamedNode(graph))
    # A literal in subject position cannot be written: the whole update must be refused.
    class Broken:
        subject, predicate, object, graph_name = pyoxigraph.Literal("no"), bad.predicate, bad.object, bad.graph_name

    with pytest.raises((TypeError, StoreError)):
        store.replace_graphs(pyoxigraph.NamedNode(graph), [bad, Broken()])
    assert _graph_quads(store, graph) == before


def _graph_quads(store, graph):
    rows = store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return sorted((str(r["s"]), str(r["p"]), str(r["o"])) for r in rows)


def test_validation_reports_an_empty_or_reversed_quote_range(built_store):
    store, _ = built_store
    nquads = store.dump_nquads().decode("utf-8")
    target = "<https://w3id.org/kgbuild/id/obs/pingan-2021/0001/position> <http://www.w3.org/ns/oa#end>"
    lines = [
        f'{target} "0"^^<http://www.w3.org/2001/XMLSchema#integer> <https://w3id.org/kgbuild/graph/report/pingan-2021> .'
        if line.startswith(target) else line
        for line in nquads.splitlines()
    ]
    violations = validate_nquads("\n".join(lines).encode("utf-8"))
    assert any(v.focus.endswith("pingan-2021/0001/position") and v.report == "pingan-2021" for v in violations), violations


def test_a_body_a_reingested_report_no_longer_names_is_forgotten(tmp_path):
    report = tmp_path / "x-2022.txt"
    report.write_text("2022年，新安县收到行政复议申请5件。新安县司法局办理法律援助案件9件。新安县法治建设。", encoding="utf-8")
    store = OxigraphStore(tmp_path / "store")
    build([report], store, validate=False)
    bodies = "SELECT ?b WHERE { ?x a kgb:GovernmentBody ; skos:prefLabel ?b }"
    assert [r["b"].value for r in store.query(bodies)] == ["司法局"]
    report.write_text("2022年，新安县收到行政复议申请5件。新安县办理法律援助案件9件。新安县法治建设。", encoding="utf-8")
    build([report], store, validate=False)
    assert list(store.query(bodies)) == []


def test_a_gbk_copy_of_a_report_gives_the_same_observations(tmp_path, observation_rows):
    from kgbuild.export import observations

    folder = tmp_path / "gbk"
    folder.mkdir()
    text = (REPORTS / "chengzhong-2021.txt").read_text(encoding="utf-8")
    (folder / "chengzhong-2021.txt").write_bytes(text.encode("gbk"))
    store = OxigraphStore(tmp_path / "store")
    build([folder], store, validate=False)
    columns, rows = observations(store)
    gbk = [dict(zip(columns, row, strict=True)) for row in rows]
    assert gbk == [r for r in observation_rows if r["report"] == "chengzhong-2021"]
