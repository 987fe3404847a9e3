"""The place a report speaks for, weighed from the gazetteer's names (kgbuild/places.py). Each case is
a shape seen in real reports (tests/realworld/); the sentences here are written for the test."""

import pytest

from kgbuild import places
from kgbuild.gazetteer import division
from kgbuild.normalize import normalize


def detect(text):
    return places.detect(normalize(text))


def code(guess):
    return guess.resolution.division.short_code if guess.resolution and guess.resolution.division else None


def test_the_issuer_in_the_title_wins_over_its_city():
    g = detect("广州市花都区人民政府2021年法治政府建设年度报告\n2021年，区政府深入推进依法行政。广州市委部署的工作全部落实。")
    assert (g.name, code(g)) == ("花都区", "440114")


def test_the_subject_of_the_opening_sentence_is_the_place():
    g = detect("2022年，兴庆区坚持以习近平法治思想为指导，扎实推进法治政府建设。全年办结行政复议案件12件。")
    assert (g.name, g.level, code(g)) == ("兴庆区", "county", "640104")


def test_a_one_character_county_is_found_but_not_inside_a_word():
    g = detect("2023年，新县在市委、市政府的坚强领导下推进法治建设，新县在法治信阳考核中连续四年获得优秀等次。")
    assert (g.name, code(g)) == ("新县", "411523")  # 法治信阳 settles which 新县
    assert places.find_mentions("创建全国法治政府建设示范县") == []  # not 范县


def test_an_autonomous_county_by_its_short_name_and_the_parent_it_is_addressed_to():
    g = detect("中共红河州委、红河州人民政府：\n"
               "2025年，在州委、州政府的坚强领导下，金平县推进法治政府建设。全县办理公证441件。")
    assert (g.name, code(g)) == ("金平县", "532530")
    assert division(g.resolution.division.code).name == "金平苗族瑶族傣族自治县"


def test_a_prefecture_by_its_short_name():
    g = detect("黔西南州人民政府关于2020年度法治政府建设情况的报告\n省人民政府：\n"
               "2020年，黔西南州人民政府坚持依法行政。我州全年……")
    assert (g.name, g.level, code(g)) == ("黔西南州", "prefecture", "522300")


def test_a_province_speaking_of_itself():
    g = detect("2024年，云南省委、省政府坚持依法行政，全省法治政府建设取得新成效。全省各级政府……云南省……")
    assert (g.level, code(g)) == ("province", "530000")


def test_the_whole_city_in_a_rank_speaks_of_the_parent_not_the_report():
    text = "2022年，金龙街道坚持依法行政。我街道法治建设考核位列全市前十，全市排名第二，全市第一。金龙街道办事处……"
    assert places._self_level(normalize(text)) == "街道"


def test_towns_named_in_the_text_point_to_their_county():
    g = detect("2024年，我区坚持依法行政，盐渎街道、郭猛镇等地建成法治文化阵地，全区法治政府建设取得新成效。")
    assert code(g) == "320903"  # 盐都区


@pytest.mark.parametrize("text, name", [
    ("2023年第一期开阳县中青年干部培训班开班，开阳县人民政府推进法治政府建设。", "开阳县"),
    ("鲤城区人民政府金龙街道办事处关于2022年度法治政府建设情况的报告\n2022年，我街道坚持依法行政。", "金龙街道"),
    ("河北唐山芦台经济开发区管委会2022年度法治政府建设工作报告\n"
     "2022年，芦台经济开发区坚持依法行政。现将我区情况报告如下。", "芦台经济开发区"),
])
def test_a_name_never_swallows_its_neighbours(text, name):
    assert detect(text).name == name


def test_a_zone_not_in_the_gazetteer_is_a_name_only_jurisdiction():
    g = detect("泾河新城2022年度法治政府建设工作报告\n"
               "2022年，泾河新城深入贯彻落实全面依法治国战略，围绕建设更高水平的法治泾河总目标推进工作。")
    assert (g.name, g.level, g.resolution.division) == ("泾河新城", "zone", None)


