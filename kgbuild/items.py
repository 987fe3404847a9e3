"""The items of a report's problems section (存在的问题/不足) and plans section (下一步工作…).

Reports list them as numbered paragraphs (（一）… 1.…), as 一是…二是… inside one paragraph, or as a
colon-introduced list separated by ；. Unnumbered paragraphs beside numbered ones are introductions.
"""

import re
from dataclasses import dataclass

from .normalize import HEADING_MARK
from .segment import section_kind

_ORDINAL_IS = re.compile(r"[一二三四五六七八九十]+是")
_MARKER = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、是]|\d{1,2}[.、．](?!\d))")


@dataclass(frozen=True)
class Item:
    kind: str  # "problem" or "plan"
    start: int
    end: int
    text: str


def _paragraphs(text: str):
    """(start, line, section kind) for every line, with the section it is in."""
    section, pos = "body", 0
    for line in text.split("\n"):
        is_heading = bool(HEADING_MARK.match(line)) and "。" not in line and len(line) <= 60
        if is_heading:
            section = section_kind(line, section)
        yield pos, line, section, is_heading
        pos += len(line) + 1


def _split(start: int, line: str) -> list[tuple[int, int]]:
    """Cut one paragraph into item spans."""
    marks = [m.start() for m in _ORDINAL_IS.finditer(line)]
    if len(marks) >= 2:
        bounds = marks + [len(line)]
        return [(start + a, start + b) for a, b in zip(bounds, bounds[1:], strict=False)]
    colon = line.find("：")
    if colon != -1 and line.count("；", colon) >= 1:
        spans, pos = [], colon + 1
        for m in re.finditer(r"；", line[colon + 1:]):
            spans.append((start + pos, start + colon + 1 + m.start()))
            pos = colon + 1 + m.end()
        spans.append((start + pos, start + len(line)))
        return spans
    return [(start, start + len(line))]


def items(text: str) -> list[Item]:
    found: list[Item] = []
    pending: dict[str, list] = {"problems": [], "plans": []}
    for start, line, section, is_heading in _paragraphs(text):
        if section not in pending or not line.strip() or is_heading:
            continue
        pending[section].append((start, line))
    for section, paragraphs in pending.items():
        kind = "problem" if section == "problems" else "plan"
        numbered = [p for p in paragraphs if _MARKER.match(p[1]) or len(_ORDINAL_IS.findall(p[1])) >= 2]
        for start, line in numbered or paragraphs:
            for a, b in _split(start, line):
                span = text[a:b].strip().rstrip("；;")
                if len(span) >= 6:
                    a = text.index(span, a)
                    found.append(Item(kind, a, a + len(span), span))
    return sorted(found, key=lambda i: i.start)
