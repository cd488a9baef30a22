"""Session fixtures: the seeds built once, and one real SPARQL server of each kind per session.

`store_source` is parametrised over the stores the end-to-end tests must agree on: the
embedded Oxigraph store of an output folder, the Oxigraph server and Virtuoso (both
loaded by `kg build --store ENDPOINT`). The servers are stopped when the session ends.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import main
from tests.support.sparql_servers import Server, oxigraph_server, virtuoso_server

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
#: "oxigraph-listed" is the Oxigraph server again, its union default graph spelt portably (union = "graphs":
#: every named graph listed in the request) instead of with Oxigraph's own parameter.
STORES = ("embedded", "oxigraph", "oxigraph-listed", "virtuoso")


def run_kg(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env, catch_exceptions=False)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The seeds built into an output folder with its embedded store."""
    out = tmp_path_factory.mktemp("seeds") / "out"
    result = run_kg("build", SEEDS, "--out", out)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def reference(built) -> ox.Store:
    """graph.trig loaded by pyoxigraph itself: what every store must answer like."""
    store = ox.Store()
    store.bulk_load(path=str(built / "graph.trig"), format=ox.RdfFormat.TRIG)
    return store


def _serve(factory, folder: Path):
    """Start a server (skip with the reason when it cannot be installed); stop it whatever happens."""
    cm = factory(folder)
    try:
        server = cm.__enter__()
    except LookupError as exc:
        pytest.skip(str(exc))
    try:
        yield server
    finally:
        cm.__exit__(None, None, None)


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory):
    yield from _serve(oxigraph_server, tmp_path_factory.mktemp("oxigraph"))


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    yield from _serve(virtuoso_server, tmp_path_factory.mktemp("virtuoso"))


def load_seeds(server: Server, out: Path) -> None:
    """`kg build seeds --store ENDPOINT`: the command a user runs."""
    result = run_kg("build", SEEDS, "--out", out, "--store", server.endpoint_file)
    assert result.exit_code == 0, result.output
    assert "Loaded" in result.output and server.query in result.output, result.output


@pytest.fixture(scope="session", params=STORES)
def store_source(request, built, tmp_path_factory) -> str:
    """What a user gives --store: the output folder, or the endpoint file of a loaded server."""
    if request.param == "embedded":
        return str(built)
    if request.param == "oxigraph-listed":
        server = request.getfixturevalue("oxigraph")
        load_seeds(server, tmp_path_factory.mktemp("built-listed") / "out")
        listed = server.endpoint_file.with_name("oxigraph-listed.toml")
        listed.write_text(server.endpoint_file.read_text(encoding="utf-8") + 'union = "graphs"\n', encoding="utf-8")
        return str(listed)
    server: Server = request.getfixturevalue(request.param)
    load_seeds(server, tmp_path_factory.mktemp(f"built-{request.param}") / "out")
    return str(server.endpoint_file)
