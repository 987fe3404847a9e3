"""Jurisdictions resolved in an offline gazetteer of China's administrative divisions
(kgbuild/data/gazetteer.tsv.gz; sources in GAZETTEER.md): division code, level, parent chain.

Names are ambiguous (several 城区, 82 towns called 城关镇), so a name is settled only by evidence in the
report: its ancestors' names (a prefecture, a province) or other divisions under it that the text mentions. When the
evidence does not single one out the jurisdiction stays unresolved, with its candidates.
"""

import csv
import gzip
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources

# Suffixes dropped to get the short form a text may use (桂林 for 桂林市, 广西 for 广西壮族自治区).
_SHORT = re.compile(r"(?:维吾尔|壮族|回族)?自治区$|特别行政区$|自治州$|地区$|省$|市$|盟$|区$|县$|旗$")
_LEVEL_RANK = {"province": 0, "prefecture": 1, "county": 2, "town": 3}


@dataclass(frozen=True)
class Division:
    code: str  # 12 digits
    name: str
    level: str
    parent: str | None

    @property
    def short_code(self) -> str:
        """6 digits for county level and above (the code people quote), 12 for towns."""
        return self.code if self.level == "town" else self.code[:6]


@dataclass
class Resolution:
    name: str
    division: Division | None = None
    candidates: list[Division] = field(default_factory=list)
    reason: str = ""
    parent: Division | None = None  # where a name-only place lies, when that is known (a zone of 珠海市)


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, Division], dict[str, list[str]], dict[str, list[str]]]:
    raw = (resources.files("kgbuild") / "data" / "gazetteer.tsv.gz").read_bytes()
    rows = csv.DictReader(gzip.decompress(raw).decode("utf-8").splitlines(), delimiter="\t")
    by_code, by_name, children = {}, defaultdict(list), defaultdict(list)
    for row in rows:
        division = Division(row["code"], row["name"], row["level"], row["parent"] or None)
        by_code[division.code] = division
        by_name[division.name].append(division.code)
        if division.parent:
            children[division.parent].append(division.code)
    return by_code, dict(by_name), dict(children)


def division(code: str) -> Division | None:
    return _table()[0].get(code)


def divisions() -> dict[str, Division]:
    """Every division by its 12-digit code."""
    return _table()[0]


def chain(d: Division) -> list[Division]:
    """The division and its ancestors, up to the province."""
    out, seen = [d], {d.code}
    while out[-1].parent and out[-1].parent not in seen:
        parent = division(out[-1].parent)
        if parent is None:
            break
        seen.add(parent.code)
        out.append(parent)
    return out


def short_name(name: str) -> str:
    stem = _SHORT.sub("", name)
    return stem if len(stem) >= 2 else name


def candidates(name: str, level: str | None = None) -> list[Division]:
    by_code, by_name, _ = _table()
    found = [by_code[c] for c in by_name.get(name, [])]
    if level in _LEVEL_RANK:
        same = [d for d in found if d.level == level]
        found = same or found
    return found


def _evidence(d: Division, text: str) -> int:
    """How many of the division's ancestors the text names, plus one if it names divisions under it."""
    score = sum(1 for a in chain(d)[1:] if a.name in text or short_name(a.name) in text)
    by_code, _, children = _table()
    if any(len(by_code[c].name) >= 3 and by_code[c].name in text for c in children.get(d.code, [])):
        score += 1
    return score


def resolve(name: str, text: str, level: str | None = None, parent_hint: str | None = None) -> Resolution:
    """Settle `name` (as the report calls its own jurisdiction) to one division, or say why not."""
    found = candidates(name, level)
    if not found:
        return attach_parent(Resolution(name, reason=f"{name} is not in the gazetteer"), parent_hint)
    if parent_hint:
        hinted = [d for d in found if any(parent_hint in (a.name, short_name(a.name)) for a in chain(d)[1:])]
        found = hinted or found
    return settle(name, found, text)


def attach_parent(resolution: Resolution, parent_hint: str | None) -> Resolution:
    """A new or renamed place the gazetteer lacks, attached to the parent a manifest names (a county of
    its province), when that parent is one division."""
    if resolution.division is not None or resolution.parent is not None or not parent_hint:
        return resolution
    parents = [d for d in candidates(parent_hint) if d.level != "town"]
    return replace(resolution, parent=parents[0]) if len(parents) == 1 else resolution


def settle(name: str, found: list[Division], text: str) -> Resolution:
    """One of several divisions of one name, if the report's evidence singles it out."""
    if len(found) == 1:
        return Resolution(name, found[0])
    scored = sorted(((_evidence(d, text), d) for d in found), key=lambda x: (-x[0], x[1].code))
    if scored[0][0] > 0 and scored[0][0] > scored[1][0]:
        return Resolution(name, scored[0][1])
    tied = [d for s, d in scored if s == scored[0][0]]
    return Resolution(name, candidates=tied, reason=f"{len(tied)} divisions named {name} fit the report's evidence")
