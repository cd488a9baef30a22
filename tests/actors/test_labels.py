"""Labels in one language: English names of institutions and countries, and only where kg knows them."""

from __future__ import annotations

import pytest

from kg import lexicon
from kg.actors.labels import english_names, institution, label


@pytest.mark.parametrize("name, english", [
    ("Kementerian Luar Negeri Rusia", "Ministry of Foreign Affairs of Russia"),
    ("kementerian pertahanan", "Ministry of Defence"),
    ("Pasukan Perdamaian PBB di Lebanon", "UN Peacekeeping Force in Lebanon"),
    ("Markas Besar TNI", "TNI Headquarters"),
    ("Kedutaan Besar AS di Jakarta", "Embassy of the United States in Jakarta"),
    ("Kedubes RI di Moskow", "Embassy of Indonesia in Moscow"),
    ("Pasukan Khusus Belarusia", "Special Forces of Belarus"),
    ("Kementerian Luar Negeri Uni Soviet", "Ministry of Foreign Affairs of the Soviet Union"),
    ("Dewan Keamanan Nasional Amerika Serikat", "National Security Council of the United States"),
    ("Pemerintah Rwanda", "Government of Rwanda"),
    ("KBRI Bangkok", "Embassy of Indonesia in Bangkok"),
    ("Kementerian Kesehatan Gaza", "Ministry of Health of Gaza"),
    ("Juru Bicara Kementerian Luar Negeri Rusia", "Spokesperson of the Ministry of Foreign Affairs of Russia"),
])
def test_generic_institutions_get_english_names(name, english):
    assert institution(name) == english


@pytest.mark.parametrize("name", [
    "Polri", "TNI", "Kopassus",  # proper names: organisations.tsv's, as they are
    "Kementerian Pertahanan Nasional",  # a word the table does not know: no half-translation
    "Pasukan Garuda", "Kementerian", "Dewan Keamanan PBB di Perbatasan", "Markas Besar TNI di", "KBRI Perbatasan",
])
def test_names_not_wholly_understood_stay_untranslated(name):
    assert institution(name) is None


def test_picture_labels_use_the_translation_only_in_english():
    node = {"type": "Organisation", "label": "Markas Besar TNI", "short": "Markas Besar TNI", "names": []}
    assert label(node, "en") == "TNI Headquarters"
    assert label(node, "id") == "Markas Besar TNI"
    polri = {"type": "Organisation", "label": "Polri", "names": ["Kepolisian Negara Republik Indonesia"]}
    assert label(polri, "en") == "POLRI"


def test_english_names_for_search():
    assert english_names({"type": "Country", "iso": "su"}) == ["Soviet Union"]
    assert english_names({"type": "Organisation", "label": "Perserikatan Bangsa-Bangsa"}) == ["United Nations", "UN"]
    assert english_names({"type": "Organisation", "label": "Kementerian Pertahanan Rusia"}) == [
        "Ministry of Defence of Russia"]
    assert english_names({"type": "Person", "label": "Kassym-Jomart Tokayev"}) == []


def test_country_names_are_common_names_without_commas_or_brackets():
    _, indonesian, english = lexicon.countries()
    assert (english["SU"], english["KR"], english["IR"], english["TW"], english["CD"]) == (
        "Soviet Union", "South Korea", "Iran", "Taiwan", "Democratic Republic of the Congo")
    assert (indonesian["SU"], indonesian["CD"], indonesian["MM"]) == ("Uni Soviet", "Republik Demokratik Kongo",
                                                                       "Myanmar")
    odd = {code: name for names in (indonesian, english) for code, name in names.items()
           if any(c in name for c in ",()&") or name.startswith("St.")}
    assert not odd
    assert lexicon.countries()[0].get("Soviet Union") == "SU"
