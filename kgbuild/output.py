"""Format result tables as text: aligned table, CSV, TSV, JSON, Markdown."""

import csv
import io
import json
import unicodedata

FORMATS = ("table", "csv", "tsv", "json", "markdown")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _width(text: str) -> int:
    # Chinese characters take two columns in a terminal.
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _clip(text: str, limit: int = 60) -> str:
    text = text.replace("\n", " ")
    if _width(text) <= limit or text.startswith(("http://", "https://")):  # an IRI cut short is no IRI
        return text
    out, used = "", 0
    for c in text:
        w = _width(c)
        if used + w > limit - 1:
            break
        out, used = out + c, used + w
    return out + "…"


def format_rows(columns: list[str], rows: list[list], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([dict(zip(columns, row, strict=True)) for row in rows], ensure_ascii=False, indent=2) + "\n"
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_cell(v) for v in row] for row in rows])
        return buffer.getvalue()
    cells = [[_clip(_cell(v)) for v in row] for row in rows]
    if fmt == "markdown":
        lines = ["| " + " | ".join(columns) + " |", "|" + "|".join("---" for _ in columns) + "|"]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in cells]
        return "\n".join(lines) + "\n"
    widths = [max([_width(c)] + [_width(row[i]) for row in cells]) for i, c in enumerate(columns)]

    def line(values):
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths, strict=True)).rstrip()

    out = [line(columns), line(["-" * w for w in widths])] + [line(row) for row in cells]
    return "\n".join(out) + "\n"
