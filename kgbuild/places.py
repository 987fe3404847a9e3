"""Which place a report speaks for, found from the gazetteer's names rather than from strings that
end in 区 or 县.

Every division name the gazetteer holds (and the short forms people write: 金平县 for
金平苗族瑶族傣族自治县, 黔西南州, 信阳 in 法治信阳) is looked up in the text; zones the gazetteer does
not hold (…经济开发区, …新城) are read from their suffixes. Each mention is weighed as evidence:

- the issuer in the title (广州市花都区人民政府2021年…报告 → 花都区, not 广州市);
- the subject of an opening sentence (2022年，兴庆区坚持…);
- the place speaking as a government (X人民政府, X办事处, X管委会);
- slogans (法治X, 平安X);
- plain mentions, and towns whose county the gazetteer knows (盐渎街道、郭猛镇 → their county);
- the level the report speaks of itself (我区, 全县, 本市 — not 全市 in a rank, which is the parent's).

Mentions inside 《》 are other documents' and count for nothing. The words read as evidence are data
(kgbuild/data/places.toml).
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

from . import gazetteer
from .gazetteer import Division, Resolution
from .lexicon import read_data_toml

_CJK = re.compile(r"[\u4e00-\u9fff]")
_TITLE = re.compile(r"《[^《》\n]*》")
_LEVEL_CHARS = "省市州盟县区旗镇乡道"
_LEVEL_OF_DIVISION = {"province": "province", "prefecture": "prefecture", "county": "county", "town": "town"}


@lru_cache(maxsize=1)
def _words() -> dict:
    return read_data_toml("places.toml")[0]


def zone_short_form(name: str) -> str:
    """天津滨海高新技术产业开发区 → 天津滨海高新区: the form reports write of themselves."""
    for full, short in _words().get("zone_short_forms", {}).items():
        if name.endswith(full):
            return name[: -len(full)] + short
    return name


def autonomous_stem(name: str) -> tuple[str, str] | None:
    """金平苗族瑶族傣族自治县 → (金平, 县); 黔西南布依族苗族自治州 → (黔西南, 州); None if not autonomous."""
    m = re.fullmatch(r"(.+)自治(县|州|旗)", name)
    if not m:
        return None
    known = "|".join(map(re.escape, sorted(_words()["ethnic_groups"], key=len, reverse=True)))
    groups = re.compile(rf"(?:(?:{known})族?)+")  # 伊犁哈萨克自治州: 族 is not always written
    head = m.group(1)
    for k in range(2, len(head)):
        if groups.fullmatch(head[k:]):
            return head[:k], m.group(2)
    return None


@dataclass(frozen=True)
class _Forms:
    full: dict  # surface → codes: names as written with their level word
    short: dict  # surface → codes: stems without it (信阳, 广西), only believed in slogans and titles
    longest: int
    ends: frozenset


@lru_cache(maxsize=1)
def _forms() -> _Forms:
    by_code = gazetteer.divisions()
    full, short = defaultdict(set), defaultdict(set)
    for d in by_code.values():
        if d.code[:2] in ("71", "81", "82"):
            continue  # 台湾/香港/澳门: no reports, and their short names are common words
        full[d.name].add(d.code)
        stem = autonomous_stem(d.name)
        if stem:
            full[stem[0] + stem[1]].add(d.code)  # 金平县
            full[stem[0] + "自治" + stem[1]].add(d.code)  # 镇宁自治县
            short[stem[0]].add(d.code)
        if d.level == "province" and len(gazetteer.short_name(d.name)) >= 3:
            full[gazetteer.short_name(d.name)].add(d.code)  # 内蒙古, 黑龙江: never anything else
        if d.level == "town" and d.name.endswith("街道") and len(d.name) >= 5:
            full[d.name[:-1]].add(d.code)  # 鹤龙街 for 鹤龙街道, as reports often write it
        if d.level != "town":
            s = gazetteer.short_name(d.name)
            if s != d.name and len(s) >= 2:
                short[s].add(d.code)
    for alias, code in _words().get("aliases", {}).items():
        full[alias].add(code.ljust(12, "0"))
    longest = max(map(len, full))
    return _Forms({k: tuple(sorted(v)) for k, v in full.items()}, {k: tuple(sorted(v)) for k, v in short.items()},
                  longest, frozenset(name[-1] for name in full))


@dataclass
class Mention:
    start: int
    end: int
    surface: str
    codes: tuple  # gazetteer codes, or () for a zone the gazetteer does not hold
    weight: float = 1.0


def _protected(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _TITLE.finditer(text)]


def _inside(pos: int, spans) -> bool:
    return any(a <= pos < b for a, b in spans)


def find_mentions(text: str) -> list[Mention]:
    """Every gazetteer name and zone name in the text, longest first where names overlap."""
    forms = _forms()
    found = []
    for i, ch in enumerate(text):
        if ch not in forms.ends:
            continue
        for length in range(min(forms.longest, i + 1), 1, -1):
            surface = text[i + 1 - length:i + 1]
            codes = forms.full.get(surface)
            if codes and _plausible(text, i + 1 - length, i + 1):
                found.append(Mention(i + 1 - length, i + 1, surface, codes))
                break
    found += _zones(text)
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept, reach = [], -1
    for m in found:
        if m.end <= reach:
            continue  # inside a longer name (城区 in 新城区, 新区 in 两江新区)
        kept.append(m)
        reach = max(reach, m.end)
    return kept


def _plausible(text: str, start: int, end: int) -> bool:
    """Is text[start:end] a name here, not part of a word? A one-character stem (盂县, 新县, 城区) must
    stand on its own: after a place name's level word, punctuation, a slogan word or a year."""
    after = text[end:end + 1]
    if after in ("域", "场"):
        return False  # 城区域, 市场
    if end - start > 2:
        return True
    before = text[max(0, start - 2):start]
    if not before or not _CJK.match(before[-1]):
        return True
    if before[-1] in _LEVEL_CHARS or before.endswith("年"):
        return True
    return any(before.endswith(p[-2:]) for p in _words()["slogan_prefixes"])


