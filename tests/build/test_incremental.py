"""A rebuild extracts only new and changed articles, and writes what a fresh build of the same input writes."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.build.conftest import ROOT, build, outputs


def test_rebuild_after_add_change_delete_equals_a_fresh_build(corpus, tmp_path):
    out = tmp_path / "out"
    first = build([corpus], out, with_store=False)
    assert first.extracted == 10
    files = sorted(corpus.glob("*.txt"))
    files[3].unlink()  # deleted
    changed = files[5]
    changed.write_text(changed.read_text(encoding="utf-8").replace("pasukan", "tentara", 3), encoding="utf-8")
    shutil.copy(sorted((ROOT / "tests/corpus/heldout-3").glob("*.txt"))[0], corpus / "zz-added.txt")
    again = build([corpus], out, with_store=False)
    assert again.extracted == 2 and not again.unchanged  # the changed one and the added one
    fresh = build([corpus], tmp_path / "fresh", with_store=False)
    assert fresh.extracted == 10
    assert outputs(out) == outputs(tmp_path / "fresh")
    trig = (out / "graph.trig").read_text(encoding="utf-8")
    assert files[3].stem.replace("_", "-") not in trig  # the deleted article's graph is gone
    # the cache holds what the last build used, nothing of the deleted article
    assert sum(1 for p in (out / "cache" / "facts").rglob("*") if p.is_file()) == 10


def test_a_rebuild_validates_only_the_graphs_that_changed(corpus, tmp_path, monkeypatch):
    from kg import validate as kv
    from kg.ns import PREFIXES

    out = tmp_path / "out"
    build([corpus], out, with_store=False)
    changed = sorted(corpus.glob("*.txt"))[4]
    with changed.open("a", encoding="utf-8") as fh:
        fh.write("Pemerintah menyatakan situasi tetap terkendali.\n")
    seen: list[str] = []
    validate_nquads = kv.validate_nquads

    def spy(task):
        seen.extend(task[1])
        return validate_nquads(task)

    monkeypatch.setattr(kv, "validate_nquads", spy)
    again = build([corpus], out, with_store=False)
    assert again.extracted == 1 and again.conforms
    articles = {f for f in seen if f.startswith(PREFIXES["id"] + "article/")}
    assert len(articles) == 1 and changed.stem.split("_")[0] in next(iter(articles)), articles
    build([corpus], tmp_path / "fresh", with_store=False)
    assert outputs(out) == outputs(tmp_path / "fresh")


def test_an_unchanged_rebuild_does_no_work(corpus, tmp_path, monkeypatch):
    out = tmp_path / "out"
    first = build([corpus], out, with_store=False)
    before = outputs(out)

    def no_pipeline(*args, **kwargs):
        raise AssertionError("the pipeline ran on an unchanged corpus")

    monkeypatch.setattr("kg.extract.extract_batch", no_pipeline)
    monkeypatch.setattr("kg.validate.validate_part", no_pipeline)
    monkeypatch.setattr("kg.extract.assign_dates", no_pipeline)  # the dates follow from the texts: not read again
    again = build([corpus], out, with_store=False)
    assert again.unchanged and again.generation == first.generation and again.counts == first.counts
    assert outputs(out) == before
    assert "Nothing changed" in again.summary()


def test_a_date_lent_by_a_new_article_re_extracts_the_borrower(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "b.txt").write_text("Tokayev kembali ke Almaty pada Kamis (13/1).\n", encoding="utf-8")
    out = tmp_path / "out"
    assert build([folder], out, with_store=False).extracted == 1
    (folder / "a.txt").write_text("Tokayev berbicara di Almaty, Selasa (11/1/2022).\n", encoding="utf-8")
    again = build([folder], out, with_store=False)
    assert again.extracted == 2  # b now borrows 2022 from a: its facts change with its date
    record = json.loads((out / "build.json").read_text(encoding="utf-8"))
    assert {a["id"]: a["date_borrowed_from"] for a in record["articles"]} == {"a": None, "b": "a"}


@pytest.mark.parametrize("copies", [2, 3])
def test_identical_texts_are_one_article_listing_every_file(corpus, tmp_path, copies):
    seed = sorted(corpus.glob("000_*.txt"))[0]
    for n in range(1, copies):
        shutil.copy(seed, corpus / f"copy-{n}.txt")
    report = build([corpus], tmp_path / "out", with_store=False)
    assert report.articles == 10
    record = json.loads((tmp_path / "out" / "build.json").read_text(encoding="utf-8"))
    files = sorted([str(seed)] + [str(corpus / f"copy-{n}.txt") for n in range(1, copies)])
    assert record["duplicates"] == [{"article": seed.stem, "files": files}]  # the first file in order is kept
    assert next(a for a in record["articles"] if a["id"] == seed.stem)["copies"] == files
    assert f"{copies - 1} file(s) repeat the text of another" in report.summary()
    assert len(record["articles"]) == 10


def test_a_full_disk_while_caching_is_one_error_and_the_previous_generation_stays(corpus, tmp_path, monkeypatch):
    import errno

    from kg import generations
    from kg.build import EXIT_WRITE_FAILED, BuildError

    out = tmp_path / "out"
    build([ROOT / "seeds"], out, with_store=False)
    before = generations.current_name(out)

    def full(path, data):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr("kg.cache._write", full)
    with pytest.raises(BuildError) as caught:
        build([corpus], out, with_store=False)
    assert caught.value.exit_code == EXIT_WRITE_FAILED
    assert "out of space" in str(caught.value) and "build cache" in str(caught.value)
    assert generations.current_name(out) == before
