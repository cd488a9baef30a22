"""Large corpora of realistic articles for build tests: real Indonesian news sentences mixed with
deployment and statement sentences made from our own vocabularies.

The news sentences are the annotated corpora's, read from ../shared/data (never copied into the
repository); the deployment and statement sentences combine countries (pycountry via kg.lexicon),
verbs of sending and of saying, troop nouns, numbers and dates from kg/data. Same seed, same files.
"""

from __future__ import annotations

import random
from pathlib import Path

from kg import lexicon
from scripts.ner_corpora import CORPORA, DATA, sentences

DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
DATELINES = ["JAKARTA, KOMPAS.com -", "Jakarta (ANTARA) -", "TEMPO.CO, Jakarta -", "Liputan6.com, Jakarta -",
             "REPUBLIKA.CO.ID, JAKARTA --", "SINDONEWS -", ""]


def news_sentences() -> list[str]:
    if not (DATA / "ner").is_dir():
        raise FileNotFoundError(f"{DATA}/ner: the annotated corpora are missing (../shared/data beside the checkout)")
    return [s.text for c in CORPORA for split in ("train", "dev", "test") for s in sentences(c, split)]


def write_corpus(out: Path, articles: int, seed: int = 7) -> list[Path]:
    """Write `articles` files into `out`; returns their paths."""
    rng = random.Random(seed)
    news = news_sentences()
    countries = sorted({label for label in lexicon.countries()[1].values() if label.isascii() and " " not in label})
    send = [w for w, kv in lexicon.verb_table("deployment_verbs.tsv").items() if kv == "send/active"]
    said = [w for w, k in lexicon.verb_table("speech_verbs.tsv").items() if k == "reported"]
    after = [w for w, k in lexicon.verb_table("speech_verbs.tsv").items() if k == "after"]
    troops = lexicon.words("troop_nouns.txt")
    names = ["Budi Hartono", "Sri Wulan", "Taro Yamada", "Ali Rahman", "Maria Santos", "Jean Dupont"]
    titles = ["Presiden", "Menteri Luar Negeri", "Menteri Pertahanan", "Juru bicara militer", "Perdana Menteri"]
    paths = []
    out.mkdir(parents=True, exist_ok=True)
    for i in range(articles):
        a, b = rng.sample(countries, 2)
        day, d, m = rng.choice(DAYS), rng.randint(1, 28), rng.randint(1, 12)
        person = f"{rng.choice(titles)} {a} {rng.choice(names)}"
        made = [
            f"{a} {rng.choice(send)} {f'{rng.randint(2, 40) * 50:,}'.replace(',', '.')} {rng.choice(troops)} ke {b}, "
            f"{day} ({d}/{m}/2024).",
            f"{person} {rng.choice(said)} pasukan akan ditarik dalam waktu {rng.randint(2, 30)} hari.",
            f"“Kami tidak akan mundur,” {rng.choice(after)} {person.split()[-1]}.",
            f"“{rng.choice(['...', '', '?', '—'])}” {rng.choice(after)} {person.split()[-1]}.",
        ]
        body = rng.sample(news, rng.randint(6, 14)) + rng.sample(made, rng.randint(1, len(made)))
        rng.shuffle(body)
        path = out / f"{i:05d}.txt"
        path.write_text(f"{rng.choice(DATELINES)} " + "\n".join(body) + "\n", encoding="utf-8")
        paths.append(path)
    return paths
