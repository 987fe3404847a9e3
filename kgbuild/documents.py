"""Policy documents a report cites: every 《…》 title, normalized so that one document cited by
different reports with different dashes, brackets or spaces is one node, with its document number
(柳市公审办〔2020〕1号 → issuer 柳市公审办, year 2020, number 1) when the report gives it."""

import hashlib
import re
import unicodedata
from dataclasses import dataclass

_TITLE = re.compile(r"《([^《》]{2,120})》")
_NUMBER = re.compile(r"[（(]?([\u4e00-\u9fffA-Za-z]{1,16})[〔\[［(（](\d{4})[〕\]］)）]第?(\d{1,5})号[）)]?")
_DASHES = re.compile(r"\s*[-—－–~～至]+\s*")
_NATION = "中华人民共和国"
_LAW = re.compile(r"^(?:中华人民共和国)?[\u4e00-\u9fff]{1,20}(?:(?<![办方做说手])法|法典)$")


@dataclass(frozen=True)
class Citation:
    title: str  # as written
    key: str  # normalized title: one per document
    is_law: bool
    start: int  # offsets of 《…》 (and its document number, when given) in the normalized text
    end: int
    issuer: str | None = None
    year: int | None = None
    serial: int | None = None

    @property
    def number(self) -> str | None:
        return f"{self.issuer}〔{self.year}〕{self.serial}号" if self.issuer else None


def normalize_title(title: str) -> str:
    """《法治政府建设实施纲要（2021—2025年）》 and 《法治政府建设实施纲要(2021-2025年)》 → one key;
    《行政复议法》 and 《中华人民共和国行政复议法》 → one key."""
    key = unicodedata.normalize("NFKC", title)
    key = re.sub(r"\s+", "", key)
    key = _DASHES.sub("-", key)
    key = key.replace("〈", "<").replace("〉", ">").replace("“", '"').replace("”", '"')
    if _LAW.match(key) and key.startswith(_NATION):
        key = key[len(_NATION):]
    return key


def document_id(key: str) -> str:
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def citations(text: str, jurisdiction: str | None = None) -> list[Citation]:
    """Every 《…》 of the text. A title the report puts right after its own place's name
    (制定东湖区《法治政府建设实施纲要》) is that place's own document, not the national one of the same title."""
    out = []
    for m in _TITLE.finditer(text):
        title = m.group(1).strip()
        end, issuer, year, serial = m.end(), None, None, None
        number = _NUMBER.match(text, m.end())
        if number:
            end, issuer, year, serial = number.end(), number.group(1), int(number.group(2)), int(number.group(3))
        key = normalize_title(title)
        if jurisdiction and text[:m.start()].endswith(jurisdiction) and not key.startswith(jurisdiction):
            key = jurisdiction + key
        out.append(Citation(title, key, bool(_LAW.match(key)), m.start(), end, issuer, year, serial))
    return out
