"""Stage 4: find what a report is about (jurisdiction, covered year, title) from its own text,
and apply an optional manifest that supplies or overrides those fields.

Reports copied from web pages may open with breadcrumbs, share widgets and publication dates,
may have no title, and may call themselves only 我区/我县. So the jurisdiction is the place name
the text repeats most at the level it speaks of itself, and the year is the one the text ties
to 法治政府建设 (or opens its account with), never a publication date, a plan's year or a year in
a cited document's title. Where the text does not settle a field it stays empty with a warning.
"""

import csv
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .errors import ManifestError
from .normalize import HEADING_MARK

# Level suffixes of place names, longest first.
_SUFFIXES = ("自治县", "自治旗", "开发区", "高新区", "街道", "区", "县", "旗", "市", "镇", "乡")
LEVEL_OF_SUFFIX = {
    "区": "county", "县": "county", "旗": "county", "自治县": "county", "自治旗": "county",
    "镇": "town", "乡": "town", "街道": "town", "开发区": "zone", "高新区": "zone",
}
# Generic words that end like a place name but are not one.
_NOT_A_PLACE = re.compile(
    r"(?:示范|先行|集聚|样板|城|社|辖|园|景|片|小|街|市|山|老|地|保护|功能|试验|实验|服务|灾|疫|风险|"
    r"城乡|核心|主城|重点|新城|农|牧|林|矿|校|厂|展|商|居|郊|全|我|本|各|该|两|三|多|一)(?:区|县|镇|乡|市|街道)$"
)
_FUNCTION_CHARS = re.compile(r"[的在对和与及是为将把被从了等个年治我全各本该其此这那均经由凡向以并或]")
_SELF = re.compile(r"(?:我|全|本)(区|县|镇|乡|街道|旗|市)")
_CJK = re.compile(r"[\u4e00-\u9fff]")

_CITED_TITLE = re.compile(r"《[^《》]*》")
_YEAR = r"((?:19|20)\d{2})"
_STRONG_YEAR = (
    re.compile(_YEAR + r"年度?[^，。；\n]{0,24}?法治(?:政府)?建设(?:工作)?(?:情况|年度报告|的报告|报告|主要举措|工作)"),
    re.compile(r"回顾" + _YEAR + r"年"),
    re.compile(r"现将[^。\n]{0,12}?" + _YEAR + r"年"),
)
_OPENING_YEAR = re.compile(r"^\s*" + _YEAR + r"年度?[，,]", re.M)
_ANY_YEAR = re.compile(r"(?<![\d\-—－~～至])" + _YEAR + r"年(?![\d\-—－~～至])")
_PLAN_YEAR = re.compile(_YEAR + r"年(?:度)?(?:工作)?(?:计划|思路|打算|安排|工作要点|要点)")


@dataclass
class ReportMeta:
    jurisdiction: str | None = None
    level: str | None = None
    year: int | None = None
    title: str | None = None
    warnings: list[str] = field(default_factory=list)


_BREADCRUMB = re.compile(r">|›|»|当前位置|首页")


def detect_title(text: str) -> str | None:
    """The report's own title line, if it has one near the top (…情况的报告, …工作报告)."""
    for line in text.split("\n")[:12]:
        if len(line) > 60 or HEADING_MARK.match(line) or _BREADCRUMB.search(line):
            continue
        if re.search(r"(?:报告|情况)$", line):
            return line.strip()
    return None


def detect_year(text: str) -> tuple[int | None, str | None]:
    """Return (year, warning)."""
    body = _CITED_TITLE.sub("", text)
    plan_years = {int(y) for y in _PLAN_YEAR.findall(body)}
    score: Counter = Counter()
    for pattern in _STRONG_YEAR:
        for y in pattern.findall(body):
            score[int(y)] += 5
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


_LEVEL_INSIDE = re.compile(r".[省市县区]")
_SELF_ORG = r"(?:人民政府|办事处|管委会|管理委员会)"
# How many characters a place name may have before its level suffix.
_MAX_STEM = {"开发区": 10, "高新区": 8}


