"""An expert's own rules: `kgbuild lexicon copy`, `lexicon check`, and `--lexicon` in build, eval and
coverage, run as a user would."""

import csv
import io
import json
import os

from test_cli import kgbuild

from conftest import ROOT

DEV_B = ROOT / "tests" / "realworld" / "dev" / "b"
XINGGUO = DEV_B / "reports" / "205_xingguo_2022.txt"
# The phrasing an expert adds: files under review called 卷宗材料, counted in 起.
PHRASING_REPORT = "兴国县2023年法治政府建设情况报告\n2023年，兴国县开展行政执法案卷评查2次，复核卷宗材料248起。\n"
NEW_RULE = '\n[[rule]]\nmetric = "caseReview.files"\nbefore = "复核卷宗材料"\nunits = ["起", "件"]\n'


def test_the_packaged_rules_check_clean():
    done = kgbuild("lexicon", "check", "--corpus", str(ROOT / "data" / "reports"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 errors" in done.stderr and "run over 5 reports" in done.stderr


def test_check_names_file_and_line_of_each_error(tmp_path):
    folder = tmp_path / "lex"
    assert kgbuild("lexicon", "copy", str(folder)).returncode == 0
    again = kgbuild("lexicon", "copy", str(folder))
    assert again.returncode == 1 and "already exists; not overwritten" in again.stderr
    lexicon = folder / "lexicon.toml"
    lines = lexicon.read_text(encoding="utf-8").count("\n")
    n = lexicon.read_text(encoding="utf-8").count("[[rule]]") + 1  # the first appended rule's number
    with lexicon.open("a", encoding="utf-8") as f:
        f.write('\n[[rule]]\nmetric = "litigation.nosuch"\nbefore = "诉讼"\nunits = ["斤"]\n')
        f.write('\n[[rule]]\nmetric = "litigation.lost"\nbefore = "审查案件"\nunits = ["起"]\n')
        f.write('\n[[rule]]\nmetric = "caseReview.files"\nbefore = "审查案件"\nunits = ["起"]\n')
    done = kgbuild("lexicon", "check", "--lexicon", str(folder), "--corpus", str(XINGGUO))
    assert done.returncode == 1
    out = done.stdout.splitlines()
    first = lines + 2  # the new [[rule]] header's line
    assert f"{lexicon}:{first}: error: rule #{n}: unknown metric code 'litigation.nosuch' " \
           "(not in metrics-v1.tsv or metrics-v2.tsv)" in out
    assert f"{lexicon}:{first}: error: rule #{n}: unit '斤' is not in [quantity] units, so no number carries it" in out
    same_cue = f": error: rule #{n + 2}: the same cue as rule #{n + 1} maps one text to caseReview.files and litigation.lost"
    assert same_cue in done.stdout
    assert any("match the same words equally well" in o and "审查案件248起" in o for o in out)


def test_a_broken_file_is_one_error_with_its_name(tmp_path):
    folder = tmp_path / "lex"
    folder.mkdir()
    (folder / "concepts.toml").write_text("[[concept]\nmetric = 1\n", encoding="utf-8")
    for args in (["lexicon", "check", "--lexicon", str(folder)], ["build", "--lexicon", str(folder), "--store",
                                                                  str(tmp_path / "s"), str(XINGGUO)]):
        done = kgbuild(*args)
        assert done.returncode == 1 and str(folder / "concepts.toml") in done.stdout + done.stderr
    assert not (tmp_path / "s").exists()  # a broken lexicon changes no store


def test_adding_one_phrasing_classifies_a_figure_and_eval_shows_the_recall_change(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    report = reports / "sample_2023.txt"
    report.write_text(PHRASING_REPORT, encoding="utf-8")
    gold = tmp_path / "figures.tsv"
    gold.write_text("report\tjurisdiction\tyear\tcode\tdescription\tvalue\tunit\tapproximate\tcue\n"
                    "sample_2023\t兴国县\t2023\tcaseReview.files\t\t248\t起\tfalse\t复核卷宗材料248起\n", encoding="utf-8")

    def scores(*extra, env=None):
        done = kgbuild("eval", "--gold", str(gold), str(reports), "--format", "json", *extra, env=env)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    before = scores()
    assert any(f["kind"] == "missed" and "复核卷宗材料248起" in f["sentence"] for f in before["facts"])
    folder = tmp_path / "lex"
    kgbuild("lexicon", "copy", str(folder))
    with (folder / "lexicon.toml").open("a", encoding="utf-8") as f:
        f.write(NEW_RULE)
    after = scores("--lexicon", str(folder))
    assert after["summary"]["found"] == before["summary"]["found"] + 1
    assert after["summary"]["recall"] > before["summary"]["recall"]
    assert not any(f["kind"] == "missed" and "复核卷宗材料248起" in f["sentence"] for f in after["facts"])
    env = dict(os.environ, KGBUILD_LEXICON=str(folder))  # the environment variable does the same
    assert scores(env=env)["summary"] == after["summary"]

    def fate(*extra):
        done = kgbuild("coverage", str(report), "--format", "csv", *extra)
        return next(r for r in csv.DictReader(io.StringIO(done.stdout)) if r["number"] == "248起")

    assert fate()["status"] == "unclassified"
    assert fate("--lexicon", str(folder)) == {**fate(), "status": "classified", "detail": "caseReview.files"}