def test_an_ambiguous_town_keeps_its_candidates_and_what_they_share():
    # Two 平安镇 lie in 重庆市: which one is not settled, but the report's province is.
    g = detect("2021年，重庆市平安镇坚持依法行政。我镇全年调处矛盾纠纷56起。平安镇人民政府……")
    assert g.resolution.division is None and len(g.resolution.candidates) == 2
    assert {c.code[:2] for c in g.resolution.candidates} == {"50"}
    assert places.common_ancestor(g.resolution.candidates).name == "重庆市"


def test_no_place_at_all_is_said():
    g = detect("2022年，我们坚持依法行政。全年收到行政复议申请5件。")
    assert g.name is None and g.warning == "jurisdiction not found in the text"


def test_a_town_the_gazetteer_lacks_is_read_from_the_title():
    g = detect("青禾镇人民政府关于2023年度法治政府建设情况的报告\n2023年，我镇坚持依法行政。全镇调处矛盾纠纷56起。")
    assert (g.name, g.level, g.resolution.division) == ("青禾镇", "town", None)


def test_a_town_opening_the_text_is_the_place_not_the_district_that_leads_it():
    guess = detect("2025年，银杏大街街道在文峰区委、区政府和区法治政府建设领导小组的正确领导下，紧紧围绕基层治理开展工作。")
    assert guess.name == "银杏大街街道"


def test_a_zone_named_with_its_city_in_the_title():
    guess = detect("河源东源产业园区管委会2025年法治政府建设年度报告\n东源产业园区管委会始终坚持依法行政。")
    assert guess.name.endswith("东源产业园区") and guess.level == "zone"


def test_a_zone_speaking_as_gaoxinqu_is_a_zone_of_the_city_it_names():
    guess = detect("市委、市政府:\n2022年,高新区以习近平新时代中国特色社会主义思想为指导,推进法治政府建设。"
                   "全区干部大会专题学习。珠海市委依法治市办督察。")
    assert (guess.name, guess.level, guess.resolution.parent.name) == ("珠海高新区", "zone", "珠海市")


def test_a_zone_named_once_in_a_title_and_speaking_as_yuanqu():
    guess = detect("2022年,园区坚持依法行政,认真贯彻落实《苏州工业园区法治政府建设实施方案》,按照苏州市部署推进工作。")
    assert guess.name == "苏州工业园区"


def test_a_generic_zone_name_is_not_cut_into_a_place():
    guess = detect("经济技术开发区管理委员会关于2022年法治政府建设情况报告\n2022年,经开区坚持依法行政,紧紧围绕法治云南建设。")
    assert guess.name != "济技术开发区"


def test_an_unsettled_place_is_stored_with_the_place_its_candidates_share(tmp_path):
    from kgbuild.build import build
    from kgbuild.store import OxigraphStore

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "town-2021.txt").write_text(
        "2021年，重庆市平安镇坚持依法行政。我镇全年调处矛盾纠纷56起。平安镇人民政府……\n", encoding="utf-8")
    store = OxigraphStore(tmp_path / "store")
    result = build([folder], store, validate=True)
    assert result.needing_attention == 1 and result.unresolved == 1 and not result.violations
    rows = list(store.query("""
        SELECT ?parent WHERE { ?r a kgb:Report ; kgb:jurisdiction ?j . ?j kgb:resolved false ;
          kgb:parentJurisdiction/skos:prefLabel ?parent . FILTER(lang(?parent) = "zh") }"""))
    assert [str(r[0].value) for r in rows] == ["重庆市"]


@pytest.mark.parametrize("text, code_", [
    ("2022年，镇宁自治县坚持依法行政，全县法治政府建设取得新成效。镇宁自治县人民政府……", "520423"),
    ("今年以来，伊犁州深入学习贯彻习近平法治思想。伊犁州党委、伊犁州人民政府……全州……", "654000"),
    ("2023年，全区各级人民政府坚持依法行政，认真落实对内蒙古的重要指示，全区……", "150000"),
])
def test_autonomous_names_as_reports_write_them(text, code_):
    assert code(detect(text)) == code_


def test_pinyin_glosses_of_mirror_sites_are_dropped():
    assert normalize("全區(qū)各級，內(nèi)蒙古自治區(qū)") == "全區各級，內蒙古自治區\n"


