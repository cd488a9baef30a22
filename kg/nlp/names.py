"""The trained name finder: spaCy's tok2vec + ner, learned from real annotated Indonesian news.

scripts/train_ner.py trains it on idner-news-2k and NERGrit (see kg/models/ner_id/meta.json for
sources, licences and test scores) and writes it to kg/models/ner_id. `add_name_finder` sources
its `tok2vec` and `ner` into our pipeline, the spaCy way, so that `ner` owns `doc.ents`: the
model's proposals, labelled PER, ORG and LOC. Later components turn them into mentions and
decide what the model cannot know: a LOC is a Country or a Place by the gazetteers, an ORG
resolves to a known organisation or an acronym, a PER takes its role from the title before it.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg import lexicon
from kg.facts import Mention
from kg.keys import normkey
from kg.kinds import Kind
from kg.nlp import tokenizer as _tokenizer  # noqa: F401  (registers kg.indonesian_news_tokenizer.v1)

MODEL_NAME = "ner_id"
#: the model's labels -> our kinds (a LOC is a Place until a gazetteer says it is a Country)
MODEL_TYPES = {"PER": Kind.PERSON, "ORG": Kind.ORGANISATION, "LOC": Kind.PLACE}
SOURCE = "model"


def default_model_path() -> Path:
    """kg/models/ner_id inside the installed kg package."""
    return Path(str(files("kg").joinpath("models", MODEL_NAME)))


@cache
def load_ner_model(model_path: str | None = None) -> Language:
    """The trained pipeline (tok2vec + ner), loaded once per process and path."""
    path = Path(model_path) if model_path else default_model_path()
    if not (path / "meta.json").is_file():
        raise FileNotFoundError(f"NER model not found at {path}: build it with `python scripts/train_ner.py`")
    nlp = spacy.load(path)
    missing = {"tok2vec", "ner"} - set(nlp.pipe_names)
    if missing:
        raise ValueError(f"{path}: the pipeline lacks {', '.join(sorted(missing))} (has {nlp.pipe_names})")
    return nlp


def add_name_finder(nlp: Language, model_path: str | None = None, *, before: str | None = None) -> None:
    """Source the trained tok2vec and ner into `nlp` (they keep their names; ner sets doc.ents)."""
    trained = load_ner_model(model_path)
    for name in ("tok2vec", "ner"):
        nlp.add_pipe(name, source=trained, before=before)


#: the word lists that tell the model's misreadings from names: the `name_words` section of the config of
#: each component that reads the model's names (ModelNames' arguments)
NAME_WORD_FILES = {
    "connectors_file": "connectors.txt",
    "common_words_file": "common_words.txt",
    "object_nouns_file": "object_nouns.txt",
    "generic_nouns_file": "generic_nouns.txt",
    "things_file": "things.txt",
    "company_forms_file": "company_forms.txt",
    "word_patterns_file": "patterns/words.tsv",
    "given_names_file": "given_names.txt",
    "org_heads_file": "org_heads.txt",
    "place_cues_file": "place_cues.txt",
}


#: the root letter a nasal prefix replaces (pe-ng-irim-an: kirim)
NASAL_LOST = {"m": "p", "n": "t", "ng": "k", "ny": "s"}


class ModelNames:
    """The model's proposals a component may use: names, not capitalised ordinary words or things."""

    def __init__(self, connectors_file: str, common_words_file: str, object_nouns_file: str,
                 generic_nouns_file: str, things_file: str, company_forms_file: str, word_patterns_file: str,
                 given_names_file: str, org_heads_file: str, place_cues_file: str) -> None:
        self.files = (connectors_file, common_words_file, object_nouns_file, generic_nouns_file, things_file,
                      company_forms_file, word_patterns_file, given_names_file, org_heads_file, place_cues_file)
        #: given names people bear (Faker's lists, scripts/build_given_names.py)
        self.given_names = lexicon.word_set(given_names_file)
        #: the words an organisation's name begins with ("Kementerian", "Gugus Tempur")
        self.org_heads = tuple(h + " " for h in lexicon.words(org_heads_file))
        #: words no person's name holds: the heads of organisations' names and the words places begin with
        self.not_personal = frozenset({w.lower() for h in lexicon.words(org_heads_file) for w in h.split()}
                                      | {row[1].split()[0].lower() for row in lexicon.rows(place_cues_file)})
        self.connectors = lexicon.connectors(connectors_file)
        self.common = lexicon.common_words(common_words_file)
        self.object_nouns = lexicon.object_nouns(object_nouns_file)
        self.generic = {w.lower() for w in lexicon.word_set(generic_nouns_file)}
        self.countries = lexicon.countries()[0]
        #: platforms, weapon systems, indices, treaties: names of things ("lewat akun X", "baterai THAAD")
        self.things = lexicon.things(things_file)
        #: a company's legal form ("PT", "Tbk"): the name it stands in is a company's, with no person in it
        self.company_forms = lexicon.word_set(company_forms_file)
        #: the shapes of ordinary words (derived nouns)
        shapes = lexicon.patterns(word_patterns_file)
        self.derived = re.compile(shapes["derived_noun"])
        self.root_forms = shapes["root_forms"].split("|")

    def __call__(self, doc: Doc, label: str) -> list[Span]:
        """The model's plausible proposals with this label (PER, ORG or LOC), in text order, tidied."""
        cache = doc.user_data.setdefault(("kg", "model_names", None, None), {})  # three components ask
        key = (label, self.files)
        if key not in cache:
            spans = [t for e in doc.ents if (t := self.before_craft(tidy(e))) is not None and self.plausible(t)]
            spans = [Span(doc, t.start, t.end, label=self.relabel(t)) for t in spans]
            for name in MODEL_TYPES:
                cache[(name, self.files)] = [t for t in spans if t.label_ == name]
        return cache[key]

    def relabel(self, span: Span) -> str:
        """The model's label, unless the words say otherwise: a given name opens a person's name, an
        organisation's head an organisation's ("[Gugus Tempur Kapal Induk Inggris]", read as a person)."""
        if span.label_ != "PER" and self.personal(span):
            return "PER"
        if span.label_ == "PER" and span.text.startswith(self.org_heads):
            return "ORG"
        return span.label_

    def personal(self, span: Span) -> bool:
        """Is the model's organisation or place a person's name ("[Christian Schmidt], yang memimpin")?
        Two to four capitalised words that open with a given name people bear, with no word of an
        organisation's or a place's name, no country, no ordinary word and no company's form."""
        words = span.text.split()
        return 2 <= len(words) <= 4 and words[0] in self.given_names \
            and all(w[:1].isupper() and w.isalpha() and not w.isupper() for w in words) \
            and not any(w.lower() in self.not_personal or w.lower() in self.common or w in self.company_forms
                        or self.countries.get(w) for w in words)

    def before_craft(self, span: Span | None) -> Span | None:
        """A name the model ran into the ship after it ends before the ship's prefix ("[Angkatan Laut] KRI Bung
        Tomo": the navy, then its ship)."""
        if span is None:
            return None
        cut = next((t.i for t in span[1:] if t.is_upper and t.lower_ in self.object_nouns), None)
        return span if cut is None else Span(span.doc, span.start, cut, label=span.label)

    def generic_only(self, span: Span) -> bool:
        """'para Marinir', 'Batalion China', 'Forum': troops, units and gatherings, not a name."""
        words = [w for w in re.findall(r"[^\W\d_]+", span.text)]
        return bool(words) and any(w.lower() in self.generic for w in words) and all(
            w.lower() in self.generic or w.lower() in self.connectors or self.countries.get(w) for w in words)

    def plausible(self, span: Span) -> bool:
        """Drop the model's typical misreadings of capitalised ordinary words.

        In a Title Case line (a headline or a related-article link) every word is capitalised, so
        the model's proposals there are unreliable; a sentence starts with a capital, so a name made
        only of ordinary words at a sentence start is most likely not one ("Dikutip dari ...").
        """
        words = span.text.split()
        if not words or words[0].lower() in self.connectors or _in_title_case_line(span) or self.generic_only(span):
            return False
        first = span[0]
        if normkey(span.text) in self.things:
            return False
        if first.i > 0 and span.doc[first.i - 1].lower_ in self.object_nouns or first.lower_ in self.object_nouns:
            return False  # "pesawat Dornier", "rudal Tomahawk", "[Fregat Jerman Hessen]": a thing, not an actor
        opening = first.is_sent_start or (first.i > 0 and span.doc[first.i - 1].is_punct
                                          and span.doc[first.i - 1].is_sent_start)
        if len(words) == 1 and not words[0].isupper() and len(words[0]) > 3 \
                and (words[0].lower() in self.common or span.label_ != "LOC" and self.derived_noun(words[0].lower())):
            return False  # "Perlindungan", "Ketertiban": an ordinary word capitalised, wherever it stands
        return not (opening and all(w.lower() in self.common for w in words))

    def derived_noun(self, word: str) -> bool:
        """Is a lower-case word a noun derived from an ordinary root ("perlindungan" from "dilindungi",
        "pengiriman" from "kirim")? A name rarely is ("Perlman", "Pekalongan" have no such root)."""
        if not (m := self.derived.match(word)):
            return False
        root = m["root"]
        roots = {root, NASAL_LOST[m["lost"]] + root} if m["lost"] else {root}
        return any(form.format(r) in self.common for r in roots for form in self.root_forms)

    def person_tail(self, span: Span, ends: set[int], *, after_title: bool) -> int | None:
        """Where an organisation the model ran into the name of a person ends, if it did.

        "[Kementerian Luar Negeri Jepang Yoko Kamikawa] berbicara": an organisation's name ends with
        its country, an acronym or a known organisation (`ends`, character offsets inside the span);
        capitalised words after that which are neither ordinary words nor acronyms are a person's name (one word
        will do right after a title: "Kepala [MINUSCA Rugwabiza]", else two to four).
        """
        text = span.doc._.kg_text
        if any(t.text in self.company_forms for t in span):
            return None  # "[PT Indonesia Tansport Tbk]": a company's name, whole
        ends = ends | {t.idx + len(t) for t in span[:-1] if ACRONYM.fullmatch(t.text)}
        for end in sorted(e for e in ends if span.start_char < e < span.end_char):
            tail = text[end:span.end_char].split()
            if (1 if after_title else 2) <= len(tail) <= 4 \
                    and all(w[:1].isupper() and not w.isupper() and w.lower() not in self.common for w in tail):
                return end
        return None


