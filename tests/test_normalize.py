from kgbuild.normalize import normalize


def test_full_width_digits_and_signs_become_ascii_but_chinese_punctuation_stays():
    assert normalize("受理１２３件，占比４５．６％。") == "受理123件，占比45.6%。\n"


def test_markdown_emphasis_and_headings_are_stripped():
    assert normalize("## 一、成效\n**深化改革**。办结*5*件。") == "一、成效\n深化改革。办结5件。\n"


def test_a_word_broken_across_lines_is_joined():
    text = "对综合执法局等单位的行政处罚案卷进行集中评查，进一步提高执\n\n法水平。"
    assert normalize(text) == "对综合执法局等单位的行政处罚案卷进行集中评查，进一步提高执法水平。\n"


def test_a_number_broken_across_lines_is_joined():
    text = "本年度共清理9件，保留\n\n15 件，清理报告及时公示。"
    assert normalize(text) == "本年度共清理9件，保留15件，清理报告及时公示。\n"


def test_spaces_around_numbers_and_inside_digit_groups_are_removed():
    assert normalize("制定行政规范性文件 6 件，调处纠纷 1 826 件，出庭率 85.2 %。") == (
        "制定行政规范性文件6件，调处纠纷1826件，出庭率85.2%。\n"
    )


def test_headings_and_paragraphs_stay_on_their_own_lines():
    text = "二、存在的问题\n一是学习不够。\n三、2022年工作思路\n深入学习。"
    assert normalize(text).splitlines() == ["二、存在的问题", "一是学习不够。", "三、2022年工作思路", "深入学习。"]


def test_a_heading_wrapped_onto_a_short_second_line_is_joined():
    text = "（十）健全法治政府建设科技保障体系，全面建设数字法治\n政府\n1.加快推进信息化平台建设。"
    assert normalize(text).splitlines()[0] == "（十）健全法治政府建设科技保障体系，全面建设数字法治政府"


def test_rows_of_a_page_metadata_table_are_not_joined_into_the_title():
    text = normalize("发布机构: | 高新区办公室 |\n成文日期: | 2025-03-28 |\n"
                     "宁波高新区法治政府建设工作报告 |\n2024年，高新区坚持依法行政。")
    assert "宁波高新区法治政府建设工作报告|" in text.split("\n")


def test_a_long_breadcrumb_is_not_joined_to_the_paragraph_after_it():
    text = normalize("您当前的位置: 首页> 政务公开> 政府信息公开目录> 法治政府建设年度报告 > 2024年度\n"
                     "2024年,两江新区坚持以习近平新时代中国特色社会主义思想为指导。")
    assert text.split("\n")[1].startswith("2024年,两江新区")
