"""A deterministic generator of large synthetic graphs in the docs/rdf-layout.md shape (and of article texts).

Benchmarks need corpora far bigger than the seed articles, shaped exactly like what
`kg build` writes (same IRIs, named graphs and properties), with the skew of real
news: a few actors are in every article, most appear once or twice (Zipf-ish). TriG
is written as text directly, because rdflib would take minutes at 20,000 articles.

    python -m bench.generate --articles 20000 --seed 1 --out /tmp/kg-20k
    python -m bench.generate --articles 1000 --texts --out /tmp/kg-texts-1k   # .txt articles for kg build
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import os
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pycountry

from kg.ns import ENTITY_GRAPH, PREFIXES, slug
from kg.store import write_store

WORDS_FILE = Path(__file__).with_name("words.json")
FIRST_DAY = date(2020, 1, 1)
DAYS = 5 * 365


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def lit(text: str) -> str:
    """A Turtle string literal (escapes quotes, backslashes and line breaks)."""
    return '"' + text.translate(_ESCAPES) + '"'


def dlit(day: date) -> str:
    return f'"{day.isoformat()}"^^xsd:date'


ID_BASE = PREFIXES["id"]


def iri(local: str) -> str:
    """A full IRI: Turtle local names cannot hold '/', which all our `id:` IRIs do."""
    return f"<{ID_BASE}{local}>"


class Zipf:
    """Draw indices 0..n-1 with weight 1/(rank+1)^s: rank 0 is the most popular."""

    def __init__(self, n: int, s: float = 1.1) -> None:
        self.cum = list(itertools.accumulate(1.0 / (r + 1) ** s for r in range(n)))

    def draw(self, rng: random.Random) -> int:
        return bisect.bisect_left(self.cum, rng.random() * self.cum[-1])

    def sample(self, rng: random.Random, k: int) -> list[int]:
        """k distinct indices (fewer when the population is smaller)."""
        k = min(k, len(self.cum))
        seen: dict[int, None] = {}
        while len(seen) < k:
            seen[self.draw(rng)] = None
        return list(seen)


@dataclass
class Actor:
    key: str  # IRI local part, e.g. person/ba-di
    label: str
    kind: str  # Person | Organisation | Country | Place
    props: list[tuple[str, str]] = field(default_factory=list)
    mentions: int = 0


@dataclass
class Deployment:
    key: str
    label: str
    props: list[tuple[str, str]]
    sources: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)


class Generator:
    """Builds the entity pools, then streams one named graph per article."""

    def __init__(self, articles: int, seed: int) -> None:
        if articles < 1:
            raise ValueError(f"--articles must be at least 1, got {articles}")
        self.n = articles
        self.rng = random.Random(seed)
        self.words = json.loads(WORDS_FILE.read_text(encoding="utf-8"))
        self.countries = self._countries()
        self.orgs, self.media, self.agencies = self._organisations()
        self.persons = self._persons()
        self.places = self._places()
        self.deployments = self._deployments()
        self.zipf = {
            "person": Zipf(len(self.persons)),
            "org": Zipf(len(self.orgs)),
            "country": Zipf(len(self.countries)),
            "place": Zipf(len(self.places)),
            "deployment": Zipf(len(self.deployments), 0.9),
        }

    # ---- entity pools -------------------------------------------------------------
    def _name(self, syllables: int) -> str:
        return "".join(self.rng.choice(self.words["syllables"]) for _ in range(syllables)).capitalize()

    def _unique(self, prefix: str, base: str, taken: set[str]) -> str:
        key, n = f"{prefix}/{slug(base)}", 2
        while key in taken:
            key, n = f"{prefix}/{slug(base)}-{n}", n + 1
        taken.add(key)
        return key

    def _countries(self) -> list[Actor]:
        countries = sorted(pycountry.countries, key=lambda c: c.alpha_2)
        self.rng.shuffle(countries)  # popularity rank is random but seeded
        out = []
        for c in countries:
            a = Actor(f"country/{c.alpha_2.lower()}", c.name, "Country", [("kg:iso3166", lit(c.alpha_2))])
            official = getattr(c, "official_name", None)
            if official and official != c.name:
                a.props.append(("skos:altLabel", lit(official)))
            out.append(a)
        return out

    def _organisations(self) -> tuple[list[Actor], list[Actor], list[Actor]]:
        taken: set[str] = set()
        def org(name: str) -> Actor:
            return Actor(self._unique("organisation", name, taken), name, "Organisation")

        media = [org(m) for m in self.words["media"]]
        agencies = [org(a) for a in self.words["agencies"]]
        orgs = []
        for _ in range(max(20, self.n // 15)):
            country = self.rng.choice(self.countries)
            name = f"{self.rng.choice(self.words['org_kinds'])} {country.label}"
            acronym = "".join(w[0] for w in name.split() if w[0].isupper())[:6] + self._name(1).upper()[:2]
            org = Actor(self._unique("organisation", acronym, taken), name, "Organisation")
            org.props.append(("kg:acronym", lit(acronym)))
            org.props.append(("kg:ledBy" if self.rng.random() < 0.3 else "kg:country", iri(country.key)))
            orgs.append(org)
        for country in self.countries:  # alliances: some countries are members of some orgs
            if self.rng.random() < 0.3:
                alliance = self.rng.choice(orgs[: max(5, len(orgs) // 10)])
                country.props.append(("kg:memberOf", iri(alliance.key)))
        return orgs + media + agencies, media, agencies

    def _persons(self) -> list[Actor]:
        taken: set[str] = set()
        out = []
        for _ in range(max(50, self.n // 4)):
            first, last = self._name(self.rng.randint(2, 3)), self._name(self.rng.randint(2, 3))
            name = f"{first} {last}"
            p = Actor(self._unique("person", name, taken), name, "Person")
            p.props.append(("skos:altLabel", lit(last)))
            p.props.append(("kg:role", lit(self.rng.choice(self.words["roles"]))))
            target = self.rng.choice(self.countries if self.rng.random() < 0.6 else self.orgs)
            p.props.append(("kg:affiliation", iri(target.key)))
            out.append(p)
        return out

    def _places(self) -> list[Actor]:
        taken: set[str] = set()
        out = []
        for _ in range(max(20, self.n // 40)):
            name = self._name(self.rng.randint(2, 4))
            p = Actor(self._unique("place", name, taken), name, "Place")
            p.props.append(("kg:locatedIn", iri(self.rng.choice(self.countries).key)))
            p.props.append(("kg:geonamesId", lit(str(self.rng.randint(100000, 9999999)))))
            out.append(p)
        return out

    def _deployments(self) -> list[Deployment]:
        taken: set[str] = set()
        out = []
        for _ in range(max(5, self.n // 50)):
            sender = self.rng.choice(self.orgs[:40] + self.countries[:30])
            dest = self.rng.choice(self.countries)
            key = self._unique("deployment", f"{sender.key.split('/')[1]}--{dest.key.split('/')[1]}", taken)
            troops = self.rng.choice([50, 120, 300, 800, 1500, 2500, 4000, 10000])
            qi = self.rng.randrange(len(self.words["qualifiers"]))
            start = FIRST_DAY + timedelta(days=self.rng.randrange(DAYS - 60))
            props = [
                ("kg:deployedBy", iri(sender.key)),
                ("kg:destination", iri(dest.key)),
                ("kg:troopCount", str(troops)),
                ("kg:troopCountQualifier", lit(self.words["qualifiers"][qi])),
                ("kg:troopCountText", lit(f"{self.words['count_words'][qi]} {troops:,}".replace(",", "."))),
                ("kg:startDate", dlit(start)),
            ]
            places_in = [p for p in self.places if p.props[0][1] == iri(dest.key)]
            if places_in:
                props.append(("kg:destination", iri(places_in[0].key)))
            for c in self.rng.sample(self.countries[:60], self.rng.randint(1, 4)):
                props.append(("kg:contributor", iri(c.key)))
            if self.rng.random() < 0.5:
                props.append(("kg:withdrawalStart", dlit(start + timedelta(days=self.rng.randint(7, 40)))))
                props.append(("kg:withdrawalEnd", dlit(start + timedelta(days=self.rng.randint(41, 60)))))
            out.append(Deployment(key, f"{sender.label} → {dest.label}", props))
        return out

    # ---- articles -----------------------------------------------------------------
    def article(self, i: int) -> str:
        """One article's named graph as TriG text; also updates mention counts and deployments."""
        rng, w = self.rng, self.words
        stem = f"{i:06d}_{rng.getrandbits(64):016x}"
        a_slug = slug(stem)
        art = iri(f"article/{a_slug}")
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        persons = [self.persons[j] for j in self.zipf["person"].sample(rng, rng.randint(1, 5))]
        orgs = [self.orgs[j] for j in self.zipf["org"].sample(rng, rng.randint(1, 3))]
        countries = [self.countries[j] for j in self.zipf["country"].sample(rng, rng.randint(1, 4))]
        place = self.places[self.zipf["place"].draw(rng)]
        mentioned = persons + orgs + countries + [place]
        for m in mentioned:
            m.mentions += 1

        body: list[str] = []
        offset = 0
        triples: list[str] = []

        def sentence(text: str) -> tuple[int, int]:
            nonlocal offset
            start = offset
            body.append(text)
            offset += len(text) + 1  # sentences are joined by one space
            return start, start + len(text)

        def evidence(text: str) -> str:
            start, end = sentence(text)
            ev = iri(f"evidence/{a_slug}/{start}-{end}")
            triples.append(
                f"{ev} a kg:Evidence ; kg:sentence {lit(text)} ; kg:startChar {start} ; "
                f"kg:endChar {end} ; kg:source {art} ."
            )
            return ev

        sentence(rng.choice(w["filler"]))
        if rng.random() < 0.35:
            dep = self.deployments[self.zipf["deployment"].draw(rng)]
            count_text = next(v for p, v in dep.props if p == "kg:troopCountText").strip('"')
            ev = evidence(f"{count_text} personel dikirim dalam operasi {dep.label}.")
            dep.sources.append(art)
            dep.evidence.append(ev)
        for n in range(1, rng.randint(1, 5) + 1):
            speaker = rng.choice(persons)
            topic, claim = rng.choice(w["topics"]), rng.choice(w["claims"])
            verb = rng.choice(w["speech_verbs"])
            text = f"{topic.capitalize()} {claim}"
            quote = rng.random() < 0.7
            last = speaker.label.split()[-1]
            said = f"“{text},” {verb} {last}." if quote else f"{last} mengatakan {text}."
            ev = evidence(said)
            st = iri(f"statement/{a_slug}/{n}")
            parts = [
                f"{st} a kg:Statement",
                f"kg:speaker {iri(speaker.key)}",
                f"kg:text {lit(text)}",
                f"kg:isDirectQuote {'true' if quote else 'false'}",
                f"kg:date {dlit(day)}",
                f"kg:speechVerb {lit(verb)}",
                f"kg:source {art}",
                f"kg:evidence {ev}",
            ]
            others = [m for m in mentioned if m is not speaker]
            for about in rng.sample(others, min(len(others), rng.randint(0, 2))):
                parts.append(f"kg:about {iri(about.key)}")
            if len(persons) > 1 and rng.random() < 0.2:
                parts.append(f"kg:respondsTo {iri(next(p for p in persons if p is not speaker).key)}")
            if rng.random() < 0.2:
                parts.append(f"kg:quotedBy {iri(rng.choice(self.media).key)}")
            triples.append(" ;\n    ".join(parts) + " .")
            sentence(rng.choice(w["filler"]))

        head = [
            f"{art} a kg:Article",
            f"rdfs:label {lit(stem)}",
            f"kg:fileName {lit(stem + '.txt')}",
            f"schema:publisher {iri(rng.choice(self.media).key)}",
            f"kg:datelinePlace {iri(place.key)}",
            f"schema:datePublished {dlit(day)}",
            "schema:mentions " + " , ".join(iri(m.key) for m in mentioned),
            f"schema:articleBody {lit(' '.join(body))}",
            f"kg:sha256 {lit(f'{rng.getrandbits(256):064x}')}",
        ]
        if rng.random() < 0.4:
            head.append(f"kg:sourceAgency {iri(rng.choice(self.agencies).key)}")
        graph = iri(f"graph/article/{a_slug}")
        return f"{graph} {{\n" + " ;\n    ".join(head) + " .\n" + "\n".join(triples) + "\n}\n"

    def entity_graph(self) -> str:
        lines = [f"<{ENTITY_GRAPH}> {{"]
        for a in itertools.chain(self.countries, self.orgs, self.persons, self.places):
            props = [f"{iri(a.key)} a kg:{a.kind}", f"rdfs:label {lit(a.label)}"]
            props += [f"{p} {o}" for p, o in a.props]
            if a.mentions:
                props.append(f"kg:mentionCount {a.mentions}")
            lines.append(" ;\n    ".join(props) + " .")
        for d in self.deployments:
            props = [f"{iri(d.key)} a kg:Deployment", f"rdfs:label {lit(d.label)}"]
            props += [f"{p} {o}" for p, o in d.props]
            if d.sources:
                props.append("kg:source " + " , ".join(dict.fromkeys(d.sources)))
                props.append("kg:evidence " + " , ".join(d.evidence))
            lines.append(" ;\n    ".join(props) + " .")
        lines.append("}\n")
        return "\n".join(lines)