def tidy(span: Span) -> Span | None:
    """The model's span made a name: whole words ("Mazar-i-Sharif" is one), starting with a capital
    ("kota Zvecan"), ending with a word, not a stop or a lower-case word ("Israel selatan"); None when
    nothing is left or the span runs over a line break."""
    doc = span.doc
    start, end = span.start, span.end
    while end < len(doc) and not doc[end - 1].whitespace_ and (doc[end].is_alpha or doc[end].text in "-'’") \
            and not (doc[end].ent_iob_ == "B" and doc[end - 2].text[:1].isupper()):  # "TNI-Polri" is two names
        end += 1  # the tokenizer split a hyphenated or apostrophised word the model cut in two
    while start > 1 and doc[start - 1].text in ("-", "'", "’") and not doc[start - 1].whitespace_ \
            and not doc[start - 2].whitespace_ and doc[start - 2].is_alpha and not doc[start - 2].is_upper \
            and not lexicon.countries()[0].get(doc[start - 2].text):
        start -= 2  # ... or kept only its second half: "[Horta]" of "Ramos-Horta" (but "AS-[China]" is a pair)
    while start < end and not (doc[start].text[:1].isupper() or doc[start].text[:1].isdigit()):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].is_punct and doc[end - 1].text not in ")"
                           or doc[end - 1].is_alpha and doc[end - 1].text.islower() and end - 1 > start
                           and doc[end - 2].text not in "-'’"):
        end -= 1
    if end > start + 1 and doc[end - 1].text == ")" and "(" not in doc[start:end].text:
        end -= 1  # "Joko Widodo (Jokowi)": the model's "Jokowi)" without its opening bracket
    if end <= start or any("\n" in t.text for t in doc[start:end]):
        return None
    if (start, end) == (span.start, span.end):
        return span
    return Span(doc, start, end, label=span.label)


def _in_title_case_line(span: Span) -> bool:
    return title_case_line(span.doc._.kg_text, span.start_char)


def title_case_line(text: str, at: int) -> bool:
    """Is the line holding character `at` a headline-like Title Case line?"""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return title_case(text[start:end if end >= 0 else len(text)])


def title_case(line: str) -> bool:
    """A headline-like line: most of its longer words capitalised and no full stop at its end."""
    words = [w for w in re.findall(r"[^\W\d_]{4,}", line)]
    if len(words) < 3 or line.rstrip().endswith((".", "?\"", ".\"", ".”")):
        return False
    return sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def model_mention(span: Span, kind: str, key: str, name: str, **extra) -> Mention:
    """A candidate mention made from a model span (components add what they know to it)."""
    return Mention(span.start_char, span.end_char, span.text, kind, key, name, SOURCE, **extra)


#: a name that is an acronym by its look: "KKB", "TNI-AU", "UNAMID"
ACRONYM = re.compile(r"[A-Z][A-Z0-9&.-]{1,11}")

