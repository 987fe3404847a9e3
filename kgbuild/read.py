"""Stage 1: read a report file and turn it into text: detect its format from the bytes (not the
name) and, for text formats, its encoding."""

import io
import re
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import charset_normalizer

from . import formats
from .errors import ReportReadError

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")
DEFAULT_MAX_MB = 20.0
# What one report may hold. The longest real report of the corpus is about 31,000 characters with 149
# figures; everything a build does with a report (its store transaction, its SHACL check) grows with
# these, so they bound a build's memory whatever a file holds (a 200,000-character report with 2,000
# figures builds in about 600 MB).
DEFAULT_MAX_CHARS = 200_000
DEFAULT_MAX_FIGURES = 2_000
_SUFFIX_FORMAT = {".txt": "text", ".md": "text", ".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf"}

# charset-normalizer names the GB family by its smaller members; GB18030 decodes all of them.
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz", "hz_gb_2312"}


@dataclass(frozen=True)
class ReportLimits:
    """The most one report may be: file size (MB; a Word file may unpack to UNPACKED_FACTOR times it),
    characters of text and figures. Past any of them the report fails alone, naming the limit."""

    max_mb: float = DEFAULT_MAX_MB
    max_chars: int = DEFAULT_MAX_CHARS
    max_figures: int = DEFAULT_MAX_FIGURES


DEFAULT_LIMITS = ReportLimits()


@dataclass
class RawReport:
    id: str
    path: Path
    text: str
    encoding: str
    format: str = "text"
    warnings: list[str] = field(default_factory=list)


