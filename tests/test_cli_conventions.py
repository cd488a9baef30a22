"""Every subcommand speaks the same way: exit codes, `kg COMMAND: message`, --help that teaches."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import COMMANDS, main
from kg.commands.exits import EXIT_STATUS

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "server" / "kg.trig"
ID = "https://w3id.org/kg-news/id/"
ART = ID + "graph/article/000-53b09ad841259d56"


def kg(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("args", [
    ("query", "{missing}", "deployments"),
    ("export", "{missing}"),
    ("validate", "{missing}"),
    ("graph", "--store", "{missing}", "--output", "{tmp}/a.png"),
    ("analyse", "--store", "{missing}"),
    ("serve", "--store", "{missing}"),
])
def test_a_missing_store_exits_2_naming_it_in_the_command_s_voice(tmp_path: Path, args):
    missing = str(tmp_path / "nowhere")
    r = kg(*(a.format(missing=missing, tmp=tmp_path) for a in args))
    assert r.exit_code == 2, r.output
    assert r.stderr.startswith(f"kg {args[0]}: {missing}: no such file or folder"), r.stderr
    assert "Traceback" not in r.output and "Error:" not in r.stderr


@pytest.mark.parametrize("command", [c for c in COMMANDS if c != "build"])
def test_every_help_documents_the_exit_codes(command):
    r = kg(command, "--help")
    assert r.exit_code == 0
    assert "Exit status:" in r.output and "2    an option, input, store, query or output" in r.output


def test_the_codes_are_listed_once():
    from kg import build, exit_codes

    codes = [v for k, v in vars(exit_codes).items() if k.isupper() and isinstance(v, int)]
    assert len(set(codes)) == len(codes) and all(f"  {code}  " in EXIT_STATUS for code in codes)
    assert {build.EXIT_VIOLATION, build.EXIT_LOCKED, build.EXIT_INTERRUPTED} <= set(codes)


def test_an_output_that_cannot_be_written_exits_4(tmp_path: Path):
    blocked = tmp_path / "file"
    blocked.write_text("x", encoding="utf-8")  # a file where a folder should be
    r = kg("export", str(FIXTURE), "--output", str(blocked / "graph.ttl"))
    assert r.exit_code == 4 and r.stderr.startswith(f"kg export: {blocked / 'graph.ttl'}: cannot write")
    r = kg("graph", "--store", str(FIXTURE), "--output", str(blocked / "actors.csv"))
    assert r.exit_code == 4 and r.stderr.startswith("kg graph: ")


def test_query_help_lists_the_saved_queries_but_not_the_internal_ones():
    r = kg("query", "--help")
    listed = r.output.split("Saved queries")[1]
    assert "actor-statements" in listed and "One actor's statements" in listed and "actor=Tokayev" in listed
    assert "deployments" in listed and "actors-nodes" not in listed


def test_query_help_lists_the_folder_it_is_given(tmp_path: Path):
    (tmp_path / "mine.rq").write_text("# title: My own query\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    listed = kg("query", "--queries-dir", str(tmp_path), "--help").output.split("Saved queries")[1]
    assert "mine" in listed and "My own query" in listed and "actor-statements" not in listed


@pytest.mark.parametrize("args", [
    ("export", str(FIXTURE), "--output", "{tmp}/graph.xyz"),
    ("graph", "--store", str(FIXTURE), "--output", "{tmp}/actors.xyz"),
])
def test_an_unknown_output_suffix_is_an_error(tmp_path: Path, args):
    r = kg(*(a.format(tmp=tmp_path) for a in args))
    assert r.exit_code == 2 and "suffix '.xyz' names no format here" in r.output
    assert list(tmp_path.iterdir()) == []


def two_sentence_statement(tmp_path: Path) -> Path:
    """The fixture, with one statement read from two sentences (two evidence records)."""
    extra = (f"<{ART}> {{ <{ID}statement/000-53b09ad841259d56/1> "
             f"<https://w3id.org/kg-news/ontology#evidence> <{ID}evidence/000-53b09ad841259d56/100-200> . "
             f"<{ID}evidence/000-53b09ad841259d56/100-200> <https://w3id.org/kg-news/ontology#sentence> "
             '"Kalimat sebelumnya." ; <https://w3id.org/kg-news/ontology#startChar> 100 . }\n')
    path = tmp_path / "two.trig"
    path.write_text(FIXTURE.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["actor-statements", "statements"])
def test_saved_statement_queries_give_one_row_per_statement(tmp_path: Path, name):
    args = ["--param", "actor=Tokayev"] if name == "actor-statements" else []
    r = kg("query", str(two_sentence_statement(tmp_path)), name, *args, "--format", "csv")
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    ids = [row["statement"] for row in rows]
    assert len(ids) == len(set(ids)) == (2 if name == "actor-statements" else 3)
    joined = next(row["sentence"] for row in rows if row["statement"].endswith("000-53b09ad841259d56/1"))
    assert joined.startswith("Kalimat sebelumnya. “Misi utama")  # both sentences, in text order


@pytest.mark.parametrize("actor", ["tokayev", "TOKAYEV", "kassym-jomart tokayev", "Tokayev"])
def test_saved_actor_queries_match_names_whatever_the_case(actor):
    r = kg("query", str(FIXTURE), "actor-statements", "--param", f"actor={actor}", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert {row["speaker"] for row in rows} == {ID + "person/kassym-jomart-tokayev"} and len(rows) == 2
    r = kg("query", str(FIXTURE), "co-mentions", "--param", f"a={actor}", "--param", "b=blinken", "--format", "csv")
    assert [row["article"] for row in csv.DictReader(io.StringIO(r.stdout))] == [ID + "article/001-f0df1e5d25b58775"]


def test_an_iri_still_matches_exactly_and_a_near_name_does_not():
    r = kg("query", str(FIXTURE), "actor-statements", "--param", f"actor=<{ID}person/antony-blinken>",
           "--format", "csv")
    assert len(list(csv.DictReader(io.StringIO(r.stdout)))) == 1
    r = kg("query", str(FIXTURE), "actor-statements", "--param", "actor=tokaye", "--format", "csv")
    assert list(csv.DictReader(io.StringIO(r.stdout))) == []
