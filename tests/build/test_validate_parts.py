"""Validating a graph in parts (each article's graph, the entity graph) gives the verdicts of one full run."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.ns import KG, PREFIXES
from kg.serialize import dataset_from_quads
from kg.validate import combine, context_from_quads, part, unique_key_results, validate, validate_nquads
from tests.build.conftest import ROOT, build

ID = PREFIXES["id"]
XSD = PREFIXES["xsd"]


@pytest.fixture(scope="module")
def seed_quads(tmp_path_factory) -> list[ox.Quad]:
    out = tmp_path_factory.mktemp("parts") / "out"
    build([ROOT / "seeds"], out, with_store=False)
    return list(ox.parse(path=str(out / "graph.trig")))


def node(local: str) -> ox.NamedNode:
    return ox.NamedNode(ID + local)


def kgp(local: str) -> ox.NamedNode:
    return ox.NamedNode(str(KG[local]))


def with_faults(quads: list[ox.Quad]) -> list[ox.Quad]:
    """Eight kinds of error, in article graphs and in the entity graph."""
    out = list(quads)
    entities = ox.NamedNode(ID + "graph/entities")
    statements = sorted({q.subject.value for q in quads if q.predicate == kgp("speaker")})
    evidence = sorted({q.subject.value for q in quads if q.predicate == kgp("sentence")})
    first, second = statements[0], statements[-1]  # from the two articles
    g_first = next(q.graph_name for q in quads if q.subject.value == first)
    other_article_evidence = next(e for e in evidence if e.split("/")[-2] != first.split("/")[-2])
    place = next(q.subject for q in quads if q.object == kgp("Place"))
    deployment = next(q.subject for q in quads if q.object == kgp("Deployment"))
    article = next(q.subject for q in quads if q.object == kgp("Article"))

    def drop(pred) -> None:
        out[:] = [q for q in out if not pred(q)]

    # 1. a speaker of the wrong class; 2. evidence from an article that is not the statement's source
    drop(lambda q: q.subject.value == first and q.predicate == kgp("speaker"))
    out.append(ox.Quad(ox.NamedNode(first), kgp("speaker"), place, g_first))
    out.append(ox.Quad(ox.NamedNode(first), kgp("evidence"), ox.NamedNode(other_article_evidence), g_first))
    # 3. a statement dated after its article
    drop(lambda q: q.subject.value == second and q.predicate == kgp("date"))
    g_second = next(q.graph_name for q in quads if q.subject.value == second)
    out.append(ox.Quad(ox.NamedNode(second), kgp("date"), ox.Literal("2031-01-01", datatype=ox.NamedNode(XSD + "date")),
                       g_second))
    # 4. two countries with one ISO code; 5. a person that is also a country
    out.append(ox.Quad(node("country/ru"), kgp("iso3166"), ox.Literal("KZ"), entities))
    person = next(q.subject for q in quads if q.object == kgp("Person"))
    out.append(ox.Quad(person, ox.NamedNode(PREFIXES["rdf"] + "type"), kgp("Country"), entities))
    # 6. a withdrawal that ends before it starts; 7. a deployment that lost its sources
    drop(lambda q: q.subject == deployment and q.predicate in (kgp("withdrawalEnd"), kgp("source")))
    out.append(ox.Quad(deployment, kgp("withdrawalEnd"), ox.Literal("2020-01-01", datatype=ox.NamedNode(XSD + "date")),
                       entities))
    # 8. an article without its file name
    drop(lambda q: q.subject == article and q.predicate == kgp("fileName"))
    return out


def verdicts(result) -> set[tuple]:
    return {(v.severity, v.focus, v.path, v.message, v.value) for v in result.violations}


def by_parts(quads: list[ox.Quad], *, together: bool) -> tuple:
    """Validate every named graph on its own (or all article graphs in one part, the entities in another)."""
    context = context_from_quads(quads)
    graphs: dict[str, list[ox.Triple]] = {}
    for q in quads:
        graphs.setdefault(q.graph_name.value, []).append(q.triple)
    names = sorted(graphs)
    groups = ([[n for n in names if "/graph/article/" in n], [n for n in names if "/graph/article/" not in n]]
              if together else [[n] for n in names])
    if not together:  # the entity graph in two parts, split between its subjects
        entities = next(n for n in names if "/graph/article/" not in n)
        subjects = sorted({t.subject.value for t in graphs[entities]})
        half = set(subjects[: len(subjects) // 2])
        graphs[entities + "#a"] = [t for t in graphs[entities] if t.subject.value in half]
        graphs[entities + "#b"] = [t for t in graphs[entities] if t.subject.value not in half]
        groups = [g for g in groups if g != [entities]] + [[entities + "#a"], [entities + "#b"]]
    parts = [part([ox.NamedNode(n) for n in g], [graphs[n] for n in g], context) for g in groups]
    results = [validate_nquads((data, focus)) for _, data, focus in parts]
    return combine(results + [unique_key_results(quads)], len(quads))


def test_a_built_graph_conforms_whole_and_in_parts(seed_quads):
    whole = validate(dataset_from_quads(seed_quads))
    assert whole.conforms and by_parts(seed_quads, together=False).conforms


@pytest.mark.parametrize("together", [False, True], ids=["graph-by-graph", "articles-together"])
def test_parts_give_the_verdicts_of_a_full_run(seed_quads, together):
    from kg.shacl_shortcuts import stock

    broken = with_faults(seed_quads)
    with stock():  # pySHACL as shipped, over the whole graph: the reference
        whole = validate(dataset_from_quads(broken))
    assert not whole.conforms
    paths = {v.path for v in whole.errors}
    # every injected fault is seen by the full run (so the comparison below means something)
    for path in ("kg:speaker", "kg:evidence", "kg:date", "kg:iso3166", "kg:withdrawalEnd", "kg:fileName"):
        assert path in paths, path
    parts = by_parts(broken, together=together)
    assert not parts.conforms
    assert verdicts(parts) == verdicts(whole)


def test_the_combined_report_is_one_shacl_report(seed_quads, tmp_path):
    result = by_parts(with_faults(seed_quads), together=False)
    path = result.write_report(tmp_path / "validation.ttl")
    report = list(ox.parse(path=str(path)))
    reports = {q.subject for q in report if q.object.value == PREFIXES["sh"] + "ValidationReport"}
    results = [q for q in report if q.predicate.value == PREFIXES["sh"] + "result"]
    assert len(reports) == 1 and len(results) == len(result.violations) >= 8
    assert Path(path).read_bytes() == by_parts(with_faults(seed_quads), together=False).write_report(
        tmp_path / "again.ttl").read_bytes()


def test_sparql_constraints_in_one_query_give_the_verdicts_of_one_query_per_node(seed_quads, monkeypatch):
    from kg import shacl_shortcuts

    batched = []
    batch = shacl_shortcuts._batch
    monkeypatch.setattr(shacl_shortcuts, "_BATCH_FROM", 1)
    monkeypatch.setattr(shacl_shortcuts, "_batch", lambda *a: batched.append(batch(*a)) or batched[-1])
    broken = dataset_from_quads(with_faults(seed_quads))
    fast = validate(broken)
    assert sum(b is not None for b in batched) >= 6 and any(b and b[0] for b in batched)
    with shacl_shortcuts.stock():
        shipped = validate(broken)
    assert verdicts(fast) == verdicts(shipped) and fast.violations == shipped.violations
