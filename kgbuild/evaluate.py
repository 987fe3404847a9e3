"""Score what a build found against a hand-made annotation (a gold file).

Two gold formats are read, both tab-separated with a header:

- the observations format (tests/gold/observations.tsv): report, code, year, value, unit, measure,
  approximate, body, quote;
- the real-world format (tests/realworld/*/figures.tsv): report, jurisdiction, year, code,
  description, value, unit, approximate, cue — `code` is a metric code or `other`, and a
  description starting with ``change`` marks a year-on-year change.

Expected metadata comes from a reports table with columns file (or report), jurisdiction, year.
Figures are compared on (report, year, value, measure); metric codes on (report, code, year, value,
measure). A figure is "present" when the build has an observation with its year and value, whatever
its metric.

Recall and precision are scored on metric codes: the codes of metrics-v1 and any other code the gold
uses. A gold file therefore annotates every figure of those metrics in its reports (a code it never
uses is not scored, so a gold made for v1 is not penalised for v2 figures it does not annotate; nor
are year-on-year changes, unless the gold codes some).
"""

import csv
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .errors import KgbuildError
from .normalize import simplified
from .places import autonomous_stem, zone_short_form
from .vocab import v1_codes

OTHER = "other"
UNCLASSIFIED = "unclassified"


@dataclass(frozen=True)
class GoldFigure:
    report: str
    code: str  # a metric code, or "other"
    year: int
    value: Decimal
    unit: str
    measure: str  # level | change
    approximate: bool
    quote: str
    description: str = ""


@dataclass(frozen=True)
class Built:
    """One observation of a build, reduced to what is scored."""
    report: str
    metric: str
    year: int | None
    value: Decimal
    measure: str
    quote: str = ""
    label: str = ""


def _decimal(text: str, where: str) -> Decimal:
    try:
        return Decimal(text.strip()).normalize()
    except InvalidOperation:
        raise KgbuildError(f"{where}: value must be a number, got {text!r}") from None


def read_gold(path) -> list[GoldFigure]:
    path = Path(path)
    with path.open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    out = []
    for number, row in enumerate(rows, start=2):
        where = f"{path}:{number}"
        missing = [c for c in ("report", "code", "year", "value") if not (row.get(c) or "").strip()]
        if missing:
            raise KgbuildError(f"{where}: missing {', '.join(missing)}")
        description = (row.get("description") or "").strip()
        measure = (row.get("measure") or "").strip() or ("change" if description.startswith("change") else "level")
        out.append(GoldFigure(
            report=row["report"].strip().removesuffix(".txt"),
            code=row["code"].strip(),
            year=int(row["year"]),
            value=_decimal(row["value"], where),
            unit=(row.get("unit") or "").strip(),
            measure=measure,
            approximate=(row.get("approximate") or "").strip().lower() == "true",
            quote=(row.get("quote") or row.get("cue") or "").strip(),
            description=description,
        ))
    return out


def read_expected(path) -> dict[str, tuple[str, int]]:
    """report id → (jurisdiction, year) from a reports table."""
    with Path(path).open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return {
        (r.get("file") or r.get("report")).strip().removesuffix(".txt"): (r["jurisdiction"].strip(), int(r["year"]))
        for r in rows
    }


@dataclass
class Counts:
    """Metric-code counts of one metric or one report: gold facts, found, built, right."""
    gold: int = 0
    found: int = 0
    built: int = 0
    right: int = 0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.built if self.built else 1.0