_TOWN_SUFFIXES = ("街道", "镇", "乡", "苏木")


_UNLISTED_TOWN = re.compile(r"([\u4e00-\u9fff]{2,4}?(?:街道|镇|乡|苏木))(?=人民政府|办事处|党委|党工委|$)")
_OPENING_TOWN = re.compile(
    r"(?:^|\n)\s*\d{4}年(?:度|以来)?[，,]\s*([\u4e00-\u9fff]{2,4}?(?:街道|街|镇|乡|苏木))(?:党工委|党委|办事处|人民政府)?"
    r"(?=在|坚持|始终|深入|紧紧|全面|以|认真)")


def _unlisted_towns(text: str, mentions: list[Mention]) -> list[Mention]:
    """A town or subdistrict issuing the report under a name the gazetteer lacks (renamed, newly made):
    read only where a name is certain to be one, the title's issuer or the subject opening the text
    (2025年，X街道在区委、区政府的领导下…)."""
    spans = []
    title = _title_line(text)
    if title:
        t_start, line = title
        head = re.split(r"关于|\d{4}年|法治", line)[0]
        spans += [(t_start + m.start(1), t_start + m.end(1)) for m in _UNLISTED_TOWN.finditer(head)]
    opening = _OPENING_TOWN.search(text[:1500])
    if opening:
        spans.append(opening.span(1))
    out = []
    for start, end in spans:
        if not any(x.start < end and start < x.end for x in mentions + out):
            # 2024年，鹤龙街坚持…: 鹤龙街道 as the text writes it is the gazetteer's, not a new town.
            codes = _forms().full.get(text[start:end] + "道", ()) if text[start:end].endswith("街") else ()
            out.append(Mention(start, end, text[start:end], codes))
    for first in list(out):  # the name, once certain, counts wherever else the text writes it (鹤龙街党工委)
        for m in re.finditer(re.escape(first.surface), text):
            if m.start() != first.start and not any(x.start < m.end() and m.start() < x.end for x in mentions + out):
                out.append(Mention(m.start(), m.end(), first.surface, first.codes))
    return out


