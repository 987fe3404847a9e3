"""What became of every number in a report: a classified figure (its metric), an unclassified figure
(its label), or deliberately not a figure (a date, an ordinal, a document number…, with the reason).

This is where a domain expert sees what the rules do not understand yet; `kgbuild coverage` prints
it as a table or writes it as an HTML page with each number marked.
"""

import html
import re
from dataclasses import dataclass
from importlib import resources
from string import Template

from .extract import UNCLASSIFIED, Figure, scan_quantities
from .lexicon import Lexicon
from .segment import sentences

CLASSIFIED, UNCLASSIFIED_FIGURE, IGNORED = "classified", "unclassified", "ignored"
_ARABIC = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Fate:
    start: int  # offsets in the report's normalized text
    end: int
    text: str
    status: str  # classified | unclassified | ignored
    detail: str  # the metric code, the figure's label, or why it is not a figure


@dataclass(frozen=True)
class Coverage:
    report: str
    text: str
    fates: tuple[Fate, ...]  # in text order

    def count(self, status: str) -> int:
        return sum(f.status == status for f in self.fates)

    def share(self, status: str) -> float:
        return self.count(status) / len(self.fates) if self.fates else 0.0


def figure_fate(text: str, fig: Figure) -> Fate:
    if fig.metric == UNCLASSIFIED:
        return Fate(fig.start, fig.end, text[fig.start:fig.end], UNCLASSIFIED_FIGURE,
                    fig.label or "(no label: what it counts was not found)")
    return Fate(fig.start, fig.end, text[fig.start:fig.end], CLASSIFIED, fig.metric)


def coverage(report_id: str, text: str, figures: list[Figure], lex: Lexicon) -> Coverage:
    """Every number of `text` and its fate, given the figures the build found in it."""
    fates: dict[tuple, Fate] = {}
    for f in figures:
        fate, key = figure_fate(text, f), (f.start, f.end)
        earlier = fates.get(key)
        if earlier is not None:  # one number stated for several (参考率、合格率均达100%): both its fates, one mark
            status = CLASSIFIED if CLASSIFIED in (earlier.status, fate.status) else earlier.status
            fate = Fate(f.start, f.end, fate.text, status, f"{earlier.detail} + {fate.detail}")
        fates[key] = fate
    taken = sorted((f.start, f.end) for f in figures)

    def free(start, end):
        return not any(a < end and start < b for a, b in taken)

    for sentence in sentences(text):
        if not sentence.heading:
            for fig, start, end, reason in scan_quantities(sentence, lex):
                if fig is None and free(start, end):
                    fates[(start, end)] = Fate(start, end, text[start:end], IGNORED, reason)
                    taken.append((start, end))
        for m in _ARABIC.finditer(sentence.text):
            start, end = sentence.start + m.start(), sentence.start + m.end()
            if free(start, end):
                reason = "in a heading: headings are not read for figures" if sentence.heading else plain_reason(text, start, end)
                fates[(start, end)] = Fate(start, end, m.group(), IGNORED, reason)
                taken.append((start, end))
    return Coverage(report_id, text, tuple(sorted(fates.values(), key=lambda f: (f.start, f.end))))


_DATE_AFTER = re.compile(r"^(?:年度?|月|日|时|点|[-/.年]\d{1,2}[-/.月])")
_CODE_NEAR = re.compile(r"[A-Za-z0-9.\-+/:_]")


def plain_reason(text: str, start: int, end: int) -> str:
    """Why a number with no unit after it is not a figure, read from what stands around it."""
    before, after = text[max(0, start - 4):start], text[end:end + 3]
    if (start == 0 or text[start - 1] == "\n") and after[:1] in (".", "、", ")", "）"):
        return "a list or heading number (1. 2、)"
    if before.endswith("第"):
        return "an ordinal (第…)"
    if re.search(r"〔[^〕]*$", text[max(0, start - 12):start]) or after.startswith("号"):
        return "a document or serial number (〔2023〕5号)"
    if re.search(r"《[^》]*$", text[max(0, start - 60):start]):
        return "inside a title 《…》"
    if _DATE_AFTER.match(after) or (end - start == 4 and text[start:end].startswith(("19", "20")) and after[:1] in "-/."):
        return "a date or time"
    if re.fullmatch(r"12\d{3}", text[start:end]) and not after[:1].isdigit():
        return "a public service hotline (12345)"
    if end - start >= 7 or re.search(r"热线|电话|拨打|专线", text[max(0, start - 8):start]):
        return "a phone, hotline or code number"
    if (before[-1:] and _CODE_NEAR.match(before[-1])) or (after[:1] and _CODE_NEAR.match(after[:1])):
        return "part of a code, date, time or range (G75, 2016-2020, 09:54, 1+3)"
    return "no unit after it: not read as a figure"


