"""Hostile input to the builder: odd encodings keep offsets into the file, odd files are refused by name."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.articles import MAX_FILE_BYTES, MAX_TEXT_CHARS, ArticleError, discover, read_article

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_53b09ad841259d56.txt"


@pytest.fixture(scope="module")
def nlp():
    from kg.nlp.pipeline import make_nlp

    return make_nlp()


def evidence_of(path: Path, nlp) -> list:
    from kg.extract import extract

    facts = extract([read_article(path)], nlp)[0]
    found = [e for s in facts.statements for e in s.evidence] + [e for d in facts.deployments for e in d.evidence]
    assert len(found) >= 5, "the seed gives statements and a deployment with evidence"
    return found


def file_text(path: Path) -> str:
    """The file as decoded, nothing translated (a BOM is a character, CRLF two)."""
    return path.read_bytes().decode("utf-8")


@pytest.mark.parametrize(("name", "transform"), [
    ("crlf", lambda t: t.replace("\n", "\r\n")),
    ("bom", lambda t: "\ufeff" + t),
    ("bom-crlf", lambda t: "\ufeff" + t.replace("\n", "\r\n")),
    ("cr", lambda t: t.replace("\n", "\r")),
])
def test_evidence_offsets_index_the_file_as_written(tmp_path, nlp, name, transform):
    path = tmp_path / f"{name}.txt"
    path.write_bytes(transform(SEED.read_text(encoding="utf-8")).encode("utf-8"))
    text = file_text(path)
    for e in evidence_of(path, nlp):
        assert text[e.start:e.end] == e.text, (name, e.start, e.end)


def test_zero_width_characters_do_not_split_names_and_offsets_still_index_the_file(tmp_path, nlp):
    from kg.extract import extract

    seed = SEED.read_text(encoding="utf-8")
    path = tmp_path / "zw.txt"
    path.write_text(seed.replace("Tokayev", "Toka\u200byev").replace("Kazakhstan", "Kazakh\u2060stan\u00ad")
                    .replace("CSTO", "C\u200dSTO"), encoding="utf-8")
    clean = extract([read_article(SEED)], nlp)[0]
    dirty = extract([read_article(path)], nlp)[0]
    assert {m.key for m in dirty.mentions} == {m.key for m in clean.mentions}
    assert any("Tokayev" in m.text for m in dirty.mentions)
    text = file_text(path)
    invisible = dict.fromkeys(map(ord, "\u200b\u2060\u00ad\u200d"))
    for e in evidence_of(path, nlp):
        got = text[e.start:e.end]
        assert got.translate(invisible) == e.text
        assert got[:1] == e.text[:1] and got[-1:] == e.text[-1:]


def test_nul_bytes_anywhere_make_a_file_binary(tmp_path):
    path = tmp_path / "late-nul.txt"
    path.write_bytes(("Presiden berbicara di Jakarta. " * 400).encode() + b"\x00tail")
    assert path.stat().st_size > 8192
    with pytest.raises(ArticleError, match=r"late-nul.txt: is a binary file \(a NUL byte at offset 12400\)"):
        read_article(path)


def test_a_sparse_huge_file_is_refused_by_its_size_without_being_read(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(1 << 30)  # a 1 GB hole: reading it whole would take a GB of memory
    with pytest.raises(ArticleError, match=r"huge.txt: is 1,073,741,824 bytes, more than the 4,194,304"):
        read_article(path)
    assert MAX_FILE_BYTES == 4 * 1024 * 1024


def test_an_article_longer_than_the_pipeline_takes_is_skipped_by_name(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("Presiden Joko Widodo berbicara. " * (MAX_TEXT_CHARS // 32 + 10), encoding="utf-8")
    with pytest.raises(ArticleError, match=r"long.txt: has 1,000,\d{3} characters of article text, more than the "
                                           r"1,000,000"):
        read_article(path)


@pytest.mark.parametrize("make", ["fifo", "socket", "device"])
def test_files_that_are_not_regular_are_refused_before_being_read(tmp_path, make):
    path = tmp_path / "odd.txt"
    if make == "fifo":
        os.mkfifo(path)  # reading it would block forever
        problem = "is a FIFO"
    elif make == "socket":
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(path))
        problem = "is a socket"
    else:
        path.symlink_to("/dev/zero")  # reading it never ends
        problem = "is a character device"
    with pytest.raises(ArticleError, match=f"odd.txt: {problem}.*, not a regular file"):
        read_article(path)


def test_broken_links_and_link_loops_are_reported_by_name(tmp_path):
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "ok.txt").write_text("Presiden berbicara di Jakarta.\n")
    (src / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (src / "self.txt").symlink_to("self.txt")
    (src / "sub" / "up").symlink_to("..")
    files, problems = discover([src, tmp_path / "missing-link.txt"])
    assert files == [src / "sub" / "ok.txt"]
    text = "\n".join(problems)
    assert f"{src / 'gone.txt'}: is a dangling symbolic link" in text
    assert f"{src / 'self.txt'}: is a symbolic link that loops" in text
    assert f"{src / 'sub' / 'up'}: leads to a folder already read" in text
    assert f"{tmp_path / 'missing-link.txt'}: no such file" in text


def test_unreadable_folders_are_reported_by_name(tmp_path, monkeypatch):
    src = tmp_path / "src"
    (src / "locked").mkdir(parents=True)
    (src / "a.txt").write_text("Presiden berbicara di Jakarta.\n")
    if os.geteuid() == 0:  # root reads any folder: make this one fail as it would for a user
        real = os.scandir

        def scandir(path="."):
            if Path(path) == src / "locked":
                raise PermissionError(13, "Permission denied", str(path))
            return real(path)

        monkeypatch.setattr(os, "scandir", scandir)
    else:
        (src / "locked").chmod(0)
    try:
        files, problems = discover([src])
    finally:
        (src / "locked").chmod(0o755)
    assert files == [src / "a.txt"]
    assert problems == [f"{src / 'locked'}: folder cannot be read (Permission denied); skipped"]


def test_a_build_over_hostile_inputs_names_every_skip_and_builds_the_rest(tmp_path):
    """One real `kg build` (a subprocess, so a hang would show as a timeout) over all of the above."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_bytes(b"\xef\xbb\xbf" + SEED.read_bytes().replace(b"\n", b"\r\n"))
    os.mkfifo(src / "fifo.txt")
    (src / "zero.txt").symlink_to("/dev/zero")
    (src / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (src / "loop.txt").symlink_to("loop.txt")
    (src / "nul.txt").write_bytes(b"Presiden berbicara. " * 600 + b"\x00")
    with (src / "sparse.txt").open("wb") as fh:
        fh.truncate(1 << 30)
    (src / "long.txt").write_text("Presiden Joko Widodo berbicara. " * (MAX_TEXT_CHARS // 32 + 10))
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    res = subprocess.run([sys.executable, "-c", "from kg.cli import main; main()", "build", str(src),
                          "--out", str(out), "--no-progress", "--no-store"],
                         capture_output=True, text=True, timeout=300, env=env)
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr and "Built 1 article" in res.stdout
    skipped = json.loads((out / "build.json").read_text())["skipped"]
    for name, problem in (("fifo.txt", "is a FIFO"), ("zero.txt", "is a character device"),
                          ("gone.txt", "dangling symbolic link"), ("loop.txt", "loops"),
                          ("nul.txt", "binary"), ("sparse.txt", "1,073,741,824 bytes"),
                          ("long.txt", "characters of article text")):
        assert any(name in line and problem in line and line.startswith("skipped:")
                   for line in res.stderr.splitlines()), (name, res.stderr)
        assert any(s.startswith(str(src / name)) and problem in s for s in skipped), (name, skipped)
    assert len(skipped) == 7


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \n\r\t.") + ["\ufeff", "\u200b", "\u200d", "\u00ad", "\u2060",
                                                             "é", "\u202e"]), max_size=80))
def test_every_character_read_maps_back_to_the_same_character_of_the_file(source):
    from kg.articles import file_offset, normalise

    text, shifts = normalise(source)
    assert not set(text) & {"\r", "\ufeff", "\u200b", "\u200d", "\u00ad", "\u2060", "\u202e"}
    for i, ch in enumerate(text):
        j = file_offset(shifts, i)
        assert source[j] == ch or (ch == "\n" and source[j] == "\r"), (i, j)
    ends = [file_offset(shifts, i) for i in range(len(text))]
    assert ends == sorted(set(ends)), "positions stay in order and distinct"
