"""One store contract, two backends: the bundled reports built into a real Virtuoso server through
the remote backend answer every prebuilt query exactly as the embedded store does."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pyoxigraph import Literal, Variable
from virtuoso import Virtuoso

from conftest import REPORTS
from kgbuild.errors import QueryError
from kgbuild.query import list_queries, run_prebuilt
from kgbuild.remote import RemoteSpec, SparqlStore, bind_values

KGBUILD = [str(Path(sys.executable).with_name("kgbuild"))]
# Each prebuilt query with and without its parameters.
PARAMS = [{}, {"jurisdiction": "鱼峰区", "year": "2021", "metric": "litigation.cases", "parent": "柳州市",
               "report": "yufeng-2021"}]


def kgbuild(*args, env=None):
    return subprocess.run(KGBUILD + list(args), capture_output=True, text=True, timeout=600,
                          env={**os.environ, **(env or {})})


def test_parameters_are_bound_by_values_at_the_head_of_every_where_group():
    query = 'SELECT ?a WHERE { ?a ?b "WHERE {" . { SELECT ?a WHERE { ?a ?c ?_year } } } # WHERE {'
    bound = bind_values(query, {Variable("_year"): Literal("2021")})
    assert bound.count('VALUES (?_year) { ("2021") }') == 2
    assert '"WHERE {"' in bound and bound.endswith("# WHERE {")
    with pytest.raises(QueryError, match="WHERE clause"):
        bind_values("ASK { ?s ?p ?_x }", {Variable("_x"): Literal("1")})


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    virtuoso = Virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield virtuoso
    virtuoso.stop()


def remote_args(server):
    return ["--store", server.endpoint, "--graph-store", server.graph_store, "--user", server.user]


@pytest.fixture(scope="module")
def remote(server):
    done = kgbuild("build", *remote_args(server), str(REPORTS), env=server.env())
    assert done.returncode == 0, done.stderr
    assert "5 reports built, 0 failed" in done.stdout and "0 SHACL violations" in done.stdout
    os.environ["KGBUILD_STORE_PASSWORD"] = server.password
    store = SparqlStore(RemoteSpec(server.endpoint, server.graph_store, server.user))
    yield store
    store.close()


def _without_blank_nodes(nquads: bytes) -> set[str]:
    # The ontology's blank nodes get new labels in any store; everything else is compared as it is.
    return {line for line in nquads.decode().splitlines() if "_:" not in line}


def test_the_server_holds_exactly_what_the_embedded_store_holds(remote, built_store):
    assert remote.quad_count() == built_store[0].quad_count()
    assert _without_blank_nodes(remote.dump()) == _without_blank_nodes(built_store[0].dump())
    assert remote.report_graphs() == built_store[0].report_graphs()


@pytest.mark.parametrize("query", [q.name for q in list_queries()])
def test_every_prebuilt_query_gives_the_same_table_on_virtuoso(remote, built_store, query):
    q = next(x for x in list_queries() if x.name == query)
    for params in PARAMS:
        values = {p.name: params[p.name] for p in q.params if p.name in params}
        if params and not values:
            continue
        assert run_prebuilt(remote, query, values) == run_prebuilt(built_store[0], query, values), values


def test_rebuilding_into_the_server_replaces_each_report(server, remote):
    before = remote.quad_count()
    done = kgbuild("build", *remote_args(server), str(REPORTS / "yufeng-2021.txt"), env=server.env())
    assert done.returncode == 0, done.stderr
    assert remote.quad_count() == before


def test_the_cli_reads_the_server_and_refuses_updates(server, remote, built_store, tmp_path):
    args = ["--store", server.endpoint]
    done = kgbuild("export", "observations", *args, "--format", "csv")
    embedded = kgbuild("export", "observations", "--store", str(built_store[0].path), "--format", "csv")
    assert done.returncode == 0 and done.stdout == embedded.stdout
    before = remote.quad_count()
    refused = kgbuild("sparql", "INSERT DATA { <urn:x> <urn:y> <urn:z> }", *args)
    assert refused.returncode == 1 and "read-only" in refused.stderr
    assert remote.quad_count() == before
    no_writer = kgbuild("remove", "yufeng-2021", *args)
    assert no_writer.returncode == 1 and "--graph-store" in no_writer.stderr
    wrong = kgbuild("remove", "yufeng-2021", *remote_args(server), env={"KGBUILD_STORE_PASSWORD": "wrong"})
    assert wrong.returncode == 1 and "refused the credentials" in wrong.stderr
    assert remote.quad_count() == before


def test_serve_answers_from_the_server(server, remote):
    from starlette.testclient import TestClient

    from kgbuild.serve import Limits, create_app

    app = create_app(RemoteSpec(server.endpoint), Limits(20, 1000), workers=1)
    with TestClient(app) as client:
        answer = client.post("/sparql", data={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?r a kgb:Report }"},
                             headers={"Accept": "text/csv"})
        assert answer.status_code == 200 and answer.text.split() == ["n", "5"]
        table = client.get("/queries/rollup", params={"metric": "litigation.cases", "format": "json"})
        assert table.status_code == 200 and table.json()["results"]["bindings"]


def test_removing_a_report_from_the_server_leaves_what_the_embedded_store_leaves(server, remote, tmp_path):
    local = tmp_path / "store"
    assert kgbuild("build", "--store", str(local), "--no-validate", str(REPORTS)).returncode == 0
    for args in (["--store", str(local)], remote_args(server)):
        done = kgbuild("remove", "yufeng-2021", *args, env=server.env())
        assert done.returncode == 0, done.stderr
    from kgbuild.store import OxigraphStore

    embedded = OxigraphStore(local, read_only=True)
    assert _without_blank_nodes(remote.dump()) == _without_blank_nodes(embedded.dump())
    assert "https://w3id.org/kgbuild/graph/report/yufeng-2021" not in remote.report_graphs()
    rebuilt = kgbuild("build", *remote_args(server), str(REPORTS / "yufeng-2021.txt"), env=server.env())
    assert rebuilt.returncode == 0, rebuilt.stderr


def test_shards_load_with_virtuosos_own_bulk_loader(server, remote, built_store):
    """build --to nquads, then Virtuoso's ld_dir_all + rdf_loader_run: the same graph as the embedded build."""
    shards = server.folder / "shards"  # inside the server's DirsAllowed
    done = kgbuild("build", str(REPORTS), "--to", "nquads", str(shards), "-q")
    assert done.returncode == 0, done.stderr
    for graph in remote.report_graphs() + ["https://w3id.org/kgbuild/graph/ontology", "https://w3id.org/kgbuild/graph/entities"]:
        from pyoxigraph import NamedNode

        remote.drop_graph(NamedNode(graph))
    assert remote.quad_count() == 0
    out = server.isql(f"ld_dir_all('{shards}', '*.nq', 'https://w3id.org/kgbuild/graph/'); rdf_loader_run(); checkpoint; "
                      "select count(*) from DB.DBA.load_list where ll_error is not null;")
    assert "\n0\n" in out.replace(" ", ""), out
    assert _without_blank_nodes(remote.dump()) == _without_blank_nodes(built_store[0].dump())
    assert remote.quad_count() == built_store[0].quad_count()
