"""Real SPARQL servers for the remote-store tests: Oxigraph's and OpenLink Virtuoso, on loopback.

Each runs on a free port with its own temporary data folder, and is always stopped
(terminate, then kill) when its context ends, even when a test fails or is interrupted;
if the test process itself is killed, the kernel terminates the servers (PR_SET_PDEATHSIG).
The Oxigraph server comes from the `oxigraph` package of the test extra (installed into
this interpreter if missing); Virtuoso from Debian's `virtuoso-opensource-7`, which
`make test` installs as root with apt-get (`make virtuoso`). When a server cannot be had,
its tests skip with the reason.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

VIRTUOSO = "virtuoso-t"
NO_VIRTUOSO = ("OpenLink Virtuoso is not installed (Debian package virtuoso-opensource-7: `make virtuoso` "
               "installs it as root with apt-get)")
#: Virtuoso's administrator of a fresh database (this one lives in a temporary folder, on loopback).
VIRTUOSO_USER, VIRTUOSO_PASSWORD = "dba", "dba"

_running: set[subprocess.Popen] = set()


def _stop_all() -> None:  # a last guard: never leave a server behind, whatever happened to the fixtures
    for proc in list(_running):
        _stop(proc)


atexit.register(_stop_all)


@dataclass
class Server:
    """A running server: its endpoint settings for kg, and where its log is."""

    name: str
    query: str
    update: str
    graph_store: str
    log: Path
    endpoint_file: Path  # an endpoint .toml for `--store`
    env: dict[str, str]  # what a URL-only `--store QUERY_URL` needs in the environment


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except OSError:
            proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                proc.kill()
            proc.wait(timeout=15)
    _running.discard(proc)


def _wait_ready(proc: subprocess.Popen, url: str, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}: {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer {url} within {timeout:g} s: "
                       f"{log.read_text(errors='replace')[-2000:]}")


def _die_with_us() -> None:
    """In the child: the kernel sends SIGTERM when the test process dies, even by SIGKILL (Linux)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


@contextmanager
def _process(cmd: list[str], cwd: Path, ready_url: str, log: Path, timeout: float) -> Iterator[subprocess.Popen]:
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True, preexec_fn=_die_with_us)
    _running.add(proc)
    try:
        _wait_ready(proc, ready_url, log, timeout)
        yield proc
    finally:
        _stop(proc)


# --------------------------------------------------------------------------- Oxigraph

def oxigraph_binary() -> str | None:
    """The `oxigraph` CLI of this interpreter's environment, installing the package if it is missing."""
    here = Path(sys.executable).parent / "oxigraph"
    if here.exists():
        return str(here)
    found = shutil.which("oxigraph")
    if found:
        return found
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "oxigraph"], check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return str(here) if here.exists() else None


@contextmanager
def oxigraph_server(folder: Path) -> Iterator[Server]:
    binary = oxigraph_binary()
    if binary is None:
        raise LookupError("the Oxigraph server is not installed and `pip install oxigraph` failed")
    port = free_port()
    data = folder / "data"
    data.mkdir(parents=True)
    base = f"http://127.0.0.1:{port}"
    log = folder / "oxigraph.log"
    with _process([binary, "serve", "--location", str(data), "--bind", f"127.0.0.1:{port}"], folder,
                  f"{base}/query?query=ASK%7B%7D", log, 30):
        endpoint = folder / "oxigraph.toml"
        endpoint.write_text(f'query = "{base}/query"\nupdate = "{base}/update"\n', encoding="utf-8")
        yield Server("oxigraph", f"{base}/query", f"{base}/update", f"{base}/store", log, endpoint, {})


# --------------------------------------------------------------------------- Virtuoso

VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {d}
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8
EnabledDavVSP = 0

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 400
"""


def virtuoso_binary() -> str | None:
    return shutil.which(VIRTUOSO) or (f"/usr/bin/{VIRTUOSO}" if Path(f"/usr/bin/{VIRTUOSO}").exists() else None)


@contextmanager
def virtuoso_server(folder: Path) -> Iterator[Server]:
    """Virtuoso on loopback: anonymous queries at /sparql, updates as dba (digest auth) at /sparql-auth."""
    binary = virtuoso_binary()
    if binary is None:
        raise LookupError(NO_VIRTUOSO)
    folder.mkdir(parents=True, exist_ok=True)
    http_port, sql_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=folder, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    base = f"http://127.0.0.1:{http_port}"
    log = folder / "virtuoso.out"
    with _process([binary, "+foreground", "+configfile", str(ini)], folder,
                  f"{base}/sparql?query=ASK%7B%7D", log, 120):
        secret = folder / "password.txt"
        secret.write_text(VIRTUOSO_PASSWORD + "\n", encoding="utf-8")
        secret.chmod(0o600)
        endpoint = folder / "virtuoso.toml"
        endpoint.write_text(f'query = "{base}/sparql"\nupdate = "{base}/sparql-auth"\n'
                            f'graph-store = "{base}/sparql-graph-crud-auth"\n'
                            f'user = "{VIRTUOSO_USER}"\npassword-file = "password.txt"\n', encoding="utf-8")
        env = {"KG_SPARQL_UPDATE": f"{base}/sparql-auth", "KG_SPARQL_USER": VIRTUOSO_USER,
               "KG_SPARQL_PASSWORD_FILE": str(secret)}
        yield Server("virtuoso", f"{base}/sparql", f"{base}/sparql-auth", f"{base}/sparql-graph-crud-auth", log,
                     endpoint, env)
