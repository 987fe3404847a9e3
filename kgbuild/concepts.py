"""Metric concepts: a metric described by the thing counted and the act done to it, found in any order
in the clause around a figure (kgbuild/data/concepts.toml). They classify what the exact phrasings of
lexicon.toml leave unclassified: 审查重大合同39份, 合同合法性审查700余件, 镇村合同审查1077件 are one
concept, contracts reviewed.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from .errors import LexiconError
from .lexicon import read_data_toml


@dataclass(frozen=True)
class Concept:
    metric: str
    thing: re.Pattern
    act: re.Pattern | None
    left: re.Pattern | None
    veto: re.Pattern | None
    topic: re.Pattern | None
    units: frozenset
    order: int


@dataclass(frozen=True)
class Match:
    metric: str
    start: int  # where the matched words begin, relative to the window's left part (negative: in context)
    end: int  # where they end, relative to the number's end (0 when all before it)
    order: int = 0  # the concept's place in concepts.toml


def load_concepts(path=None) -> tuple[Concept, ...]:
    data, name = read_data_toml("concepts.toml", path)
    words = data.get("words", {})

    def compile_(pattern: str, where: str) -> re.Pattern:
        expanded = re.sub(r"\{(\w+)\}", lambda m: f"(?:{words[m.group(1)]})" if m.group(1) in words else m.group(), pattern)
        unknown = re.findall(r"\{(\w+)\}", expanded)
        if unknown:
            raise LexiconError(f"{where}: unknown word list {{{unknown[0]}}}; known: {', '.join(words)}")
        try:
            return re.compile(expanded)
        except re.error as exc:
            raise LexiconError(f"{where}: invalid regular expression {pattern!r}: {exc}") from None

    out = []
    for i, c in enumerate(data.get("concept", [])):
        where = f"{name} concept #{i + 1} ({c.get('metric')})"
        if "metric" not in c or "thing" not in c or "units" not in c:
            raise LexiconError(f"{where}: needs metric, thing and units")
        out.append(Concept(
            metric=c["metric"],
            thing=compile_(c["thing"], where),
            act=compile_(c["act"], where) if c.get("act") else None,
            left=compile_(c["left"], where) if c.get("left") else None,
            veto=compile_(c["veto"], where) if c.get("veto") else None,
            topic=compile_(c["topic"], where) if c.get("topic") else None,
            units=frozenset(c["units"]),
            order=i,
        ))
    return tuple(out)


@lru_cache(maxsize=1)
def default_concepts() -> tuple[Concept, ...]:
    return load_concepts()


def _last(pattern: re.Pattern, text: str):
    matches = list(pattern.finditer(text))
    return matches[-1] if matches else None


def classify(left: str, right: str, context: str, unit: str, concepts, clause: str | None = None) -> Match | None:
    """The concept a figure states. `left` is its clause up to the number (from the previous figure
    on), `right` the words after its unit up to the next punctuation, `context` the sentence before
    `left`, `clause` the whole clause up to the number; all in text order."""
    window = left + "\0" + right
    any_thing = any(c.thing.search(window) for c in concepts)
    # The sentence's earlier words may name the thing only for a bare verb (受理…12件，审结10件): a clause
    # that says more than that (参加现场调解6次) counts something of its own.
    verb = _GAP.sub("", left)
    bare = not right.strip() and _BARE.fullmatch(verb) is not None

    def takes_bare(c: Concept) -> bool:
        # A bare clause's verb must be the concept's own act (全市废止52件 is not 咨询), unless it only says
        # the thing was handled (审结, 办结, 受理).
        if unit not in c.units:
            return False
        if c.act and verb:
            return bool(c.act.search(left))
        return not verb or _HANDLED.fullmatch(verb) is not None

    # …and only the thing the sentence named last (审查合同…，出具法律意见…，办结6件 is not about contracts).
    latest = max((m.end() for c in concepts if takes_bare(c) for m in [_last(c.thing, context)] if m),
                 default=-1) if bare else -1
    stated = [k for k in concepts if not k.act or k.act.search(window)]  # things counted here, acts said
    best, named = None, set()
    for c in concepts:
        if unit not in c.units or (c.left and not c.left.search(left)):
            continue
        if c.topic and not (c.topic.search(context) or c.topic.search(left)):
            continue
        thing_left, thing_right = _last(c.thing, left), c.thing.search(right)
        # The veto reads the clause up to the number, and what follows it only when the thing is named there.
        if c.veto and c.veto.search(left if thing_left else window):
            continue
        if thing_left and (not c.act or c.act.search(window)):
            named.add((c.metric, thing_left.start()))  # a thing counted here, its act (if any) stated
        if thing_left and _listed(left[thing_left.end():], unit, stated):
            continue  # 网上可办率、一窗受理率和…达到100%: one number for a list of things, none of them alone
        in_context = None
        if not (thing_left or thing_right):
            if any_thing or not bare or not takes_bare(c):
                continue  # the clause counts something else
            in_context = _last(c.thing, context)
            if not in_context or in_context.end() < latest:
                continue
        act = _last(c.act, left) if c.act else None
        if c.act and not act and in_context is not None and not verb:
            # 清理规范性文件2次、100余件: a number listed after another takes the act and thing before them.
            act = _last(c.act, context)
        # 抽查12个部门的执法案卷120卷: the verb before the clause's first number governs the thing too.
        act_earlier = bool(c.act and not act and thing_left and clause and c.act.search(clause))
        if c.act and not act and not act_earlier and not c.act.search(right):
            continue
        # An act before the number is the figure's own (排查问题11条); one after it may be what followed.
        slots = (1 if in_context is None else 0) + (0 if not c.act else 1 if act or act_earlier else 0.5)
        used = [m for m in (thing_left, act) if m]
        length = sum(m.end() - m.start() for m in used) + (thing_right.end() - thing_right.start() if thing_right else 0)
        distance = min((len(left) - m.end() for m in used), default=0 if thing_right else len(left) + 1)
        start = min((m.start() for m in used), default=len(left))
        if in_context is not None:
            start = min(start, in_context.start() - len(context))
        end = thing_right.end() if thing_right and not thing_left else 0
        key = (slots, length, -distance, -c.order)
        if best is None or key > best[0]:
            best = (key, Match(c.metric, start, end, c.order))
    first = min((p for _, p in named), default=0)
    if len({p for _, p in named}) > 1 and _SEPARATOR.search(left, first) and not _EACH.search(left, first):
        return None  # 规范性文件、执法决定及合同审查1090件: one total of several things, none of them alone
    return best[1] if best else None


# A clause that is only a verb: 审结, 已办结, 成功化解, 全市废止 (not 行政征收, a thing of its own).
_BARE = re.compile(r"(?:全市|全县|全区|全镇|全省|全乡|全街道)?(?:依法|成功|累计|共|已|均)?"
                   r"(?:审结|办结|结案|受理|立案|化解|调处|调解|调解成功|办理|答复|回复|纠正|撤销|维持|驳回|终止|废止|宣布失效|失效|"
                   r"清理|保留|修改|审查|备案|出具|提出|发放|开展|举办|召开|组织|完成|处理|解决|整改|发现|接待|提供)?")
_HANDLED = re.compile(r"(?:依法|成功|累计|共|已|均)?(?:审结|办结|结案|受理|办理|答复|回复|处理|解决)")
_GAP = re.compile(r"共计|共|合计|累计|全年|全部|已|均|依法|分别|其中|达到?|为|的$|[，,、\s]")
_EACH = re.compile(r"均|分别|都")  # 办结率、满意率均为100%: each of them, not one total
_SEPARATOR = re.compile(r"[、和及与]")
_CITED = re.compile(r"《[^《》]*》")


def _listed(after: str, unit: str, concepts) -> bool:
    """Is the thing one of a list sharing the number (网上可办率、一窗受理率…达到100%)? Only when another
    counted thing (or, for a rate, another 率) follows a separator; 学习…思想和相关法律法规 is one thing."""
    after = _CITED.sub("", after)
    if _EACH.search(after):
        return False  # 办结率、满意率均为100%: each of them
    for m in _SEPARATOR.finditer(after):
        segment = _SEPARATOR.split(after[m.end():], maxsplit=1)[0]
        # A thing shares the number only if it can be counted in its unit (法律法规 is not counted in 次).
        if (unit == "%" and "率" in segment) or any(unit in c.units and c.thing.search(segment) for c in concepts):
            return True
    return False
