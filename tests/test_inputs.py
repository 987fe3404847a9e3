"""Real-world inputs: formats, encodings, bad files, strict builds, crashes and concurrent use.

Every nasty input is generated here from the bundled reports, not checked in."""

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from inputs import write_docx, write_html, write_pdf, write_scanned_pdf

from conftest import REPORTS
from kgbuild.build import build
from kgbuild.export import observations
from kgbuild.read import read_report
from kgbuild.store import OxigraphStore

KGBUILD = str(Path(sys.executable).with_name("kgbuild"))
COMPARED = ("metric", "year", "value", "unit", "measure", "approximate", "body", "quote")


def text_of(name):
    return (REPORTS / f"{name}.txt").read_text(encoding="utf-8")


def facts(store, report):
    columns, rows = observations(store)
    rows = [dict(zip(columns, row, strict=True)) for row in rows]
    return [tuple(r[c] for c in COMPARED) for r in rows if r["report"] == report]


def report_ids(store):
    return [g.rsplit("/", 1)[-1] for g in store.report_graphs()]


@pytest.fixture(scope="module")
def utf8_store(tmp_path_factory):
    store = OxigraphStore(tmp_path_factory.mktemp("utf8") / "store")
    build([REPORTS], store, validate=False)
    return store


@pytest.fixture(scope="module")
def mixed_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mixed")
    (folder / "chengzhong-2021.txt").write_bytes(text_of("chengzhong-2021").encode("gbk"))
    (folder / "yufeng-2021.txt").write_bytes(text_of("yufeng-2021").encode("gb18030"))
    write_docx(text_of("pingan-2021"), folder / "pingan-2021.docx")
    write_html(text_of("yufeng-2023"), folder / "yufeng-2023.html", encoding="gbk")
    write_pdf(text_of("dawukou-2021"), folder / "dawukou-2021.pdf")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "noise.txt").write_bytes(random.Random(3).randbytes(5000))
    return folder