@dataclass
class Scores:
    reports: int = 0
    metadata_right: int = 0
    metadata_wrong: list = field(default_factory=list)  # (report, expected, found)
    gold: int = 0
    present: int = 0
    missing: list = field(default_factory=list)  # GoldFigure
    built: int = 0
    built_classified: int = 0
    v1_gold: int = 0
    v1_found: int = 0
    v1_built: int = 0
    v1_right: int = 0
    v1_missed: list = field(default_factory=list)
    v1_wrong: list = field(default_factory=list)  # Built
    per_metric: dict = field(default_factory=dict)  # code → Counts
    per_report: dict = field(default_factory=dict)  # report → Counts

    @staticmethod
    def _ratio(a, b):
        return a / b if b else 1.0

    @property
    def metadata(self) -> float:
        return self._ratio(self.metadata_right, self.reports)

    @property
    def presence(self) -> float:
        return self._ratio(self.present, self.gold)

    @property
    def classified_share(self) -> float:
        return self._ratio(self.built_classified, self.built)

    @property
    def v1_recall(self) -> float:
        return self._ratio(self.v1_found, self.v1_gold)

    @property
    def v1_precision(self) -> float:
        return self._ratio(self.v1_right, self.v1_built)

    def summary(self) -> str:
        return (
            f"metadata {self.metadata_right}/{self.reports} · figures present {self.present}/{self.gold} "
            f"({self.presence:.3f}) · classified {self.built_classified}/{self.built} ({self.classified_share:.3f}) · "
            f"v1 recall {self.v1_found}/{self.v1_gold} ({self.v1_recall:.3f}) "
            f"precision {self.v1_right}/{self.v1_built} ({self.v1_precision:.3f})"
        )

    def details(self) -> str:
        lines = [self.summary()]
        lines += [f"  metadata {r}: expected {e}, found {f}" for r, e, f in self.metadata_wrong]
        lines += [f"  missing  {g.report} {g.year} {g.value} {g.unit} ({g.code} {g.description}) «{g.quote}»"
                  for g in self.missing]
        lines += [f"  v1 miss  {g.report} {g.code} {g.year} {g.value} «{g.quote}»" for g in self.v1_missed]
        lines += [f"  v1 wrong {b.report} {b.metric} {b.year} {b.value} «{b.quote}»" for b in self.v1_wrong]
        return "\n".join(lines)


_ORGAN = re.compile(r"(?:人民政府|政府|办事处|管委会|管理委员会)$")


def same_place(expected: str, found: str | None, canonical: str | None = None) -> bool:
    """Is the found name the expected place? 芦台经济开发区管委会 is 芦台经济开发区; 黔西南州 is
    黔西南布依族苗族自治州 (the gazetteer's name); 青岛西海岸新区 is 西海岸新区 (a zone without its city);
    紅河州 as a mirror spells it is 红河州 (the build reads traditional text as simplified)."""
    if not found:
        return False
    expected = simplified(expected)
    dual = re.fullmatch(r"(.+?)[(（](.+?)[)）]", expected)
    if dual:  # 高新区(新市区): one government under two names, either is the place
        return any(same_place(name, found, canonical) for name in dual.groups())
    want = zone_short_form(_ORGAN.sub("", expected))
    names = {zone_short_form(_ORGAN.sub("", found))}
    if canonical:
        stem = autonomous_stem(canonical)
        names |= {canonical} | ({stem[0] + stem[1]} if stem else set())
    names |= {n[:-1] for n in names if n.endswith("街道")}  # 鹤龙街 is 鹤龙街道
    return want in names or any(len(n) >= 4 and want.endswith(n) for n in names)


def _shared(a: str, b: str, length: int = 6) -> bool:
    """Do two quotes share a run of `length` characters?"""
    return any(a[i:i + length] in b for i in range(0, max(1, len(a) - length + 1)))