def summary_rows(items: list[Coverage]) -> tuple[list[str], list[list]]:
    columns = ["report", "numbers", "classified", "unclassified", "ignored", "classified_share", "unclassified_share",
               "ignored_share"]
    rows = [[c.report, len(c.fates), c.count(CLASSIFIED), c.count(UNCLASSIFIED_FIGURE), c.count(IGNORED),
             round(c.share(CLASSIFIED), 3), round(c.share(UNCLASSIFIED_FIGURE), 3), round(c.share(IGNORED), 3)]
            for c in items]
    return columns, rows


def fate_rows(items: list[Coverage]) -> tuple[list[str], list[list]]:
    columns = ["report", "start", "end", "number", "status", "detail"]
    return columns, [[c.report, f.start, f.end, f.text, f.status, f.detail] for c in items for f in c.fates]


def html_page(items: list[Coverage], title: str = "kgbuild coverage") -> str:
    """One offline page: per report a summary and its text with every number marked by status; the
    metric, label or reason shows on hover."""
    template = Template((resources.files("kgbuild") / "templates" / "coverage.html").read_text(encoding="utf-8"))
    sections = []
    for c in items:
        parts, pos = [], 0
        for f in c.fates:
            if f.start < pos:
                continue  # a number inside a figure already marked
            parts.append(html.escape(c.text[pos:f.start]))
            parts.append(f'<mark class="{f.status}" title="{html.escape(f"{f.status}: {f.detail}", quote=True)}">'
                         f'{html.escape(c.text[f.start:f.end])}</mark>')
            pos = f.end
        parts.append(html.escape(c.text[pos:]))
        sections.append(
            f'<section id="{html.escape(c.report, quote=True)}"><h2>{html.escape(c.report)}</h2>'
            f'<p class="summary">{len(c.fates)} numbers: '
            f'<span class="classified">{c.count(CLASSIFIED)} classified ({c.share(CLASSIFIED):.0%})</span>, '
            f'<span class="unclassified">{c.count(UNCLASSIFIED_FIGURE)} unclassified '
            f'({c.share(UNCLASSIFIED_FIGURE):.0%})</span>, '
            f'<span class="ignored">{c.count(IGNORED)} not figures ({c.share(IGNORED):.0%})</span></p>'
            f'<div class="text">{"".join(parts)}</div></section>'
        )
    toc = "".join(f'<li><a href="#{html.escape(c.report, quote=True)}">{html.escape(c.report)}</a> '
                  f'{c.share(CLASSIFIED):.0%} classified</li>' for c in items)
    return template.substitute(title=html.escape(title), toc=toc if len(items) > 1 else "", sections="\n".join(sections))


def figures_from_table(text: str, rows: list[dict]) -> list[Figure]:
    """A store's observations of one report (export observations rows) as figures placed on its text:
    the number is the stated value inside the quote, with its unit when the unit follows."""
    out = []
    for o in rows:
        start, end = int(o["start"]), int(o["end"])
        at = text.rfind(o["value_text"], start, end)
        if at < 0:
            at, stop = start, end
        else:
            stop = at + len(o["value_text"])
            rest = text[stop:stop + 4]
            marks = re.match(r"(?:余|多|左右)?", rest).group()
            if rest[len(marks):].startswith(o["unit"] or "\0"):
                stop += len(marks) + len(o["unit"])
        out.append(Figure(at, stop, o["value_text"], o["value"], o["unit"], bool(o["approximate"]), metric=o["metric"],
                          label=o["label"] or ""))
    return out