def _zones(text: str) -> list[Mention]:
    words = _words()
    suffixes = "|".join(map(re.escape, sorted(words["zone_suffixes"], key=len, reverse=True)))
    not_stems = tuple(words["zone_not_stems"])
    provinces = _zone_prefixes()
    out = []
    for m in re.finditer(rf"([\u4e00-\u9fff]{{1,8}}?)({suffixes})", text):
        stem = re.split(r"[的在对和与及是为将把被从了等个年我全各本该其此这那均由向以并或、]|经(?!济)", m.group(1))[-1]
        if stem == m.group(1) and text[m.start(1) - 1:m.start(1) + 1] == "中共":
            stem = stem[1:]  # 中共…实验区工作委员会: the party's prefix, not the zone's name
        addressed = stem
        for _ in range(2):  # 河北唐山芦台经济开发区 is 芦台经济开发区: province and city are its address
            prefix = next((p for p in provinces if stem.startswith(p) and len(stem) - len(p) >= 2), None)
            if prefix:
                stem = stem[len(prefix):]
        if stem != addressed and (stem.endswith(not_stems) or stem in not_stems):
            # 苏州工业园区: without its city the name is a kind of area, so the city stays in it.
            stem = next((addressed[len(p):] for p in _province_names() if addressed.startswith(p)), addressed)
        if len(stem) < 2 or stem.endswith(not_stems) or stem in not_stems or _VERB_STEM.search(stem):
            continue
        if any(len(s) >= len(stem) + len(m.group(2)) and text[m.end() - len(s):m.end()] == s for s in words["zone_suffixes"]):
            continue  # 济技术开发区 in 经济技术开发区: a kind of zone cut short by the stem's split, no name
        start = m.end(1) - len(stem)
        out.append(Mention(start, m.end(), text[start:m.end()], ()))
    # 统筹柳东新区, 度柳东新区: a longer name ending in one the text also writes alone is that name.
    names = {m.surface for m in out}
    for m in out:
        shorter = [n for n in names if n != m.surface and m.surface.endswith(n) and len(n) >= 4]
        if shorter:
            n = max(shorter, key=len)
            m.start, m.surface = m.end - len(n), n
    return out


_VERB_STEM = re.compile(r"紧扣|紧紧|召开|开展|推进|组织|举办|建设|打造|创建|围绕|推动|聚焦|依托|通过|落实|加强|深化|全面|进一步"
                        r"|思想|精神|领航|引领|理念|配合|协助|支持|服务|助力|融入|对接|联合|会同|指导|参与|协调|承接|按照|根据|依照|对照|遵照|实现|促进")


@lru_cache(maxsize=1)
def _province_names() -> list[str]:
    names = set()
    for d in gazetteer.divisions().values():
        if d.level == "province":
            names |= {d.name, gazetteer.short_name(d.name)}
    return sorted(names, key=len, reverse=True)


@lru_cache(maxsize=1)
def _zone_prefixes() -> list[str]:
    """Province and prefecture names, full and short, longest first: the address before a zone's name."""
    names = set()
    for d in gazetteer.divisions().values():
        if d.level in ("province", "prefecture"):
            names |= {d.name, gazetteer.short_name(d.name)}
    return sorted(names, key=len, reverse=True)


