"""The prebuilt queries on the bundled reports' graph. Expected answers were worked out by reading
the reports, not by pasting the queries' output."""

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kgbuild.errors import QueryError
from kgbuild.query import list_queries, run_prebuilt

KGBUILD = str(Path(sys.executable).with_name("kgbuild"))


def table(store, name, **params):
    columns, rows = run_prebuilt(store, name, {k: str(v) for k, v in params.items()})
    return [dict(zip(columns, row, strict=True)) for row in rows]


def test_every_query_declares_the_parameters_it_uses_and_returns_its_columns(built_store):
    for query in list_queries():
        used = set(re.findall(r"\?_(\w+)", query.text))
        assert used == {p.name for p in query.params}, query.source
        columns, _ = run_prebuilt(built_store[0], query.name, {p.name: "2021" for p in query.params if p.type == "year"}
                                  | {p.name: "鱼峰区" for p in query.params if p.type == "jurisdiction"})
        assert columns == query.columns, query.source


def test_reconsideration_and_litigation_are_the_districts_figures(built_store):
    rows = {(r["jurisdiction"], r["year"]): r for r in table(built_store[0], "reconsideration-litigation")}
    def figures(key):
        r = rows[key]
        return [r[c] for c in ("applications", "accepted", "concluded", "cases", "lost", "loss_rate", "head_appearance_rate")]
    assert figures(("鱼峰区", "2021")) == [57, 55, 50, 52, None, None, None]  # 100% is 区执法局's rate
    assert figures(("鱼峰区", "2023")) == [70, 68, 58, 50, 2, 4, 100]
    assert figures(("城中区", "2021")) == [20, 17, 14, None, None, None, None]
    assert figures(("大武口区", "2021")) == [4, None, 4, 40, 5, 14.7, 85.2]


def test_normative_documents_and_mediation_tables(built_store):
    docs = {
        (r["jurisdiction"], r["year"]): (r["issued"], r["cleaned_up"]) for r in table(built_store[0], "normative-documents")
    }
    assert docs == {
        ("城中区", "2021"): (3, 3), ("大武口区", "2021"): (6, 9), ("鱼峰区", "2021"): (3, 3), ("鱼峰区", "2023"): (5, 36)
    }
    mediation = {(r["jurisdiction"], r["year"]): (r["disputes_handled"], r["successful"], r["success_rate"])
                 for r in table(built_store[0], "mediation")}
    assert mediation[("城中区", "2021")] == (1543, 1539, 99.7)
    assert mediation[("大武口区", "2021")] == (1826, 1782, None)
    assert mediation[("鱼峰区", "2019")] == (441, None, None)


def test_year_over_year_compares_2021_with_2023_for_metrics_both_reports_state(built_store):
    rows = table(built_store[0], "year-over-year", jurisdiction="鱼峰区")
    pairs = {r["metric"]: r for r in rows if r["year_from"] == "2021" and r["year_to"] == "2023"}
    assert pairs["reconsideration.applications"]["value_from"] == 57
    assert pairs["reconsideration.applications"]["value_to"] == 70
    assert pairs["reconsideration.applications"]["change"] == 13
    assert pairs["reconsideration.applications"]["change_pct"] == 22.81
    assert {"reconsideration.accepted", "reconsideration.concluded", "litigation.cases", "normativeDocs.issued",
            "oversight.deputySuggestions"} <= set(pairs)
    assert pairs["reconsideration.applications"]["comparable"] == "yes"
    assert pairs["reconsideration.applications"]["quote_to"] == "收到行政复议申请70件"


def test_year_over_year_picks_one_figure_per_metric_and_year_and_says_so(built_store):
    """抽查113户 is one spot check of 2023, 抽查市场主体共计658户 the year's total: one row, the largest
    district-wide figure, and the note says the year stated two."""
    rows = [r for r in table(built_store[0], "year-over-year", jurisdiction="鱼峰区")
            if r["metric"] == "supervision.entitiesChecked"]
    assert [(r["value_from"], r["value_to"], r["comparable"]) for r in rows] == [(854, 658, "yes")]
    assert rows[0]["note"] == "2023: 2 different figures, the largest taken."
    keys = [(r["metric"], r["year_from"], r["year_to"]) for r in table(built_store[0], "year-over-year", jurisdiction="鱼峰区")]
    assert len(keys) == len(set(keys))


