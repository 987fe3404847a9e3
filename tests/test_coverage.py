"""`kgbuild coverage`: every number of a report and what became of it, as a table and as a page
checked in headless Chromium."""

import csv
import io
import re

from browser import chromium, requested_urls, require_browser
from test_cli import kgbuild

from conftest import REPORTS
from kgbuild import coverage as cov
from kgbuild.build import process_report
from kgbuild.rules import default_rules

YUFENG = REPORTS / "yufeng-2021.txt"


def _fates():
    report = process_report(YUFENG)
    return report, cov.coverage(report.id, report.text, report.figures, default_rules().lexicon)


def test_every_arabic_number_has_a_fate_and_every_figure_is_one_of_them():
    report, c = _fates()
    marked = [(f.start, f.end) for f in c.fates]
    for m in re.finditer(r"\d+", report.text):
        assert any(a <= m.start() < b for a, b in marked), report.text[m.start() - 10:m.end() + 10]
    figures = {(f.start, f.end) for f in report.figures}
    assert figures <= set(marked)
    # one mark per number, classified when any figure stated by it is (a rate given for several rates)
    assert c.count(cov.CLASSIFIED) == len({(f.start, f.end) for f in report.figures if f.metric != "unclassified"})


def test_numbers_that_are_not_figures_say_why():
    _, c = _fates()
    reasons = {f.text: f.detail for f in c.fates if f.status == cov.IGNORED}
    assert reasons["2021年"] == "a year: a date, not a figure"
    assert reasons["十九届"].startswith("a session ordinal")
    assert "hotline" in reasons["12315"]
    assert all(f.detail for f in c.fates)


def test_coverage_table_and_summary_from_files_and_from_a_store(tmp_path):
    done = kgbuild("coverage", str(YUFENG), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert done.returncode == 0 and {r["status"] for r in rows} == {"classified", "unclassified", "ignored"}
    store = tmp_path / "store"
    assert kgbuild("build", str(YUFENG), "--store", str(store), "--no-validate").returncode == 0
    stored = kgbuild("coverage", "--store", str(store), "--summary", "--format", "csv")
    from_files = kgbuild("coverage", str(YUFENG), "--summary", "--format", "csv")
    assert stored.returncode == 0 and stored.stdout == from_files.stdout
    missing = kgbuild("coverage", "--store", str(store), "--report", "nosuch")
    assert missing.returncode == 2 and "no report 'nosuch'" in missing.stderr


def test_the_coverage_page_marks_every_number_offline(tmp_path):
    require_browser()
    page = tmp_path / "cov.html"
    done = kgbuild("coverage", str(YUFENG), "-o", str(page))
    assert done.returncode == 0, done.stderr
    _, c = _fates()
    driver = chromium(tmp_path)
    try:
        driver.get(page.as_uri())
        marks = driver.find_elements("css selector", "mark")
        by_class = {k: sum(m.get_attribute("class") == k for m in marks) for k in ("classified", "unclassified", "ignored")}
        assert by_class == {k: c.count(k) for k in by_class}
        first = next(m for m in marks if m.get_attribute("class") == "classified")
        assert first.get_attribute("title").startswith("classified: ")
        assert f"{len(c.fates)} numbers" in driver.find_element("css selector", ".summary").text
        driver.save_screenshot(str(tmp_path / "cov.png"))  # looked at for the closing note
        urls = [u for u in requested_urls(driver) if not u.startswith(("chrome:", "chrome-", "devtools:"))]
        assert urls and all(u.startswith(("file:", "data:")) for u in urls), urls
    finally:
        driver.quit()
