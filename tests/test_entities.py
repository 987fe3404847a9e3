"""Entities shared across reports: documents, places, bodies, problem and plan items."""

import pytest

from kgbuild.bodies import canonical_body, mentions
from kgbuild.documents import citations, normalize_title
from kgbuild.gazetteer import chain, resolve
from kgbuild.items import items
from kgbuild.normalize import normalize


def test_one_document_is_one_key_whatever_its_dashes_brackets_and_spaces():
    spellings = ["法治政府建设实施纲要（2021-2025年）", "法治政府建设实施纲要（2021—2025年）",
                 "法治政府建设实施纲要(2021－2025年)", "法治政府建设实施纲要（2021 — 2025年）"]
    assert len({normalize_title(s) for s in spellings}) == 1


def test_a_law_with_or_without_the_state_name_is_one_law():
    assert normalize_title("中华人民共和国行政复议法") == normalize_title("行政复议法")
    (law,) = citations("学习《中华人民共和国行政复议法》。")
    assert law.is_law
    (rules,) = citations("制定《重大行政决策程序实施办法》。")
    assert not rules.is_law


def test_a_places_own_document_is_not_the_national_one_of_the_same_title():
    text = "落实好国家《法治政府建设实施纲要（2021—2025年）》，制定东湖区《法治政府建设实施纲要（2021—2025年）》。"
    national, own = citations(text, "东湖区")
    assert national.key == "法治政府建设实施纲要(2021-2025年)"
    assert own.key == "东湖区法治政府建设实施纲要(2021-2025年)"


def test_a_document_number_after_a_title_is_parsed():
    (c,) = citations("印发《关于做好审查工作的通知》（某政办〔2022〕15号）精神。")
    assert (c.issuer, c.year, c.serial, c.number) == ("某政办", 2022, 15, "某政办〔2022〕15号")


def test_the_prefecture_named_in_the_text_settles_a_county_name_several_places_share():
    assert resolve("城中区", "城中区在西宁市委领导下…", "county").division.short_code == "630103"
    liuzhou = resolve("城中区", "柳州市城中区人民政府…", "county").division
    assert [d.name for d in chain(liuzhou)] == ["城中区", "柳州市", "广西壮族自治区"]


def test_a_name_the_evidence_cannot_settle_stays_unresolved_with_its_candidates():
    r = resolve("平安镇", "贯彻《重庆市重大决策程序规定》，县委全面依法治县…", "town")
    assert r.division is None
    assert len(r.candidates) >= 2 and all(chain(c)[-1].name == "重庆市" for c in r.candidates)


def test_a_unique_name_resolves_without_any_evidence():
    r = resolve("大武口区", "我区法治政府建设…", "county")
    assert [d.name for d in chain(r.division)] == ["大武口区", "石嘴山市", "宁夏回族自治区"]


def test_a_manifest_parent_settles_an_ambiguous_name():
    assert resolve("平安镇", "", "town", parent_hint="云阳县").division.code == "500235126000"


@pytest.mark.parametrize("surface, expected", [
    ("区市场监管局", ("市场监督管理局", "GovernmentDepartment")),
    ("区市场监督管理局", ("市场监督管理局", "GovernmentDepartment")),
    ("新安县人社局", ("人力资源和社会保障局", "GovernmentDepartment")),
    ("县人民法院", ("人民法院", "CourtOrProcuratorate")),
    ("区委全面依法治区委员会办公室", ("全面依法治区委员会办公室", "PartyOrgan")),
    ("东湖社区人民调解委员会", ("东湖社区人民调解委员会", "MediationOrganization")),
    ("区委", ("党委", "PartyOrgan")),  # the same committee as 区党委, one node
    ("区党委", ("党委", "PartyOrgan")),
    ("乡村建设综合服务中心", ("乡村建设综合服务中心", "PublicInstitution")),  # 乡村 is a word, not the 乡's
    ("县委理论学习中心组", ("党委理论学习中心组", "PartyOrgan")),
])
def test_body_names_resolve_to_one_canonical_name_and_type(surface, expected):
    assert canonical_body(surface, "新安县") == expected


def test_a_clause_opened_by_a_study_group_names_the_group_not_a_centre():
    from kgbuild.extract import extract

    (figure,) = extract("2021年，县委理论学习中心组开展集中学习12次。", 2021)
    assert figure.body == "县委理论学习中心组"
    assert canonical_body(figure.body, "新安县") == ("党委理论学习中心组", "PartyOrgan")


def test_one_party_committee_node_across_a_jurisdictions_reports(built_store):
    from kgbuild.query import run_prebuilt

    columns, rows = run_prebuilt(built_store[0], "bodies", {"jurisdiction": "鱼峰区"})
    names = [dict(zip(columns, r, strict=True))["body"] for r in rows]
    assert "区委" not in names and "党委" in names
    assert "乡村建设综合服务中心" in names and "村建设综合服务中心" not in names


def test_only_the_reports_own_bodies_are_its_mentions():
    text = "区司法局会同江州市司法局、自治区党委和各司法所开展检查，区市场监管局配合。"
    assert [m.name for m in mentions(text, "东湖区")] == ["司法局", "市场监督管理局"]


def test_problem_items_are_cut_at_ordinals_and_at_semicolons_after_a_colon():
    text = normalize(
        "一、主要成效\n办结案件5件。\n二、存在的问题\n主要表现在：执法人员不足；制度不够健全；宣传不够深入。\n"
        "三、下一步工作计划\n2023年，我县将继续努力。\n一是加强队伍建设，提升能力。二是完善制度，强化监督。\n"
    )
    found = [(i.kind, i.text) for i in items(text)]
    assert found == [
        ("problem", "执法人员不足"), ("problem", "制度不够健全"), ("problem", "宣传不够深入。"),
        ("plan", "一是加强队伍建设，提升能力。"), ("plan", "二是完善制度，强化监督。"),
    ]


def test_a_manifest_parent_settles_the_reports_jurisdiction_in_a_build(tmp_path):
    import shutil

    from conftest import REPORTS
    from kgbuild.build import build
    from kgbuild.store import OxigraphStore

    shutil.copy(REPORTS / "pingan-2021.txt", tmp_path)
    (tmp_path / "manifest.tsv").write_text("file\tjurisdiction\tyear\tparent\npingan-2021.txt\t平安镇\t2021\t云阳县\n",
                                           encoding="utf-8")
    store = OxigraphStore(tmp_path / "store")
    result = build([tmp_path], store, validate=False)
    assert result.unresolved == 0
    (row,) = store.query("SELECT ?code WHERE { ?r a kgb:Report ; kgb:jurisdiction/kgb:divisionCode ?code }")
    assert row["code"].value == "500235126000"


def test_honours_and_dated_events_are_found_with_their_dates():
    from datetime import date

    from kgbuild.events import events, honours

    text = "2022年5月8日，区司法局举办培训班。我区荣获“全国法治政府建设示范区”称号。印发《2022年3月1日通知》。"
    assert [h.title for h in honours(text)] == ["全国法治政府建设示范区"]
    assert [(e.day, text[e.start:e.end]) for e in events(text)] == [(date(2022, 5, 8), "2022年5月8日，区司法局举办培训班。")]


def test_the_legal_service_hotline_is_a_programme_but_the_same_digits_as_a_count_are_not():
    from kgbuild.programs import program_mentions

    assert [m.concept for m in program_mentions("拨打12348公共法律服务热线咨询")] == ["publicLegalService"]
    assert program_mentions("全年办件12348件") == []
