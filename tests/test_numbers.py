from decimal import Decimal

import pytest

from kgbuild.numbers import parse_number, plain


@pytest.mark.parametrize(
    "digits, multiplier, expected",
    [
        ("57", "", "57"),
        ("84.82", "", "84.82"),
        ("两", "", "2"),
        ("五", "", "5"),
        ("十二", "", "12"),
        ("一千二百", "", "1200"),
        ("2", "万", "20000"),
        ("252.3207", "万", "2523207"),
        ("23.07", "亿", "2307000000"),
    ],
)
def test_numbers_parse_in_arabic_and_chinese_numerals_with_multipliers(digits, multiplier, expected):
    assert plain(parse_number(digits, multiplier)) == expected


def test_plain_never_writes_an_exponent():
    assert plain(Decimal("1E+4")) == "10000"
    assert plain(Decimal("14.70")) == "14.7"
