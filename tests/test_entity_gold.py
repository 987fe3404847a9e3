"""Entities of the bundled reports against an independent annotation (tests/gold/entities/).
A false merge or a wrong link costs precision exactly as a miss costs recall; every difference is printed."""

import csv
import re
import unicodedata

import pytest

from conftest import ROOT
from kgbuild.documents import normalize_title

GOLD = ROOT / "tests" / "gold" / "entities"
FLOORS = {"bodies": (0.70, 0.85), "documents": (0.95, 0.95), "problems": (0.9, 0.9), "plans": (0.9, 0.9),
          "programs": (0.85, 0.9)}


def _gold(name):
    with (GOLD / f"{name}.tsv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def _item(text):
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"^(?:\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+是|\d{1,2}[.、])", "", text.strip())
    return text.strip().strip("。；;")


def _compare(name, gold, built):
    recall = len(gold & built) / len(gold)
    precision = len(gold & built) / len(built) if built else 0.0
    lines = [f"{name}: recall {recall:.3f} precision {precision:.3f} ({len(gold)} gold, {len(built)} built)"]
    lines += [f"  missed: {m}" for m in sorted(gold - built)] + [f"  wrong:  {w}" for w in sorted(built - gold)]
    report = "\n".join(lines)
    print(report)
    low_recall, low_precision = FLOORS[name]
    assert recall >= low_recall and precision >= low_precision, report


def _rows(store, query):
    return {tuple(term.value for term in row) for row in store.query(query)}


def test_bodies_match_the_annotation(built_store):
    gold = {(r["report"], r["body"]) for r in _gold("bodies")}
    built = _rows(built_store[0], """SELECT DISTINCT ?id ?b WHERE {
        ?r dcterms:identifier ?id .
        { ?r kgb:mentionsBody ?x } UNION { ?o kgb:sourceReport ?r ; kgb:reportingBody ?x }
        ?x skos:prefLabel ?b }""")
    _compare("bodies", gold, built)


def test_programme_mentions_match_the_annotation(built_store):
    gold = {(r["report"], r["concept"]) for r in _gold("programs")}
    built = {(report, iri.rsplit("/", 1)[-1]) for report, iri in _rows(
        built_store[0], "SELECT ?id ?p WHERE { ?r dcterms:identifier ?id ; kgb:mentionsProgram ?p }"
    )}
    _compare("programs", gold, built)


def test_cited_documents_match_the_annotation(built_store):
    gold = {(r["report"], normalize_title(r["title"])) for r in _gold("documents")}
    built = _rows(built_store[0], "SELECT ?id ?t WHERE { ?r dcterms:identifier ?id ; kgb:cites/kgb:normalizedTitle ?t }")
    _compare("documents", gold, built)


@pytest.mark.parametrize("name, cls", [("problems", "ProblemItem"), ("plans", "PlanItem")])
def test_problem_and_plan_items_match_the_annotation(built_store, name, cls):
    gold = {(r["report"], _item(r["item"])) for r in _gold(name)}
    built = {(report, _item(text)) for report, text in _rows(
        built_store[0], f"SELECT ?id ?t WHERE {{ ?r dcterms:identifier ?id ; kgb:hasItem ?i . ?i a kgb:{cls} ; kgb:itemText ?t }}"
    )}
    _compare(name, gold, built)


def test_each_report_resolves_to_its_division_and_parent_chain(built_store):
    rows = _rows(built_store[0], """SELECT ?id ?code ?chain WHERE {
        ?r dcterms:identifier ?id ; kgb:jurisdiction ?j . ?j kgb:divisionCode ?code .
        { SELECT ?j (GROUP_CONCAT(?name; separator=">") AS ?chain) WHERE {
            ?j kgb:parentJurisdiction+ ?p . ?p skos:prefLabel ?name . FILTER(lang(?name) = "zh") } GROUP BY ?j }
    }""")
    found = {report: (code, set(chain.split(">"))) for report, code, chain in rows}
    assert found == {
        "yufeng-2021": ("450203", {"柳州市", "广西壮族自治区"}),
        "yufeng-2023": ("450203", {"柳州市", "广西壮族自治区"}),
        "chengzhong-2021": ("450202", {"柳州市", "广西壮族自治区"}),
        "dawukou-2021": ("640202", {"石嘴山市", "宁夏回族自治区"}),
    }


def test_a_town_two_counties_could_hold_is_unresolved_with_both_candidates(built_store):
    rows = _rows(built_store[0], """SELECT ?code WHERE {
        ?r dcterms:identifier "pingan-2021" ; kgb:jurisdiction ?j .
        ?j kgb:resolved false ; kgb:candidate/kgb:divisionCode ?code }""")
    assert {code for (code,) in rows} == {"500235126000", "500243113000"}


def test_one_justice_bureau_per_district_across_its_reports(built_store):
    rows = _rows(built_store[0], """SELECT ?b ?id WHERE {
        ?r dcterms:identifier ?id ; kgb:mentionsBody ?b . ?b skos:prefLabel "司法局"@zh }""")
    by_body = {}
    for body, report in rows:
        by_body.setdefault(body, set()).add(report)
    assert sorted(by_body.values(), key=len) == [{"chengzhong-2021"}, {"yufeng-2021", "yufeng-2023"}]


def test_the_national_outline_is_one_document_cited_by_two_reports_despite_their_dashes(built_store):
    rows = _rows(built_store[0], """SELECT ?d ?id WHERE {
        ?r dcterms:identifier ?id ; kgb:cites ?d . ?d kgb:normalizedTitle "法治政府建设实施纲要(2021-2025年)" }""")
    assert {d for d, _ in rows} and len({d for d, _ in rows}) == 1
    assert {"yufeng-2021", "chengzhong-2021"} <= {report for _, report in rows}


def test_the_theme_most_reports_share_is_one_query_away(built_store):
    rows = list(built_store[0].query("""SELECT ?theme (COUNT(DISTINCT ?r) AS ?n) WHERE {
        ?r kgb:hasItem ?i . ?i a kgb:ProblemItem ; kgb:theme ?theme } GROUP BY ?theme ORDER BY DESC(?n) LIMIT 1"""))
    assert int(rows[0]["n"].value) >= 3
