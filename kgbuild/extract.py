"""Stage 5: find the figures in a report's sentences and decide what each one measures.

Every number with a unit becomes a Figure. A figure whose wording matches a lexicon rule gets
that rule's metric code; every other figure is kept as `unclassified` with a label taken from
the words before it, so no figure is lost.
"""

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from .concepts import classify as concepts_classify
from .concepts import default_concepts
from .lexicon import Lexicon, default_lexicon
from .numbers import parse_number
from .segment import Sentence, sentences
from .vocab import v1_codes

UNCLASSIFIED = "unclassified"
# 2019年的441件, 2019年底已有232个: a year right before the number (or before 已有/底) is the figure's.
_YEAR_BEFORE = re.compile(r"((?:19|20)\d{2})年度?(?:底|末)?的?(?:已有|已经有|共有)?$")
_LAST_YEAR_BEFORE = re.compile(r"(?:上年|去年|上一年)度?(?:同期)?的$")  # 比上年的1.2万件: last year's level
_SENTENCE_YEAR = re.compile(r"^((?:19|20)\d{2})年度?[，,]")


@dataclass
class Figure:
    start: int  # offsets of the number with its unit in the normalized text
    end: int
    number: str  # the number as written, with its 万/亿 multiplier: 252.3207万, 两
    value: Decimal
    unit: str
    approximate: bool
    metric: str = UNCLASSIFIED
    measure: str = "level"  # or "change"
    year: int | None = None
    body: str | None = None
    label: str = ""
    quote_start: int = 0
    quote_end: int = 0
    part_of: "Figure | None" = field(default=None, repr=False, compare=False)  # the total it breaks down
    rule: str = ""  # what classified it: "rule #N" of lexicon.toml, "concept #N" of concepts.toml, "zero #N"
    tied_with: str | None = None  # another metric whose cue matched as well: the rules' order decided
    scope: str = ""  # words of its clause that narrow what it counts (一审、二审、再审), lexicon [scope]


