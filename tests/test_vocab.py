"""The ontology, metric scheme and query files stay consistent with the code that uses them."""

import re

import rdflib

from conftest import ROOT
from kgbuild.lexicon import default_lexicon
from kgbuild.query import list_queries
from kgbuild.vocab import metric_codes, metrics_turtle

KGB = "https://w3id.org/kgbuild/ontology#"


def test_metrics_ttl_is_generated_from_the_tsv_files():
    assert (ROOT / "ontology" / "metrics.ttl").read_text(encoding="utf-8") == metrics_turtle()


def test_every_metrics_v1_code_is_a_skos_notation_in_the_scheme():
    graph = rdflib.Graph().parse(ROOT / "ontology" / "metrics.ttl")
    notations = {str(o) for o in graph.objects(None, rdflib.SKOS.notation)}
    shared = (ROOT / "kgbuild" / "data" / "metrics-v1.tsv").read_text(encoding="utf-8").splitlines()[1:]
    assert {line.split("\t")[0] for line in shared} <= notations


def test_every_lexicon_rule_names_a_known_metric():
    known = metric_codes()
    assert {rule.metric for rule in default_lexicon().rules} <= known


def test_every_kgb_term_used_in_code_and_queries_is_declared_in_the_ontology():
    ontology = rdflib.Graph()
    for name in ("kgbuild.ttl", "entities.ttl", "programs.ttl", "themes.ttl"):
        ontology.parse(ROOT / "ontology" / name)
    declared = {str(s)[len(KGB):] for s in ontology.subjects() if str(s).startswith(KGB)}
    used = set()
    for path in list((ROOT / "kgbuild").glob("*.py")) + list((ROOT / "queries").glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"\bKGB\.(?!term\()(\w+)", text)) | set(re.findall(r"\bkgb:(\w+)", text))
    assert used - declared == set()


def test_every_query_file_has_a_summary_and_returns_its_declared_columns():
    for query in list_queries():
        assert query.header.get("summary"), query.source
        select = re.search(r"SELECT\s+(.*?)\s+WHERE", query.text, re.S | re.I).group(1)
        returned = re.findall(r"\?(\w+)(?![^(]*\))", select) + re.findall(r"AS \?(\w+)\)", select)
        assert query.columns and set(query.columns) <= set(returned), query.source