def _self_level(text: str) -> str | None:
    """The level word the report uses of itself most (我区, 全县, 本市), ranks and comparisons aside."""
    w = _words()
    levels = "|".join(map(re.escape, w["self_levels"]))
    not_before = tuple(w["self_not_before"])
    not_after = tuple(w["self_not_after"])
    counts = Counter()
    cited = _protected(text)  # 《2024年全县法治政府建设工作要点》 is the county's plan a town follows
    for m in re.finditer(rf"(?:{'|'.join(w['self_words'])})({levels})", text):
        if text[max(0, m.start() - 2):m.start()].endswith(not_before) or text[m.end():m.end() + 2].startswith(not_after):
            continue
        if _inside(m.start(), cited):
            continue
        counts[m.group(1)] += 1
    if counts:
        return counts.most_common(1)[0][0]
    # No 我区/全县: the government speaking of itself as the subject (县人民政府坚持…), not its parent's
    # lead (在市委、市政府的正确领导下).
    organs = Counter()
    subject = rf"(?<![\u4e00-\u9fff])({levels})(?:人民政府|政府|党委|党工委|办事处)(?!的?(?:正确|坚强)?(?:领导|指导))"
    led = [m.span() for m in re.finditer(r"在[^。\n]{0,50}?(?:领导|指导|部署)下", text)]
    led += _addressee_lines(text)  # 区委、区政府： the parent the report is addressed to
    for m in re.finditer(subject, text):
        if not _inside(m.start(), led):  # 在区委、区政府和区法治政府建设领导小组的正确领导下: the parent
            organs[m.group(1)] += 1
    if organs:
        return organs.most_common(1)[0][0]
    # Nor that: the committee a place's rule of law is run by names its level (依法治盟委员会, 依法治县办) —
    # unless a party committee is named with it (区委全面依法治区委员会), which is as often the parent's.
    # Its work plan (依法治区工作要点) is as often the parent's, which the report follows.
    addressed = _addressee_lines(text)
    ruled = Counter(m.group(1) for m in re.finditer(rf"(?<!委)(?<!委全面)依法治({levels})(?:委员会|委|办(?!法))", text)
                    if not _inside(m.start(), addressed))
    return ruled.most_common(1)[0][0] if ruled else None


def _title_line(text: str) -> tuple[int, str] | None:
    pos = 0
    for line in text.split("\n")[:40]:
        if re.search(r">|›|»|当前位置|首页", line):
            pos += len(line) + 1
            continue  # breadcrumbs name the site's column, not the report
        if len(line) <= 70 and re.search(r"报告|情况|总结", line) and re.search(r"法治", line):
            return pos, line
        pos += len(line) + 1
    return None


def _weigh(text: str, mentions: list[Mention]) -> None:
    w = _words()
    organs = tuple(w["organ_words"]) + ("委",)
    slogans = tuple(w["slogan_prefixes"])
    title = _title_line(text)
    if title:
        t_start, line = title
        head = re.split(r"关于|\d{4}年|法治", line)[0] or line
        issuer = _issuer_above(text, t_start) if head == line or not head.strip() else None
        if issuer:  # 四川天府新区眉山管理委员会 / 关于2020年度…的报告: the issuer heads the title on its own line
            t_start, head = issuer
        in_head = [m for m in mentions if t_start <= m.start and m.end <= t_start + len(head)]
        if not in_head:
            in_head = [m for m in mentions if t_start <= m.start and m.end <= t_start + len(line)][:1]
        if in_head:
            in_head[-1].weight += 8
    verbs = "|".join(map(re.escape, sorted(w["opening_verbs"], key=len, reverse=True)))
    openings = re.finditer(
        rf"(?:^|\n|。)\s*(?:\d{{4}}年(?:度|以来)?|今年以来|近年来|一年来|过去一年)[，,]?\s*(?:在[^。\n]{{0,40}}?下[，,])?\s*"
        rf"([^，,。\n]{{2,24}}?)(?:{verbs})", text)
    for n, o in enumerate(openings):
        if n >= 3:
            break
        inside = [m for m in mentions if o.start(1) <= m.start < o.end(1)]  # 新市街道 before 办事处坚持
        if inside:
            inside[-1].weight += 6 if n == 0 else 3
    for announced in re.finditer(r"现将([^。\n]{2,30}?)(?:\d{4}年|法治政府|有关|相关)[^。\n]{0,30}?(?:报告|汇报)如下", text):
        inside = [m for m in mentions if announced.start(1) <= m.start < announced.end(1)]
        if inside:  # 现将周溪乡2024年法治政府建设工作报告如下: the report names itself
            inside[-1].weight += 6
    for a, b in _addressee_lines(text):
        for m in mentions:
            if a <= m.start < b:
                m.weight = 0.0  # 中共红河州委、红河州人民政府： the report is addressed to its parent
    for m in mentions:
        if m.weight == 0.0:
            continue
        after = text[m.end:m.end + 5]
        if after.startswith(organs):
            m.weight += 2
        before = text[max(0, m.start - 2):m.start]
        if before.endswith(slogans):
            m.weight += 2


