"""The streamed build (facts from the cache, graph by graph) writes the graph the in-memory path makes."""

from __future__ import annotations

import pyoxigraph as ox

from kg.articles import read_article
from kg.extract import extract
from kg.rdf import dataset_quads
from kg.resolve import resolve
from tests.build.conftest import ROOT, build


def test_streamed_and_in_memory_builds_agree(tmp_path):
    paths = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests/corpus/heldout-2").glob("*.txt"))[:3]
    build(paths, tmp_path / "out", with_store=False)
    streamed = {str(q) for q in ox.parse(path=str(tmp_path / "out" / "graph.trig"))}
    in_memory = {str(q) for q in dataset_quads(resolve(extract([read_article(p) for p in paths])))}
    assert streamed == in_memory and len(streamed) > 500


def test_graph_files_are_valid_rdf_with_the_same_triples(tmp_path):
    build([ROOT / "seeds"], tmp_path / "out", with_store=False)
    quads = list(ox.parse(path=str(tmp_path / "out" / "graph.trig")))
    triples = {str(t) for t in ox.parse(path=str(tmp_path / "out" / "graph.ttl"))}
    assert triples == {str(q.triple) for q in quads}
    graphs = {q.graph_name.value for q in quads}
    assert len(graphs) == 3 and sum(g.endswith("/graph/entities") for g in graphs) == 1  # two articles, entities


def test_the_store_is_loaded_in_batches_with_every_quad(tmp_path, monkeypatch):
    from kg import store as kg_store

    trig = ROOT / "tests/fixtures/server/kg.trig"
    whole = ox.Store()
    whole.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
    monkeypatch.setattr(kg_store, "LOAD_BATCH", 7)  # many batches, one cut inside a graph
    kg_store.load_store(tmp_path / "store", trig)
    batched = ox.Store.read_only(str(tmp_path / "store"))
    assert len(whole) > 50
    assert {str(q) for q in batched} == {str(q) for q in whole}


def test_a_file_broken_after_the_first_batch_is_refused(tmp_path, monkeypatch):
    import pytest

    from kg import store as kg_store

    lines = [f"<http://e/s{i}> <http://e/p> <http://e/o{i}> <http://e/g> ." for i in range(30)]
    bad = tmp_path / "bad.nq"
    bad.write_text("\n".join(lines[:20] + ["<http://e/s> <http://e/p> ."] + lines[20:]) + "\n", encoding="utf-8")
    monkeypatch.setattr(kg_store, "LOAD_BATCH", 5)
    with pytest.raises(kg_store.StoreError, match="cannot be loaded"):
        kg_store.load_store(tmp_path / "store", bad)


def test_read_inputs_keeps_no_texts_and_reads_each_again_when_needed(corpus):
    from kg.build import read_inputs

    articles, _ = read_inputs([corpus])
    assert articles and all(a.text == "" and a.raw == "" for a in articles)  # memory holds no corpus of texts
    first = articles[0]
    with first.opened() as a:
        assert a.text == read_article(first.path).text and a.file_shifts == read_article(first.path).file_shifts
    assert first.text == ""  # released again after the block


def test_a_file_changed_during_the_build_stops_it_naming_the_file(corpus, tmp_path):
    import pytest

    from kg import generations
    from kg.build import InputChanged, read_inputs, run_build

    out = tmp_path / "out"
    files = sorted(corpus.glob("*.txt"))
    build(files[:-1], out, with_store=False)
    before = generations.current_name(out)
    articles, _ = read_inputs([corpus])  # one article more: the build has work to do
    changed = files[2]
    changed.write_text(changed.read_text(encoding="utf-8") + "Kalimat baru.\n", encoding="utf-8")
    with pytest.raises(InputChanged, match=rf"{changed.name}: changed while it was being built"):
        run_build(articles, out, with_store=False)
    assert generations.current_name(out) == before  # the previous generation is still the one served


def test_extraction_tasks_carry_the_texts_so_workers_need_no_input_files(corpus, tmp_path, monkeypatch):
    from kg import extract as kx

    sent: list[str] = []
    extract_batch = kx.extract_batch

    def spy(batch):
        sent.extend(a.text for a in batch[0])
        return extract_batch(batch)

    monkeypatch.setattr(kx, "extract_batch", spy)
    build([corpus], tmp_path / "out", with_store=False, jobs=1)
    assert len(sent) == 10 and all(sent)  # a Dask worker on another machine gets each text with its task


def test_the_build_store_filled_while_writing_holds_the_quads_of_graph_trig(corpus, tmp_path, monkeypatch):
    from kg import store as kg_store

    monkeypatch.setattr(kg_store, "LOAD_BATCH", 50)  # many chunks through the feeder's thread
    build([corpus], tmp_path / "out")
    kg_store.load_store(tmp_path / "loaded", tmp_path / "out" / "graph.trig")  # Oxigraph's literals, as stored
    written = {str(q) for q in ox.Store.read_only(str(tmp_path / "loaded"))}
    stored = {str(q) for q in ox.Store.read_only(str(tmp_path / "out" / "store"))}
    assert len(written) > 1000 and stored == written


def test_a_store_that_fails_while_being_fed_is_an_error_of_the_store(tmp_path, monkeypatch):
    import pytest

    from kg import store as kg_store

    feeder = kg_store.StoreFeeder(tmp_path / "store")
    monkeypatch.setattr(kg_store, "LOAD_BATCH", 1)

    def full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(feeder, "store", type("Full", (), {"bulk_load": full})())
    quad = ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal("o"), ox.NamedNode("http://e/g"))
    feeder.add([quad])
    feeder.add([quad])  # after the failure: dropped, not raised here
    with pytest.raises(OSError, match="No space"):
        feeder.finish()