def test_year_over_year_says_when_scope_or_body_differ(built_store):
    """一审、二审及再审 52 is not 一审 50; the 司法局's 法律意见701份 of 2021 still pairs with the district's
    5 of 2023, marked as reported by different bodies."""
    pairs = {r["metric"]: r for r in table(built_store[0], "year-over-year", jurisdiction="鱼峰区")
             if (r["year_from"], r["year_to"]) == ("2021", "2023")}
    cases = pairs["litigation.cases"]
    assert (cases["value_from"], cases["value_to"], cases["comparable"]) == (52, 50, "no")
    assert (cases["scope_from"], cases["scope_to"], cases["note"]) == ("一审、二审、再审", "一审", "different scope.")
    opinions = pairs["legalAdviser.opinions"]
    assert (opinions["value_from"], opinions["body_from"], opinions["value_to"], opinions["body_to"]) == (701, "司法局", 5, "")
    assert opinions["comparable"] == "no" and opinions["note"] == "reported by different bodies."
    assert pairs["publicity.events"]["comparable"] == "approximate"  # 100余场


def test_rollup_sums_a_prefectures_districts(built_store):
    rows = table(built_store[0], "rollup", metric="reconsideration.applications", parent="柳州市")
    assert {r["year"]: (r["total"], r["children_reporting"]) for r in rows} == {"2021": (77, 2), "2023": (70, 1)}
    assert table(built_store[0], "rollup", metric="reconsideration.applications", parent="450200") == rows


def test_rollup_without_a_parent_names_the_parent_of_each_row(built_store):
    rows = table(built_store[0], "rollup", metric="litigation.cases")
    keys = [(r["year"], r["parent"]) for r in rows]
    assert len(keys) == len(set(keys)) and ("2021", "柳州市") in keys and ("2021", "广西壮族自治区") in keys


def test_the_audit_checks_rates_and_totals_with_the_right_verdicts(built_store):
    rows = table(built_store[0], "consistency-audit")
    verdicts = {(r["report"], r["check"].split(" (")[0]): (r["expected"], r["stated"], r["verdict"]) for r in rows}
    # 5 lost of 40 cases would be 12.5%, but the report's 14.7% is 5 lost of the 34 concluded (已结34件):
    # no false alarm, and the check names the pair it used.
    assert verdicts[("dawukou-2021", "litigation.lossRate = litigation.lost / 已结")] == (14.7, 14.7, "ok")
    assert [r["check"] for r in rows if r["quote"] == "败诉率14.7%"] == ["litigation.lossRate = litigation.lost / 已结 (5 / 34)"]
    assert verdicts[("yufeng-2023", "litigation.lossRate = litigation.lost / litigation.cases")] == (4, 4, "ok")
    assert verdicts[("chengzhong-2021", "mediation.successRate = mediation.successful / mediation.disputesHandled")][2] == "ok"
    totals = {(r["report"], r["quote"]): r["verdict"] for r in rows if r["check"].startswith("total")}
    assert totals[("yufeng-2021", "共接收投诉举报4906件")] == "ok"  # 4744 + 102 + 21 + 39
    assert totals[("yufeng-2021", "合计罚款75.99万元")] == "ok"  # 29.1万 + 46.89万
    assert totals[("yufeng-2021", "行政诉讼案件128件")] == "ok"  # (审结50件，78件未审结)


