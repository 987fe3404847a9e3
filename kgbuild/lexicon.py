"""Load the extraction lexicon (kgbuild/data/lexicon.toml) and compile its patterns once."""

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .errors import LexiconError


@dataclass(frozen=True)
class Rule:
    metric: str
    before: re.Pattern | None
    after: re.Pattern | None
    topic: str | None
    exclude: re.Pattern | None
    units: frozenset
    order: int


@dataclass(frozen=True)
class Echo:
    after_metric: str
    clause: re.Pattern
    metric: str


@dataclass(frozen=True)
class NotFigure:
    """A context in which a number is not a figure, and the reason `kgbuild coverage` gives."""
    pattern: re.Pattern
    reason: str


@dataclass(frozen=True)
class Zero:
    """A zero stated in words (无行政诉讼败诉情况): a figure of value 0, unclassified."""
    about: str  # the metric the words speak of
    pattern: re.Pattern
    topic: str | None
    unit: str


@dataclass(frozen=True)
class Lexicon:
    units: tuple
    needs_before: dict  # unit → pattern the text before the number must match
    not_approx: tuple
    approx_before: tuple
    approx_after: tuple
    skip_bare_chinese_one: bool
    not_before: tuple
    not_after: tuple
    fixed_phrases: tuple
    max_quoted_slogan: int
    gap: re.Pattern
    change: re.Pattern
    down: frozenset
    trend_between: re.Pattern
    subset: tuple
    clause_subset: tuple
    body_lead: re.Pattern
    self_lead: re.Pattern
    body_not_in_name: re.Pattern
    body_weak_suffix: re.Pattern
    body_level_prefix: re.Pattern
    body_joint_next: re.Pattern
    body_self: frozenset
    topics: dict
    exclusive_topics: tuple  # groups (frozensets) of topics that compete
    rules: tuple
    echoes: tuple
    zeros: tuple  # Zero
    quantity: re.Pattern  # a number with its unit, compiled from the units and approximation marks
    protected: re.Pattern  # spans whose numbers are never figures: 《titles》, 〔numbers〕, set phrases
    after_quantity: re.Pattern  # everything up to and including the last quantity of a text
    label_verbs: re.Pattern  # a label that is only a verb or a place: look after the number instead
    label_stop: re.Pattern  # where the thing named after a number ends
    scope_words: tuple = ()  # words that narrow what a figure counts (一审, 涉企…): its kgb:scope


# Chinese numerals and the multipliers 万/亿 a figure may be written with.
CHINESE_DIGITS = "零〇一二两三四五六七八九十百千万亿"


def _quantity_patterns(units, approx_before, approx_after, fixed_phrases):
    unit = "|".join(map(re.escape, units))
    before = "|".join(map(re.escape, approx_before))
    after = "|".join(map(re.escape, approx_after))
    quantity = re.compile(
        rf"(?P<pre>{before})?"
        rf"(?P<num>\d+(?:\.\d+)?|[{CHINESE_DIGITS}]+)"
        rf"(?P<post1>(?<=\d)(?:{after})(?=[万亿]))?(?P<mult>(?<=\d)[万亿]|(?<=余|多)[万亿])?(?P<post>{after})?(?P<unit>{unit})"
    )
    phrases = "|".join(map(re.escape, sorted(fixed_phrases, key=len, reverse=True)))
    protected = re.compile(r"《[^《》]*》|〔[^〔〕]*〕" + (f"|{phrases}" if phrases else ""))
    after_quantity = re.compile(rf"^.*\d(?:年度?|月|日|[万亿]?(?:{after})?(?:{unit})|[^\u4e00-\u9fff])?")
    return quantity, protected, after_quantity


def _compile(pattern, where):
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise LexiconError(f"{where}: invalid regular expression {pattern!r}: {exc}") from None


def read_data_toml(packaged: str, path=None) -> tuple[dict, str]:
    """A TOML data file, the packaged kgbuild/data/<packaged> or a user's own copy at `path`, with the
    name its errors give."""
    if path is None:
        source, name = resources.files("kgbuild") / "data" / packaged, f"kgbuild/data/{packaged}"
    else:
        source, name = Path(path), str(path)
    try:
        return tomllib.loads(source.read_text(encoding="utf-8")), name
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"{name}: {exc}") from None
    except OSError as exc:
        raise LexiconError(f"{name}: cannot read: {exc}") from None


