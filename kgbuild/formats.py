"""Text out of the document formats reports arrive in: web pages, Word files and PDFs.

Each returns plain text with one paragraph per line, so every format goes through the same
normalizer. Each raises ValueError with a short reason a user can act on.
"""

import io
import re
import zipfile


def html_text(html: str) -> str:
    """The article body of a web page (not its menus, breadcrumbs and footer), via trafilatura."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True, deduplicate=False)
    if not text or not text.strip():
        raise ValueError("no article text found in the web page")
    return text


def docx_text(data: bytes) -> str:
    """Paragraphs and table rows of a .docx, in document order, via python-docx."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ValueError(f"not a readable .docx (truncated or corrupt: {exc})") from None
    lines = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, document).text)
        elif tag == "tbl":
            for row in Table(block, document).rows:
                lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def pdf_text(data: bytes) -> str:
    """The text layer of a PDF, via pdfminer.six, one paragraph per line. In a PDF a line break is
    layout: lines are joined unless the line stops short of the right margin (a paragraph's last
    line) or the next line is indented (a paragraph's first line)."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextContainer, LTTextLine
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    paragraphs: list[str] = []
    try:
        for page in extract_pages(io.BytesIO(data)):
            for box in page:
                if isinstance(box, LTTextContainer):
                    lines = [line for line in box if isinstance(line, LTTextLine) and line.get_text().strip()]
                    paragraphs.extend(_paragraphs(lines))
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AssertionError) as exc:
        raise ValueError(f"not a readable PDF (truncated or corrupt: {exc.__class__.__name__})") from None
    text = "\n".join(p for p in paragraphs if p)
    if not re.search(r"\w", text):
        raise ValueError("PDF has no text layer (a scanned image?); OCR is not supported")
    return text


def _paragraphs(lines) -> list[str]:
    if not lines:
        return []
    right = max(line.x1 for line in lines)
    left = min(line.x0 for line in lines)
    out, current = [], ""
    for line in lines:
        em = line.height or 10
        text = line.get_text().strip()
        if current and line.x0 > left + em:
            out.append(current)  # an indented first line starts a paragraph
            current = ""
        current = _join(current, text)
        if line.x1 < right - 1.5 * em:
            out.append(current)  # a line that stops short ends its paragraph
            current = ""
    if current:
        out.append(current)
    return out


def _join(text: str, line: str) -> str:
    # Chinese lines join directly; a space is kept only between two Latin words.
    if text and text[-1].isascii() and text[-1].isalpha() and line[0].isascii() and line[0].isalpha():
        return text + " " + line
    return text + line
