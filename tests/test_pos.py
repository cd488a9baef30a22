"""The kg_pos component: the shipped Indonesian tagger loads, tags obvious cases right, and
handles edge inputs; plus the training script's text rebuilding and tag projection."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from kg.nlp.pos import FAST_TOKENIZER, default_model_path, load_tagger

ROOT = Path(__file__).resolve().parent.parent
TAGSET = {"ADV", "CC", "DT", "FW", "IN", "JJ", "NEG", "NN", "NNP", "NUM", "PR", "RP", "SC", "SYM", "UH", "VB"}
UPOS = {"ADJ", "ADP", "ADV", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT"}
UPOS |= {"SCONJ", "SYM", "VERB", "X"}


def lean_blank_id():
    """blank("id") with kg's tokenizer: spaCy's 16k exceptions take seconds to load per pipeline."""
    return spacy.blank("id", config=FAST_TOKENIZER)


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("id")
    nlp.add_pipe("kg_pos")
    return nlp


def pos_of(doc) -> dict[str, str]:
    return {t.text: t.pos_ for t in doc}


def test_factory_registered_by_import_and_added(nlp):
    assert nlp.pipe_names == ["kg_pos"]
    assert Language.has_factory("kg_pos")


def test_president_sentence(nlp):
    doc = nlp("Presiden Joko Widodo mengunjungi Jakarta pada Senin.")
    pos = pos_of(doc)
    assert pos["Joko"] == pos["Widodo"] == pos["Jakarta"] == "PROPN"
    assert pos["mengunjungi"] == "VERB"
    assert pos["pada"] == "ADP"
    assert pos["."] == "PUNCT"
    assert doc[1].tag_ == "NNP"


def test_minister_sentence(nlp):
    pos = pos_of(nlp("Menteri Keuangan Sri Mulyani mengatakan bahwa harga beras akan naik."))
    assert pos["Sri"] == pos["Mulyani"] == "PROPN"
    assert pos["mengatakan"] == "VERB"
    assert pos["bahwa"] == "SCONJ"
    assert pos["harga"] == pos["beras"] == "NOUN"


def test_common_nouns_are_not_propn(nlp):
    # (not "tersangka": the corpus tags it VB every time, a ter- verb pattern, and the model follows)
    pos = pos_of(nlp("Polisi menangkap dua pelaku di Surabaya, tetapi mereka tidak ditahan."))
    assert pos["Surabaya"] == "PROPN"
    assert pos["Polisi"] == pos["pelaku"] == "NOUN"
    assert pos["menangkap"] == pos["ditahan"] == "VERB"
    assert pos["dua"] == "NUM"
    assert pos["tetapi"] == "CCONJ"
    assert pos["mereka"] == "PRON"
    assert pos["tidak"] == "PART"
    assert pos[","] == "PUNCT"


def test_clitic_stays_attached_and_takes_host_tag(nlp):
    doc = nlp("Rumahnya berada di Bandung.")
    assert [t.text for t in doc] == ["Rumahnya", "berada", "di", "Bandung", "."]
    assert doc[0].pos_ == "NOUN"
    assert doc[3].pos_ == "PROPN"


def test_currency_symbol_is_sym_not_punct(nlp):
    doc = nlp("Harganya Rp 5 juta.")
    rp = next(t for t in doc if t.text == "Rp")
    assert rp.tag_ == "SYM" and rp.pos_ == "SYM"
    assert doc[-1].pos_ == "PUNCT"


def test_every_token_gets_known_tags(nlp):
    doc = nlp('Ketua KPK Firli Bahuri menyebut kasus korupsi itu sangat besar; "kami akan usut", katanya.')
    assert all(t.tag_ in TAGSET for t in doc)
    assert all(t.pos_ in UPOS for t in doc)


def test_empty_and_whitespace(nlp):
    assert len(nlp("")) == 0
    doc = nlp("   ")
    assert all(t.pos_ == "SPACE" and t.tag_ == "_SP" for t in doc)
    doc = nlp("Jakarta  \n  Bandung")
    assert [t.pos_ for t in doc if not t.is_space] == ["PROPN", "PROPN"]
    assert all(t.pos_ == "SPACE" for t in doc if t.is_space)


def test_lean_tokenizer_pipeline_tags_too():
    nlp = lean_blank_id()
    nlp.add_pipe("kg_pos")
    doc = nlp("Anak-anak Gubernur Anies Baswedan bermain di Monas.")
    pos = pos_of(doc)
    assert pos["Anies"] == pos["Baswedan"] == pos["Monas"] == "PROPN"
    assert pos["bermain"] == "VERB"
    assert pos["-"] == "PUNCT"


def test_pipe_matches_single_calls(nlp):
    texts = [
        "Presiden Joko Widodo mengunjungi Jakarta pada Senin.",
        "",
        "Bank Indonesia menaikkan suku bunga acuan.",
        "Gubernur Jawa Barat Ridwan Kamil meresmikan jembatan baru.",
    ] * 3
    batched = [[(t.text, t.tag_, t.pos_) for t in d] for d in nlp.pipe(texts, batch_size=4)]
    single = [[(t.text, t.tag_, t.pos_) for t in nlp(x)] for x in texts]
    assert batched == single


def test_model_loaded_once_and_shared():
    a = lean_blank_id()
    b = lean_blank_id()
    a.add_pipe("kg_pos")
    b.add_pipe("kg_pos")
    assert a.get_pipe("kg_pos").inner is b.get_pipe("kg_pos").inner
    assert load_tagger.cache_info().hits >= 1


def test_wrong_language_is_refused():
    with pytest.raises(ValueError, match="'en'"):
        spacy.blank("en").add_pipe("kg_pos")


def test_missing_model_names_the_path(tmp_path):
    with pytest.raises(FileNotFoundError, match=str(tmp_path / "nope")):
        lean_blank_id().add_pipe("kg_pos", config={"model_path": str(tmp_path / "nope")})


def test_shipped_model_meta_licence_and_size():
    path = default_model_path()
    meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    assert meta["performance"]["pos_acc"] >= 0.9
    assert meta["sources"][0]["license"] == "MIT"
    assert "kumparan" in meta["sources"][0]["author"]
    licence = (path / "LICENSE-corpus").read_text(encoding="utf-8")
    assert "MIT" in licence and "kumparan" in licence and "Permission is hereby granted" in licence
    inner, _ = load_tagger(str(path.resolve()))
    assert inner.pipe_names == ["tok2vec", "tagger"]
    size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    assert size < 8_000_000
    shipped_map = json.loads((path / "pos_tag_map.json").read_text(encoding="utf-8"))
    assert shipped_map == json.loads((ROOT / "scripts" / "pos_tag_map.json").read_text(encoding="utf-8"))
    assert set(shipped_map["tag_to_upos"]) == set(inner.get_pipe("tagger").labels)


@pytest.fixture(scope="module")
def train_pos():
    spec = importlib.util.spec_from_file_location("train_pos", ROOT / "scripts" / "train_pos.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_pos"] = module  # dataclasses resolve annotations through sys.modules
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules["train_pos"]


def test_detokenize_reattaches_clitics_and_punctuation(train_pos):
    words = ["Kata", '"', "rumah", "nya", '"', "(", "Kemenkeu", ")", "bukan", "lah", "Rp", "5", "%", "."]
    text, spans = train_pos.detokenize(words)
    assert text == 'Kata "rumahnya" (Kemenkeu) bukanlah Rp 5%.'
    assert [text[s:e] for s, e in spans] == words


def test_project_gives_joined_token_the_host_tag(train_pos):
    nlp = lean_blank_id()
    words = ["acara", "nya", "men-declare", "M", ".", "Budi", "."]
    tags = ["NN", "PR", "VB", "NNP", "SYM", "NNP", "SYM"]
    text, spans = train_pos.detokenize(words)
    doc = nlp.make_doc(text)
    out, changed = train_pos.project(doc, spans, tags)
    got = dict(zip([t.text for t in doc], out, strict=True))
    assert got["acaranya"] == "NN" and got["M."] == "NNP"
    assert got["men"] == got["declare"] == "VB" and got["-"] == "SYM"
    assert changed >= 4


def test_split_is_deterministic(train_pos):
    splits = [train_pos.split_of(f"kalimat nomor {i}.") for i in range(2000)]
    assert splits == [train_pos.split_of(f"kalimat nomor {i}.") for i in range(2000)]
    assert 0.05 < splits.count("test") / 2000 < 0.15
    assert 0.05 < splits.count("dev") / 2000 < 0.15


def test_parse_corpus_rejects_unknown_tag(train_pos):
    tag_map = json.loads((ROOT / "scripts" / "pos_tag_map.json").read_text(encoding="utf-8"))
    sents, stats = train_pos.parse_corpus("Budi\tNNP\ndatang\tvb\n\nIa\tPR\tNN\n", tag_map)
    assert sents == [[("Budi", "NNP"), ("datang", "VB")], [("Ia", "PR")]]
    assert stats.extra_columns == 1
    with pytest.raises(SystemExit, match="line 2: tag 'XYZ'"):
        train_pos.parse_corpus("Budi\tNNP\ndatang\tXYZ\n", tag_map)


def test_near_duplicate_variants_share_a_split(train_pos):
    def sent(text: str) -> list[tuple[str, str]]:
        return [(w, "NN") for w in text.split()]

    sentences = [
        sent("Dengan adanya kasus tersebut , Jefri kini lebih mampu menghargai banyak hal ."),
        sent("Dengan adanya kasus tersebut , Jefri kini lebih mampu hargai banyak hal ."),
        sent("Harga beras di pasar induk naik tajam pekan ini ."),
        sent("."),
        sent("."),
    ]
    groups = train_pos.variant_groups(sentences)
    assert groups[0] == groups[1]
    assert groups[3] == groups[4]
    assert len({groups[0], groups[2], groups[3]}) == 3
    assert train_pos.variant_groups(sentences[::-1]) == groups[::-1]
