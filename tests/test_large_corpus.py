"""A large corpus of realistic articles builds into a graph that satisfies the shapes.

Whatever an article says, the build must not fail validation: real news sentences mixed with
deployment and statement sentences (some of them quoting nothing but punctuation) once ended
in Statements with an empty kg:text and Deployments with two start dates.
"""

from __future__ import annotations

import pytest

from kg.articles import read_article
from kg.build import run_build
from tests.support.generated_corpus import write_corpus

pytestmark = pytest.mark.slow


def test_a_large_generated_corpus_builds_valid(tmp_path):
    paths = write_corpus(tmp_path / "in", articles=200)
    report = run_build([read_article(p) for p in paths], tmp_path / "out", with_store=False)
    assert report.articles == 200
    assert report.counts["Deployment"] > 10 and report.counts["Statement"] > 100
    assert report.conforms, report.validation_text