def load_lexicon(path=None) -> Lexicon:
    data, name = read_data_toml("lexicon.toml", path)
    try:
        q, nf, body = data["quantity"], data["not_figures"], data["body"]
        topics = {k: _compile(v, f"{name} [topics] {k}") for k, v in data["topics"].items()}
        rules = []
        for i, r in enumerate(data["rule"]):
            where = f"{name} rule #{i + 1} ({r.get('metric')})"
            if "before" not in r and "after" not in r:
                raise LexiconError(f"{where}: needs `before` or `after`")
            if r.get("topic") and r["topic"] not in topics:
                raise LexiconError(f"{where}: unknown topic {r['topic']!r}; known: {', '.join(topics)}")
            rules.append(
                Rule(
                    metric=r["metric"],
                    before=_compile(f"(?:{r['before']})", where) if "before" in r else None,
                    after=_compile(r["after"], where) if "after" in r else None,
                    topic=r.get("topic"),
                    exclude=_compile(r["exclude"], where) if "exclude" in r else None,
                    units=frozenset(r["units"]),
                    order=i,
                )
            )
        units = tuple(sorted(q["units"], key=len, reverse=True))
        approx_before = tuple(sorted(q["approx_before"], key=len, reverse=True))
        quantity, protected, after_quantity = _quantity_patterns(
            units, approx_before, q["approx_after"], nf["fixed_phrases"]
        )
        return Lexicon(
            units=units,
            needs_before={u: _compile(p, f"{name} [quantity.needs_before] {u}") for u, p in q.get("needs_before", {}).items()},
            not_approx=tuple(q.get("not_approx", [])),
            approx_before=approx_before,
            approx_after=tuple(q["approx_after"]),
            skip_bare_chinese_one=q.get("skip_bare_chinese_one", True),
            not_before=tuple(_not_figures(nf["before"], f"{name} [not_figures] before")),
            not_after=tuple(_not_figures(nf["after"], f"{name} [not_figures] after")),
            fixed_phrases=tuple(nf["fixed_phrases"]),
            max_quoted_slogan=nf.get("max_quoted_slogan", 25),
            gap=_compile(f"{data['gap']['filler']}*", f"{name} [gap]"),
            change=_compile(data["change"]["pattern"], f"{name} [change]"),
            down=frozenset(data["change"]["down"]),
            trend_between=_compile(data["trend"]["between"], f"{name} [trend]"),
            subset=tuple(_compile(p, f"{name} [subset]") for p in data["subset"]["qualifiers"]),
            clause_subset=tuple(_compile(p, f"{name} [subset]") for p in data["subset"].get("clause_qualifiers", [])),
            body_lead=_compile(body["lead"], f"{name} [body]"),
            self_lead=_compile(body["self_lead"], f"{name} [body]"),
            body_not_in_name=_compile(body["not_in_name"], f"{name} [body]"),
            body_weak_suffix=_compile(body["weak_suffix"], f"{name} [body]"),
            body_level_prefix=_compile(body["level_prefix"], f"{name} [body]"),
            body_joint_next=_compile(body["joint_next"], f"{name} [body]"),
            body_self=frozenset(body["self"]),
            topics=topics,
            exclusive_topics=tuple(frozenset(g) for g in data.get("topic_groups", {}).get("exclusive", [])),
            rules=tuple(rules),
            echoes=tuple(
                Echo(e["after_metric"], _compile(e["clause"], f"{name} [[echo]]"), e["metric"])
                for e in data.get("echo", [])
            ),
            zeros=tuple(_zeros(data.get("zero", []), topics, name)),
            quantity=quantity,
            protected=protected,
            after_quantity=after_quantity,
            label_verbs=_compile(data["label"]["verbs"], f"{name} [label]"),
            label_stop=_compile(data["label"]["stop"], f"{name} [label]"),
            # A copy of the rules made before [scope] existed still loads: its figures have no scope.
            scope_words=tuple(data.get("scope", {}).get("words", [])),
        )
    except KeyError as exc:
        raise LexiconError(f"{name}: missing key {exc}") from None


def _not_figures(entries, where):
    """Each entry a pattern, or a table {pattern, reason}."""
    for i, entry in enumerate(entries):
        if isinstance(entry, str):
            entry = {"pattern": entry}
        if not isinstance(entry, dict) or "pattern" not in entry:
            raise LexiconError(f"{where} #{i + 1}: needs a pattern (a string, or {{ pattern = …, reason = … }})")
        yield NotFigure(_compile(entry["pattern"], f"{where} #{i + 1}"),
                        entry.get("reason") or f"not a figure by {where} {entry['pattern']!r}")


def _zeros(entries, topics, name):
    for i, z in enumerate(entries):
        where = f"{name} zero #{i + 1} ({z.get('about')})"
        if not {"about", "pattern", "unit"} <= set(z):
            raise LexiconError(f"{where}: needs about, pattern and unit")
        if z.get("topic") and z["topic"] not in topics:
            raise LexiconError(f"{where}: unknown topic {z['topic']!r}; known: {', '.join(topics)}")
        yield Zero(z["about"], _compile(z["pattern"], where), z.get("topic"), z["unit"])


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return load_lexicon()
