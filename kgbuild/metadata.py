"""Stage 4: find what a report is about (jurisdiction, covered year, title) from its own text,
and apply an optional manifest that supplies or overrides those fields.

Reports copied from web pages may open with breadcrumbs, share widgets and publication dates,
may have no title, and may call themselves only 我区/我县. So the jurisdiction is weighed from the
gazetteer's names the text uses (kgbuild/places.py), and the year is the one the text ties
to 法治政府建设 (or opens its account with), never a publication date, a plan's year or a year in
a cited document's title. Where the text does not settle a field it stays empty with a warning.
"""

import csv
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import places
from .errors import ManifestError
from .gazetteer import Resolution
from .normalize import BREADCRUMB, HEADING_MARK

# Level suffixes of place names, longest first.
_SUFFIXES = ("自治县", "自治旗", "开发区", "高新区", "街道", "区", "县", "旗", "市", "镇", "乡")
LEVEL_OF_SUFFIX = {
    "区": "county", "县": "county", "旗": "county", "自治县": "county", "自治旗": "county",
    "镇": "town", "乡": "town", "街道": "town", "开发区": "zone", "高新区": "zone",
}
_CITED_TITLE = re.compile(r"《[^《》]*》")
_YEAR = r"((?:19|20)\d{2})"
_STRONG_YEAR = (
    re.compile(
        _YEAR + r"年度?[^，。；\n]{0,24}?法治(?:政府)?建设(?:工作)?(?:有关|相关|主要)?(?:情况|年度报告|的报告|报告|主要举措|工作)"
    ),
    re.compile(r"回顾" + _YEAR + r"年"),
)
# The report announcing itself (现将我镇2023年度法治政府建设有关情况报告如下) outweighs a mention of last
# year's report.
_OWN_YEAR = re.compile(r"现将[^。\n]{0,12}?" + _YEAR + r"年")
_OPENING_YEAR = re.compile(r"^\s*[•·●◆■▪-]?\s*" + _YEAR + r"年度?(?:[，,]|(?=[^，。\n]{0,12}法治))", re.M)  # • 2022年，…
_PRIOR_REPORT = re.compile(r"(?:听取|审议|审定|研究|通过|印发|公开|发布|报送|上报|提交|报告|汇报)(?:了)?(?:《)?$")
_ANY_YEAR = re.compile(r"(?<![\d\-—－~～至])" + _YEAR + r"年(?![\d\-—－~～至])")
# …or issued (印发依法治区2024年工作要点): this year's plan, or at most next year's issued early, never
# evidence against the year.
_CARRIED_OUT = re.compile(r"围绕|按照|落实|贯彻|根据|依据|对照|完成|印发|制定|出台|审议|审定")
_PLAN_YEAR = re.compile(_YEAR + r"年(?:度)?(?:工作)?(?:计划|思路|打算|安排|工作要点|要点)")


@dataclass
class ReportMeta:
    jurisdiction: str | None = None
    level: str | None = None
    year: int | None = None
    title: str | None = None
    warnings: list[str] = field(default_factory=list)
    resolution: Resolution | None = None  # the detected place in the gazetteer (None when a manifest names it)




def detect_title(text: str) -> str | None:
    """The report's own title line, if it has one near the top (…情况的报告, …工作报告)."""
    for line in text.split("\n")[:12]:
        if len(line) > 60 or HEADING_MARK.match(line) or BREADCRUMB.search(line):
            continue
        if re.search(r"(?:报告|情况)$", line):
            return line.strip()
    return None


