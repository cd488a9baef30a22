"""Builds as generations: one pointer switched whole, old paths kept as links, leftovers removed,
a running server following each rebuild, exclusion with a writable server, distinct exit codes."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import build as kg_build
from kg import generations
from kg.cli import main
from kg.store import POINTER, locate, write_store
from tests.reliability.build_support import (
    ONE_SEED,
    ROOT,
    SEEDS,
    assert_whole_generation,
    build,
    copy_out,
    leftovers,
    paused_build,
    run_kg,
)
from tests.reliability.support import live

TOKEN = "build-lock-token-1"
COUNT = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"


@pytest.fixture(scope="module")
def one(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("one") / "out"
    build(out, ONE_SEED)
    return out


def served_count(srv) -> int:
    status, _, body = srv.query(COUNT)
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def triples(out: Path) -> int:
    return json.loads((out / "build.json").read_text())["counts"]["triples"]


# --------------------------------------------------------------------------- layout


def test_a_build_writes_a_generation_and_links_the_known_paths_through_the_pointer(one):
    name = assert_whole_generation(one)
    assert os.readlink(one / POINTER) == f"generations/{name}"
    for n in generations.LINKED:
        assert os.readlink(one / n) == f"{POINTER}/{n}", n
    assert locate(one) == one / "generations" / name / "store"
    assert leftovers(one) == []


def test_every_readme_command_reads_the_current_generation(one, tmp_path):
    runner = CliRunner()
    for args in (["query", str(one), "deployments"], ["validate", str(one / "graph.ttl")],
                 ["export", str(one), "--format", "nquads", "--output", str(tmp_path / "g.nq")],
                 ["graph", "--store", str(one), "--format", "json", "--output", str(tmp_path / "a.json")],
                 ["analyse", "--store", str(one)], ["query", str(one / "store"), "deployments"]):
        result = runner.invoke(main, args)
        assert result.exit_code == 0, (args, result.output)
    assert "csto--kz" in runner.invoke(main, ["query", str(one), "deployments"]).output


def test_a_build_without_a_store_is_a_generation_of_graphs(one, tmp_path):
    out = copy_out(one, tmp_path / "out")
    build(out, SEEDS, extra=("--no-store",))
    name = generations.current_name(out)
    assert not (out / "store").is_symlink() and not (out / "store").exists()
    assert locate(out) == out / "generations" / name / "graph.trig"
    assert "csto--kz" in CliRunner().invoke(main, ["query", str(out), "deployments"]).output
    build(out, ONE_SEED)  # and back: the store link returns with a store
    assert_whole_generation(out)


def test_a_folder_built_before_generations_is_moved_over_and_its_leftovers_removed(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for n in ("graph.trig", "graph.ttl"):
        shutil.copy(ROOT / "tests" / "fixtures" / "server" / "kg.trig", out / n)
    (out / "build.json").write_text("{}\n")
    write_store(out / "store", out / "graph.trig")
    (out / ".graph.trig.abc123.tmp").write_text("half")
    (out / ".store-k2j3").mkdir()
    (out / "store.old").mkdir()
    srv = live(out)  # a server reading the older layout's store ...
    try:
        assert served_count(srv) > 0
        build(out, ONE_SEED)
        assert served_count(srv) == triples(out)  # ... moves to the first generation
    finally:
        srv.close()
    first = assert_whole_generation(out)
    assert leftovers(out) == [] and not (out / "store.old").exists()
    assert all((out / n).is_symlink() for n in generations.LINKED)
    assert generations.names(out) == [generations.BEFORE_GENERATIONS, first], "the old store is kept one build"
    build(out, SEEDS)  # other input: the same one again would be a build with nothing to do
    assert generations.names(out) == [first, generations.current_name(out)]


def test_dead_builds_leftovers_and_old_generations_go_the_previous_one_stays(one, tmp_path):
    out = copy_out(one, tmp_path / "out")
    first = generations.current_name(out)
    gens = out / "generations"
    (gens / ".000007-20261201T000000Z.partial" / "store").mkdir(parents=True)  # a killed build's
    (gens / "000009-20261201T000000Z").mkdir()  # sealed by a build killed before its switch
    (gens / "000009-20261201T000000Z" / "graph.trig").write_text("")
    (out / f"{POINTER}.tmp").symlink_to("generations/000009-20261201T000000Z")
    (out / ".build.json.x1.tmp").write_text("")
    (gens / first / ".kg-snapshots-ab12" / "snapshot-1").mkdir(parents=True)  # a writable server that died
    build(out, SEEDS)
    second = assert_whole_generation(out)
    assert generations.names(out) == [first, second] and leftovers(out) == []
    assert not (gens / first / ".kg-snapshots-ab12").exists()
    build(out, ONE_SEED)
    third = assert_whole_generation(out)
    assert generations.names(out) == [second, third], "two generations are kept: the current and the one before"
    assert int(third.split("-")[0]) > int(second.split("-")[0]) > int(first.split("-")[0])


def test_a_copy_without_links_still_builds(one, tmp_path):
    out = tmp_path / "copy"
    shutil.copytree(one, out)  # `cp -r`: the pointer and the links become a folder and files
    assert (out / POINTER).is_dir() and not (out / POINTER).is_symlink()
    build(out, SEEDS)
    assert_whole_generation(out)
    assert leftovers(out) == []


def test_without_symbolic_links_the_pointer_is_a_file(one, tmp_path, monkeypatch):
    out = copy_out(one, tmp_path / "out")

    def no_links(target, link, *args, **kwargs):
        raise PermissionError(errno.EPERM, "Operation not permitted", str(link))

    monkeypatch.setattr(os, "symlink", no_links)
    build(out, SEEDS)
    name = (out / POINTER).read_text().strip()
    assert not (out / POINTER).is_symlink() and name == generations.current_name(out) == generations.names(out)[-1]
    assert locate(out) == out / "generations" / name / "store"
    assert "csto--kz" in CliRunner().invoke(main, ["query", str(out), "deployments"]).output
    assert leftovers(out) == [] and not any((out / n).is_symlink() for n in generations.LINKED)


# --------------------------------------------------------------------------- a running server


def test_a_running_server_serves_each_rebuild_from_its_next_request(one, tmp_path):
    out = copy_out(one, tmp_path / "out")
    srv = live(out)
    try:
        assert served_count(srv) == triples(one)
        build(out, SEEDS)
        assert triples(out) > triples(one)
        assert served_count(srv) == triples(out)
        build(out, ONE_SEED)  # the first generation is deleted now; the service is on the second
        assert served_count(srv) == triples(one)
        status, _, body = srv.request("GET", "/queries/deployments")
        assert status == 200 and b"csto--kz" in body
    finally:
        srv.close()


# --------------------------------------------------------------------------- locks and exit codes


def test_a_build_over_a_folder_a_writable_server_holds_fails_with_its_own_code(one, tmp_path):
    out = copy_out(one, tmp_path / "out")
    before = assert_whole_generation(out)
    srv = live(out, TOKEN=TOKEN)
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/turtle"}
    try:
        res = run_kg("build", str(SEEDS), "--out", str(out), "--no-progress")
        assert res.returncode == kg_build.EXIT_LOCKED == 5, res.stderr
        message = [line for line in res.stderr.splitlines() if line.startswith("kg build:")]
        assert len(message) == 1 and "a writable `kg serve` (pid" in message[0] and "nothing was built" in message[0]
        assert "Traceback" not in res.stderr
        assert assert_whole_generation(out) == before and leftovers(out) == []
        status, _, _ = srv.request("PUT", "/data?graph=http://example.org/kept",
                                   b"<http://example.org/s> <http://example.org/p> 1 .", auth)
        assert status == 201
        status, _, body = srv.query("ASK { GRAPH <http://example.org/kept> { ?s ?p ?o } }")
        assert json.loads(body)["boolean"] is True  # the write went into the store the server holds
    finally:
        srv.close()
    build(out, SEEDS)  # the lock went with the server
    assert generations.current_name(out) != before


def test_two_builds_of_one_folder_exclude_each_other(one, tmp_path):
    out = copy_out(one, tmp_path / "out")
    before = assert_whole_generation(out)
    with paused_build("write", out, SEEDS) as first:
        res = run_kg("build", str(ONE_SEED), "--out", str(out), "--no-progress")
        assert res.returncode == kg_build.EXIT_LOCKED, res.stderr
        assert f"kg build (pid {first.proc.pid}, since" in res.stderr and "Traceback" not in res.stderr
    assert assert_whole_generation(out) == before


def test_no_usable_article_has_its_own_code(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    result = CliRunner().invoke(main, ["build", str(tmp_path / "empty.txt"), "--out", str(tmp_path / "o")])
    assert result.exit_code == kg_build.EXIT_NO_ARTICLES == 2
    assert "no usable article" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "o").exists()


def test_the_help_and_the_readme_give_the_exit_codes_the_code_uses():
    text = " ".join(CliRunner().invoke(main, ["build", "--help"]).output.split())
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    for code, words in ((kg_build.EXIT_OK, "built and valid"), (kg_build.EXIT_VIOLATION, "violates the shapes"),
                        (kg_build.EXIT_NO_ARTICLES, "no usable article"),
                        (kg_build.EXIT_UNUSABLE_INPUT, "some input was unusable"),
                        (kg_build.EXIT_WRITE_FAILED, "out of space"), (kg_build.EXIT_LOCKED, "locked")):
        assert re.search(rf"\b{code} [^;]{{0,40}}{words}", text), (code, words)
        assert re.search(rf"`{code}`[^|]*\|[^|]*{words}", readme), (code, words)
    assert len({kg_build.EXIT_OK, kg_build.EXIT_VIOLATION, kg_build.EXIT_NO_ARTICLES, kg_build.EXIT_UNUSABLE_INPUT,
                kg_build.EXIT_WRITE_FAILED, kg_build.EXIT_LOCKED}) == 6


# --------------------------------------------------------------------------- a full disk

#: `kg build` on a disk that fills up when the file named by $FULL_AT is written
FULL_DISK = """
import errno, os
import kg.atomic_files
real = kg.atomic_files.atomic_file
def full(path):
    if os.path.basename(str(path)) == os.environ["FULL_AT"]:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
    return real(path)