def score(gold: list[GoldFigure], built: list[Built], expected=None, found=None) -> Scores:
    """Compare gold figures with built observations (and expected with found metadata, if given:
    report → (jurisdiction, year) expected, report → (name, year[, gazetteer name]) found).

    Only reports named in the gold (or in `expected`) are scored.
    """
    s = Scores()
    v1 = v1_codes() | {g.code for g in gold if g.code != OTHER}  # the codes scored (see the module's note)
    scope = {g.report for g in gold} | set(expected or {})
    built = [b for b in built if b.report in scope]
    if expected is not None:
        s.reports = len(expected)
        for report, want in sorted(expected.items()):
            got = (found or {}).get(report)
            if got is not None and got[1] == want[1] and same_place(want[0], *got[:1], *got[2:]):
                s.metadata_right += 1
            else:
                s.metadata_wrong.append((report, want, got))
    # Figures: match gold to built one to one on (report, year, value, measure).
    pool = defaultdict(list)
    for b in built:
        pool[(b.report, b.year, b.value, b.measure)].append(b)
    # One figure annotated twice (two descriptions of one number in one quote) is one figure to find.
    unique = list({(g.report, g.year, g.value, g.measure, g.quote): g for g in gold}.values())
    # Gold figures whose quote the build shares are paired first, so that when two figures of a report
    # have one value the one listed as missing is the one really missed.
    def near(g, b):
        return bool(g.quote and b.quote) and (g.quote in b.quote or b.quote in g.quote or _shared(g.quote, b.quote))

    unique.sort(key=lambda g: not any(near(g, b) for b in pool.get((g.report, g.year, g.value, g.measure), ())))
    for g in unique:
        matches = pool.get((g.report, g.year, g.value, g.measure))
        if matches:
            s.present += 1
            matches.pop(next((i for i, b in enumerate(matches) if near(g, b)), 0))
        else:
            s.missing.append(g)
    s.gold = len(unique)
    s.built = len(built)
    s.built_classified = sum(b.metric != UNCLASSIFIED for b in built)
    # Metric-v1 codes: a multiset comparison on (report, code, year, value, measure).
    def k(report, code, year, value, measure):
        return (report, code, year, value, measure)
    gold_v1 = Counter(k(g.report, g.code, g.year, g.value, g.measure) for g in gold if g.code in v1)
    # A gold that codes no year-on-year change (the real-world corpus records changes as `other`) is
    # not scored on the changes a build codes, as it is not scored on codes it never uses.
    measures = {"level"} | {g.measure for g in gold if g.code in v1}
    built_v1 = [b for b in built if b.metric in v1 and b.measure in measures]
    built_keys = Counter(k(b.report, b.metric, b.year, b.value, b.measure) for b in built_v1)
    s.v1_gold, s.v1_built = sum(gold_v1.values()), len(built_v1)
    s.v1_found = sum((gold_v1 & built_keys).values())
    s.v1_right = s.v1_found
    remaining = gold_v1 - built_keys
    s.v1_missed = [g for g in gold if g.code in v1 and remaining[k(g.report, g.code, g.year, g.value, g.measure)] > 0]
    extra = built_keys - gold_v1
    s.v1_wrong = [b for b in built_v1 if extra[k(b.report, b.metric, b.year, b.value, b.measure)] > 0]
    found = gold_v1 & built_keys
    for key, n in gold_v1.items():
        for counts in (s.per_metric.setdefault(key[1], Counts()), s.per_report.setdefault(key[0], Counts())):
            counts.gold += n
            counts.found += found[key]
    for key, n in built_keys.items():
        for counts in (s.per_metric.setdefault(key[1], Counts()), s.per_report.setdefault(key[0], Counts())):
            counts.built += n
            counts.right += found[key]
    return s


# Scoring a build of report files, or what a store holds, against a gold file.

def built_from_reports(reports) -> tuple[list[Built], dict, dict]:
    """Observations, found metadata (report → (jurisdiction, year, gazetteer name)) and texts of
    processed reports (kgbuild.build.processed)."""
    built, found, texts = [], {}, {}
    for report in reports:
        division = report.resolution.division if report.resolution else None
        found[report.id] = (report.meta.jurisdiction, report.meta.year, division.name if division else None)
        texts[report.id] = report.text
        for fig in report.figures:
            built.append(Built(report.id, fig.metric, fig.year, fig.value.normalize(), fig.measure,
                               report.text[fig.quote_start:fig.quote_end], fig.label))
    return built, found, texts