def write_trig(gen: Generator, path: Path) -> None:
    """Stream the articles, then the entity graph (mention counts are known only then)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".graph-", suffix=".trig", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            for p in ("kg", "schema", "rdfs", "skos", "xsd"):
                out.write(f"@prefix {p}: <{PREFIXES[p]}> .\n")
            out.write("\n")
            for i in range(gen.n):
                out.write(gen.article(i))
            out.write(gen.entity_graph())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def generate(articles: int, seed: int, out: Path, *, store: bool = True) -> dict:
    """Write OUT/graph.trig (and OUT/store unless store=False); returns what was written."""
    t0 = time.perf_counter()
    gen = Generator(articles, seed)
    trig = Path(out) / "graph.trig"
    write_trig(gen, trig)
    t1 = time.perf_counter()
    if store:
        write_store(Path(out) / "store", trig)
    info = {
        "articles": articles,
        "seed": seed,
        "persons": len(gen.persons),
        "organisations": len(gen.orgs),
        "countries": len(gen.countries),
        "places": len(gen.places),
        "deployments": len(gen.deployments),
        "trig_bytes": trig.stat().st_size,
        "seconds_trig": round(t1 - t0, 2),
        "seconds_store": round(time.perf_counter() - t1, 2),
    }
    return info


# --------------------------------------------------------------------------- article texts (for kg build)

DAY_NAMES = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
DATELINES = ["JAKARTA, KOMPAS.com -", "Jakarta (ANTARA) -", "TEMPO.CO, Jakarta -", "Liputan6.com, Jakarta -",
             "REPUBLIKA.CO.ID, JAKARTA --", ""]


def news_sentences() -> list[str]:
    """Real Indonesian news sentences: the annotated corpora in ../shared/data (read there, never copied)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from scripts.ner_corpora import CORPORA, DATA, sentences

    if not (DATA / "ner").is_dir():
        raise SystemExit(f"generate: {DATA}/ner is missing: the real news sentences come from ../shared/data")
    return [s.text for c in CORPORA if c != "nerp" for split in ("train", "dev", "test") for s in sentences(c, split)]