def test_a_folder_of_mixed_formats_and_bad_files_builds_the_good_reports(mixed_folder, tmp_path, utf8_store):
    store_path = tmp_path / "store"
    done = subprocess.run([KGBUILD, "build", str(mixed_folder), "--store", str(store_path), "-q"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 3, done.stdout + done.stderr
    failed = [line for line in done.stderr.splitlines() if line.startswith("failed:")]
    assert len(failed) == 2
    assert any("empty.txt: file is empty" in line for line in failed)
    assert any("noise.txt" in line for line in failed)
    store = OxigraphStore(store_path, read_only=True)
    assert sorted(report_ids(store)) == sorted(p.stem for p in REPORTS.glob("*.txt"))
    for report in report_ids(store):
        assert facts(store, report) == facts(utf8_store, report), report


def test_a_web_page_keeps_its_article_and_drops_menus_and_footer(mixed_folder):
    text = read_report(mixed_folder / "yufeng-2023.html").text
    assert "法律明白人" in text
    assert "栏目3" not in text and "版权所有" not in text and "分享到" not in text


@pytest.mark.parametrize("name, make, reason", [
    ("truncated.docx", lambda p: (write_docx(text_of("pingan-2021"), p), p.write_bytes(p.read_bytes()[:3000])),
     "not a readable .docx"),
    ("truncated.pdf", lambda p: (write_pdf(text_of("pingan-2021"), p), p.write_bytes(p.read_bytes()[:2000])),
     "PDF"),
    ("scan.pdf", write_scanned_pdf, "PDF has no text layer"),
    ("huge.txt", lambda p: p.write_bytes(text_of("pingan-2021").encode() * 7000), "over the 20 MB limit"),
    ("utf16-no-bom.txt", lambda p: p.write_bytes(("Report of the year " * 300).encode("utf-16-le")), "NUL bytes"),
    ("cp1252.txt", lambda p: p.write_bytes(("Budget \u20ac100 – “final” " * 200).encode("cp1252")),
     "cannot determine the text encoding"),
    ("archive.docx", lambda p: shutil.make_archive(str(p.with_suffix("")), "zip", REPORTS) and
     Path(str(p.with_suffix("")) + ".zip").rename(p), "zip archive that is not a Word"),
])
def test_a_bad_file_is_refused_with_its_name_and_reason(tmp_path, name, make, reason):
    path = tmp_path / name
    make(path)
    from kgbuild.errors import ReportReadError

    with pytest.raises(ReportReadError) as caught:
        read_report(path)
    assert name in str(caught.value) and reason in str(caught.value)


def test_content_decides_the_format_and_a_wrong_extension_is_a_warning(tmp_path):
    path = tmp_path / "dawukou-2021.txt"
    write_pdf(text_of("dawukou-2021"), path)
    raw = read_report(path)
    assert raw.format == "pdf"
    assert raw.warnings == ["content is PDF although the name ends in .txt; read as PDF"]


def test_a_report_without_jurisdiction_or_year_fails_but_one_missing_only_warns(tmp_path):
    (tmp_path / "nothing.txt").write_text("我们开展了普法宣传活动，发放资料一批。", encoding="utf-8")
    (tmp_path / "noplace.txt").write_text("2022年，我区收到行政复议申请5件。现将2022年法治政府建设情况报告如下。",
                                          encoding="utf-8")
    result = build([tmp_path], OxigraphStore(tmp_path / "store"), validate=False)
    assert [f.reason.split(": ", 1)[1] for f in result.failures] == [
        "neither jurisdiction nor year found in the text; give them in a manifest"
    ]
    assert [r.id for r in result.reports] == ["noplace"]
    assert "jurisdiction not found in the text" in result.reports[0].warnings


def test_the_same_report_twice_in_one_batch_loads_once(tmp_path):
    shutil.copy(REPORTS / "pingan-2021.txt", tmp_path / "pingan-2021.txt")
    write_docx(text_of("pingan-2021"), tmp_path / "pingan-2021.docx")
    result = build([tmp_path], OxigraphStore(tmp_path / "store"), validate=False)
    assert [r.id for r in result.reports] == ["pingan-2021"]
    assert len(result.failures) == 1 and "same report id 'pingan-2021'" in result.failures[0].reason


def test_a_malformed_manifest_line_fails_alone(tmp_path):
    shutil.copy(REPORTS / "pingan-2021.txt", tmp_path)
    (tmp_path / "manifest.tsv").write_text("file\tjurisdiction\tyear\npingan-2021.txt\t平安镇\t2021\nx.txt\t某县\t21\n",
                                           encoding="utf-8")
    result = build([tmp_path], OxigraphStore(tmp_path / "store"), validate=False)
    assert [f.reason for f in result.failures] == [f"{tmp_path / 'manifest.tsv'}:3: year must be a four-digit year, got '21'"]
    assert [r.id for r in result.reports] == ["pingan-2021"]


def _without_read_override(command):
    """Run as a user that file permissions apply to: as root, drop the capabilities that ignore them."""
    if os.geteuid() != 0:
        return command
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.fail("running as root needs setpriv (util-linux) to test unreadable files")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search", *command]


def test_an_unreadable_file_is_named_with_the_reason(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(REPORTS / "pingan-2021.txt", folder)
    secret = folder / "secret-2021.txt"
    shutil.copy(REPORTS / "dawukou-2021.txt", secret)
    secret.chmod(0o000)
    command = _without_read_override([KGBUILD, "build", str(folder), "--store", str(tmp_path / "store"), "-q"])
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 3, done.stderr
    assert f"failed: {secret}: Permission denied" in done.stderr
    assert "1 reports built, 1 failed" in done.stdout


def test_nothing_already_in_the_store_is_lost_by_bad_inputs(tmp_path, mixed_folder):
    store = OxigraphStore(tmp_path / "store")
    build([REPORTS], store, validate=False)
    before = {r: facts(store, r) for r in report_ids(store)}
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    shutil.copy(mixed_folder / "noise.txt", bad)
    (bad / "pingan-2021.docx").write_bytes(b"PK\x03\x04 truncated")
    build([bad], store, validate=False)
    assert {r: facts(store, r) for r in report_ids(store)} == before


def test_strict_stops_before_touching_the_store(tmp_path, mixed_folder):
    store_path = tmp_path / "store"
    store = OxigraphStore(store_path)
    build([REPORTS / "pingan-2021.txt"], store, validate=False)
    quads_before = store.quad_count()
    store.close()
    done = subprocess.run([KGBUILD, "build", str(mixed_folder), "--store", str(store_path), "--strict", "-q"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 3
    assert len([line for line in done.stderr.splitlines() if line.startswith("failed:")]) == 1
    store = OxigraphStore(store_path, read_only=True)
    assert store.quad_count() == quads_before
    assert report_ids(store) == ["pingan-2021"]


def _big_folder(folder: Path, copies: int) -> None:
    folder.mkdir()
    for i in range(copies):
        for report in REPORTS.glob("*.txt"):
            shutil.copy(report, folder / f"{report.stem}-{i:03d}.txt")


def test_a_build_killed_midway_leaves_every_loaded_report_whole(tmp_path):
    folder = tmp_path / "big"
    _big_folder(folder, 40)
    store_path = tmp_path / "store"
    build_process = subprocess.Popen([KGBUILD, "build", str(folder), "--store", str(store_path), "-q", "--no-validate"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 120
        loaded = 0
        while time.time() < deadline and loaded < 20:
            time.sleep(0.2)
            if store_path.exists():
                try:
                    loaded = len(OxigraphStore(store_path, read_only=True).report_graphs())
                except Exception:
                    loaded = 0
        assert build_process.poll() is None, "the build finished before it could be killed"
        build_process.send_signal(signal.SIGKILL)
        build_process.wait()
    finally:
        if build_process.poll() is None:
            build_process.kill()
    store = OxigraphStore(store_path)
    graphs = report_ids(store)
    assert 20 <= len(graphs) < 200
    expected = {}
    reference = OxigraphStore(tmp_path / "reference")
    build([REPORTS], reference, validate=False)
    for report in report_ids(reference):
        expected[report] = len(facts(reference, report))
    counts = {}
    query = "SELECT ?id (COUNT(?o) AS ?n) WHERE { ?o a kgb:Observation ; kgb:sourceReport/dcterms:identifier ?id } GROUP BY ?id"
    for row in store.query(query):
        counts[row["id"].value] = int(row["n"].value)
    for graph in graphs:
        assert counts.get(graph) == expected[graph.rsplit("-", 1)[0]], graph


def test_the_store_can_be_queried_while_a_build_writes_it_and_a_second_writer_is_told_it_is_busy(tmp_path):
    folder = tmp_path / "big"
    _big_folder(folder, 20)
    store_path = tmp_path / "store"
    build([REPORTS / "pingan-2021.txt"], OxigraphStore(store_path), validate=False)
    writer = subprocess.Popen([KGBUILD, "build", str(folder), "--store", str(store_path), "-q", "--no-validate"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1.5)
        assert writer.poll() is None
        reader = subprocess.run([KGBUILD, "stats", "--store", str(store_path), "--format", "csv"],
                                capture_output=True, text=True, timeout=60)
        assert reader.returncode == 0, reader.stderr
        assert "pingan-2021" in reader.stdout
        second = subprocess.run([KGBUILD, "build", str(REPORTS / "pingan-2021.txt"), "--store", str(store_path), "-q"],
                                capture_output=True, text=True, timeout=60)
        assert second.returncode == 1
        assert "store busy" in second.stderr
    finally:
        writer.kill()
        writer.wait()
