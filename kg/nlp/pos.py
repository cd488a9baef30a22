"""Part-of-speech tags for Indonesian: the ``kg_pos`` pipeline component.

Name finders want PROPN vs NOUN, so the pipeline carries a small tagger trained on nlp-id's
MIT-licensed news corpus (scripts/train_pos.py builds it into kg/models/pos_id). The tagger
predicts the corpus tag set (``token.tag_``: NNP, NN, VB, ...) and this component maps it to
Universal POS (``token.pos_``) with the pos_tag_map.json shipped beside the model.

    nlp = spacy.blank("id")
    import kg.nlp.pos  # registers the factory
    nlp.add_pipe("kg_pos")
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp import tokenizer as _tokenizer  # noqa: F401  (registers kg.indonesian_news_tokenizer.v1)

MODEL_NAME = "pos_id"
TAG_MAP_FILE = "pos_tag_map.json"
SPACE_TAG = "_SP"
FAST_TOKENIZER = {"nlp": {"tokenizer": {"@tokenizers": "kg.indonesian_news_tokenizer.v1"}}}


def default_model_path() -> Path:
    """kg/models/pos_id inside the installed kg package."""
    return Path(str(files("kg").joinpath("models", MODEL_NAME)))


@dataclass(frozen=True)
class TagMap:
    """nlp-id tag -> UPOS, with punctuation split out of the corpus's catch-all SYM tag."""

    tag_to_upos: dict[str, str]
    punct_tag: str
    punct_upos: str

    @classmethod
    def from_file(cls, path: Path) -> TagMap:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            rule = data["punct_rule"]
            return cls(dict(data["tag_to_upos"]), rule["tag"], rule["upos"])
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise ValueError(f"{path}: not a usable POS tag map ({err})") from err

    def upos(self, tag: str, is_punct: bool) -> str:
        if tag == self.punct_tag and is_punct:
            return self.punct_upos
        return self.tag_to_upos.get(tag, "X")


@lru_cache(maxsize=4)
def load_tagger(model_path: str) -> tuple[Language, TagMap]:
    """Load the tagger pipeline and its tag map once per path (components share it)."""
    path = Path(model_path)
    if not (path / "meta.json").is_file():
        raise FileNotFoundError(
            f"POS model not found at {path}: build it with "
            "`python scripts/train_pos.py <nlp-id wheel>` (see that script's docstring)"
        )
    # kg_pos tags the outer pipeline's Docs, so the inner tokenizer never runs: skip loading spaCy's
    # 16k Indonesian tokenizer exceptions (seconds per process) and use kg's lean tokenizer instead.
    inner = spacy.load(path, config=FAST_TOKENIZER, exclude=["tokenizer"])
    if "tagger" not in inner.pipe_names:
        raise ValueError(f"{path}: pipeline has no tagger (components: {inner.pipe_names})")
    return inner, TagMap.from_file(path / TAG_MAP_FILE)


class PosTagger:
    """Runs the shipped tok2vec + tagger on the outer pipeline's Docs and sets tag_ and pos_."""

    def __init__(self, nlp: Language, name: str, model_path: str | None) -> None:
        if nlp.lang != "id":
            raise ValueError(f"kg_pos tags Indonesian: the pipeline's language is {nlp.lang!r}, not 'id'")
        self.name = name
        path = Path(model_path) if model_path else default_model_path()
        self.inner, self.tag_map = load_tagger(str(path.resolve()))
        # The tagger writes tag hashes; the outer vocab must be able to turn them back into strings.
        for label in self.inner.get_pipe("tagger").labels:
            nlp.vocab.strings.add(label)
        nlp.vocab.strings.add(SPACE_TAG)

    def __call__(self, doc: Doc) -> Doc:
        return self._set_pos(self.inner(doc))

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        for doc in self.inner.pipe(stream, batch_size=batch_size):
            yield self._set_pos(doc)

    def _set_pos(self, doc: Doc) -> Doc:
        for token in doc:
            if token.is_space:  # spaCy's convention for whitespace tokens; no corpus tag fits them
                token.tag_, token.pos_ = SPACE_TAG, "SPACE"
            else:
                token.pos_ = self.tag_map.upos(token.tag_, token.is_punct)
        return doc


@Language.factory(
    "kg_pos",
    default_config={"model_path": None},
    assigns=["token.tag", "token.pos"],
)
def make_kg_pos(nlp: Language, name: str, model_path: str | None) -> PosTagger:
    return PosTagger(nlp, name, model_path)