def decode(data: bytes, path) -> tuple[str, str]:
    """Return (text, encoding name). Raise ReportReadError when the bytes are not confidently text."""
    if not data.strip():
        raise ReportReadError(path, "file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise ReportReadError(path, f"invalid UTF-16 ({exc.reason})") from None
    if b"\x00" in data:
        raise ReportReadError(path, "binary data (NUL bytes), not a text report")
    # Valid UTF-8 of this length is practically never another encoding, so try it strictly first.
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Reports from mainland China that are not UTF-8 are GB-family, and GB18030 decodes them exactly.
    # Other bytes can decode as GB18030 too, into unusual characters: then charset-normalizer must
    # agree that the file is GB-family, or the encoding counts as undetermined.
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise ReportReadError(path, "cannot determine the text encoding (not UTF-8, GBK/GB18030 or UTF-16)") from None
    if _plausible(text):
        return text, "gb18030"
    guess = charset_normalizer.from_bytes(data).best()
    if guess is not None and guess.encoding.lower() in _GB_FAMILY:
        return text, "gb18030"
    raise ReportReadError(
        path,
        "text encoding not determined confidently: as GB18030 it gives unusual characters, "
        f"and charset-normalizer guesses {guess.encoding if guess else 'nothing'}",
    )


def _plausible(text: str) -> bool:
    """Does decoded text look like writing rather than bytes forced into characters?"""
    ordinary = sum(
        1 for c in text
        if c.isascii() and (c.isprintable() or c in "\n\r\t") or "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f"
        or "\uff00" <= c <= "\uffef" or c in "“”‘’—…·"
    )
    return ordinary >= 0.9 * len(text)


def _check_unpacked(data: bytes, path, max_mb: float) -> None:
    """Refuse a Word file whose parts unpack to far more than a report could be (a zip bomb), from the
    sizes the archive declares, before anything is unpacked (zipfile never reads past them)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            unpacked = sum(i.file_size for i in z.infolist())
    except zipfile.BadZipFile:
        return  # the docx reader says what is wrong with it
    if unpacked > UNPACKED_FACTOR * max_mb * 1024 * 1024:
        raise ReportReadError(path, f"the Word file unpacks to {unpacked / 1024 / 1024:.0f} MB, over "
                                    f"{UNPACKED_FACTOR} × the {max_mb:g} MB limit (--max-size)")


def _mostly_common_chinese(text: str) -> bool:
    """Is the Chinese of the text ordinary writing? The 3755 most common characters are GB2312's first
    level (lead bytes B0–D7); in any Chinese prose they are the great majority, while bytes of another
    encoding forced into Chinese characters spread over all of GBK."""
    han = [c for c in text[:20000] if "\u4e00" <= c <= "\u9fff"]
    if len(han) < 200:
        return True  # too little to judge
    common = 0
    for c in han:
        try:
            common += 0xB0 <= c.encode("gb2312")[0] <= 0xD7
        except UnicodeEncodeError:
            pass
    return common >= 0.35 * len(han)  # traditional-character reports share about two thirds; mojibake next to none


def sniff(data: bytes) -> str:
    """The format the bytes are in: pdf, docx, html or text."""
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                if "word/document.xml" in z.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            return "docx"  # a truncated Word file: let the docx reader say so
        return "zip"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head or b"<html" in head:
        return "html"
    return "text"


# A Word file unpacks to this many times --max-size at most (its XML is verbose, but a zip that
# expands a thousandfold is a bomb, not a report).
UNPACKED_FACTOR = 8
_CID = re.compile(r"\(cid:\d+\)")


def read_report(path, max_mb: float = DEFAULT_MAX_MB, max_chars: int = DEFAULT_MAX_CHARS) -> RawReport:
    path = Path(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            # Never opened: reading a FIFO or a device would block the build (and the store lock) forever.
            raise ReportReadError(path, "not a regular file (a FIFO, device or socket); not read")
        size = info.st_size
        if size > max_mb * 1024 * 1024:
            raise ReportReadError(path, f"file is {size / 1024 / 1024:.1f} MB, over the {max_mb:g} MB limit (--max-size)")
        data = path.read_bytes()
    except OSError as exc:
        raise ReportReadError(path, exc.strerror or str(exc)) from None
    kind = sniff(data)
    warnings = []
    expected = _SUFFIX_FORMAT.get(path.suffix.lower())
    if kind == "zip":
        raise ReportReadError(path, "a zip archive that is not a Word (.docx) file")
    if expected and expected != kind and not (expected == "text" and kind == "html"):
        warnings.append(f"content is {kind.upper()} although the name ends in {path.suffix}; read as {kind.upper()}")
    try:
        if kind == "pdf":
            text, encoding = formats.pdf_text(data), "pdf"
        elif kind == "docx":
            _check_unpacked(data, path, max_mb)
            text, encoding = formats.docx_text(data), "docx"
        else:
            text, encoding = decode(data, path)
            if kind == "html":
                text = formats.html_text(text)
    except ValueError as exc:
        raise ReportReadError(path, str(exc)) from None
    if not text.strip():
        raise ReportReadError(path, f"no text in the {kind} file")
    if len(text) > max_chars:
        raise ReportReadError(path, f"the text is {len(text):,} characters, over the {max_chars:,} limit (--max-chars)")
    if len(_CID.findall(text[:20000])) >= 20:
        raise ReportReadError(path, "the PDF's text layer is glyph codes, (cid:N), not characters (its fonts have no "
                                    "Unicode map): OCR it or give the text")
    if not _mostly_common_chinese(text):
        raise ReportReadError(path, f"decoded as {encoding}, the text is mostly rare characters: more likely another "
                                    "encoding (Shift-JIS, Big5…) read wrongly than a Chinese report; convert it to UTF-8")
    return RawReport(id=path.stem, path=path, text=text, encoding=encoding, format=kind, warnings=warnings)


def find_reports(paths) -> list[Path]:
    """Expand files and folders into report files, in a stable order. A folder's README is not a report."""
    found = []
    for p in map(Path, paths):
        if p.is_dir():
            found.extend(sorted(
                f for f in p.iterdir()
                if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES and not f.name.upper().startswith("README")
            ))
        else:
            found.append(p)
    return found