def _issuer_above(text: str, title_start: int) -> tuple[int, str] | None:
    """The line right above a title that starts with 关于 or a year, when it names a government
    (…人民政府, …管理委员会, …办事处): the report's issuer."""
    above = text[:title_start].rstrip("\n ")
    line = above[above.rfind("\n") + 1:]
    organs = tuple(_words()["organ_words"])
    if 2 < len(line.strip()) <= 40 and line.strip().endswith(organs):
        return len(above) - len(line), line
    return None


def _addressee_lines(text: str) -> list[tuple[int, int]]:
    """Short lines near the top (after any page chrome) that end with a colon: the body a report is sent
    to; not 现将…报告如下：, which announces the report."""
    spans, pos = [], 0
    for line in text.split("\n")[:45]:
        if 2 <= len(line.strip()) <= 40 and line.rstrip().endswith((":", "：")) and "如下" not in line:
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    # …or the addressee run into a line of page chrome before it (…3号区委、区政府:): the bodies before a
    # colon that ends the line.
    spans += [m.span() for m in _ADDRESSEE.finditer(text[:4000])]
    return spans


_ADDRESSEE = re.compile(r"(?:[\u4e00-\u9fff]{0,14}?(?:党委|党工委|委员会|人大常委会|常委会|人民政府|政府|管委会|委)[、，,]?){1,4}"
                        r"[:：](?=[ \t]*\n)")


def _slogan_mentions(text: str) -> list[Mention]:
    """法治信阳, 平安盂县: short names after a slogan word (full names are found already)."""
    forms = _forms()
    out = []
    for p in _words()["slogan_prefixes"]:
        for m in re.finditer(re.escape(p), text):
            for length in range(6, 1, -1):
                surface = text[m.end():m.end() + length]
                if surface in forms.short:
                    out.append(Mention(m.end(), m.end() + length, surface, forms.short[surface], 2.0))
                    break
    return out


@lru_cache(maxsize=1)
def _own_name_patterns() -> tuple[re.Pattern, re.Pattern]:
    """Short names of provinces and prefectures after a slogan word (法治天水) or before a media word
    (甘肃日报, 天水广播电视台, and a county's of three characters or more): how a report names its own
    place when it names it nowhere else."""
    forms = _forms()
    names = sorted((s for s, codes in forms.short.items() if len(s) >= 2 and any(
        gazetteer.division(c).level in ("province", "prefecture") for c in codes)), key=len, reverse=True)
    # A county's media (江苏政务服务清江浦旗舰店) only by a short name of three characters or more: shorter
    # ones are common words too often.
    counties = sorted((s for s, codes in forms.short.items() if len(s) >= 3 and s not in names and any(
        gazetteer.division(c).level == "county" for c in codes)), key=len, reverse=True)
    alt = "|".join(map(re.escape, names))
    w = _words()
    slogans = "|".join(map(re.escape, w["slogan_prefixes"]))
    media = "|".join(map(re.escape, w["media_words"]))
    return (re.compile(rf"(?:{slogans})({alt})(?![\u4e00-\u9fff]{{0,1}}[省市州盟县区])"),
            re.compile(rf"({'|'.join(map(re.escape, sorted(names + counties, key=len, reverse=True)))})(?:{media})"))


