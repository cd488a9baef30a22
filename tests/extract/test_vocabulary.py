"""The gazetteers come from libraries (pycountry, CLDR, GeoNames) plus our data files."""

from __future__ import annotations

import pytest

from kg import lexicon
from kg.nlp.numbers import parse_number


@pytest.mark.parametrize(
    ("name", "iso"),
    [("Belarusia", "BY"), ("Kirgizstan", "KG"), ("Amerika Serikat", "US"), ("AS", "US"), ("Rusia", "RU"),
     ("Maladewa", "MV"), ("Tiongkok", "CN"), ("Selandia Baru", "NZ"), ("Jerman", "DE"), ("Germany", "DE"),
     ("Pantai Gading", "CI")],
)
def test_country_names_from_cldr_and_data(name, iso):
    index, _, _ = lexicon.countries()
    assert index.get(name) == iso


def test_short_country_names_need_exact_case():
    index, _, _ = lexicon.countries()
    assert index.get("As") is None and index.get("as") is None


@pytest.mark.parametrize(("name", "canonical"), [("Nur-Sultan", "Astana"), ("Nursultan", "Astana"),
                                                  ("Almaty", "Almaty"), ("Kigali", "Kigali")])
def test_city_spellings_resolve_to_one_geonames_city(name, canonical):
    assert lexicon.cities()[lexicon.normkey(name)].name == canonical


@pytest.mark.parametrize("word", ["Bahwa", "Pasukan", "Selasa", "Namun", "Presiden", "Menteri", "Mei"])
def test_no_city_is_named_after_a_common_or_vocabulary_word(word):
    assert lexicon.normkey(word) not in lexicon.cities()


@pytest.mark.parametrize(("text", "value"), [("2.500", 2500), ("1.000", 1000), ("88", 88), ("dua", 2),
                                             ("dua ribu", 2000), ("1,5 juta", 1_500_000), ("seribu", 1000)])
def test_numbers_as_news_writes_them(text, value):
    assert parse_number(text) == value