def test_jurisdictions_bodies_documents_programmes_and_themes(built_store):
    store = built_store[0]
    places = {r["jurisdiction"]: (r["parent"], r["province"], r["adcode"], r["reports"]) for r in table(store, "jurisdictions")}
    assert places["鱼峰区"] == ("柳州市", "广西壮族自治区", "450203", 2)
    assert places["大武口区"] == ("石嘴山市", "宁夏回族自治区", "640202", 1)
    bodies = {r["body"]: r for r in table(store, "bodies", jurisdiction="鱼峰区")}
    assert (bodies["司法局"]["reports"], bodies["司法局"]["years"]) == (2, "2021, 2023")
    assert all(r["jurisdiction"] == "鱼峰区" for r in bodies.values())
    shared = {r["document"]: r["reports"] for r in table(store, "shared-documents")}
    assert shared["法治政府建设实施纲要(2021-2025年)"] == 2
    programmes = table(store, "programs-across-reports")
    assert programmes[0]["reports"] == 5 and programmes[0]["system"]
    themes = table(store, "problems-by-theme")
    assert themes[0]["reports"] >= 3 and themes[0]["example"]


def test_provenance_lists_every_figure_of_a_report_with_true_offsets(built_store):
    store = built_store[0]
    rows = table(store, "provenance", jurisdiction="dawukou", year=2021)
    query = 'SELECT ?t WHERE { ?r dcterms:identifier "dawukou-2021" ; kgb:normalizedText ?t }'
    (text,) = [r["t"].value for r in store.query(query)]
    assert len(rows) == 29
    assert all(text[r["start"]:r["end"]] == r["quote"] for r in rows)


@pytest.mark.parametrize("params, message", [
    ({"metric": "no.such.metric"}, "unknown metric 'no.such.metric'"),
    ({"year": "21"}, "'21' is not a year"),
    ({"colour": "red"}, "unknown parameter colour; valid parameters: metric, year"),
])
def test_query_run_rejects_bad_parameters_with_the_valid_ones(built_store, params, message):
    with pytest.raises(QueryError, match=re.escape(message)):
        run_prebuilt(built_store[0], "metric-by-jurisdiction", params)


def test_a_parameter_value_is_a_value_never_query_text(built_store):
    store = built_store[0]
    before = store.quad_count()
    for value in ['"} ; DROP ALL #', "鱼峰区' } UNION { ?s ?p ?o } #", "<http://x> } DELETE WHERE { ?s ?p ?o"]:
        with pytest.raises(QueryError, match="is not in the store"):
            run_prebuilt(store, "year-over-year", {"jurisdiction": value})
    assert store.quad_count() == before


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "markdown", "table"])
def test_query_run_formats_parse(built_store, tmp_path, fmt):
    store_dir = tmp_path / "store"
    from conftest import REPORTS
    from kgbuild.build import build
    from kgbuild.store import OxigraphStore

    build([REPORTS], OxigraphStore(store_dir), validate=False)
    command = [KGBUILD, "query", "run", "reconsideration-litigation", "--store", str(store_dir), "--format", fmt]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(done.stdout)))
        dawukou = next(r for r in rows if r["jurisdiction"] == "大武口区")
        assert dawukou["loss_rate"] == "14.7" and dawukou["cases"] == "40"
    elif fmt == "tsv":
        assert list(csv.DictReader(io.StringIO(done.stdout), delimiter="\t"))[0]["jurisdiction"]
    elif fmt == "json":
        assert any(r["jurisdiction"] == "城中区" and r["applications"] == 20 for r in json.loads(done.stdout))
    else:
        assert "城中区" in done.stdout


def test_the_audit_still_flags_a_rate_no_stated_pair_gives(tmp_path):
    from kgbuild.build import build
    from kgbuild.store import OxigraphStore

    report = tmp_path / "reports" / "dawukou-2022.txt"
    report.parent.mkdir()
    report.write_text("石嘴山市大武口区2022年法治政府建设情况的报告\n2022年，大武口区发生行政诉讼案件40件，"
                      "已结34件，其中败诉5件，败诉率20%。\n", encoding="utf-8")
    store = OxigraphStore(tmp_path / "store")
    build([report.parent], store, validate=False)
    rows = [r for r in table(store, "consistency-audit") if r["quote"] == "败诉率20%"]
    assert [(r["check"], r["expected"], r["verdict"]) for r in rows] == [
        ("litigation.lossRate = litigation.lost / litigation.cases (5 / 40)", 12.5, "mismatch")]