def _slogan_or_media_mentions(text: str) -> list[Mention]:
    forms = _forms()
    out = []
    for pattern in _own_name_patterns():
        for m in pattern.finditer(text):
            levels = ("province", "prefecture") + (("county",) if len(m.group(1)) >= 3 else ())
            codes = tuple(c for c in forms.short[m.group(1)] if gazetteer.division(c).level in levels)
            out.append(Mention(m.start(1), m.end(1), m.group(1), codes, 0.5))
    return out


def _fits_level(surface: str, codes: tuple, level_word: str | None) -> bool:
    if level_word is None:
        return True
    if surface.endswith(level_word):
        return True
    if level_word in ("区", "市") and not codes:
        return True  # a zone says 我区; 全市 in a zone's report is its city
    divisions = [gazetteer.division(c) for c in codes]
    levels = {d.level for d in divisions}
    region = any(d.level == "province" and d.name.endswith("自治区") for d in divisions)  # 全区 of 内蒙古
    municipality = any(d.level == "province" and d.name.endswith("市") for d in divisions)  # 本市 of 上海
    return (level_word == "州" and "prefecture" in levels) or (level_word == "市" and municipality) or (
        level_word == "区" and region)


@dataclass
class Guess:
    name: str | None
    level: str | None
    resolution: Resolution | None
    warning: str | None = None


_GENERIC_ZONES = ("园区", "高新区", "经开区", "开发区", "新区", "新城", "示范区", "试验区")


def _self_zone(text: str) -> str | None:
    """The generic word a zone's report opens with for itself (2022年，园区坚持…; 2023年，高新区…)."""
    verbs = "|".join(map(re.escape, sorted(_words()["opening_verbs"], key=len, reverse=True)))
    zones = "|".join(_GENERIC_ZONES)
    m = re.search(rf"(?:^|\n|。)\s*(?:\d{{4}}年(?:度|以来)?|今年以来|近年来)[，,]?\s*({zones})(?:管委会|党工委)?[、，,]?"
                  rf"(?:党工委|管委会)?(?:{verbs})", text[:3000])
    return m.group(1) if m else None


def _zone_forms(word: str) -> tuple[str, ...]:
    """高新区 and the long forms it stands for (高新技术产业开发区…)."""
    return (word,) + tuple(full for full, short in _words().get("zone_short_forms", {}).items() if short == word)


_ZONE_ORGANS = re.compile(r"党工委|管委会|管理委员会")


def _zone_by_its_own_name(text: str, score: Counter) -> Guess | None:
    """2025年，松山湖坚持…, in a report of a 党工委 and 管委会 naming no place it could be: a zone
    known by a bare name (no 开发区, no 新区), taken with a warning; its parent is the one city the
    text names, if it names one."""
    verbs = "|".join(map(re.escape, sorted(_words()["opening_verbs"], key=len, reverse=True)))
    m = re.search(rf"(?:^|\n)\s*\d{{4}}年(?:度|以来)?[，,]\s*([\u4e00-\u9fff]{{2,5}}?)(?:{verbs})", text[:1500])
    if not m or len(_ZONE_ORGANS.findall(text)) < 2:
        return None
    name = m.group(1)
    if re.search(r"[我全本各该其这那在以对为和与及、委党府局院]|" + "|".join(_GENERIC_ZONES) + r"|[省市州盟县区旗镇乡]$", name):
        return None
    cities = [k for k in score if k.isdigit() and gazetteer.division(k).level in ("prefecture", "county")]
    parent = gazetteer.division(cities[0]) if len(cities) == 1 else None
    where = f"; it lies in {parent.name}" if parent else ""
    return Guess(name, "zone", Resolution(name, reason=f"{name} is not in the gazetteer{where}", parent=parent),
                 f"zone {name} is named only as the subject of the opening sentence; a manifest can confirm it")


_ABBREVIATION = re.compile(r"[(（]以下简称[“\"]?([\u4e00-\u9fff]{2,10}?)[”\"]?[)）]")


