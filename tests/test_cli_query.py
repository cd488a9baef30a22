"""`kg query SRC QUERY`: strings, .rq files and saved names, parameters, output formats."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import main

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "server" / "kg.trig"
ID = "https://w3id.org/kg-news/id/"


def kg(*args: str):
    return CliRunner().invoke(main, ["query", *args], catch_exceptions=False)


def test_sparql_string_as_a_table():
    r = kg(str(FIXTURE), "SELECT ?p ?name WHERE { ?p a kg:Person ; rdfs:label ?name } ORDER BY ?name")
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0].split() == ["p", "name"]
    assert lines[2].startswith("id:person/antony-blinken") and "Antony Blinken" in lines[2]
    assert "(2 rows)" in r.stderr


def test_saved_query_with_a_parameter_as_csv():
    r = kg(str(FIXTURE), "actor-statements", "--param", "actor=Tokayev", "--format", "csv")
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [row["date"] for row in rows] == ["2022-01-08", "2022-01-11"]
    assert all(row["speaker"] == ID + "person/kassym-jomart-tokayev" for row in rows)


def test_saved_query_as_a_workbook():
    import openpyxl

    r = kg(str(FIXTURE), "actor-statements", "--param", "actor=Tokayev", "--format", "xlsx")
    assert r.exit_code == 0, r.output
    head, *rows = openpyxl.load_workbook(io.BytesIO(r.stdout_bytes)).active.iter_rows(values_only=True)
    assert "date" in head and "speaker" in head
    assert [row[head.index("date")].date().isoformat() for row in rows] == ["2022-01-08", "2022-01-11"]
    assert {row[head.index("speaker")] for row in rows} == {ID + "person/kassym-jomart-tokayev"}


def test_rq_file_and_json(tmp_path):
    f = tmp_path / "count.rq"
    f.write_text("# title: Count\nSELECT (COUNT(*) AS ?n) WHERE { ?s a kg:Statement }\n", encoding="utf-8")
    r = kg(str(FIXTURE), str(f), "--format", "json")
    assert json.loads(r.stdout)["results"]["bindings"][0]["n"]["value"] == "3"


def test_plain_query_parameter_binds_a_variable():
    r = kg(str(FIXTURE), "SELECT ?s WHERE { ?s rdfs:label ?name }", "-p", "name=Almaty", "-f", "tsv")
    assert r.stdout.splitlines() == ["?s", f"<{ID}place/almaty>"]


def test_construct_as_turtle_and_ask():
    r = kg(str(FIXTURE), "CONSTRUCT WHERE { ?c a kg:Country }", "--format", "turtle")
    assert len(list(ox.parse(r.stdout.encode(), format=ox.RdfFormat.TURTLE))) == 4
    assert kg(str(FIXTURE), "ASK { ?d a kg:Deployment }").stdout.strip() == "true"


def test_built_output_folder_is_accepted(tmp_path):
    (tmp_path / "graph.trig").write_bytes(FIXTURE.read_bytes())
    r = kg(str(tmp_path), "deployments", "--format", "csv")
    assert r.exit_code == 0 and "Sekitar 2.500" in r.stdout


@pytest.mark.parametrize("args, message", [
    (("nope-query",), "no saved query called 'nope-query'"),
    (("SELECT * WHERE {",), "malformed SPARQL"),
    (("actor-statements", "--param", "who=x"), "has no parameter who"),
    (("actor-statements", "--param", "actor"), "is not NAME=VALUE"),
    (("missing.rq",), "no such query file"),
    (("CONSTRUCT WHERE { ?s ?p ?o }", "--format", "csv"), "builds a graph"),
    (("SELECT * WHERE { ?s ?p ?o }", "--format", "turtle"), "returns a table"),
])
def test_errors_are_clear(args, message):
    r = CliRunner().invoke(main, ["query", str(FIXTURE), *args])
    assert r.exit_code != 0 and message in r.output


def test_missing_source_is_named(tmp_path):
    r = CliRunner().invoke(main, ["query", str(tmp_path / "nowhere"), "deployments"])
    assert r.exit_code != 0 and "nowhere" in r.output
