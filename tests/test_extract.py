"""Extraction behaviour on short passages written for these tests (not copied from the bundled reports)."""

from decimal import Decimal

import pytest

from kgbuild.extract import extract
from kgbuild.normalize import normalize


def figures(text, year=2022):
    norm = normalize(text)
    return norm, extract(norm, year)


def classified(text, year=2022):
    _, found = figures(text, year)
    return [
        (f.metric, f.year, f.value, f.unit, f.measure, f.approximate, f.body)
        for f in found
        if f.metric != "unclassified"
    ]


def test_reconsideration_counts_take_their_topic_from_the_sentence():
    assert classified("全年共收到行政复议申请36件，依法受理31件，审结29件，纠正违法或不当行政行为4件。") == [
        ("reconsideration.applications", 2022, 36, "件", "level", False, None),
        ("reconsideration.accepted", 2022, 31, "件", "level", False, None),
        ("reconsideration.concluded", 2022, 29, "件", "level", False, None),
        ("reconsideration.corrected", 2022, 4, "件", "level", False, None),
    ]


def test_accepted_without_a_reconsideration_topic_is_not_reconsideration():
    assert classified("区人社局共接到劳动争议投诉60件，其中受理58件。") == []


def test_litigation_counts_rates_and_head_appearances():
    assert classified("全县行政应诉案件23件，败诉1件，败诉率4.3%，行政机关负责人出庭应诉率达100%。") == [
        ("litigation.cases", 2022, 23, "件", "level", False, None),
        ("litigation.lost", 2022, 1, "件", "level", False, None),
        ("litigation.lossRate", 2022, Decimal("4.3"), "%", "level", False, None),
        ("litigation.headAppearanceRate", 2022, 100, "%", "level", False, None),
    ]


def test_a_figure_tied_to_another_year_belongs_to_that_year():
    assert classified("全镇矛盾纠纷化解数量从2020年的120件增加至2022年的310件。") == [
        ("mediation.disputesHandled", 2020, 120, "件", "level", False, None),
        ("mediation.disputesHandled", 2022, 310, "件", "level", False, None),
    ]


def test_a_rate_rising_from_a_named_year_gives_two_years():
    assert classified("网上办理率从2021年的61.5%提升至88.2%。") == [
        ("services.onlineRate", 2021, Decimal("61.5"), "%", "level", False, None),
        ("services.onlineRate", 2022, Decimal("88.2"), "%", "level", False, None),
    ]


def test_a_figure_is_the_bodys_when_the_sentence_names_the_body():
    assert classified("区市场监管局涉及行政诉讼案件12件。") == [
        ("litigation.cases", 2022, 12, "件", "level", False, "区市场监管局")
    ]


def test_a_figure_of_the_whole_jurisdiction_has_no_body():
    assert classified("2022年，全区共出台行政规范性文件7件。") == [
        ("normativeDocs.issued", 2022, 7, "件", "level", False, None)
    ]


def test_several_bodies_acting_together_report_no_single_figure():
    rows = classified("区司法局、区检察院等部门联合开展检查，共收到行政复议申请9件。")
    assert rows == [("reconsideration.applications", 2022, 9, "件", "level", False, None)]


def test_a_year_on_year_change_is_a_change_not_a_level():
    assert classified("行政处罚案件数同比下降12.5%。") == [
        ("enforcement.penalties", 2022, Decimal("-12.5"), "%", "change", False, None)
    ]


def test_a_stated_increase_is_positive():
    rows = classified("法律援助案件同比增长8%。")
    assert rows == [("legalAid.cases", 2022, 8, "%", "change", False, None)]


def test_approximate_figures_are_flagged():
    assert classified("审查合同300余份，调处各类纠纷约560件。") == [
        ("legalAdviser.contractsReviewed", 2022, 300, "份", "level", True, None),
        ("mediation.disputesHandled", 2022, 560, "件", "level", True, None),
    ]


def test_chinese_numerals_and_wan_multipliers_are_figures():
    _, found = figures("先后五次听取汇报，发放宣传资料2.5万余份，罚没1.5亿元，两镇各设调解室。")
    values = [(f.number, f.value, f.unit, f.approximate) for f in found]
    assert ("1.5亿", 150_000_000, "元", False) in values
    assert ("五", 5, "次", False) in values
    assert ("2.5万", 25000, "份", True) in values