class ArticleTexts:
    """Article files: real news sentences around deployment and statement sentences about Zipf-popular
    actors (names from words.json syllables, countries, verbs and troop nouns from kg/data), so that
    resolution, year borrowing (some articles give no year) and duplicates (some files repeat another's
    text, as syndicated copies do) all have work to do. Same arguments, same files."""

    def __init__(self, articles: int, seed: int, *, undated: float = 0.05, copies: float = 0.01) -> None:
        from kg import lexicon

        self.n, self.undated, self.copies = articles, undated, copies
        self.rng = random.Random(seed)
        self.words = json.loads(WORDS_FILE.read_text(encoding="utf-8"))
        self.news = news_sentences()
        self.countries = sorted({label for label in lexicon.countries()[1].values()
                                 if label.isascii() and " " not in label})
        self.rng.shuffle(self.countries)
        self.send = sorted(w for w, kv in lexicon.verb_table("deployment_verbs.tsv").items() if kv == "send/active")
        self.said = sorted(w for w, k in lexicon.verb_table("speech_verbs.tsv").items() if k == "reported")
        self.after = sorted(w for w, k in lexicon.verb_table("speech_verbs.tsv").items() if k == "after")
        self.troops = sorted(lexicon.words("troop_nouns.txt"))
        self.people = [f"{self._name(2)} {self._name(3)}" for _ in range(max(50, articles // 4))]
        self.zipf_people = Zipf(len(self.people))
        self.zipf_countries = Zipf(len(self.countries))

    def _name(self, syllables: int) -> str:
        return "".join(self.rng.choice(self.words["syllables"]) for _ in range(syllables)).capitalize()

    def text(self) -> str:
        rng, w = self.rng, self.words
        a, b = (self.countries[i] for i in self.zipf_countries.sample(rng, 2))
        person = self.people[self.zipf_people.draw(rng)]
        role = f"{rng.choice(w['roles'])} {a}"
        day, d, m = rng.choice(DAY_NAMES), rng.randint(1, 28), rng.randint(1, 12)
        when = f"{day} ({d}/{m})" if rng.random() < self.undated else f"{day} ({d}/{m}/{rng.choice([2023, 2024])})"
        count = f"{rng.randint(2, 40) * 50:,}".replace(",", ".")
        made = [
            f"{a} {rng.choice(self.send)} {count} {rng.choice(self.troops)} ke {b}, {when}.",
            f"{role} {person} {rng.choice(self.said)} {rng.choice(w['topics'])} {rng.choice(w['claims'])}.",
            f"“{rng.choice(w['topics']).capitalize()} {rng.choice(w['claims'])},” {rng.choice(self.after)} "
            f"{person.split()[-1]}.",
        ]
        body = rng.sample(self.news, rng.randint(8, 14)) + rng.sample(made, rng.randint(1, len(made)))
        rng.shuffle(body)
        return f"{rng.choice(DATELINES)} " + "\n".join(body) + "\n"

    def write(self, out: Path) -> list[Path]:
        """Write the files as OUT/NNNNNN.txt; returns their paths."""
        out.mkdir(parents=True, exist_ok=True)
        paths, texts = [], []
        for i in range(self.n):
            text = self.rng.choice(texts) if texts and self.rng.random() < self.copies else self.text()
            texts.append(text)
            path = out / f"{i:06d}.txt"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
        return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, required=True, help="number of articles to generate")
    ap.add_argument("--seed", type=int, default=1, help="random seed (same seed, same graph)")
    ap.add_argument("--out", type=Path, required=True, help="output folder (graph.trig and store/)")
    ap.add_argument("--no-store", action="store_true", help="write graph.trig only")
    ap.add_argument("--texts", action="store_true",
                    help="write article .txt files for `kg build` instead of a graph (OUT/NNNNNN.txt)")
    args = ap.parse_args(argv)
    if args.texts:
        paths = ArticleTexts(args.articles, args.seed).write(args.out)
        print(json.dumps({"articles": len(paths), "bytes": sum(p.stat().st_size for p in paths)}))
        return 0
    try:
        info = generate(args.articles, args.seed, args.out, store=not args.no_store)
    except ValueError as exc:
        print(f"generate: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(info, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