def test_a_manifest_parent_attaches_a_place_the_gazetteer_lacks(tmp_path):
    from kgbuild.build import build
    from kgbuild.store import OxigraphStore

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "r.txt").write_text("青禾新县人民政府2023年法治政府建设情况报告\n2023年，全县收到行政复议申请5件。\n",
                                  encoding="utf-8")
    (folder / "manifest.tsv").write_text("file\tjurisdiction\tyear\tparent\nr.txt\t青禾新县\t2023\t柳州市\n", encoding="utf-8")
    store = OxigraphStore(tmp_path / "store")
    assert not build([folder], store, validate=False).failures
    rows = list(store.query("SELECT ?p WHERE { ?j skos:prefLabel '青禾新县'@zh ; kgb:parentJurisdiction/skos:prefLabel ?p . "
                            "FILTER(lang(?p) = 'zh') }"))
    assert [r["p"].value for r in rows] == ["柳州市"]


def test_a_place_named_only_in_its_own_slogan_or_media():
    g = detect("省政府：\n2022年，我市深入推进依法行政，全市法治政府建设取得新成效。开设《法治天水》栏目，播出12期。")
    assert (code(g), g.level) == ("620500", "prefecture") and g.warning
    g = detect("2023年，全省法治政府建设工作坚持以习近平法治思想为指导。《甘肃日报》刊发理论文章30余篇。")
    assert (code(g), g.level) == ("620000", "province") and g.warning
    # The province's paper in a city's report is not the city: nothing of the city's level is named.
    assert detect("2023年，我市坚持依法行政。《甘肃日报》刊发理论文章30余篇。").name is None


def test_a_level_known_only_from_its_rule_of_law_committee():
    g = detect("一、工作开展情况\n盟委、行署主要领导同志主持召开依法治盟委员会会议。制发《兴安盟诚信建设工程实施方案》。")
    assert code(g) == "152200"


def test_an_alias_no_rule_derives_and_an_issuer_above_the_title():
    g = detect("2023年，巴州党委、政府坚持以习近平法治思想为指导。州党委、政府始终将法治政府建设摆在突出位置。")
    assert code(g) == "652800"
    g = detect("四川天府新区眉山管理委员会\n关于2020年度法治政府建设有关情况的报告\n市人民政府：\n"
               "现将眉山天府新区2020年度法治政府建设有关情况报告如下。带动眉山市高质量发展，眉山市委部署的工作全部落实。")
    assert (g.name, g.level) == ("天府新区", "zone")


def test_a_subdistrict_written_without_its_last_character_and_a_zone_by_a_bare_name():
    g = detect("2024年，鹤龙街坚持以习近平法治思想为指导，推动法治白云建设。鹤龙街党工委会议研究法治工作，全区考核优秀。")
    assert (g.name, code(g)) == ("鹤龙街", "440111017000")
    g = detect("2025年，松山湖坚持以习近平法治思想为指导，为园区发展提供法治保障。党工委、管委会专题研究。东莞市考核优秀。")
    assert (g.name, g.level, g.resolution.parent.name) == ("松山湖", "zone", "东莞市") and g.warning


def test_a_town_following_its_districts_rule_of_law_work_plan_is_the_town():
    """依法治区工作要点 is the district's plan, which the town follows: not a level the town speaks as."""
    g = detect("2025年，龙颈镇坚持以习近平新时代中国特色社会主义思想为指导，紧紧围绕依法治区工作要点，扎实推进"
               "法治政府建设，为龙颈高质量发展提供法治保障。依托清新区政府门户网站主动公开信息。")
    assert (g.name, g.level) == ("龙颈镇", "town")


def test_a_county_named_only_by_its_government_service_storefront():
    """江苏政务服务清江浦旗舰店: a medium carrying the county's short name (three characters or more),
    in a report that names its place nowhere else and speaks as a district."""
    g = detect("关于2024年度法治政府建设工作情况的报告\n现将2024年度法治政府建设情况报告如下：\n"
               "全区深化改革，全年办理量6.5万件。充分发挥江苏政务服务清江浦旗舰店作用，我区政务服务走在前列。")
    assert g.name == "清江浦区"


