"""Exports round-trip, keep or merge named graphs as promised, and are byte-identical
for the same statements: across runs, insertion orders, hash seeds and blank-node labels."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import BNode, Dataset, Graph, Literal, URIRef

from kg.cli import main
from kg.serialize import (
    FORMATS,
    atomic_write,
    canonical_quads,
    read_dataset,
    to_bytes,
    write_trig,
    write_turtle,
)
from kg.store import write_store

GOOD = Path(__file__).parent / "fixtures" / "validate" / "good.trig"
ROOT = Path(__file__).resolve().parent.parent


def quads_of(ds: Graph, *, merge: bool) -> set:
    return set(canonical_quads(ds, merge=merge))


def export(*args: str):
    return CliRunner().invoke(main, ["export", *args])


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_round_trip_and_byte_identical_runs(tmp_path: Path, fmt: str) -> None:
    suffix, keeps_graphs = FORMATS[fmt].extension, FORMATS[fmt].datasets
    a, b = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
    assert export(str(GOOD), "--format", fmt, "--output", str(a)).exit_code == 0
    assert export(str(GOOD), "--format", fmt, "--output", str(b)).exit_code == 0
    assert a.read_bytes() == b.read_bytes()
    original, again = read_dataset(GOOD), read_dataset(a)
    assert quads_of(again, merge=not keeps_graphs) == quads_of(original, merge=not keeps_graphs)
    graphs = {q[3] for q in canonical_quads(again)}
    assert (len(graphs) == 3) if keeps_graphs else (graphs == {None})


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_insertion_order_does_not_change_the_bytes(fmt: str) -> None:
    original = read_dataset(GOOD)
    quads = list(original.quads((None, None, None, None)))
    random.Random(7).shuffle(quads)
    shuffled = Dataset()
    for s, p, o, g in quads:
        (shuffled.default_graph if g is None else shuffled.graph(g)).add((s, p, o))
    assert to_bytes(shuffled, fmt) == to_bytes(original, fmt)


def bnode_graph(seed: int) -> Dataset:
    """The same statements with blank nodes under random labels, in random order."""
    rnd = random.Random(seed)
    ex = "http://example.org/"
    labels = {name: BNode(f"b{rnd.randrange(10**9)}") for name in ("x", "y", "z")}
    rows = [
        (URIRef(ex + "s"), URIRef(ex + "p"), labels["x"], URIRef(ex + "g1")),
        (labels["x"], URIRef(ex + "v"), Literal(1), URIRef(ex + "g1")),
        (URIRef(ex + "s"), URIRef(ex + "p"), labels["y"], URIRef(ex + "g1")),
        (labels["y"], URIRef(ex + "v"), Literal(2), URIRef(ex + "g1")),
        (labels["x"], URIRef(ex + "w"), labels["z"], URIRef(ex + "g2")),  # x shared by two graphs
        (labels["z"], URIRef(ex + "v"), Literal("z"), URIRef(ex + "g2")),
    ]
    rnd.shuffle(rows)
    ds = Dataset()
    for s, p, o, g in rows:
        ds.graph(g).add((s, p, o))
    return ds


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_blank_nodes_get_content_labels(fmt: str) -> None:
    assert to_bytes(bnode_graph(1), fmt) == to_bytes(bnode_graph(2), fmt)


def test_blank_node_shared_between_graphs_stays_shared(tmp_path: Path) -> None:
    path = write_trig(bnode_graph(3), tmp_path / "b.trig")
    back = read_dataset(path)
    ex = "http://example.org/"
    in_g1 = set(back.graph(URIRef(ex + "g1")).subjects(URIRef(ex + "v"), Literal(1)))
    in_g2 = set(back.graph(URIRef(ex + "g2")).subjects(URIRef(ex + "w"), None))
    assert in_g1 and in_g1 == in_g2


def test_same_bytes_under_different_hash_seeds(tmp_path: Path) -> None:
    """Set and dict order vary with PYTHONHASHSEED; the output must not."""
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"seed{seed}.trig"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        command = [
            sys.executable,
            "-c",
            "from kg.cli import main; main()",
            "export",
            str(GOOD),
            "-o",
            str(out),
        ]
        subprocess.run(command, check=True, env=env, cwd=ROOT, capture_output=True)
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


def test_export_from_an_output_folder_reads_its_store(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_store(out / "store", GOOD)
    result = export(str(out), "--format", "nquads")
    assert result.exit_code == 0
    (tmp_path / "out.nq").write_bytes(result.stdout_bytes)
    back = read_dataset(tmp_path / "out.nq")
    assert len(back) == len(read_dataset(GOOD))
    assert {q[3] for q in canonical_quads(back)} == {q[3] for q in canonical_quads(read_dataset(GOOD))}


def test_stdout_and_format_from_suffix(tmp_path: Path) -> None:
    result = export(str(GOOD))
    assert result.exit_code == 0
    assert result.stdout_bytes == to_bytes(read_dataset(GOOD), "turtle")
    target = tmp_path / "g.jsonld"
    assert export(str(GOOD), "-o", str(target)).exit_code == 0
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["@context"]["kg"] == "https://w3id.org/kg-news/ontology#"
    assert doc["@context"]["id"] == "https://w3id.org/kg-news/id/"
    assert {g["@id"] for g in doc["@graph"]} == {
        "id:graph/entities", "id:graph/article/000-53b09ad841259d56", "id:graph/article/001-f0df1e5d25b58775",
    }


def test_jsonld_is_compact_with_our_terms_as_plain_names(tmp_path: Path) -> None:
    doc = json.loads(to_bytes(read_dataset(GOOD), "jsonld"))
    context = doc["@context"]
    assert context["speaker"] == {"@id": "kg:speaker", "@type": "@id"}
    assert context["label"] == "rdfs:label" and context["Statement"] == "kg:Statement"
    nodes = [n for g in doc["@graph"] for n in g["@graph"]]
    statement = next(n for n in nodes if n.get("@type") == "Statement")
    assert statement["@id"].startswith("id:statement/") and statement["speaker"].startswith("id:person/")
    assert isinstance(statement["isDirectQuote"], bool)
    assert not any(k.startswith(("http", "kg:")) for n in nodes for k in n)


def test_turtle_and_trig_helpers_match_the_export(tmp_path: Path) -> None:
    ds = read_dataset(GOOD)
    assert write_turtle(ds, tmp_path / "g.ttl").read_bytes() == to_bytes(ds, "turtle")
    assert write_trig(ds, tmp_path / "g.trig").read_bytes() == to_bytes(ds, "trig")
    text = (tmp_path / "g.ttl").read_text(encoding="utf-8")
    assert text.startswith("@prefix kg: <https://w3id.org/kg-news/ontology#> .")


def test_atomic_write_replaces_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "g.ttl"
    atomic_write(target, b"old\n")
    atomic_write(target, b"new\n")
    assert target.read_bytes() == b"new\n"
    assert [p.name for p in target.parent.iterdir()] == ["g.ttl"]
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_bad_input_exits_2_naming_it(tmp_path: Path) -> None:
    result = export(str(tmp_path / "nothing"))
    assert result.exit_code == 2 and "nothing: no such file or folder" in result.output
    bad = tmp_path / "bad.nt"
    bad.write_text("not n-triples\n", encoding="utf-8")
    result = export(str(bad), "--output", str(tmp_path / "x.ttl"))
    assert result.exit_code == 2 and "bad.nt: cannot be read as N-Triples" in result.output
    assert not (tmp_path / "x.ttl").exists()
    result = export(str(GOOD), "--output", str(tmp_path))
    assert result.exit_code == 2


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    result = export(str(GOOD), "--format", "yaml")
    assert result.exit_code == 2 and "yaml" in result.output
    with pytest.raises(ValueError, match="'yaml' is not a format here; use one of: turtle"):
        to_bytes(Graph(), "yaml")


def test_an_output_suffix_that_names_no_format_is_an_error(tmp_path: Path) -> None:
    result = export(str(GOOD), "--output", str(tmp_path / "graph.xyz"))
    assert result.exit_code == 2
    assert "graph.xyz: suffix '.xyz' names no format here" in result.output
    assert not (tmp_path / "graph.xyz").exists()
    result = export(str(GOOD), "--format", "turtle", "--output", str(tmp_path / "graph.xyz"))
    assert result.exit_code == 0 and (tmp_path / "graph.xyz").read_bytes().startswith(b"@prefix")


def test_rdfxml_from_the_suffix(tmp_path: Path) -> None:
    out = tmp_path / "graph.rdf"
    assert export(str(GOOD), "--output", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert quads_of(read_dataset(out), merge=True) == quads_of(read_dataset(GOOD), merge=True)
