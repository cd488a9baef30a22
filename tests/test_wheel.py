"""The built wheel works anywhere: installed in a fresh venv, run from a folder outside the repository.

The wheel is built from a copy of the project's files (no build/ left in the repository) and
installed without its dependencies; the venv sees the dependencies of the running environment
through a .pth line (not its site folder, so a development install of kg stays invisible), so
nothing is downloaded while the test runs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ("pyproject.toml", "README.md", "kg", "server", "ontology", "queries")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    """A venv holding only the kg wheel (plus a path to the dependencies)."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    src.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in SHIPPED:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name, ignore=ignore)
        else:
            shutil.copy2(ROOT / name, src / name)
    dist = tmp / "dist"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                            "--no-index", "-w", str(dist), str(src)], capture_output=True, text=True)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "warning" not in re.sub(r"warning: \w+: byte-compiling is disabled.*", "", built.stderr.lower())
    wheel = next(dist.glob("kg-*.whl"))
    env_dir = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)], check=True)
    python = env_dir / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig;print(sysconfig.get_path('purelib'))"],
                               capture_output=True, text=True, check=True).stdout.strip())
    installed = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                                "--no-index", str(wheel)], capture_output=True, text=True, env=_env(), cwd=tmp)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    # after the install, or pip would find the development kg among the dependencies
    deps = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (site / "kg-test-dependencies.pth").write_text("\n".join(sorted(deps)) + "\n", encoding="utf-8")
    return env_dir


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "KG_"))}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def run(venv: Path, cwd: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([str(venv / "bin" / "kg"), *args], cwd=cwd, env=_env(), capture_output=True,
                          text=True, timeout=timeout)


def test_the_wheel_carries_the_data_and_is_what_runs(venv: Path, tmp_path: Path):
    probe = ("import kg, kg.resources as r, json; print(json.dumps([kg.__file__, str(r.query_folder()), "
             "str(r.ontology_file('shapes.ttl')), str(r.server_assets('templates'))]))")
    out = subprocess.run([str(venv / "bin" / "python"), "-c", probe], cwd=tmp_path, env=_env(),
                         capture_output=True, text=True, check=True).stdout
    paths = [Path(p) for p in json.loads(out)]
    assert all(p.is_relative_to(venv) for p in paths), paths
    assert (paths[1] / "deployments.rq").is_file() and paths[2].is_file()


def test_build_validate_query_graph_and_serve_outside_the_repository(venv: Path, tmp_path: Path):
    seeds = tmp_path / "articles"
    shutil.copytree(ROOT / "seeds", seeds)
    r = run(venv, tmp_path, "build", "articles", "--out", "out")
    assert r.returncode == 0, r.stdout + r.stderr
    assert (tmp_path / "out" / "graph.trig").is_file()

    r = run(venv, tmp_path, "validate", "out")
    assert r.returncode == 0, r.stdout + r.stderr

    r = run(venv, tmp_path, "query", "out", "deployments", "--format", "json")
    assert r.returncode == 0, r.stdout + r.stderr
    assert json.loads(r.stdout)["results"]["bindings"], "the saved query found no deployment"

    r = run(venv, tmp_path, "graph", "--store", "out", "--output", "actors.html")
    assert r.returncode == 0, r.stdout + r.stderr
    page = (tmp_path / "actors.html").read_text(encoding="utf-8")
    assert "cytoscape" in page and "Tokayev" in page

    server = subprocess.Popen([str(venv / "bin" / "kg"), "serve", "--store", "out", "--port", "0",
                               "--workers", "1"], cwd=tmp_path, env=_env(), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert m, line + server.stderr.read() if server.poll() is not None else line
        base = f"http://127.0.0.1:{m.group(1)}"
        with urllib.request.urlopen(base + "/", timeout=60) as resp:
            assert resp.status == 200 and "Tokayev" in resp.read().decode()  # the overview
        with urllib.request.urlopen(base + "/query", timeout=60) as resp:
            assert resp.status == 200 and "yasgui" in resp.read().decode().lower()  # the editor
        req = urllib.request.Request(base + "/graph", headers={"Accept": "text/html"})
        with urllib.request.urlopen(req, timeout=60) as resp:
            assert resp.status == 200 and "actors.js" in resp.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=30)
        server.stdout.close()
        server.stderr.close()