def _abbreviated(text: str, mentions: list[Mention]) -> None:
    """郑州航空港经济综合实验区(以下简称航空港区): the report names itself once in full and then by the short
    form, so every mention of the short form is evidence for the full name."""
    for a in _ABBREVIATION.finditer(text):
        full = next((m for m in mentions if m.end == a.start()), None)
        if not full:
            continue
        for m in mentions:
            if m.surface == a.group(1) and m is not full:
                m.surface, m.codes = full.surface, full.codes


def detect(text: str) -> Guess:
    """The place the report speaks for: its name as the report writes it, its level and its division."""
    protected = _protected(text)
    mentions = find_mentions(text)
    mentions += _unlisted_towns(text, mentions)
    _weigh(text, mentions)
    _abbreviated(text, mentions)
    for m in mentions:
        if _inside(m.start, protected):
            m.weight = 0.5  # a cited title: often the place's own plan, but as often a parent's
    self_zone = _self_zone(text)
    if self_zone:
        for m in mentions:
            if not m.codes and m.surface.endswith(_zone_forms(self_zone)):
                m.weight += 6  # 园区坚持… and 苏州工业园区 named once, even in a title: the zone speaks of itself
    shorts = [m for m in _slogan_mentions(text) if not _inside(m.start, protected)]
    level_word = _self_level(text)
    # Score each place (a division code, or a zone's name) by the weight of its mentions.
    score: Counter = Counter()
    evidence: Counter = Counter()
    surfaces: dict[str, Counter] = defaultdict(Counter)
    for m in mentions:
        keys = m.codes or (m.surface,)
        # A zone speaking as 高新区 names its city as a parent: the level words (全区) are its own.
        parent_of_zone = self_zone and m.codes and all(gazetteer.division(c).level in ("prefecture", "county")
                                                      for c in m.codes)
        # A named zone opening the text as its subject (2024年西咸新区坚持…) speaks for itself, whatever 全省
        # or 全市 its report also writes of its parents.
        opening_zone = not m.codes and m.weight >= 6 and m.surface.endswith(tuple(_words()["zone_suffixes"]))
        factor = 1.0 if parent_of_zone or opening_zone or _fits_level(m.surface, m.codes, level_word) else 0.25
        for k in keys:
            score[k] += m.weight * factor / len(keys) ** 0.5  # an ambiguous name is weaker evidence for each
            evidence[k] += m.weight * factor
            surfaces[k][m.surface] += m.weight
    for m in shorts:
        for k in m.codes:
            if k in score:
                score[k] += m.weight
    # Towns the text names speak for their county when the county itself is named little.
    for m in mentions:
        for c in m.codes:
            d = gazetteer.division(c)
            if d.level == "town" and len(m.codes) == 1 and m.weight > 0:
                county = gazetteer.division(d.parent)
                if county and _fits_level(county.name, (county.code,), level_word):
                    score[d.parent] += 0.5
                    surfaces[d.parent][county.name] += 0.01
    for m in shorts:  # 法治盂县 with 盂县 never written in full
        for k in m.codes:
            d = gazetteer.division(k)
            if k not in score and _fits_level(d.name, (k,), level_word):
                score[k] += m.weight
                surfaces[k][m.surface] += m.weight
    # A name the gazetteer lacks is believed only on more than one plain mention (紧扣园区 is no place).
    for k in [k for k in score if not k.isdigit() and evidence[k] < 2]:
        del score[k]
    best = max(score.values(), default=0)
    top = sorted(k for k, s in score.items() if s >= best - 1e-9)
    strength = max((max(evidence[k], score[k]) for k in top), default=0)  # the evidence, before ambiguity weakens it
    if strength < 1:
        # 全市… and one city named only in a cited title (《景德镇市贯彻落实…》), or only by its short name in
        # its own slogan or media (《法治天水》, 《甘肃日报》): the one place of the level the report speaks as
        # is it, with a warning; anything less is not found.
        fitting = {k for k in score if k.isdigit() and evidence[k] >= 0.5}
        fitting |= {k for m in _slogan_or_media_mentions(text) for k in m.codes}
        fitting = sorted(k for k in fitting if level_word and _fits_level(gazetteer.division(k).name, (k,), level_word))
        if not fitting and level_word:
            fitting = _addressee_or_province(text, mentions, level_word)
        if len(fitting) != 1:
            return _zone_by_its_own_name(text, score) or Guess(None, None, None, "jurisdiction not found in the text")
        top = fitting
        if not surfaces[top[0]]:
            surfaces[top[0]][gazetteer.division(top[0]).name] += 1
    elif strength < 2:  # a city named once, in a zone's report that opens with the zone's bare name
        zone = _zone_by_its_own_name(text, score)
        if zone:
            return zone
    # One surface, several divisions (towns of one name): the gazetteer's evidence (parents, children) decides.
    name = max(surfaces[top[0]].items(), key=lambda kv: (kv[1], len(kv[0])))[0]
    unlisted = [k for k in top if not k.isdigit()]
    if unlisted:
        level = "town" if unlisted[0].endswith(_TOWN_SUFFIXES) else "zone"
        return Guess(unlisted[0], level, Resolution(unlisted[0], reason=f"{unlisted[0]} is not in the gazetteer"))
    divisions = [gazetteer.division(k) for k in top]
    if self_zone and len(divisions) == 1 and divisions[0].level in ("province", "prefecture", "county"):
        # 2023年，高新区坚持… in a report naming only 珠海: a zone of that place, known by its generic name
        # (of a province, only the generic name: 云南经开区 would be no zone's name).
        prefix = gazetteer.short_name(divisions[0].name) if divisions[0].level != "province" else ""
        zone = prefix + self_zone
        little = None if strength >= 2 else f"zone {zone} rests on little evidence (its city named once); a manifest can say"
        return Guess(zone, "zone", Resolution(zone, reason=f"{zone} is not in the gazetteer; it lies in {divisions[0].name}",
                                                parent=divisions[0]), little)
    resolution = gazetteer.settle(name, divisions, text)
    level = _LEVEL_OF_DIVISION.get(divisions[0].level)
    runner_up = sorted(score.values(), reverse=True)[len(top)] if len(score) > len(top) else 0
    warning = None
    if strength < 1:  # 全市… and one city, named only in a cited title (《景德镇市贯彻落实…》)
        warning = f"jurisdiction {name} is named only in a cited title or by its short name in a slogan or medium, " \
                  "and fits the level the report speaks as; a manifest can confirm it"
    elif strength < 2:
        warning = f"jurisdiction {name} rests on little evidence (a single plain mention); a manifest can confirm it"
    elif runner_up * 1.5 > best and best < 6:
        warning = f"jurisdiction uncertain: {name} (evidence {best:.1f}) over another place (evidence {runner_up:.1f})"
    return Guess(name, level, resolution, warning)