@lru_cache(maxsize=1)
def _abbreviations() -> dict[str, str]:
    """高新技术产业开发区 → 高新区: a zone's long and short names are one place (kgbuild/data)."""
    path = resources.files("kgbuild") / "data" / "place-abbreviations.tsv"
    rows = csv.DictReader(path.read_text(encoding="utf-8").splitlines(), delimiter="\t")
    return {row["full"]: row["short"] for row in rows}


def _place_candidates(text: str) -> Counter:
    names = set()
    for suffix in _SUFFIXES:
        for m in re.finditer(suffix, text):
            for k in range(2, _MAX_STEM.get(suffix, 4) + 1):
                start = m.start() - k
                if start < 0:
                    break
                name = text[start:m.end()]
                stem = name[: -len(suffix)]
                if not all(_CJK.match(c) for c in stem) or _FUNCTION_CHARS.search(stem):
                    break
                if _LEVEL_INSIDE.search(stem):
                    break  # 州市东湖区 is two names run together; 东湖区 is found on its own
                if not _NOT_A_PLACE.search(name):
                    names.add(name)
    generic = set(_abbreviations()) | set(_abbreviations().values())
    names = {n for n in names if re.sub(r"^(?:国家级|省级|市级)", "", n) not in generic}
    # A place naming itself as an organisation (青石镇人民政府, the title or the signature) counts extra.
    counts = Counter({name: text.count(name) + 2 * len(re.findall(re.escape(name) + _SELF_ORG, text)) for name in names})
    for full, short in _abbreviations().items():
        for name in [n for n in counts if n.endswith(full)]:
            short_name = name[: -len(full)] + short
            counts[name] += counts.pop(short_name, 0) or text.count(short_name)
    # A name that only ever appears inside a longer name is a fragment of it (湖口区 in 大湖口区),
    # and a level word run into the name before it is not part of it (市东湖区 in 江州市东湖区).
    for name in list(counts):
        longer = [n for n in counts if n != name and n.endswith(name) and counts[n] >= 0.8 * counts[name]]
        if name[0] in "省市县区" and counts.get(name[1:], 0) >= counts[name]:
            del counts[name]
        elif longer and not (longer[0][0] in "省市县区" and longer[0][1:] == name):
            del counts[name]
    return counts


def detect_jurisdiction(text: str) -> tuple[str | None, str | None, str | None]:
    """Return (name, level, warning)."""
    self_refs = Counter(_SELF.findall(text))
    own_suffix = self_refs.most_common(1)[0][0] if self_refs else None
    candidates = _place_candidates(text)
    if own_suffix:
        same_level = Counter({n: c for n, c in candidates.items() if n.endswith(own_suffix)})
        if same_level:
            candidates = same_level
    # Most mentions first; on a tie, the name the text uses first (title, opening line).
    ranked = sorted(candidates.items(), key=lambda item: (-item[1], text.find(item[0])))
    if not ranked:
        return None, None, "jurisdiction not found in the text"
    if ranked[0][1] < 2:
        return None, None, "jurisdiction not found in the text"
    if len(ranked) > 1 and ranked[1][1] * 2 > ranked[0][1] and ranked[1][1] != ranked[0][1]:
        return None, None, f"jurisdiction unclear: {ranked[0][0]} or {ranked[1][0]}"
    name = ranked[0][0]
    suffix = next(s for s in _SUFFIXES if name.endswith(s))
    return name, LEVEL_OF_SUFFIX.get(suffix), None


def detect(text: str) -> ReportMeta:
    meta = ReportMeta(title=detect_title(text))
    meta.year, warning = detect_year(text)
    if warning:
        meta.warnings.append(warning)
    meta.jurisdiction, meta.level, warning = detect_jurisdiction(text)
    if warning:
        meta.warnings.append(warning)
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
        suffix = next((s for s in _SUFFIXES if entry.jurisdiction.endswith(s)), None)
        meta.level = LEVEL_OF_SUFFIX.get(suffix) if suffix else None
    if entry.year:
        if meta.year and meta.year != entry.year:
            meta.warnings.append(f"year: text says {meta.year}, {manifest_name} says {entry.year}; using the manifest")
        meta.warnings = [w for w in meta.warnings if not w.startswith("covered year")]
        meta.year = entry.year
    return meta
