"""A real Virtuoso server (Debian's virtuoso-opensource 7.2) for the tests, started by hand on loopback
ports with its database in a temporary folder, and stopped with SIGTERM."""

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest

VIRTUOSO = shutil.which("virtuoso-t")
VSP = Path("/var/lib/virtuoso-opensource-7/vsp")
INI = """[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 20000
MaxDirtyBuffers = 12000
DirsAllowed = ., {db}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {vsp}
MaxClientConnections = 8
ServerThreads = 8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def require_virtuoso():
    """Skip on a machine without Virtuoso; CI (.ci/run) installs it and sets KGBUILD_REQUIRE_VIRTUOSO=1,
    so there a missing server fails instead."""
    if VIRTUOSO and VSP.is_dir():
        return
    message = "needs Debian's virtuoso-opensource (apt install virtuoso-opensource)"
    if os.environ.get("KGBUILD_REQUIRE_VIRTUOSO"):
        pytest.fail(message)
    pytest.skip(message)


class Virtuoso:
    def __init__(self, folder: Path):
        require_virtuoso()
        folder.mkdir(parents=True, exist_ok=True)
        http_port, self.sql_port, self.folder = _free_port(), _free_port(), folder
        ini = folder / "virtuoso.ini"
        ini.write_text(INI.format(db=folder, sql_port=self.sql_port, http_port=http_port, vsp=VSP), encoding="utf-8")
        self.base = f"http://127.0.0.1:{http_port}"
        self.endpoint = self.base + "/sparql"
        self.graph_store = self.base + "/sparql-graph-crud-auth"
        self.user, self.password = "dba", "dba"  # a fresh database's administrator
        self.log = folder / "out.log"
        self.process = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", str(ini)], cwd=folder,
                                        stdout=self.log.open("wb"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.endpoint, params={"query": "ASK {}"}, timeout=2, trust_env=False).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"Virtuoso did not start: {self.log.read_text(errors='replace')[-2000:]}")

    def isql(self, statements: str) -> str:
        """Run SQL statements with Debian's isql-vt, as the administrator."""
        done = subprocess.run([shutil.which("isql-vt") or "isql-vt", f"127.0.0.1:{self.sql_port}", self.user, self.password,
                               f"exec={statements}"], capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def env(self) -> dict:
        """The environment for the CLI: the password where kgbuild reads it."""
        return {"KGBUILD_STORE_PASSWORD": self.password}

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
