"""Government bodies: one canonical name per body of a jurisdiction (区司法局 = 司法局 = 东湖区司法局;
市场监管局 = 市场监督管理局), its type, and its mentions in a report's text. Names and types are data
(kgbuild/data/bodies.tsv, body-types.tsv, bodies.toml). In bodies.tsv, `mention` says when a bare name in the text
is this jurisdiction's body: `any`; `prefixed` (党委, 法院: only as 区党委, 县法院…); `never` (司法所,
人民调解委员会: a jurisdiction has many, so a bare name cannot tell which)."""

import csv
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_LEVEL_PREFIXES = ("街道", "区", "县", "市", "镇", "乡", "旗")
OTHER = "OtherBody"
_OTHER_LEVEL = set("市省州盟县区镇乡")


@dataclass(frozen=True)
class BodyMention:
    start: int
    end: int
    surface: str
    name: str  # canonical
    type: str


def _rows(name: str) -> list[dict]:
    text = (resources.files("kgbuild") / "data" / name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines(), delimiter="\t"))


@lru_cache(maxsize=1)
def _known() -> dict[str, tuple[str, str]]:
    return {row["name"]: (row["canonical"], row["type"]) for row in _rows("bodies.tsv")}


@lru_cache(maxsize=1)
def _not_level_prefix() -> tuple[str, ...]:
    text = (resources.files("kgbuild") / "data" / "bodies.toml").read_text(encoding="utf-8")
    return tuple(tomllib.loads(text)["not_level_prefix"])


def _without_level(name: str, known: dict) -> str:
    """The name without the level word it opens with (区司法局 → 司法局; 区委 → 委, which bodies.tsv
    knows as 党委), unless that word begins another word (乡村建设…) or too little would remain."""
    if name in known or name.startswith(_not_level_prefix()):
        return name
    for prefix in _LEVEL_PREFIXES:
        rest = name[len(prefix):]
        if name.startswith(prefix) and (len(rest) > 1 or rest in known):
            return rest
    return name


@lru_cache(maxsize=1)
def _type_rules() -> tuple:
    return tuple((re.compile(row["suffix"]), row["type"]) for row in _rows("body-types.tsv"))


def canonical_body(name: str, jurisdiction: str | None) -> tuple[str, str]:
    """(canonical name, type) of a body named in a report of `jurisdiction`."""
    if jurisdiction and name.startswith(jurisdiction):
        name = name[len(jurisdiction):]
    known = _known()
    bare = _without_level(name, known)
    if bare in known:
        return known[bare]
    body_type = next((t for pattern, t in _type_rules() if pattern.search(name)), OTHER)
    return bare, body_type


@lru_cache(maxsize=1)
def _mention_rule() -> dict[str, str]:
    return {row["name"]: row["mention"] for row in _rows("bodies.tsv")}


@lru_cache(maxsize=1)
def _mention_pattern() -> re.Pattern:
    names = sorted((n for n, rule in _mention_rule().items() if rule != "never"), key=len, reverse=True)
    # A one-character name (区委's 委) must not be the start of a word (委员会, 委托).
    alternatives = "|".join(re.escape(n) + ("(?![员托])" if len(n) == 1 else "") for n in names)
    return re.compile(rf"(?P<prefix>区|县|镇|乡|街道)?(?P<name>{alternatives})(?P<unit>{_SUB_UNIT})?")


# A named unit under a body (…局旅游中队) or a named organisation of the jurisdiction
# (某某商会人民调解委员会, 行政争议调解中心): the words before its suffix, back to a word that cannot
# be part of a name.
_SUB_UNIT = r"[\u4e00-\u9fff]{1,4}?(?:中队|大队|支队|分局)"
_NAMED_UNIT = re.compile(
    r"(?:^|(?<=[，。；：、“的及和与在对由将把为]))(?:我[区县镇乡市]|本[区县镇乡市]|全[区县镇乡市])?"
    r"(?P<name>[^\W\d，。；：、“”的及和与在对由将把为]{2,14}?"
    r"(?:人民调解委员会|调解中心|调解室|执法大队|稽查大队|执法中队|工作站|服务中心))(?!”?称号)"
)
# Words that make the text before a unit's suffix a description, not its name (各级, 首个, 充分发挥).
_NOT_A_NAME = re.compile(r"^(?:各|全|多|有关|相关|首个|广西|全国)|首个|发挥|依托|推进|建立|设立|成立")
# A body named only in a person's title (区委书记, 镇党委副书记) is not mentioned as a body.
_PERSON_TITLE = re.compile(r"(?:副?书记|领导|主要负责人|常委(?!会)|主任|委员(?!会))")


def mentions(text: str, jurisdiction: str | None) -> list[BodyMention]:
    """Bodies of the report's own jurisdiction named in the text: 区司法局 in a district's report,
    东湖区司法局, or a bare 司法局. Bodies of other places (市司法局, 某县法院) are left out."""
    level = jurisdiction[-2:] if jurisdiction and jurisdiction.endswith("街道") else (jurisdiction or "")[-1:]
    out = []
    for m in _mention_pattern().finditer(text):
        before = text[max(0, m.start() - 8):m.start()]
        prefix = m.group("prefix")
        own_name = bool(jurisdiction) and before.endswith(jurisdiction[:-len(level)] if level else jurisdiction)
        if prefix and prefix != level and not own_name:
            continue
        if not prefix and before[-1:] in _OTHER_LEVEL and not own_name:
            continue  # another place's body (某市司法局, 某县法院)
        if prefix and before.endswith("自治"):
            continue  # 自治区党委 is the region's
        if not prefix and not own_name and _mention_rule()[m.group("name")] == "prefixed":
            continue
        if _PERSON_TITLE.match(text, m.end()):
            continue
        name = m.group("name") + (m.group("unit") or "")
        canonical, body_type = canonical_body(name, jurisdiction)
        out.append(BodyMention(m.start(), m.end(), m.group(), canonical, body_type))
    taken = [(b.start, b.end) for b in out]
    for m in _NAMED_UNIT.finditer(text):
        start, end = m.span("name")
        if any(a < end and start < b for a, b in taken) or _in_title(text, start):
            continue
        if _NOT_A_NAME.search(m.group("name")) or jurisdiction and other_place(m.group("name"), jurisdiction):
            continue
        canonical, body_type = canonical_body(m.group("name"), jurisdiction)
        out.append(BodyMention(start, end, m.group("name"), canonical, body_type))
    return sorted(out, key=lambda b: b.start)


def _in_title(text: str, pos: int) -> bool:
    return text.rfind("《", 0, pos) > text.rfind("》", 0, pos)


_PLACE_LEAD = re.compile(r"^[\u4e00-\u9fff]{2,5}?(?:自治区|省|市|州|盟)")


def other_place(name: str, jurisdiction: str | None) -> bool:
    """Does the body's name start with a place that is not the report's jurisdiction (江州市公安局)?"""
    lead = _PLACE_LEAD.match(name)
    return bool(lead) and not (jurisdiction and name.startswith(jurisdiction))