def _addressee_or_province(text: str, mentions: list[Mention], level_word: str) -> list[str]:
    """Last resorts when the report names no place it could be. A department's report to its own
    government (乳山市委、乳山市人民政府： over 市市场监管局…) names its place only as the addressee; a
    province's report (全省, 我省) may name only its cities (驻马店市获评…): the one province they lie in."""
    addressed = _addressee_lines(text)
    places = {c for m in mentions for c in m.codes if len(m.codes) == 1 and _inside(m.start, addressed)}
    fitting = sorted(c for c in places if _fits_level(gazetteer.division(c).name, (c,), level_word))
    if fitting:
        return fitting
    if level_word not in ("省", "自治区"):
        return []
    provinces = {gazetteer.chain(gazetteer.division(c))[-1].code for m in mentions if len(m.codes) == 1 and m.weight > 0
                 for c in m.codes}
    return sorted(provinces) if len(provinces) == 1 else []


def common_ancestor(divisions: list[Division]) -> Division | None:
    """The nearest division every candidate lies in (two towns of one name in one province: that province)."""
    chains = [gazetteer.chain(d)[1:] for d in divisions]
    if not chains or not all(chains):
        return None
    shared = set.intersection(*({a.code for a in c} for c in chains))
    return next((a for a in chains[0] if a.code in shared), None)
