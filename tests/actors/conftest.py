"""Shared fixtures: the hand-made TriG projected once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.actors.projection import project
from kg.store import open_store

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "actors" / "small.trig"
KG = "https://w3id.org/kg-news/id/"


@pytest.fixture(scope="session")
def projected():
    """The full projection of tests/fixtures/actors/small.trig (do not mutate)."""
    return project(open_store(FIXTURE))
