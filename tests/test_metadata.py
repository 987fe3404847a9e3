"""Finding a report's jurisdiction and covered year in its own text, and the manifest that overrides them."""

import pytest

from conftest import REPORTS
from kgbuild import metadata
from kgbuild.errors import ManifestError
from kgbuild.metadata import apply_manifest, detect, read_manifest
from kgbuild.normalize import normalize

WEB_PAGE = """首页 > 政务公开 > 法治政府建设
发布时间：2023-03-28 来源：司法局 浏览次数：1024
分享到：微信 微博
2024年11月23日 星期六
{body}
"""

BODY = """2022年，我县坚持以习近平法治思想为指导，扎实推进法治政府建设。现将我县2022年度法治政府建设情况报告如下：
一、主要成效
严格落实《法治政府建设实施纲要（2021－2025年）》，新安县人民政府全年收到行政复议申请18件。新安县司法局办理法律援助案件95件。新安县行政应诉案件12件。
二、存在的问题
新安县部分部门重视不够。
三、2023年工作计划
2023年，新安县将继续推进示范创建。
"""


def test_jurisdiction_and_year_come_from_the_text_despite_web_page_clutter():
    meta = detect(normalize(WEB_PAGE.format(body=BODY)))
    assert (meta.jurisdiction, meta.level, meta.year, meta.warnings) == ("新安县", "county", 2022, [])


def test_a_report_that_only_says_wo_qu_gets_no_jurisdiction_and_a_warning():
    meta = detect(normalize("2022年，我区收到行政复议申请5件。我区行政应诉案件3件。现将2022年法治政府建设情况报告如下。"))
    assert meta.year == 2022
    assert meta.jurisdiction is None
    assert meta.warnings == ["jurisdiction not found in the text"]


def test_a_text_without_any_year_gets_no_year_and_a_warning():
    meta = detect(normalize("新安县收到行政复议申请5件。新安县行政应诉案件3件。"))
    assert meta.year is None and "covered year not found in the text" in meta.warnings


@pytest.mark.parametrize("report, place, year", [
    ("pingan-2021", "平安镇", 2021),
    ("dawukou-2021", "大武口区", 2021),
    ("yufeng-2023", "鱼峰区", 2023),
])
def test_bundled_reports_are_recognised(report, place, year):
    meta = detect(normalize((REPORTS / f"{report}.txt").read_text(encoding="utf-8")))
    assert (meta.jurisdiction, meta.year) == (place, year)


def test_manifest_overrides_the_text_and_the_disagreement_is_a_warning_naming_both(tmp_path):
    manifest = tmp_path / "manifest.tsv"
    manifest.write_text("file\tjurisdiction\tyear\tnotes\nr.txt\t旧安县\t2021\tsome note\n", encoding="utf-8")
    entries, problems = read_manifest(manifest)
    assert problems == []
    meta = apply_manifest(detect(normalize(BODY)), entries["r.txt"], str(manifest))
    assert (meta.jurisdiction, meta.year) == ("旧安县", 2021)
    assert any("新安县" in w and "旧安县" in w for w in meta.warnings)
    assert any("2022" in w and "2021" in w for w in meta.warnings)


def test_a_manifest_without_a_file_column_is_an_error_naming_the_line(tmp_path):
    manifest = tmp_path / "manifest.tsv"
    manifest.write_text("name\tyear\nr.txt\t2021\n", encoding="utf-8")
    with pytest.raises(ManifestError, match=":1: header must name a `file` column"):
        read_manifest(manifest)


@pytest.mark.parametrize("line, message", [
    ("r.txt\t新安县\t21", ":3: year must be a four-digit year"),
    ("r.txt\t新安县\t2021\textra", ":3: expected at most 3"),
])
def test_a_malformed_manifest_line_is_reported_by_line_and_the_others_still_apply(tmp_path, line, message):
    manifest = tmp_path / "manifest.tsv"
    manifest.write_text(f"file\tjurisdiction\tyear\ngood.txt\t新安县\t2022\n{line}\n", encoding="utf-8")
    entries, problems = read_manifest(manifest)
    assert list(entries) == ["good.txt"]
    assert len(problems) == 1 and message in str(problems[0])


def test_the_year_opening_a_bulleted_page_and_a_plan_carried_out_in_it():
    text = normalize("四川省人民政府2022年度法治政府建设工作情况\n• 2023年03月30日 09时24分\n"
                     "• 2022年,省政府坚持依法行政。\n围绕省委全面依法治省委员会2022年工作要点,印发年度重点工作安排。")
    assert detect(text).year == 2022


def test_a_city_named_only_in_a_cited_title_of_a_report_speaking_as_the_city():
    text = normalize("2023年,全市各级行政机关坚持依法行政。印发《景德镇市贯彻落实〈意见〉重点任务分工方案》,"
                     "推动全市54个乡镇(街道)法治建设。浮梁县开展示范创建。考察江西重要讲话精神。")
    meta = detect(text)
    assert meta.jurisdiction == "景德镇市"
    assert any("named only in a cited title" in w for w in meta.warnings)


def test_this_years_plan_issued_is_no_evidence_against_the_year():
    """印发依法治区2024年工作要点 in a 2024 report: the plan was issued that year, not planned for later."""
    text = ("2024年，区司法局坚持以习近平法治思想为指导。在2023年度考评中排名第三。\n"
            "一、2024年度推进法治政府建设的主要举措和成效\n印发依法治区2024年工作要点并定期督办落实情况。")
    assert metadata.detect_year(normalize(text))[0] == 2024


def test_this_years_plan_reviewed_at_a_meeting_is_no_evidence_against_the_year():
    """审议2023年工作要点 at a meeting held in 2023: that year's own plan, not one for a later year."""
    text = ("2023年,荆州市认真贯彻落实习近平法治思想。\n一、坚持党的领导\n召开委员会第七次会议,审议2023年工作要点,"
            "县(市、区)和市直部门分别作2022年度述法报告。")
    assert metadata.detect_year(normalize(text))[0] == 2023
