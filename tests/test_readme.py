"""The README's two commands are the ones users and CI actually run."""

import re

from conftest import ROOT


def _commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```bash\n(python3 -m venv[^\n]*)\n```", readme)


def test_readme_opens_with_exactly_two_commands():
    assert len(_commands()) == 2


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _commands()[1] in ci.splitlines()


def test_readme_documents_every_cli_command():
    from click.testing import CliRunner

    from kgbuild.cli import main

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():
        subcommands = getattr(command, "commands", None)
        for full in ([f"{name} {s}" for s in subcommands] if subcommands else [name]):
            assert f"kgbuild {full}" in readme, full
    assert CliRunner().invoke(main, ["--help"]).exit_code == 0


def test_readme_query_table_is_generated_from_the_query_headers():
    from kgbuild.docs import BEGIN, END, queries_table

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.split(BEGIN)[1].split(END)[0].strip() == queries_table()


def test_the_python_example_in_the_readme_runs(capsys, monkeypatch):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Using kgbuild from Python")[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    monkeypatch.chdir(ROOT)
    exec(compile(code, "README.md", "exec"), {})
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("0 violations") and "figures," in out[0]
    assert out[1].startswith("鱼峰区 2021 ")
    assert out[-1].endswith("True")
