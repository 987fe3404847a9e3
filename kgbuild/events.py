"""Honours a report says were won (荣获“…”称号) and the dated events it tells (2021年11月4日，…)."""

import re
from dataclasses import dataclass
from datetime import date

_HONOUR = re.compile(
    r"(?:荣获得|荣获|获得|被评为|获评)(?:\d{4}年(?:度)?)?[“\"]?(?P<title>[^“”\"。；，]{4,40}?)[”\"]?(?:的)?(?:荣誉)?称号"
)
_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})年(?P<m>1[0-2]|0?[1-9])月(?P<d>3[01]|[12]\d|0?[1-9])日")


@dataclass(frozen=True)
class Honour:
    title: str
    start: int
    end: int


@dataclass(frozen=True)
class Event:
    day: date
    start: int  # the sentence that tells it, from its date to its end
    end: int


def honours(text: str) -> list[Honour]:
    return [Honour(m.group("title"), m.start(), m.end()) for m in _HONOUR.finditer(text)]


def events(text: str) -> list[Event]:
    out = []
    for m in _DATE.finditer(text):
        try:
            day = date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        except ValueError:
            continue  # 2月30日 is no date
        stop = re.search(r"[。；\n]", text[m.end():])
        end = m.end() + (stop.start() + 1 if stop else len(text) - m.end())
        if text[m.start() - 1:m.start()] in ("《", "（") or end - m.end() < 4:
            continue
        out.append(Event(day, m.start(), end))
    return out