def _protected_spans(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    """Spans whose numbers are never figures: titles in 《》, short quoted slogans, set phrases."""
    spans = [m.span() for m in lex.protected.finditer(text)]
    for m in re.finditer(r"“([^“”]*)”", text):
        if len(m.group(1)) <= lex.max_quoted_slogan:
            spans.append(m.span())
    return spans


def find_quantities(sentence: Sentence, lex: Lexicon) -> list[Figure]:
    """Every number with a unit in the sentence that is a figure (not an ordinal, date, title or slogan)."""
    return [fig for fig, _, _, _ in scan_quantities(sentence, lex) if fig is not None]


def scan_quantities(sentence: Sentence, lex: Lexicon):
    """Every number with a unit in the sentence, as (Figure, start, end, None) when it is a figure and
    (None, start, end, reason) when it is not; offsets are absolute. `kgbuild coverage` shows the reasons."""
    protected = _protected_spans(sentence.text, lex)
    for m in lex.quantity.finditer(sentence.text):
        num_start = m.start("num")
        where = (None, sentence.start + num_start, sentence.start + m.end())
        inside = next((sentence.text[a:b] for a, b in protected if a <= num_start < b), None)
        if inside is not None:
            shown = inside if len(inside) <= 14 else f"{inside[:8]}…{inside[-1]}"
            yield *where, f"inside {shown}: a title, document number, slogan or set phrase"
            continue
        prev = sentence.text[num_start - 1] if num_start else ""
        if prev and prev.isascii() and (prev.isalnum() or prev in ".-+/"):
            yield *where, "part of a code, date or range (G75, 2016-2020, 1+3)"
            continue
        num = m.group("num")
        chinese = not num[0].isdigit()
        if chinese and lex.skip_bare_chinese_one and num == "一":
            yield *where, "一 as a word (一次办结, 一支队伍)"
            continue
        before_text = sentence.text[: m.start()]
        after_text = sentence.text[m.end():]
        rule = next((r for r in lex.not_before if r.pattern.search(before_text)), None) or next(
            (r for r in lex.not_after if r.pattern.match(after_text)), None)
        if rule is not None:
            yield *where, rule.reason
            continue
        if m.group("unit") == "%" and chinese:
            yield *where, "a Chinese numeral before %: a word, not a rate"
            continue
        needs = lex.needs_before.get(m.group("unit"))
        if needs and not needs.search(sentence.text[:num_start]):
            yield *where, _not_a_duration(num, m.group("unit"), needs)
            continue  # 2023年 is a date; only 连续四年 is a figure
        try:
            value = parse_number(num, m.group("mult") or "")
        except ValueError:
            yield *where, "not a number cn2an can read"
            continue
        unit = m.group("unit")
        fig = Figure(
            start=sentence.start + m.start(),
            end=sentence.start + m.end(),
            number=num + (m.group("mult") or ""),
            value=value,
            unit=unit,
            approximate=_approximate(m, sentence.text, lex),
        )
        yield fig, fig.start, fig.end, None


def _not_a_duration(num: str, unit: str, needs: re.Pattern) -> str:
    if unit == "年" and len(num) == 4 and num.isdigit():
        return "a year: a date, not a figure"
    if unit == "届":
        return "a session ordinal (十九届)"
    return f"{num}{unit} is a period or a name here: only after {needs.pattern.rstrip('$')!r} is it a figure (连续四年)"


def _approximate(m: re.Match, text: str, lex: Lexicon) -> bool:
    """余/多/约/近 mark an approximate figure, unless the mark is the end of a word (村规民约2项)."""
    if m.group("post") or m.group("post1"):
        return True
    if not m.group("pre"):
        return False
    head = text[: m.start("pre") + len(m.group("pre"))]
    return not head.endswith(lex.not_approx)


def _topic_named(topic: str, prefix: str, lex: Lexicon) -> bool:
    """Is `topic` the sentence's topic at the end of `prefix`? It must be named there, and no rival
    topic of its exclusive group may be named after it."""
    last = [m.end() for m in lex.topics[topic].finditer(prefix)]
    if not last:
        return False
    for group in lex.exclusive_topics:
        if topic in group:
            for rival in group - {topic}:
                if any(m.end() > last[-1] for m in lex.topics[rival].finditer(prefix)):
                    return False
    return True


def _classify(fig: Figure, left: str, right: str, topic_before, lex: Lexicon):
    """Pick the rule whose cue stands nearest the number.

    `topic_before(topic, i)` says whether `topic` is the sentence's topic before position i of `left`;
    a rule's topic is checked before its cue, so that the cue's own words do not count.
    Returns (metric, cue start in `left`, cue end in `right`) or None.
    """
    best = None  # (distance, -cue_length, order, metric, cue_start, cue_end)
    tied = None  # another metric's cue as near and as long: the rules' order decided
    for rule in lex.rules:
        if fig.unit not in rule.units and fig.measure == "level":
            continue
        after = rule.after.match(right) if rule.after else None
        if rule.after and not after:
            continue
        if rule.exclude and (rule.exclude.search(left) or (after and rule.exclude.search(after.group()))):
            continue
        cue_end = after.end() if after else 0
        if rule.before:
            candidate = None
            for m in rule.before.finditer(left):
                gap = left[m.end():]
                if lex.gap.fullmatch(gap) and (not rule.topic or _topic_holds(rule.topic, m, topic_before, lex)):
                    candidate = (len(gap), -(m.end() - m.start()), rule.order, rule.metric, m.start(), cue_end)
            if candidate is None:
                continue
        else:
            if rule.topic and not topic_before(rule.topic, len(left)):
                continue
            candidate = (0, 0, rule.order, rule.metric, len(left), cue_end)
        if best is not None and candidate[:2] == best[:2] and candidate[3] != best[3]:
            tied = max(candidate, best)[3]
        if best is None or candidate < best:
            best = candidate
    if best is None:
        return None
    return best[3], best[4], best[5], best[2], tied if tied != best[3] else None


_RESPECTIVELY = re.compile(r"分别(?:为|是|达到?|有|占)?")
_LIST_SEPARATOR = re.compile(r"[和、及与]")


def _respective_cue(left: str, fig: Figure, figures: list[Figure]) -> tuple[int, str] | None:
    """For the i-th number after 分别 in a clause listing items before it, (offset, text) of item i."""
    matches = list(_RESPECTIVELY.finditer(left))
    if not matches:
        return None
    m = matches[-1]
    head, after = left[: m.start()], left[m.end():]
    index = sum(1 for f in figures if fig.start - len(after) <= f.start < fig.start)
    bounds = [0] + [x.end() for x in _LIST_SEPARATOR.finditer(head)] + [len(head) + 1]
    items = [(bounds[i], head[bounds[i]:bounds[i + 1] - 1]) for i in range(len(bounds) - 1)]
    if len(items) < 2 or index >= len(items):
        return None
    return items[index]


def _clause_bodies(clauses, text: str, lex: Lexicon) -> list[str | None]:
    """The reporting body of each clause: a body named at the start of a clause reports the figures
    up to the next clause that names another body or the jurisdiction itself (我区, 全县)."""
    bodies, current = [], None
    for c_start, c_end in clauses:
        clause = text[c_start:c_end]
        if lex.self_lead.match(clause):
            current = None
        else:
            named = lex.body_lead.match(clause)
            if named:
                current = _body_name(named, lex)
        bodies.append(current)
    return bodies


def _names_body(clause: str, lex: Lexicon) -> bool:
    named = lex.body_lead.match(re.sub(r"^其中", "", clause))
    return bool(named and _body_name(named, lex))


def _body_name(named: re.Match, lex: Lexicon) -> str | None:
    """The body a clause opens with, or None when the match is the jurisdiction itself, a verb phrase
    or one of several bodies acting together."""
    name = named.group("body")
    if name in lex.body_self or lex.body_not_in_name.search(name):
        return None
    if lex.body_weak_suffix.search(name) and not lex.body_level_prefix.search(name):
        return None
    if lex.body_joint_next.match(named.group("next")):
        return None
    return name


def _topic_holds(topic: str, cue: re.Match, topic_before, lex: Lexicon) -> bool:
    """The cue names the topic itself (清理规范性文件), or the sentence's topic before the cue is it."""
    return bool(lex.topics[topic].search(cue.group())) or topic_before(topic, cue.start())


def _label(left: str, right: str, lex: Lexicon) -> str:
    """What a figure counts, in the report's words: the words just before it (after the last
    separator or figure), or, when those are only a verb or a place (召开, 印发了, 为辖区, 将全县), the
    thing named after it (召开9次区政府党组会议 → 区政府党组会议; 发放《…》650余本 → the title)."""
    title = re.search(r"《[^《》]{1,40}》$", left)
    if title:
        return title.group()
    tail = re.split(r"[、，。；：,;:（）()“”《》]", left)[-1]
    tail = lex.after_quantity.sub("", tail)
    tail = re.sub(r"^(?:我|全|本)[区县镇乡市]|^(?:共计|共|合计|累计|全年|其中|分别|并|和|及|与)", "", tail)
    tail = re.sub(r"(?:共计|共|合计|总计|累计|达到|达|为|约|近|超过|的|均|已|和|及|与)+$", "", tail)
    tail = tail[-20:]
    stripped = lex.label_verbs.sub("", tail)
    after = lex.label_stop.split(right)[0][:12]
    if len(stripped) < 2 and len(after) >= 2:
        return after
    return tail if len(tail) >= 2 else after or tail


_RIGHT_STOP = re.compile(r"[，。；、,;：:\d]")


def _classify_by_concept(fig, figures, text, s_start, c_start, cue_left, c_end, concepts) -> None:
    """What the exact rules leave unclassified, the concepts (thing counted, act done) may name."""
    prev_end = max((f.end for f in figures if c_start <= f.end <= fig.start and f is not fig), default=c_start)
    left = cue_left[prev_end - c_start:]
    if prev_end > c_start and "、" in left:
        left = left[left.index("、") + 1:]  # the words after the previous figure are its own (9次党组会议、)
    tail = text[fig.end:min(c_end, fig.end + 25)]
    stop = _RIGHT_STOP.search(tail)
    right = tail[: stop.start()] if stop else tail
    # Context: the sentence up to this figure's own words (省市权限办件量分别突破26.2万件、22.8万件).
    match = concepts_classify(left, right, text[s_start:fig.start - len(left)], fig.unit, concepts, cue_left)
    if match:
        # The quote is the clause up to the number (and the thing after it), from further back when the
        # thing was named earlier in the sentence.
        fig.metric, fig.rule = match.metric, f"concept #{match.order + 1}"
        fig.quote_start = max(s_start, min(c_start, fig.start - len(left) + match.start))
        fig.quote_end = fig.end + match.end


def extract_sentence(sentence: Sentence, text: str, report_year: int | None, lex: Lexicon, concepts=()) -> list[Figure]:
    figures = find_quantities(sentence, lex)
    if not figures:
        return []
    clauses = sentence.clauses()
    opening = _SENTENCE_YEAR.match(sentence.text)
    sentence_year = int(opening.group(1)) if opening else None
    bodies = _clause_bodies(clauses, text, lex)
    seen_keys = set()
    previous = None
    for fig in figures:
        ci = next(i for i, (a, b) in enumerate(clauses) if a <= fig.start <= b)
        c_start, c_end = clauses[ci]
        left = text[c_start:fig.start]
        right = text[fig.end:c_end]
        fig.body = bodies[ci]
        fig.quote_start, fig.quote_end = c_start, fig.end
        fig.scope = "、".join(sorted((w for w in lex.scope_words if w in left), key=left.find))

        change = lex.change.search(left)
        cue_left = left
        if change:
            fig.measure = "change"
            if change.group("direction") in lex.down:
                fig.value = -fig.value
            cue_left = left[: change.start()]
        fig.label = _label(cue_left, right, lex)

        # A year right before the number (2019年的441件) wins; then a year opening the sentence,
        # unless it is a future (plan) year; then the report's year.
        year_match = _YEAR_BEFORE.search(left)
        if year_match:
            fig.year = int(year_match.group(1))
        elif report_year and _LAST_YEAR_BEFORE.search(left):
            fig.year = report_year - 1
        elif sentence_year and report_year and sentence_year <= report_year:
            fig.year = sentence_year
        else:
            fig.year = report_year

        def topic_before(topic, i, _left_start=c_start):
            return _topic_named(topic, text[sentence.start:_left_start + i], lex)

        trend = (
            previous is not None
            and previous.unit == fig.unit
            and lex.trend_between.match(text[previous.end:fig.start])
        )
        if trend and previous.metric == UNCLASSIFIED:
            # 从1个增加至18个 of something no metric names: the earlier figure is still the earlier year's.
            if not year_match:
                fig.year = report_year
            if previous.year == fig.year:
                previous.year = _from_year(text[sentence.start:previous.start]) or None
        elif trend:
            # 从A增加至B: B is the same metric as A, in the report's year unless one is named.
            fig.metric, fig.rule = previous.metric, previous.rule
            fig.quote_start = previous.quote_start
            if not year_match:
                fig.year = report_year
            if previous.year == fig.year:
                seen_keys.discard((previous.metric, previous.year, previous.measure, previous.body))
                previous.year = _from_year(text[sentence.start:previous.start]) or None
                seen_keys.add((previous.metric, previous.year, previous.measure, previous.body))
        elif sentence.section != "plans":
            found = _classify(fig, cue_left, right, topic_before, lex)
            respective = _respective_cue(cue_left, fig, figures)
            if respective is not None:
                # 行政复议申请和行政诉讼案件分别为20件和15件: the i-th number takes the i-th item's cue.
                item_start, item = respective
                by_item = _classify(fig, item, "", lambda t, i, _s=item_start: topic_before(t, _s + i), lex)
                found = (by_item[0], item_start + by_item[1], 0, *by_item[3:]) if by_item else None
            restricted = any(p.search(text, sentence.start, fig.start) for p in lex.subset) or any(
                p.search(left) for p in lex.clause_subset
            )
            if found and not restricted:
                fig.metric = found[0]
                fig.quote_start = c_start + found[1]
                fig.quote_end = fig.end + found[2]
                fig.rule, fig.tied_with = f"rule #{found[3] + 1}", found[4]
            elif not restricted and respective is None:
                _classify_by_concept(fig, figures, text, sentence.start, c_start, cue_left, c_end, concepts)
        if fig.measure == "change" and fig.metric == UNCLASSIFIED and not fig.label and previous is not None:
            fig.metric, fig.rule = previous.metric, previous.rule  # 同比下降4.8% right after the figure it compares
        if fig.metric in v1_codes():
            # Breakdowns are a question for the jurisdiction-wide v1 totals; v2 counts (sessions held,
            # people trained) by a named body are events of their own.
            key = (fig.metric, fig.year, fig.measure)
            part = text[c_start:c_start + 2] == "其中"
            named_here = fig.body is not None and bodies[ci] is not None and _names_body(text[c_start:c_end], lex)
            if (key + (None,)) in seen_keys and (part or fig.body) and not named_here or (
                part and key + (fig.body,) in seen_keys
            ):
                # A breakdown of a figure this sentence already stated (其中…, or the same body carried
                # over from an earlier clause). A body named in its own clause keeps its own figure.
                fig.metric = UNCLASSIFIED
            else:
                seen_keys.add(key + (fig.body,))
        if fig.measure == "level":
            previous = fig
    _as_respondent(figures, sentence)
    figures.extend(_echoes(figures, clauses, text, lex))
    if sentence.section != "plans":
        figures.extend(_shared_rates(figures, sentence, text, lex, concepts))
    figures.extend(_other_years(sentence, figures))
    _link_parts(sentence, figures)
    for f in figures:
        if f.part_of is not None and f.part_of.metric == f.metric and f.metric in v1_codes():
            f.metric = UNCLASSIFIED  # 行政处罚31件，其中…事故处罚4件: a part, not the jurisdiction's total
    # A figure whose year is unknown (the report's is not found, or 从1个增加至… names none) is kept:
    # a dropped fact is worse than one that cannot be compared yet.
    return figures


_RESPONDENT = re.compile(r"被申请人|被复议")
_ORGAN_COUNTS = ("reconsideration.accepted", "reconsideration.concluded", "reconsideration.corrected")


def _as_respondent(figures: list[Figure], sentence: Sentence) -> None:
    """以市政府作为被申请人的行政复议案件13件，已审结的7件: cases the government answered as respondent;
    what was accepted, concluded or corrected there is the reviewing organ's count of another body."""
    named = _RESPONDENT.search(sentence.text)
    if not named:
        return
    for fig in figures:
        if fig.metric in _ORGAN_COUNTS and fig.start - sentence.start > named.start():
            fig.metric, fig.rule = UNCLASSIFIED, ""


# 参考率、合格率均达100%: the rates listed before the last one, which the number states for each of them.
_RATE_LIST = re.compile(r"((?:[\u4e00-\u9fff]{1,12}?率[、和及与])+)[\u4e00-\u9fff]{1,12}?率"
                        r"(?:均|都|全部|分别)?(?:达到|达|为|实现|保持在?)?$")
_RATE = re.compile(r"[\u4e00-\u9fff]{1,12}?率")
# 办理环节和审批时限分别压减60%: two things cut by one share each; the first is listed, the last is the figure's own.
_CUT_LIST = re.compile(r"([\u4e00-\u9fff]{2,8}?)(?:和|、|及|与)[\u4e00-\u9fff]{2,8}?(?:均|分别|都)"
                       r"(?:压减|压缩|缩减|减少|精简|缩短|提高|提升|下降|降低)(?:了)?$")


def _shared_rates(figures, sentence: Sentence, text: str, lex: Lexicon, concepts) -> list[Figure]:
    """One rate stated for several (参考率、合格率均达100%): a figure for each rate listed before the last,
    each classified by its own name (the last is the figure itself)."""
    out = []
    for fig in [f for f in figures if f.unit == "%" and f.measure == "level"]:
        clause_start = max((a for a, b in sentence.clauses() if a <= fig.start), default=sentence.start)
        listed = _RATE_LIST.search(text[clause_start:fig.start])
        if not listed:
            cut = _CUT_LIST.search(text[clause_start:fig.start])
            if cut and not re.match(r"[、和及与]\d", text[fig.end:fig.end + 2]):  # 分别压减60%、50%: one each
                start = clause_start + cut.start(1)
                out.append(replace(fig, metric=UNCLASSIFIED, label=cut.group(1), quote_start=start, quote_end=fig.end,
                                   rule="", tied_with=None, part_of=None))
            continue
        for m in _RATE.finditer(listed.group(1)):
            start = clause_start + listed.start(1) + m.start()
            copy = replace(fig, metric=UNCLASSIFIED, label=m.group(), quote_start=start, quote_end=fig.end, rule="",
                           tied_with=None, part_of=None)
            found = _classify(copy, m.group(), "", lambda t, i, _s=start: _topic_named(t, text[sentence.start:_s + i], lex), lex)
            if found:
                copy.metric, copy.rule = found[0], f"rule #{found[3] + 1}"
            else:
                match = concepts_classify(m.group(), "", text[sentence.start:start], "%", concepts, m.group())
                if match:
                    copy.metric, copy.rule = match.metric, f"concept #{match.order + 1}"
            out.append(copy)
    return out


_YEAR_SPAN = re.compile(r"^((?:19|20)\d{2})年(?:度)?(?:和|、|与|及)((?:19|20)\d{2})年(?:度)?连续")


def _other_years(sentence: Sentence, figures: list[Figure]) -> list[Figure]:
    """2023年和2024年连续两年，…通过率100%: one statement of both years, so one figure for each."""
    span = _YEAR_SPAN.match(sentence.text)
    if not span:
        return []
    first, last = int(span.group(1)), int(span.group(2))
    return [replace(f, year=first) for f in figures if f.year == last and f.measure == "level" and f.unit != "年"]


_PARTS_START = re.compile(r"其中|[（(]")


def _link_parts(sentence: Sentence, figures: list[Figure]) -> None:
    """共接收投诉4906件，其中A4744件、B102件… and 案件128件（审结50件，78件未审结）: the figures after
    其中 (up to the next ；) or inside the brackets right after a figure are parts of the figure before."""
    text, offset = sentence.text, sentence.start
    for m in _PARTS_START.finditer(text):
        before = [f for f in figures if f.end - offset <= m.start() and f.measure == "level"]
        if not before:
            continue
        whole = before[-1]
        if m.group() in "（(":
            if whole.end - offset != m.start():
                continue
            close = re.search(r"[）)]", text[m.end():])
            end = m.end() + close.start() if close else len(text)
        else:
            stop = re.search(r"[；;。]", text[m.end():])
            end = m.end() + stop.start() if stop else len(text)
        for f in figures:
            if not (m.end() <= f.start - offset < end and f.measure == "level" and f is not whole):
                continue
            if m.group() in "（(":
                if f.unit == whole.unit:
                    f.part_of = whole
                continue
            # 处罚案件31件，合计罚款75.99万元，其中日常处罚27件、罚款29.1万元: each part belongs to the
            # last figure before 其中 in its own unit.
            same = [b for b in before if b.unit == f.unit]
            if same:
                f.part_of = same[-1]


def _echoes(figures, clauses, text, lex) -> list[Figure]:
    """新收行政复议案件4件，均已办结: the clause after a figure restates it as another metric."""
    out = []
    for fig in figures:
        following = [(a, b) for a, b in clauses if a > fig.end]
        if not following or fig.metric == UNCLASSIFIED:
            continue
        a, b = following[0]
        if text[fig.end:a].strip("，,；; ") or any(a <= f.start < b for f in figures):
            continue
        clause = text[a:b].rstrip("。！？!?")
        for n, echo in enumerate(lex.echoes, start=1):
            if echo.after_metric == fig.metric and echo.clause.match(clause):
                out.append(replace(fig, metric=echo.metric, label=clause, quote_end=a + len(clause), rule=f"echo #{n}"))
    return out


def _from_year(prefix: str) -> int | None:
    """In 从2020年的37.89%提升至52.76%, the earlier figure's year; None when the sentence names none."""
    years = re.findall(r"[从由]((?:19|20)\d{2})年", prefix)
    return int(years[-1]) if years else None


def extract(text: str, report_year: int | None, lex: Lexicon | None = None, concepts=None) -> list[Figure]:
    """All figures of a normalized report text, in text order."""
    lex = lex or default_lexicon()
    concepts = default_concepts() if concepts is None else concepts
    figures = []
    for sentence in sentences(text):
        if sentence.heading:
            continue
        found = extract_sentence(sentence, text, report_year, lex, concepts)
        if sentence.section != "plans":
            found += zeros_in_words(sentence, report_year, lex)
        figures.extend(sorted(found, key=lambda f: f.start))
    _restatements(figures)
    return figures


_DIGIT = re.compile(r"\d")
_AIM = re.compile(r"力争|争取|确保|目标|努力|杜绝|防止|避免|减少")


def zeros_in_words(sentence: Sentence, report_year: int | None, lex: Lexicon) -> list[Figure]:
    """无行政复议纠错及行政诉讼败诉情况, 均已审结并胜诉: zeros the report states in words, as unclassified
    figures of value 0 labelled with the words. Not when a number follows the words in their clause (the
    number rules read it: 败诉0件), nor in an aim (力争零败诉); 已审结的19件全部胜诉 is a zero."""
    out = []
    opening = _SENTENCE_YEAR.match(sentence.text)
    year = int(opening.group(1)) if opening and report_year and int(opening.group(1)) <= report_year else report_year
    for c_start, c_end in sentence.clauses():
        clause = sentence.text[c_start - sentence.start:c_end - sentence.start]
        if _AIM.search(clause):
            continue
        for n, zero in enumerate(lex.zeros, start=1):
            for m in zero.pattern.finditer(clause):
                if _DIGIT.search(clause, m.start()):
                    continue  # 败诉案件0件, 无…败诉2件: a number of its own, for the number rules
                upto = sentence.text[: c_start - sentence.start + m.end()]
                if zero.topic and not lex.topics[zero.topic].search(upto):
                    continue
                start, end = c_start + m.start(), c_start + m.end()
                out.append(Figure(start=start, end=end, number=m.group(), value=Decimal(0), unit=zero.unit,
                                  approximate=False, year=year, label=m.group(), rule=f"zero #{n}",
                                  quote_start=c_start, quote_end=end))
    return out


def _restatements(figures: list[Figure]) -> None:
    """One statement, one observation: a jurisdiction total stated again later (the 司法局 repeating
    the district's 57 applications) keeps its figure but loses the metric, so it is not counted twice.
    Only v1 totals: two training sessions of 2期 each are two facts."""
    seen: dict[tuple, str | None] = {}
    for fig in figures:
        if fig.metric not in v1_codes() or fig.part_of is not None:
            continue
        key = (fig.metric, fig.year, fig.value, fig.measure)
        if key in seen and (seen[key] is None or fig.body is None or seen[key] == fig.body):
            fig.metric = UNCLASSIFIED  # two bodies' own equal figures are two facts
        else:
            seen.setdefault(key, fig.body)