def test_a_department_reporting_to_its_own_government_is_of_that_place():
    """乳山市委、乳山市人民政府： heads a report of 市市场监管局: the addressee is the department's own city."""
    g = detect("乳山市委、乳山市人民政府：\n2024年，在市委市政府的正确领导下，市市场监管局把握新形势，树立法治新理念。"
               "现将2024年度法治政府建设相关情况报告如下：\n一、主要举措\n全市共立案查办一般程序案件759起。")
    assert g.name == "乳山市"


def test_a_province_named_only_through_its_cities():
    g = detect("2020年，在党中央、国务院及省委的正确领导下，全省各级政府深入推进依法行政。省政府主要负责人积极履行"
               "第一责任人职责。驻马店市获评第一批全国法治政府建设示范市，我省命名5个示范市(县)。")
    assert (g.name, g.level) == ("河南省", "province")


def test_a_verb_before_new_area_is_no_zone():
    """积极配合新区进行综合窗口改革: 配合 is what the town does, 配合新区 no place."""
    text = "一、主要举措\n积极配合新区进行综合窗口改革，按照新区部署推进，根据新区要求落实。"
    assert not [m for m in places._zones(normalize(text))]


def test_a_town_that_announces_itself_and_follows_a_county_plan():
    """一年来，周溪乡… and 现将周溪乡2024年…报告如下 name the town; 《2024年全县…工作要点》 is the county's plan."""
    g = detect("一年来，周溪乡在县委、县政府的正确领导下，有序推进法治政府建设工作。对照《2024年全县法治政府建设工作要点》，"
               "现将周溪乡2024年法治政府建设工作报告如下：\n一、主要举措\n县委部署的工作全部落实。")
    assert (g.name, g.level) == ("周溪乡", "town")


def test_a_named_zone_opening_its_report_is_the_zone_whatever_province_it_serves():
    g = detect("2024年西咸新区坚持以习近平法治思想为指导，以服务深化全省“三个年”活动为着力点，深入推进依法行政，"
               "促进新区法治政府建设迈入新阶段。\n一、主要工作\n提请召开新区依法治区委员会会议15次。")
    assert (g.name, g.level) == ("西咸新区", "zone")


def test_an_addressee_run_into_page_chrome_is_still_the_addressee():
    """…新田委文〔2026〕3号区委、区政府: on one line with the chrome: the district is who the town reports
    to, and 现将新田镇…报告如下: is no addressee."""
    g = detect("您当前位置:首页>新田镇人民政府>政务公开[发布机构]万州区新田镇 重庆市万州区新田镇人民政府关于2025年"
               "法治政府建设情况的报告 新田委文〔2026〕3号区委、区政府:\n现将新田镇2025年法治政府建设情况报告如下:\n"
               "一、主要举措\n将习近平法治思想纳入党委理论学习中心组年度学习计划。")
    assert (g.name, code(g)) == ("新田镇", "500101119000")


@pytest.mark.parametrize("text, name", [
    # A zone whose kind ends in 经济区 or 综合实验区, and whose name holds 经济 (not a clause split at 经).
    ("欢迎访问双龙航空港经济区!\n贵州双龙航空港经济区2023年度法治政府建设工作情况报告\n"
     "2023年,贵州双龙航空港经济区(以下简称经济区)坚持依法行政。", "双龙航空港经济区"),
    # 中共…工作委员会 is the party's prefix; the short form the report then uses is the same zone.
    ("中共郑州航空港经济综合实验区工作委员会\n郑州航空港经济综合实验区管委会\n关于航空港经济综合实验区2022年度\n"
     "法治政府建设情况的报告\n中共河南省委:\n2022年,在省委、省政府的领导下,郑州航空港经济综合实验区(以下简称航空港区)"
     "坚持依法行政。航空港区法治政府建设取得新成效。全区……", "航空港经济综合实验区"),
])
def test_zones_named_in_full_once_and_then_by_a_short_form(text, name):
    assert detect(normalize(text)).name == name


def test_a_zone_opening_its_report_after_a_breadcrumb_is_the_zone_not_its_city():
    text = ("您当前的位置: 首页> 政务公开> 政府信息公开目录> 法治政府建设年度报告 > 2024年度\n"
            "2024年,两江新区坚持以习近平法治思想为指导,认真落实市委、市政府决策部署,全面推进落实新区法治政府建设,"
            "全市涉企行政复议……两江新区……")
    assert detect(normalize(text)).name == "两江新区"
