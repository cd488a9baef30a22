"""Article metadata from front matter and sidecars: headline, URL, date, publisher; clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.articles import ArticleError, read_article
from kg.facts import ArticleFacts
from kg.rdf import segments_literal


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_front_matter_gives_url_date_and_headline_and_keeps_offsets(tmp_path):
    text = ("---\nurl: https://example.org/berita/1\ndate: 2022-01-11\nheadline: Pasukan Tiba\n---\n"
            "JAKARTA, KOMPAS.TV - Pasukan tiba di Almaty.\n")
    p = write(tmp_path, "a.txt", text)
    a = read_article(p)
    assert (a.url, str(a.published), a.headline) == ("https://example.org/berita/1", "2022-01-11", "Pasukan Tiba")
    assert a.text == "Pasukan tiba di Almaty."
    # offsets into the text still point at the same characters of the file
    at = a.text.index("Almaty")
    assert a.raw[a.raw_offset(at):a.raw_offset(at) + 6] == "Almaty"


def test_sidecar_json_and_front_matter_wins(tmp_path):
    p = write(tmp_path, "b.txt", "---\ntitle: Judul dari Front Matter\n---\nIsi berita di sini.\n")
    (tmp_path / "b.json").write_text(json.dumps({"url": "http://example.org/b", "headline": "Judul Sidecar",
                                                 "date": "2021-05-02"}))
    a = read_article(p)
    assert (a.url, a.headline, str(a.published)) == ("http://example.org/b", "Judul dari Front Matter", "2021-05-02")


def test_headline_metadata_becomes_kg_headline_and_schema_url(tmp_path):
    from kg.extract import extract
    from kg.rdf import build_dataset
    from kg.resolve import resolve

    p = write(tmp_path, "e.txt", "---\nurl: https://example.org/e\n---\nPasukan Tiba di Almaty\n"
                                  "ALMATY, KOMPAS.TV - Presiden Kazakhstan Kassym-Jomart Tokayev berbicara.\n")
    a = read_article(p)
    assert a.headline == "Pasukan Tiba di Almaty"
    ds = build_dataset(resolve(extract([a])))
    from kg.ns import KG, SCHEMA

    got = {(str(p), str(o)) for _, p, o, _ in ds.quads((None, None, None, None)) if p in (KG.headline, SCHEMA.url)}
    assert got == {(str(KG.headline), "Pasukan Tiba di Almaty"), (str(SCHEMA.url), "https://example.org/e")}


@pytest.mark.parametrize(
    ("front", "needle"),
    [
        ("url: ftp://example.org/x", "is not an http:// or https:// address"),
        ("date: 11/01/2022", "is not a date in the form YYYY-MM-DD"),
        ("author: Siapa", "unknown field 'author'"),
        ("tanpa titik dua", "front matter line 2 is not 'key: value'"),
    ],
)
def test_bad_front_matter_is_named(tmp_path, front, needle):
    p = write(tmp_path, "c.txt", f"---\n{front}\n---\nIsi berita.\n")
    with pytest.raises(ArticleError) as err:
        read_article(p)
    assert needle in str(err.value) and str(p) in str(err.value)


@pytest.mark.parametrize(("content", "needle"), [("{not json", "not a readable JSON sidecar"),
                                                 ("[1, 2]", "one JSON object"),
                                                 ('{"url": 5}', "must be a string")])
def test_bad_sidecar_is_named(tmp_path, content, needle):
    p = write(tmp_path, "d.txt", "Isi berita.\n")
    (tmp_path / "d.json").write_text(content)
    with pytest.raises(ArticleError) as err:
        read_article(p)
    assert needle in str(err.value) and "d.json" in str(err.value)


def test_segments_literal_round_trips_the_shape_pattern():
    import re

    lit = segments_literal([(0, 16), (189, 205)])
    assert lit == "0:16 189:205"
    assert re.fullmatch(r"[0-9]+:[0-9]+( [0-9]+:[0-9]+)*", lit)
    assert ArticleFacts.__dataclass_fields__["spans"].default_factory() == []


def test_text_offsets_carry_file_offsets_into_the_body_through_bom_crlf_and_invisibles(tmp_path):
    """kg:textOffsets (Article.file_runs) map every file offset the graph stores back into the body."""
    from server.articles import body_offset

    text = ("\ufeffJudul Berita\r\nJAKARTA, KOMPAS.com - Presiden Joko\u200b Widodo tiba di Almaty.\r\n"
            "Baca Juga: lain\r\nMenteri Retno Marsudi berbicara di Jakarta.\r\n")
    p = tmp_path / "f.txt"
    p.write_bytes(text.encode("utf-8"))
    a = read_article(p)
    file_text = p.read_bytes().decode("utf-8")  # as written: BOM, CRs and the zero-width space count
    runs = a.file_runs()
    for word in ("Almaty", "Retno Marsudi", "Jakarta", "Presiden"):
        at = a.text.index(word)
        f = a.raw_offset(at)
        assert file_text[f:f + len(word)] == word
        assert body_offset(runs, f) == at
    # past the left-out zero-width space, the run restarts one character later in the file
    after = a.text.index("Widodo")
    assert body_offset(runs, a.raw_offset(after)) == after
