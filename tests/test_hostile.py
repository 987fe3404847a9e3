"""Hostile and broken inputs (issue 15): each gives its one-line error or its correct build, and the
store is unchanged where it should be."""

import os
import socket
import threading
import time

import pytest
from inputs import write_cid_pdf, write_docx_bomb
from test_cli import kgbuild

from conftest import REPORTS


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "store"
    assert kgbuild("build", str(REPORTS / "dawukou-2021.txt"), "--store", str(path), "--no-validate").returncode == 0
    return path


class Listener:
    """A loopback TCP listener that counts the connections it receives."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while self.running:
            try:
                conn, _ = self.sock.accept()
                self.connections += 1
                conn.close()
            except OSError:
                continue

    def close(self):
        self.running = False
        self.thread.join()
        self.sock.close()


@pytest.mark.parametrize("service", ["SERVICE", "service silent"])
def test_a_service_query_is_refused_and_connects_nowhere(store, tmp_path, service):
    listener = Listener()
    try:
        url = f"http://127.0.0.1:{listener.port}/sparql"
        select = f"SELECT * WHERE {{ {service} <{url}> {{ ?s ?p ?o }} }}"
        done = kgbuild("sparql", select, "--store", str(store))
        assert done.returncode == 1 and "SERVICE (a federated query) is refused" in done.stderr
        assert done.stderr.count("\n") == 1  # one line, no traceback
        construct = tmp_path / "q.rq"
        construct.write_text(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {service} <{url}> {{ ?s ?p ?o }} }}", encoding="utf-8")
        viz = kgbuild("viz", "graph", "--construct", str(construct), "-o", str(tmp_path / "g.graphml"), "--store", str(store))
        assert viz.returncode == 1 and f"{construct}: SERVICE" in viz.stderr
    finally:
        listener.close()
    assert listener.connections == 0


def test_service_in_a_string_iri_or_variable_is_not_a_service_call(store):
    done = kgbuild("sparql", 'SELECT ?service WHERE { ?service <http://e/SERVICE> "SERVICE" } # SERVICE', "--store", str(store))
    assert done.returncode == 0, done.stderr


def _build(tmp_path, *paths, store=None):
    store = store or tmp_path / "store"
    return kgbuild("build", *map(str, paths), "--store", str(store), "--no-validate"), store


def test_a_fifo_given_explicitly_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    done, _ = _build(tmp_path, fifo, REPORTS / "dawukou-2021.txt")
    assert done.returncode == 3
    assert f"failed: {fifo}: not a regular file (a FIFO, device or socket); not read" in done.stderr
    assert "1 reports built, 1 failed" in done.stdout


def test_a_docx_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    bomb = tmp_path / "bomb.docx"
    write_docx_bomb(bomb, unpacked_mb=300)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    started = time.perf_counter()
    done, _ = _build(tmp_path, bomb)
    assert done.returncode == 3 and "the Word file unpacks to 300 MB, over 8 × the 20 MB limit" in done.stderr
    assert time.perf_counter() - started < 30


def test_a_pdf_of_glyph_codes_is_not_loaded_even_with_a_manifest(tmp_path):
    pdf = tmp_path / "scan.pdf"
    write_cid_pdf(pdf)
    (tmp_path / "manifest.tsv").write_text("file\tjurisdiction\tyear\nscan.pdf\t鱼峰区\t2021\n", encoding="utf-8")
    done, store = _build(tmp_path, tmp_path)
    assert done.returncode == 3 and "text layer is glyph codes, (cid:N)" in done.stderr
    assert not any(store.iterdir()) or "0 reports built" in done.stdout


def test_text_in_another_encoding_is_refused_not_loaded_as_mojibake(tmp_path):
    text = "行政不服審査法に基づく審査請求の件数は、令和五年度において合計で百二十件であり、前年度と比べて増加した。" * 12
    sjis = tmp_path / "report.txt"
    sjis.write_bytes(text.encode("shift_jis"))
    (tmp_path / "manifest.tsv").write_text("file\tjurisdiction\tyear\nreport.txt\t鱼峰区\t2021\n", encoding="utf-8")
    done, _ = _build(tmp_path, tmp_path)
    assert done.returncode == 3 and "the text is mostly rare characters" in done.stderr
    assert "0 reports built, 1 failed" in done.stdout


@pytest.mark.parametrize("first, second", [("淇阳县", "琪阳县"), ("甲 乙}镇", '甲"乙镇')])
def test_unresolved_places_with_the_same_pinyin_stay_apart_and_odd_names_load(tmp_path, first, second):
    folder = tmp_path / "in"
    folder.mkdir()
    body = "2023年，{0}坚持依法行政。全年收到行政复议申请{1}件。\n"
    (folder / "a.txt").write_text(f"{first}2023年法治政府建设情况报告\n" + body.format(first, 5), encoding="utf-8")
    (folder / "b.txt").write_text(f"{second}2023年法治政府建设情况报告\n" + body.format(second, 7), encoding="utf-8")
    manifest = f"file\tjurisdiction\tyear\na.txt\t{first}\t2023\nb.txt\t{second}\t2023\n"
    (folder / "manifest.tsv").write_text(manifest, encoding="utf-8")
    done, store = _build(tmp_path, folder)
    assert done.returncode == 0, done.stderr
    rows = kgbuild("sparql", "SELECT DISTINCT ?j WHERE { ?o a kgb:Observation ; kgb:jurisdiction ?j }", "--store",
                   str(store), "--format", "csv").stdout.split()[1:]
    assert len(rows) == 2, rows


def test_a_file_of_the_same_name_from_another_folder_says_what_it_replaces(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    for folder, n in ((one, 5), (two, 7)):
        folder.mkdir()
        (folder / "report.txt").write_text(f"青禾镇人民政府2023年度法治政府建设情况的报告\n2023年，我镇受理行政复议申请{n}件。\n",
                                           encoding="utf-8")
    first, store = _build(tmp_path, one)
    assert first.returncode == 0 and "replaces" not in first.stderr
    again, _ = _build(tmp_path, one, store=store)
    assert "replaces" not in again.stderr  # re-ingest of the same file replaces quietly
    other, _ = _build(tmp_path, two, store=store)
    assert other.returncode == 0
    assert f"warning: report.txt: replaces report 'report' built earlier from {one / 'report.txt'}" in other.stderr
    reports = kgbuild("export", "reports", "--store", str(store), "--format", "csv").stdout
    assert "replaces report" in reports  # the warning stays with the report in the graph


@pytest.mark.parametrize("command", [
    ["viz", "graph", "--report", "dawukou-2021", "-o"],
    ["viz", "chart", "--metric", "litigation.cases", "-o"],
    ["export", "observations", "-o"],
    ["coverage", "--report", "dawukou-2021", "-o"],
])
def test_an_output_in_a_missing_folder_is_a_usage_error_before_any_work(store, tmp_path, command):
    target = tmp_path / "no-such-folder" / "out.html"
    done = kgbuild(*command, str(target), "--store", str(store))
    assert done.returncode == 2 and f"folder {target.parent} does not exist" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_full_device_is_a_one_line_error(store):
    done = kgbuild("export", "observations", "-o", "/dev/full", "--store", str(store))
    assert done.returncode == 1 and done.stderr == "Error: /dev/full: cannot write: No space left on device\n"


@pytest.mark.parametrize("option, value, message", [
    ("--metric", "x y", "unknown metric 'x y'"),
    ("--program", "a b}", "--program 'a b}': a programme's local name"),
])
def test_a_bad_seed_for_a_picture_is_named(store, tmp_path, option, value, message):
    done = kgbuild("viz", "graph", option, value, "-o", str(tmp_path / "g.html"), "--store", str(store))
    assert done.returncode == 1 and message in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "g.html").exists()


def test_a_damaged_store_is_a_one_line_error_for_every_command(store, tmp_path):
    import shutil

    damaged = tmp_path / "damaged"
    shutil.copytree(store, damaged)
    (damaged / "CURRENT").write_text("garbage\n")
    for args in (["stats"], ["export", "reports"], ["build", str(REPORTS / "dawukou-2021.txt"), "-q"]):
        done = kgbuild(*args, "--store", str(damaged))
        assert done.returncode == 1, args
        assert done.stderr.startswith(f"Error: {damaged}: not a readable kgbuild store (Corruption") and \
            done.stderr.count("\n") == 1, done.stderr


def test_a_query_whose_comments_mention_update_words_still_runs(store, tmp_path):
    query = tmp_path / "q.rq"
    query.write_text("# join with the reports, then add them up; copy the result\n"
                     "SELECT (COUNT(*) AS ?n) WHERE { ?r a kgb:Report }\n", encoding="utf-8")
    done = kgbuild("sparql", str(query), "--store", str(store), "--format", "csv")
    assert done.returncode == 0 and done.stdout.splitlines()[1] == "1", done.stderr


def _measured(*args):
    """Run the CLI and return (returncode, stdout, stderr, peak RSS in MB, seconds): the child's own
    resource use from wait4, not that of every process this test session started."""
    import subprocess
    import tempfile

    from test_cli import KGBUILD

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(KGBUILD + list(args), stdout=out, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        return child.returncode, out.read().decode(), err.read().decode(), usage.ru_maxrss / 1024, seconds


HEADER = "大武口区2021年法治政府建设情况报告\n2021年，大武口区坚持依法行政。"


def _figures(count: int) -> str:
    return HEADER + "".join(f"全年收到行政复议申请{i}件。" for i in range(count)) + "\n"


@pytest.mark.parametrize("name, text, message", [
    ("one-line.txt", lambda: HEADER + (REPORTS / "dawukou-2021.txt").read_text(encoding="utf-8").replace("\n", "") * 520,
     "characters, over the 200,000 limit (--max-chars)"),
    ("figures.txt", lambda: _figures(100_000), "over the 200,000 limit (--max-chars)"),
    ("dense.txt", lambda: _figures(5_000), "5,000 figures, over the 2,000 limit (--max-figures); not loaded"),
])
def test_a_report_past_a_limit_fails_alone_quickly_in_bounded_memory(store, tmp_path, name, text, message):
    report = tmp_path / name
    report.write_text(text(), encoding="utf-8")
    before = kgbuild("export", "reports", "--store", str(store), "--format", "csv").stdout
    code, out, err, peak, seconds = _measured("build", str(report), str(REPORTS / "dawukou-2021.txt"),
                                              "--store", str(store), "-q")
    assert code == 3 and f"failed: {report}: " in err and message in err, err
    assert "1 reports built, 1 failed" in out
    assert peak < 1024 and seconds < 60, (peak, seconds)
    assert kgbuild("export", "reports", "--store", str(store), "--format", "csv").stdout == before


def test_a_report_at_the_figure_limit_builds_and_rebuilds_in_under_a_gigabyte(tmp_path):
    report = tmp_path / "dense.txt"
    report.write_text(_figures(1_999), encoding="utf-8")
    for _ in range(2):  # the first build adds the graph, the second replaces it
        code, out, err, peak, seconds = _measured("build", str(report), "--store", str(tmp_path / "store"), "-q")
        assert code == 0, err
        assert "1 reports built, 0 failed; 1999 observations" in out and "0 SHACL violations" in out
        assert peak < 1024, peak
    count = kgbuild("sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?o a kgb:Observation }", "--store",
                    str(tmp_path / "store"), "--format", "csv").stdout.split()
    assert count == ["n", "1999"]  # replaced, never duplicated


def test_the_limits_can_be_raised(tmp_path):
    report = tmp_path / "dense.txt"
    report.write_text(_figures(30), encoding="utf-8")
    low, _ = _build(tmp_path, report, "--max-figures", "20")
    assert low.returncode == 3 and "30 figures, over the 20 limit (--max-figures)" in low.stderr
    short, _ = _build(tmp_path, report, "--max-chars", "100")
    assert short.returncode == 3 and "over the 100 limit (--max-chars)" in short.stderr
    done, _ = _build(tmp_path, report, "--max-figures", "30")
    assert done.returncode == 0 and "30 observations" in done.stdout


CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.mark.parametrize("command", [["sparql", CROSS_PRODUCT], ["query", "run", "report-texts"]])
def test_a_query_past_its_time_limit_is_stopped_with_exit_5(store, command):
    started = time.perf_counter()
    limit = "2" if command[0] == "sparql" else "0.01"  # report-texts is quick: only a tiny limit stops it
    done = kgbuild(*command, "--store", str(store), "--timeout", limit)
    assert done.returncode == 5, done.stderr
    assert done.stderr == f"Error: the query was stopped after {limit} s (--timeout); no partial result is given\n"
    assert done.stdout == "" and time.perf_counter() - started < 15


def test_ctrl_c_stops_a_running_query_at_once(store):
    import signal
    import subprocess

    from test_cli import KGBUILD

    child = subprocess.Popen(KGBUILD + ["sparql", CROSS_PRODUCT, "--store", str(store), "--timeout", "0"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(3)  # the command started and its query is running (no limit: only Ctrl-C ends it)
    assert child.poll() is None
    sent = time.perf_counter()
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=10)
    assert time.perf_counter() - sent < 2
    assert child.returncode == 130 and err == "Error: interrupted: the query was stopped\n" and out == ""
    assert kgbuild("sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?r a kgb:Report }", "--store", str(store),
                   "--format", "csv").stdout.split() == ["n", "1"]
