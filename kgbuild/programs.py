"""Programmes and themes: mentions of named reforms and mechanisms (kgbuild/data/programs.tsv), the
system of the national outline each report section is about (sections.tsv), and the themes of
problem and plan items (themes.tsv). The concept schemes are ontology/programs.ttl and themes.ttl."""

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .errors import LexiconError

PROGRAM_NS = "https://w3id.org/kgbuild/program/"
THEME_NS = "https://w3id.org/kgbuild/theme/"


@dataclass(frozen=True)
class ProgramMention:
    start: int
    end: int
    concept: str  # local name in the programme scheme


@cache
def _patterns(name: str, key: str) -> tuple[tuple[str, re.Pattern], ...]:
    text = (resources.files("kgbuild") / "data" / name).read_text(encoding="utf-8")
    out = []
    for number, row in enumerate(csv.DictReader(text.splitlines(), delimiter="\t"), start=2):
        try:
            out.append((row[key], re.compile(row["pattern"])))
        except (re.error, KeyError, TypeError) as exc:
            raise LexiconError(f"kgbuild/data/{name}:{number}: {exc}") from None
    return tuple(out)


def program_mentions(text: str) -> list[ProgramMention]:
    """Every mention of a programme, the longest where two overlap."""
    found = [
        ProgramMention(m.start(), m.end(), concept)
        for concept, pattern in _patterns("programs.tsv", "concept")
        for m in pattern.finditer(text)
    ]
    found.sort(key=lambda p: (p.start, -(p.end - p.start)))
    kept, last_end = [], -1
    for mention in found:
        if mention.start >= last_end:
            kept.append(mention)
            last_end = mention.end
    return kept


def section_system(heading: str) -> str | None:
    """The system of the national outline a section heading is about, if the heading says."""
    for concept, pattern in _patterns("sections.tsv", "concept"):
        if pattern.search(heading):
            return concept
    return None


def themes(item_text: str) -> list[str]:
    seen = []
    for theme, pattern in _patterns("themes.tsv", "theme"):
        if pattern.search(item_text) and theme not in seen:
            seen.append(theme)
    return seen


def figure_systems(text: str, figures) -> list[str | None]:
    """For each figure, the system of the section it stands in: the last heading that names one.
    A heading that names none starts a section of unknown system."""
    from .normalize import HEADING_MARK
    from .segment import sentences

    systems_by_start, current = [], None
    for sentence in sentences(text):
        opens_line = sentence.start == 0 or text[sentence.start - 1] == "\n"
        # A heading on its own line, or the lead sentence of a numbered paragraph (1.依法决策更加科学。…).
        if sentence.heading or opens_line and HEADING_MARK.match(sentence.text) and len(sentence.text) <= 40:
            current = section_system(sentence.text)
        systems_by_start.append((sentence.start, current))
    out, i = [], 0
    for fig in figures:
        while i + 1 < len(systems_by_start) and systems_by_start[i + 1][0] <= fig.start:
            i += 1
        out.append(systems_by_start[i][1] if systems_by_start else None)
    return out