def built_from_tables(observations, reports) -> tuple[list[Built], dict]:
    """The same from a store's `export observations` and `export reports` tables (columns, rows)."""
    def dicts(table):
        columns, rows = table
        return [dict(zip(columns, row, strict=True)) for row in rows]

    built = [
        Built(o["report"], o["metric"], int(o["year"]) if o["year"] else None, Decimal(str(o["value"])).normalize(),
              o["measure"], o["quote"] or "", o["label"] or "")
        for o in dicts(observations)
    ]
    found = {r["report"]: (r["jurisdiction"], int(r["year"]) if r["year"] else None) for r in dicts(reports)}
    return built, found


def sentence_of(text: str | None, quote: str) -> str:
    """The sentence of `text` that holds `quote` (the quote itself when the text is not at hand)."""
    if not text or not quote:
        return quote
    at = text.find(quote)
    if at < 0:
        return quote
    start = max(text.rfind(c, 0, at) for c in "。！？\n") + 1
    ends = [e for e in (text.find(c, at + len(quote)) for c in "。！？\n") if e >= 0]
    return text[start:(min(ends) + 1 if ends else len(text))].strip()


def expected_beside(gold_path) -> Path | None:
    """The reports table of a corpus folder: reports.tsv beside the gold file, if there is one."""
    candidate = Path(gold_path).with_name("reports.tsv")
    return candidate if candidate.is_file() else None


def tables(s: Scores, texts: dict | None = None, found: dict | None = None, expected: dict | None = None) -> dict:
    """The scores as plain tables and values (for JSON, CSV and the terminal)."""
    texts, found, expected = texts or {}, found or {}, expected or {}
    reports = sorted(set(s.per_report) | set(expected) | set(found))
    per_report = []
    for r in reports:
        c = s.per_report.get(r, Counts())
        got = found.get(r)
        want = expected.get(r)
        ok = None if want is None else r not in {m[0] for m in s.metadata_wrong}
        per_report.append({
            "report": r, "jurisdiction": got[0] if got else None, "year": got[1] if got else None,
            "expected_jurisdiction": want[0] if want else None, "expected_year": want[1] if want else None,
            "metadata_right": ok, "gold": c.gold, "found": c.found, "built": c.built, "right": c.right,
            "recall": round(c.recall, 4), "precision": round(c.precision, 4),
        })
    per_metric = [
        {"metric": m, "gold": c.gold, "found": c.found, "built": c.built, "right": c.right,
         "recall": round(c.recall, 4), "precision": round(c.precision, 4)}
        for m, c in sorted(s.per_metric.items())
    ]
    facts = [
        {"kind": "missed", "report": g.report, "metric": g.code, "year": g.year, "value": str(g.value), "unit": g.unit,
         "measure": g.measure, "sentence": sentence_of(texts.get(g.report), g.quote)}
        for g in s.v1_missed
    ] + [
        {"kind": "wrong", "report": b.report, "metric": b.metric, "year": b.year, "value": str(b.value), "unit": "",
         "measure": b.measure, "sentence": sentence_of(texts.get(b.report), b.quote)}
        for b in s.v1_wrong
    ] + [
        {"kind": "absent", "report": g.report, "metric": g.code if g.code != OTHER else g.description, "year": g.year,
         "value": str(g.value), "unit": g.unit, "measure": g.measure, "sentence": sentence_of(texts.get(g.report), g.quote)}
        for g in s.missing
    ]
    return {
        "summary": {
            "recall": round(s.v1_recall, 4), "precision": round(s.v1_precision, 4),
            "gold": s.v1_gold, "found": s.v1_found, "built": s.v1_built, "right": s.v1_right,
            "figures_present": round(s.presence, 4), "gold_figures": s.gold, "present": s.present,
            "classified_share": round(s.classified_share, 4), "observations": s.built,
            "metadata": round(s.metadata, 4) if expected else None,
            "reports": len(reports),
        },
        "metrics": per_metric,
        "reports": per_report,
        "facts": facts,
    }