@pytest.mark.parametrize(
    "text",
    [
        "学习贯彻党的十九届六中全会精神。",
        "印发《随机抽查事项清单（第五版）》。",
        "一是加强学习，二是完善制度。",
        "2021年11月4日召开会议。",
        "印发《关于做好审查工作的通知》（某政办〔2021〕31号）。",
        "增强“四个意识”、坚定“四个自信”、做到“两个维护”。",
        "推行行政执法三项制度。",
        "区十二届人大七次会议期间。",
    ],
)
def test_enumerations_dates_titles_and_slogans_are_not_figures(text):
    _, found = figures(text)
    assert found == []


def test_every_other_quantity_is_kept_as_unclassified_with_a_label():
    _, found = figures("全年开展普法宣传活动42场。")
    assert [(f.metric, f.value, f.unit, f.label) for f in found] == [("unclassified", 42, "场", "开展普法宣传活动")]


def test_figures_in_the_plans_section_are_not_classified():
    text = "一、工作成效\n收到行政复议申请10件。\n三、2023年工作计划\n力争办结行政复议案件20件。"
    assert [r[2] for r in classified(text)] == [10]


def test_a_figure_restricted_to_one_field_is_not_the_headline_metric():
    assert classified("全年涉及食品安全领域的行政复议案件3件，行政应诉案件1件。") == []


def test_a_body_named_in_its_own_clause_keeps_its_share_but_a_carried_over_one_does_not():
    rows = classified("共收到行政诉讼案件40件，司法局承办行政应诉案件15件，其他部门行政应诉案件25件。")
    assert rows == [
        ("litigation.cases", 2022, 40, "件", "level", False, None),
        ("litigation.cases", 2022, 15, "件", "level", False, "司法局"),
    ]


def test_a_figure_reached_one_particular_way_is_not_the_headline_metric():
    rows = classified("审结行政复议案件285件，通过调解和解方式结案121件。")
    assert [(r[0], r[2]) for r in rows] == [("reconsideration.concluded", 285)]


def test_all_concluded_restates_the_applications_as_concluded():
    rows = classified("新收行政复议案件6件，均已办结。")
    assert [r[0] for r in rows] == ["reconsideration.applications", "reconsideration.concluded"]
    assert rows[1][2] == 6


def test_quotes_cover_the_cue_and_the_number():
    norm, found = figures("2022年，全区行政机关负责人出庭应诉率为96.5%。")
    (fig,) = found
    assert norm[fig.quote_start:fig.quote_end] == "负责人出庭应诉率为96.5%"


# Phrasings seen in reports of other provinces, written fresh for these tests.
@pytest.mark.parametrize(
    "text, expected",
    [
        ("全年共办理行政复议案件45件。", [("reconsideration.applications", 45)]),
        ("一审行政诉讼案件156件，败诉11件，败诉率7.05%。",
         [("litigation.cases", 156), ("litigation.lost", 11), ("litigation.lossRate", Decimal("7.05"))]),
        ("制定出台行政规范性文件12件。", [("normativeDocs.issued", 12)]),
        ("清理规范性文件105件，废止12件。", [("normativeDocs.cleanedUp", 105)]),
        ("人民调解组织共受理矛盾纠纷3562件，调解成功3498件，调解成功率98.2%。",
         [("mediation.disputesHandled", 3562), ("mediation.successful", 3498),
          ("mediation.successRate", Decimal("98.2"))]),
        ("受理法律援助申请520件。", [("legalAid.cases", 520)]),
        ("办理人大代表建议56件、政协提案78件。", [("oversight.deputySuggestions", 56), ("oversight.cppccProposals", 78)]),
        ("承办人大代表建议和政协提案125件。", []),
        ("组织行政执法资格考试，参考人数156人，合格率92%。",
         [("enforcement.examCandidates", 156), ("enforcement.examPassRate", 92)]),
        ("作出行政处罚决定1234件，实施行政强制措施56件。", [("enforcement.penalties", 1234), ("enforcement.coercive", 56)]),
        ("全年共作出重大行政决策事项12项。", [("majorDecisions.made", 12)]),
        ("法律顾问出具法律意见书120份，审查合同协议340份，代理诉讼案件35件。",
         [("legalAdviser.opinions", 120), ("legalAdviser.contractsReviewed", 340),
          ("legalAdviser.litigationRepresented", 35)]),
        ("评查行政执法案卷520卷。", [("caseReview.files", 520)]),
        ("政务服务事项网上可办率100%。", []),
    ],
)
def test_common_phrasings_of_other_reports(text, expected):
    assert [(r[0], r[2]) for r in classified(text)] == expected


def test_respectively_pairs_each_number_with_its_item():
    rows = classified("全年收到行政复议申请和行政诉讼案件分别为20件和15件。")
    assert [(r[0], r[2]) for r in rows] == [("reconsideration.applications", 20), ("litigation.cases", 15)]
