"""The pipeline's order and data: spaCy checks what each component requires against what earlier ones assign."""

from __future__ import annotations

import spacy

from kg import lexicon
from kg.nlp.pipeline import COMPONENTS, TOKENIZER


def test_make_nlp_has_every_layer_before_it_is_read(nlp):
    problems = nlp.analyze_pipes()["problems"]
    assert not any(problems.values()), problems


def test_a_component_before_the_layer_it_reads_is_reported():
    # kg_entities last: the statements, deployments and relations before it read mentions nobody has made yet
    misordered = spacy.blank("id", config=TOKENIZER)
    for name in [c for c in COMPONENTS if c != "kg_entities"] + ["kg_entities"]:
        misordered.add_pipe(name)
    problems = misordered.analyze_pipes()["problems"]
    for name in ("kg_statements", "kg_deployments", "kg_relations"):
        assert "doc._.kg_mentions" in problems[name]
    assert problems["kg_entities"] == []


def test_every_component_reads_its_data_files_through_its_config(nlp):
    for name in COMPONENTS:
        files = {k: v for k, v in nlp.config["components"][name].items() if k.endswith("_file")}
        assert files or name == "kg_entities", f"{name} names no data file in its config"
        for key, file in files.items():
            assert (lexicon.DATA / file).is_file(), f"{name}.{key}: kg/data/{file} is missing"
