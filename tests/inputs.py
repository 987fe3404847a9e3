"""Generators of real-world inputs for the tests: the bundled reports as .docx, .html and .pdf."""

import html

from docx import Document
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.splitlines() if p.strip()]


def write_docx(text: str, path) -> None:
    document = Document()
    for p in paragraphs(text):
        document.add_paragraph(p)
    document.save(str(path))


def write_html(text: str, path, encoding="utf-8") -> None:
    """A government web page: menus, breadcrumb, share widget and footer around the article."""
    menu = "".join(f'<li><a href="/c{i}">栏目{i}</a></li>' for i in range(12))
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs(text))
    page = f"""<!DOCTYPE html><html><head><meta charset="{encoding}"><title>法治政府建设情况的报告</title></head>
<body><div class="header"><ul class="nav">{menu}</ul></div>
<div class="crumb">首页 &gt; 政务公开 &gt; 法治政府建设</div>
<div class="share">分享到：微信 微博 【字号：大 中 小】【打印】【关闭】</div>
<div class="article"><h1>法治政府建设情况的报告</h1><div class="content">{body}</div></div>
<div class="footer"><p>主办单位：人民政府办公室 版权所有 备案号：桂ICP备12345678号</p>
<p>网站标识码：4502030001 联系电话：0772-1234567</p></div></body></html>"""
    path.write_bytes(page.encode(encoding))


def write_pdf(text: str, path) -> None:
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=11, leading=16, wordWrap="CJK")
    document = SimpleDocTemplate(str(path), pagesize=A4)
    document.build([Paragraph(html.escape(p), style) for p in paragraphs(text)])


def write_scanned_pdf(path) -> None:
    """A PDF with only drawings, as a scan without a text layer looks to a text extractor."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    for i in range(40):
        c.rect(50 + i * 10, 400, 8, 8 + i, fill=1)
    c.showPage()
    c.save()


def write_cid_pdf(path, n=40) -> None:
    """A PDF whose text layer has glyphs with no Unicode meaning (a Type3 font, glyph names g1…)."""
    content = b"BT /F1 12 Tf 10 700 Td <" + b"01" * n + b"> Tj ET"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix [0.001 0 0 0.001 0 0] "
        b"/CharProcs << /g1 6 0 R >> /Encoding << /Type /Encoding /Differences [1 /g1] >> /FirstChar 1 /LastChar 1 "
        b"/Widths [1000] >>",
        b"<< /Length 8 >>\nstream\n1000 0 d0\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, o in enumerate(objs, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + o + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))


def write_docx_bomb(path, unpacked_mb: int) -> None:
    """A Word file whose document.xml expands to `unpacked_mb` MB of one repeated byte."""
    import zipfile

    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with z.open("word/document.xml", "w") as f:
            chunk = b" " * (1024 * 1024)
            for _ in range(unpacked_mb):
                f.write(chunk)