kg.atomic_files.atomic_file = full
from kg.cli import main
main()
"""


@pytest.mark.parametrize("at", ["graph.trig", pytest.param("graph.ttl", marks=pytest.mark.slow), "build.json"])
def test_a_full_disk_is_one_line_and_its_own_code_and_the_old_generation_stays(one, tmp_path, at):
    out = copy_out(one, tmp_path / "out")
    before = assert_whole_generation(out)
    env = dict(os.environ, PYTHONPATH=str(ROOT), FULL_AT=at)
    res = subprocess.run([sys.executable, "-c", FULL_DISK, "build", str(SEEDS), "--out", str(out),
                          "--no-progress"], capture_output=True, text=True, timeout=300, env=env)
    assert res.returncode == kg_build.EXIT_WRITE_FAILED == 4, res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in res.stderr, res.stderr
    assert "out of space" in lines[0] and at in lines[0] and f"still serves generation {before}" in lines[0]
    assert assert_whole_generation(out) == before and leftovers(out) == []
    assert generations.names(out) == [before]


def _mount_tmpfs(folder: Path, size_kb: int) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    folder.mkdir(parents=True, exist_ok=True)
    res = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder)],
                         capture_output=True, text=True)
    return res.returncode == 0


def _resize(folder: Path, size_kb: int) -> None:
    subprocess.run(["mount", "-o", f"remount,size={size_kb}k", str(folder)], check=True, capture_output=True)


def test_a_really_full_disk_while_loading_the_store(tmp_path):
    """A tiny tmpfs (needs root to mount; skipped otherwise): RocksDB itself runs out of space."""
    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, 8192):
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        out = disk / "out"
        build(out, ONE_SEED)
        before = assert_whole_generation(out)
        used = shutil.disk_usage(disk).used // 1024
        _resize(disk, used + 120)  # room for the graphs of both seeds, not for their store
        res = run_kg("build", str(SEEDS), "--out", str(out), "--no-progress")
        assert res.returncode == kg_build.EXIT_WRITE_FAILED, res.stderr
        lines = res.stderr.strip().splitlines()
        assert len(lines) == 1 and "out of space" in lines[0] and "Traceback" not in res.stderr, res.stderr
        assert assert_whole_generation(out) == before and leftovers(out) == []
        _resize(disk, 8192)
        build(out, SEEDS)
        assert generations.names(out) == [before, assert_whole_generation(out)]
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


def test_io_problems_read_as_one_line():
    assert kg_build.io_problem(OSError(errno.ENOSPC, "No space left on device")).startswith("out of space")
    assert kg_build.io_problem(OSError("IO error: No space left on device: While appending to file: x/1.log")
                               ).startswith("out of space")
    assert kg_build.io_problem(OSError(errno.EIO, "Input/output error")) == "Input/output error"
