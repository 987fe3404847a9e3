"""Check the extraction rules (the packaged ones or an expert's copy) before building with them.

Errors: a file that does not load, a metric code no vocabulary defines, a unit no rule can see
(not in [quantity] units). Warnings, found by running the rules over a corpus of reports: a rule,
concept or zero that classified no figure there, and a text two rules of different metrics matched
equally well (the file's order decided). Each problem names its file and line.
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from .errors import KgbuildError
from .rules import Rules, load_rules, rule_files
from .vocab import metric_codes

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    severity: str
    message: str

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


def _entry_lines(path: str, header: str) -> list[int]:
    """Line numbers (1-based) of each `[[header]]` table in a TOML file, in order."""
    lines = Path(path).read_text(encoding="utf-8").split("\n")
    return [i for i, line in enumerate(lines, start=1) if line.strip() == f"[[{header}]]"]


def _line(lines: list[int], index: int) -> int | None:
    return lines[index] if index < len(lines) else None


def check(folder=None, corpus=()) -> tuple[list[Problem], dict]:
    """Problems of the rules in `folder` (None: the packaged ones), run over the reports in `corpus`
    (files or folders). Returns the problems and a few counts for the summary."""
    try:
        rules = load_rules(folder)
    except KgbuildError as exc:
        files = rule_files(folder) if folder is not None else ()
        where = next((str(p) for p in files if p and str(p) in str(exc)), str(folder or "kgbuild/data"))
        return [Problem(where, None, ERROR, str(exc))], {"reports": 0}
    lexicon_file, concepts_file = rules.files
    rule_lines = _entry_lines(lexicon_file, "rule")
    zero_lines = _entry_lines(lexicon_file, "zero")
    echo_lines = _entry_lines(lexicon_file, "echo")
    concept_lines = _entry_lines(concepts_file, "concept")
    problems = _static(rules, lexicon_file, concepts_file, rule_lines, zero_lines, echo_lines, concept_lines)
    used, ties, reports = _run(rules, corpus)
    if reports:
        entries = (
            [(lexicon_file, rule_lines, f"rule #{i + 1}", r.metric) for i, r in enumerate(rules.lexicon.rules)]
            + [(lexicon_file, zero_lines, f"zero #{i + 1}", z.about) for i, z in enumerate(rules.lexicon.zeros)]
            + [(concepts_file, concept_lines, f"concept #{i + 1}", c.metric) for i, c in enumerate(rules.concepts)]
        )
        for file, lines, name, metric in entries:
            if not used[name]:
                index = int(name.split("#")[1]) - 1
                problems.append(Problem(file, _line(lines, index), WARNING,
                                        f"{name} ({metric}) classified no figure in the {reports} reports checked"))
        for (name, winner, rival), examples in sorted(ties.items()):
            index = int(name.split("#")[1]) - 1
            problems.append(Problem(lexicon_file, _line(rule_lines, index), WARNING,
                                    f"{name} ({winner}) and a rule of {rival} match the same words equally well; "
                                    f"the file's order decided, {len(examples)}×, e.g. «{examples[0]}»"))
    return problems, {"reports": reports, "rules": len(rules.lexicon.rules), "concepts": len(rules.concepts),
                      "zeros": len(rules.lexicon.zeros), "files": list(rules.files)}


def _static(rules: Rules, lexicon_file, concepts_file, rule_lines, zero_lines, echo_lines, concept_lines) -> list[Problem]:
    known, units = metric_codes(), set(rules.lexicon.units)
    out = []

    def code(file, lines, index, what, metric):
        if metric not in known:
            out.append(Problem(file, _line(lines, index), ERROR,
                               f"{what}: unknown metric code {metric!r} (not in metrics-v1.tsv or metrics-v2.tsv)"))

    def unit_list(file, lines, index, what, listed):
        for u in sorted(set(listed) - units):
            out.append(Problem(file, _line(lines, index), ERROR,
                               f"{what}: unit {u!r} is not in [quantity] units, so no number carries it"))

    seen = defaultdict(list)
    for i, r in enumerate(rules.lexicon.rules):
        code(lexicon_file, rule_lines, i, f"rule #{i + 1}", r.metric)
        unit_list(lexicon_file, rule_lines, i, f"rule #{i + 1}", r.units)
        cue = (r.before.pattern if r.before else "", r.after.pattern if r.after else "", r.topic)
        seen[cue].append((i, r))
    for same in seen.values():
        metrics = {r.metric for _, r in same}
        if len(metrics) > 1 and len(set.intersection(*(set(r.units) for _, r in same))) > 0:
            i = same[-1][0]
            out.append(Problem(lexicon_file, _line(rule_lines, i), ERROR,
                               f"rule #{i + 1}: the same cue as rule #{same[0][0] + 1} maps one text to "
                               f"{' and '.join(sorted(metrics))}"))
    for i, z in enumerate(rules.lexicon.zeros):
        code(lexicon_file, zero_lines, i, f"zero #{i + 1}", z.about)
        unit_list(lexicon_file, zero_lines, i, f"zero #{i + 1}", [z.unit])
    for i, e in enumerate(rules.lexicon.echoes):
        code(lexicon_file, echo_lines, i, f"echo #{i + 1}", e.metric)
        code(lexicon_file, echo_lines, i, f"echo #{i + 1} after_metric", e.after_metric)
    for i, c in enumerate(rules.concepts):
        code(concepts_file, concept_lines, i, f"concept #{i + 1}", c.metric)
        unit_list(concepts_file, concept_lines, i, f"concept #{i + 1}", c.units)
    return out


def _run(rules: Rules, corpus):
    """Process the corpus with the rules: which entries classified something, and which ties the
    rules' order decided (with example quotes)."""
    from .build import Failure, processed  # the checker runs the real pipeline

    used: Counter = Counter()
    ties: dict[tuple, list[str]] = defaultdict(list)
    reports = 0
    if not corpus:
        return used, ties, reports
    for item in processed(corpus, rules=rules):
        if isinstance(item, Failure):
            continue
        reports += 1
        for fig in item.figures:
            if fig.rule:
                used[fig.rule] += 1
            if fig.tied_with and fig.rule.startswith("rule #"):
                ties[(fig.rule, fig.metric, fig.tied_with)].append(
                    re.sub(r"\s+", " ", item.text[fig.quote_start:fig.quote_end])[:60])
    return used, ties, reports
