"""Parse the numbers of Chinese government prose: Arabic and Chinese numerals, 万/亿, %, 余/多/约."""

import re
from decimal import Decimal

import cn2an

MULTIPLIERS = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}


def parse_chinese(numeral: str) -> Decimal:
    """两 → 2, 十二 → 12, 一千二百 → 1200. Raises ValueError for a malformed numeral."""
    return Decimal(str(cn2an.cn2an(numeral, "smart")))


def parse_number(digits: str, multiplier: str = "") -> Decimal:
    if re.fullmatch(r"\d+(?:\.\d+)?", digits):
        value = Decimal(digits)
    else:
        value = parse_chinese(digits)
    if multiplier:
        value *= MULTIPLIERS[multiplier]
    return value


def plain(value: Decimal) -> str:
    """A decimal written without exponent: Decimal('1E+4') → '10000'."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
