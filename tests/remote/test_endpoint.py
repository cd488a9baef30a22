"""Naming a SPARQL endpoint: query URL + environment, or an endpoint file; no server needed."""

from __future__ import annotations

import pytest

from kg.remote_store import RemoteStoreError, endpoint_from, is_remote, query_form


def test_a_query_url_takes_the_rest_from_the_environment(tmp_path):
    secret = tmp_path / "pw"
    secret.write_text("  hunter22\n", encoding="utf-8")
    env = {"KG_SPARQL_UPDATE": "http://h:1/u", "KG_SPARQL_GRAPH_STORE": "http://h:1/gsp", "KG_SPARQL_USER": "me",
           "KG_SPARQL_PASSWORD_FILE": str(secret), "KG_SPARQL_BATCH": "10", "KG_SPARQL_UNION": "native"}
    e = endpoint_from("http://h:1/sparql", env)
    assert (e.query, e.update, e.graph_store, e.user, e.password, e.batch, e.union) == \
        ("http://h:1/sparql", "http://h:1/u", "http://h:1/gsp", "me", "hunter22", 10, "native")
    assert "hunter22" not in repr(e)


@pytest.mark.parametrize("query, update", [
    ("http://h:7878/query", "http://h:7878/update"),
    ("https://h/ds/query?x=1", "https://h/ds/update?x=1"),
    ("http://h:8890/sparql", "http://h:8890/sparql"),
])
def test_the_update_url_pairs_with_the_query_url(query, update):
    assert endpoint_from(query, {}).update == update


def test_an_endpoint_file(tmp_path, monkeypatch):
    (tmp_path / "pw.txt").write_text("s3cret\n", encoding="utf-8")
    f = tmp_path / "remote.toml"
    f.write_text('query = "http://h/sparql"\nupdate = "http://h/sparql-auth"\nuser = "dba"\n'
                 'password-file = "pw.txt"\nretries = 0\ntimeout = 2.5\n', encoding="utf-8")
    e = endpoint_from(f, {})
    assert (e.update, e.user, e.password, e.retries, e.timeout) == ("http://h/sparql-auth", "dba", "s3cret", 0, 2.5)
    f.write_text('query = "http://h/sparql"\nuser = "dba"\npassword-env = "VPW"\n', encoding="utf-8")
    assert endpoint_from(f, {"VPW": "from-env"}).password == "from-env"


@pytest.mark.parametrize("text, message", [
    ('update = "http://h/u"\n', "needs query ="),
    ('query = "http://h/q"\npassword = "x"\n', "a password does not belong in the endpoint file"),
    ('query = "http://h/q"\nuser = "u"\npassword-env = "NOPE"\n', "password-env names NOPE, which is not set"),
    ('query = "http://h/q"\nupdate_url = "http://h/u"\n', "unknown key(s) update_url"),
    ('query = "ftp://h/q"\n', "is not an http(s) URL"),
    ('query = "http://h/q"\nunion = "everything"\n', "union = 'everything' is not one of"),
    ('query = "http://h/q"\nbatch = 0\n', "batch must be at least 1"),
    ('query = "http://h/q"\nbatch = "many"\n', "batch = 'many' is not a number"),
    ('query = "http://h/q"\npassword-file = "missing.txt"\nuser = "u"\n', "cannot read the password file"),
    ('query = "http://h/q" = 2\n', "not valid TOML"),
])
def test_an_unusable_endpoint_file_says_what_is_wrong(tmp_path, text, message):
    f = tmp_path / "remote.toml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(RemoteStoreError) as info:
        endpoint_from(f, {})
    assert str(info.value).startswith(str(tmp_path)) and message in str(info.value)


def test_credentials_in_a_url_are_refused_without_repeating_them():
    with pytest.raises(RemoteStoreError) as info:
        endpoint_from("http://dba:topsecret@h:8890/sparql", {})
    assert "topsecret" not in str(info.value) and str(info.value).startswith("http://h:8890/sparql: credentials")
    with pytest.raises(RemoteStoreError, match="a password is given but no user"):
        endpoint_from("http://h/q", {"KG_SPARQL_PASSWORD": "x"})


def test_what_counts_as_an_endpoint():
    assert is_remote("http://h/q") and is_remote("https://h/q") and is_remote("conf/remote.TOML")
    assert not is_remote("out") and not is_remote("out/graph.trig") and not is_remote("httpdocs/out")


@pytest.mark.parametrize("text, form", [
    ("PREFIX kg: <http://x/select#> SELECT * WHERE { ?s ?p ?o }", "SELECT"),
    ("# ask me\nBASE <http://x/> CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("ask { ?s ?p 'SELECT' }", "ASK"),
    ("DESCRIBE <http://x/a>", "DESCRIBE"),
])
def test_the_query_form_decides_what_to_accept(text, form):
    assert query_form(text) == form
