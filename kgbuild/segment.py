"""Stage 3: cut normalized text into sections, sentences and clauses, keeping character offsets."""

import re
from dataclasses import dataclass

from .normalize import HEADING_MARK

_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
_CLAUSE_BREAK = re.compile(r"[，,；;：:]")
_TOP_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|\d{1,2}[、.．]|第[一二三四五六七八九十]+部分)")
_PROBLEMS = re.compile(r"存在的?问题|问题和不足|不足|薄弱环节|短板")
_PLANS = re.compile(
    r"下一步|工作(?:计划|思路|打算|安排|建议|重点|举措)|\d{4}年.{0,20}(?:计划|思路|打算|安排)|努力方向|意见建议$"
    r"|^[（(][一二三四五六七八九十\d]+[)）]\s*建议"
)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    section: str  # "body", "problems" or "plans"
    heading: bool

    def clauses(self):
        """(start, end) offsets, absolute, of the clauses separated by ，；： in this sentence."""
        spans, pos = [], 0
        for m in _CLAUSE_BREAK.finditer(self.text):
            spans.append((self.start + pos, self.start + m.start()))
            pos = m.end()
        spans.append((self.start + pos, self.end))
        return spans


# What was done, not what is planned: 工作举措和成效, 主要工作及成效.
_ACHIEVEMENTS = re.compile(r"成效|成绩|进展|开展情况|完成情况|主要做法")


def section_kind(heading: str, current: str) -> str:
    top = bool(_TOP_HEADING.match(heading))
    if _ACHIEVEMENTS.search(heading) and not re.search(r"下一步|\d{4}年.{0,6}(?:计划|打算)", heading):
        return "body"
    if _PROBLEMS.search(heading):
        return "problems"
    if _PLANS.search(heading):
        return "plans"
    return "body" if top else current


def sentences(text: str) -> list[Sentence]:
    out, section, pos = [], "body", 0
    for line in text.split("\n"):
        heading = bool(HEADING_MARK.match(line)) and "。" not in line[:60] and len(line) <= 60
        if heading:
            section = section_kind(line, section)
        for m in _SENTENCE.finditer(line):
            if m.group().strip():
                out.append(Sentence(pos + m.start(), pos + m.end(), m.group(), section, heading))
        pos += len(line) + 1
    return out