def detect_year(text: str) -> tuple[int | None, str | None]:
    """Return (year, warning)."""
    body = _CITED_TITLE.sub("", text)
    # A plan of next year counts against its year; one the report says it carried out (围绕…2022年工作要点)
    # is of the covered year.
    plan_years = {int(m.group(1)) for m in _PLAN_YEAR.finditer(body)
                  if not _CARRIED_OUT.search(body, max(0, m.start() - 24), m.start())}
    score: Counter = Counter()
    for pattern in _STRONG_YEAR:
        for m in pattern.finditer(body):
            # 专题听取2021年度法治政府建设情况报告: last year's report, heard or published this year.
            if not _PRIOR_REPORT.search(body, max(0, m.start() - 6), m.start()):
                score[int(m.group(1))] += 5
    for y in _OWN_YEAR.findall(body):
        score[int(y)] += 8
    for y in _OPENING_YEAR.findall(body[:1500]):
        score[int(y)] += 3
    for y in _ANY_YEAR.findall(body):
        score[int(y)] += 1
    for y in plan_years:
        score[y] -= 5 * body.count(f"{y}年工作") + 3
    ranked = [(s, y) for y, s in score.most_common() if s > 0]
    if not ranked:
        return None, "covered year not found in the text"
    if len(ranked) > 1 and ranked[1][0] * 2 > ranked[0][0] and ranked[0][0] < 10:
        return None, f"covered year unclear: {ranked[0][1]} or {ranked[1][1]}"
    return ranked[0][1], None


def detect(text: str) -> ReportMeta:
    meta = ReportMeta(title=detect_title(text))
    meta.year, warning = detect_year(text)
    if warning:
        meta.warnings.append(warning)
    guess = places.detect(text)
    meta.jurisdiction, meta.level, meta.resolution = guess.name, guess.level, guess.resolution
    if guess.warning:
        meta.warnings.append(guess.warning)
    return meta


@dataclass
class ManifestEntry:
    jurisdiction: str | None
    year: int | None
    parent: str | None = None  # a place the jurisdiction lies in (its county, city or province)


def read_manifest(path) -> tuple[dict[str, ManifestEntry], list[ManifestError]]:
    """A TSV with a header naming at least `file`; optional `jurisdiction`, `year` and `parent` columns.

    Other columns are ignored; lines starting with # are comments. Keys are file names. Returns the
    entries and one ManifestError per malformed line (those lines are skipped); a manifest that
    cannot be read or has no `file` column raises ManifestError.
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(path, 0, f"cannot read manifest: {exc}") from None
    rows = [(i + 1, line) for i, line in enumerate(lines) if line.strip() and not line.startswith("#")]
    if not rows:
        return {}, []
    header_line, header = rows[0]
    columns = next(csv.reader([header], delimiter="\t"))
    if "file" not in columns:
        raise ManifestError(path, header_line, "header must name a `file` column (tab-separated)")
    entries, problems = {}, []
    for number, line in rows[1:]:
        values = next(csv.reader([line], delimiter="\t"))
        row = dict(zip(columns, values, strict=False))
        year = (row.get("year") or "").strip()
        file = (row.get("file") or "").strip()
        if len(values) > len(columns):
            reason = f"expected at most {len(columns)} tab-separated fields, got {len(values)}"
            problems.append(ManifestError(path, number, reason))
        elif year and not re.fullmatch(r"(?:19|20)\d{2}", year):
            problems.append(ManifestError(path, number, f"year must be a four-digit year, got {year!r}"))
        elif not file:
            problems.append(ManifestError(path, number, "empty `file` field"))
        else:
            entries[file] = ManifestEntry(
                (row.get("jurisdiction") or "").strip() or None,
                int(year) if year else None,
                (row.get("parent") or "").strip() or None,
            )
    return entries, problems


def apply_manifest(meta: ReportMeta, entry: ManifestEntry | None, manifest_name: str) -> ReportMeta:
    if entry is None:
        return meta
    if entry.jurisdiction:
        if meta.jurisdiction and meta.jurisdiction != entry.jurisdiction:
            meta.warnings.append(
                f"jurisdiction: text says {meta.jurisdiction}, {manifest_name} says {entry.jurisdiction}; using the manifest"
            )
        meta.warnings = [w for w in meta.warnings if not w.startswith("jurisdiction ")]
        meta.jurisdiction = entry.jurisdiction
        meta.resolution = None
        suffix = next((s for s in _SUFFIXES if entry.jurisdiction.endswith(s)), None)
        meta.level = LEVEL_OF_SUFFIX.get(suffix) if suffix else None
    if entry.year:
        if meta.year and meta.year != entry.year:
            meta.warnings.append(f"year: text says {meta.year}, {manifest_name} says {entry.year}; using the manifest")
        meta.warnings = [w for w in meta.warnings if not w.startswith("covered year")]
        meta.year = entry.year
    return meta
