"""make_nlp(): the Indonesian news pipeline, a blank spaCy "id" with our components."""

from __future__ import annotations

import spacy
from spacy.language import Language

from kg.nlp import (  # noqa: F401  (each import registers a component factory)
    deployments,
    entities,
    gazetteer,
    organisations,
    persons,
    places,
    quantities,
    relations,
    sentences,
    statements,
    temporal,
    tokenizer,
)
from kg.nlp.names import add_name_finder

#: the components in order; each reads the layers the earlier ones wrote
COMPONENTS = [
    "kg_sentences",
    "kg_gazetteer",
    "kg_organisations",
    "kg_places",
    "kg_persons",
    "kg_entities",
    "kg_temporal",
    "kg_quantities",
    "kg_statements",
    "kg_deployments",
    "kg_relations",
]


TOKENIZER = {"nlp": {"tokenizer": {"@tokenizers": "kg.indonesian_news_tokenizer.v1"}}}


def make_nlp(config: dict[str, dict] | None = None, *, pos: bool = False, names: bool = True) -> Language:
    """A blank Indonesian pipeline with our components; `config` maps a component to its settings.

    `names=True` (the default) sources the trained name finder (tok2vec + ner, kg/models/ner_id)
    before the gazetteer; `names=False` leaves the rules alone, the baseline scripts/eval_ner.py
    measured. `pos=True` adds the shipped part-of-speech tagger (`kg_pos`) first, so that name finders can
    accept a lone proper noun as a speaker ("Houthi" stays out: it is a known organisation).
    """
    config = config or {}
    nlp = spacy.blank("id", config=TOKENIZER)
    if pos:
        from kg.nlp import pos as _pos  # noqa: F401  (registers kg_pos; loads the model on first use)

        nlp.add_pipe("kg_pos", config=config.get("kg_pos", {}))
    for name in COMPONENTS:
        nlp.add_pipe(name, config=config.get(name, {}))
    if names:
        add_name_finder(nlp, config.get("ner", {}).get("model_path"), before="kg_gazetteer")
    return nlp
