"""Stage 2: normalize decoded text. Every offset in the graph refers to the text this returns.

- NFKC turns full-width digits, Latin letters and signs into ASCII, but Chinese punctuation
  (，。；：（）！？) is kept so quotes still read as Chinese.
- Markdown emphasis, heading marks and links are stripped.
- Lines broken in the middle of a sentence (copied from PDFs and web pages) are re-joined.
- Stray spaces next to Chinese characters and inside digit groups are removed, and so are the
  pinyin glosses mirror sites put after characters (区(qū)).
- A report written in traditional characters (a mirror site's copy) is converted to simplified
  ones with OpenCC, so the gazetteer and the lexicon, which are simplified, read it.
"""

import re
import unicodedata
from functools import lru_cache

import opencc

_KEEP = set("，。；：（）！？【】、“”‘’《》〔〕")

_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|~~)(?=\S)(.+?)(?<=\S)\1")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?")
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)")
_LEFTOVER_STARS = re.compile(r"\*\*|__")

# A heading begins with an ordinal marker: 一、 （一） (1) 1. 1、 第一 …
HEADING_MARK = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}(?:[.、．](?!\d)|、)"
    r"|第[一二三四五六七八九十]+[章节部分条])"
)
# A line ending with one of these ends its sentence; anything else may be a broken line.
_SENTENCE_END = set("。！？!?；;：:…")

_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef“”‘’《》"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])[ \t]+|[ \t]+(?=[{_CJK}])")
_SPACE_IN_DIGITS = re.compile(r"(?<=\d)[ \t]+(?=\d{3}(?!\d))")
_SPACE_BEFORE_SIGN = re.compile(r"(?<=\d)[ \t]+(?=[%.])|(?<=\d\.)[ \t]+(?=\d)")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


def nfkc(text: str) -> str:
    return "".join(c if c in _KEEP else unicodedata.normalize("NFKC", c) for c in text)


def strip_markdown(line: str) -> str:
    line = _MD_HEADING.sub("", line)
    line = _MD_QUOTE.sub("", line)
    line = _MD_LINK.sub(r"\1", line)
    line = _MD_EMPHASIS.sub(r"\2", line)
    return _LEFTOVER_STARS.sub("", line)


# Page chrome that locates the page (当前位置: 首页 > 政务公开 > …): never a title, never a wrapped sentence.
BREADCRUMB = re.compile(r">|›|»|当前位置|首页")


def _is_prose(line: str) -> bool:
    return "。" in line or "，" in line or len(line) > 40


def _joins(prev: str, nxt: str) -> bool:
    """Was the break between these two lines an accident of layout rather than a paragraph end?"""
    if not prev or not nxt or prev[-1] in _SENTENCE_END or HEADING_MARK.match(nxt):
        return False
    if prev.endswith("|") or nxt.startswith("|"):
        return False  # a row of a page's table of metadata (索引号 | … |), never a wrapped sentence
    if BREADCRUMB.search(prev):
        return False  # 当前位置: 首页 > 政务公开 > …: page chrome, however long, is no sentence the next line goes on
    if HEADING_MARK.match(prev):
        # A long heading wrapped onto a short second line.
        return len(nxt) <= 15 and not _is_prose(nxt)
    return _is_prose(prev)


def join_broken_lines(lines: list[str]) -> list[str]:
    paragraphs: list[str] = []
    for line in lines:
        if not line:
            continue
        if paragraphs and _joins(paragraphs[-1], line):
            paragraphs[-1] += line
        else:
            paragraphs.append(line)
    return paragraphs


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """The text in simplified characters (仲愷高新區 → 仲恺高新区)."""
    return _t2s().convert(text)


_HAN = re.compile(r"[\u4e00-\u9fff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Mirror sites gloss characters with pinyin, 区(qū), 内(nèi): never part of a report's words.
_PINYIN_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff])\((?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]{1,6}\)")


def is_traditional(text: str) -> bool:
    """Does the text use traditional characters? Judged on its opening: one character in fifty that
    OpenCC changes is far more than simplified text shows (a few rare variants)."""
    sample = _SURROGATE.sub("\ufffd", text[:3000])
    han = len(_HAN.findall(sample))
    changed = sum(a != b for a, b in zip(sample, _t2s().convert(sample), strict=False))
    return han >= 20 and changed >= 0.02 * han


def normalize(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = _SURROGATE.sub("\ufffd", text)  # lone surrogates are not text (and OpenCC rejects them)
    if is_traditional(text):
        text = _t2s().convert(text)
    text = nfkc(text)
    text = _PINYIN_GLOSS.sub("", text)
    lines = [strip_markdown(line).strip() for line in text.split("\n")]
    lines = [_SPACE_NEAR_CJK.sub("", line) for line in lines]
    text = "\n".join(join_broken_lines(lines))
    text = _SPACE_IN_DIGITS.sub("", text)
    text = _SPACE_BEFORE_SIGN.sub("", text)
    text = _THOUSANDS.sub("", text)
    return text + "\n" if text else text
