"""The one lint command (ruff) passes on the code, tests, benchmarks and scripts."""

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def test_ruff_passes():
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    done = subprocess.run([ruff, "check", "kgbuild", "tests", "benchmarks", "scripts"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
