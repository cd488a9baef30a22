"""Build kg/data/common_words.txt: Indonesian words that annotators never marked as names.

    pip download --no-deps nlp-id==0.1.23.0 -d /tmp/nlpid
    .venv/bin/python scripts/build_common_words.py /tmp/nlpid/nlp_id-0.1.23.0-py3-none-any.whl

A capitalised word at the start of a sentence or in a Title Case line ("Dikutip dari ...",
"Harga Minyak Melonjak") is most often an ordinary word, and the trained name finder sometimes
takes it for a name. The words people annotated as outside every name in the train splits of
idner-news-2k (MIT), NERGrit and NERP (Apache-2.0) tell which words are ordinary: a word
is listed when it occurs at least MIN_COUNT times outside names, lower-case, and at most
MAX_NAME_SHARE of its occurrences are inside a name. The test splits are not read.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scripts.ner_corpora import CORPORA, corpus_path, read_tokens  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "kg" / "data" / "common_words.txt"
MIN_COUNT = 3
MAX_NAME_SHARE = 0.05


def pos_corpus_counts(wheel: Path) -> tuple[Counter, Counter]:
    """(ordinary, proper) occurrence counts of lower-cased words in nlp-id's dataset_postag.txt."""
    import zipfile

    ordinary, proper = Counter(), Counter()
    with zipfile.ZipFile(wheel) as zf:
        text = zf.read("nlp_id/data/dataset_postag.txt").decode("utf-8")
    for line in text.splitlines():
        word, _, tag = line.partition("\t")
        if word.isalpha() and tag:
            (proper if tag.strip() == "NNP" else ordinary)[word.lower()] += 1
    return ordinary, proper


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    outside, inside, capitalised = Counter(), Counter(), Counter()
    for corpus in CORPORA:
        for sent in read_tokens(corpus_path(corpus, "train")):
            for i, (token, tag) in enumerate(sent):
                if not token.isalpha():
                    continue
                low = token.lower()
                if tag == "O":
                    outside[low] += 1
                    if i and token[:1].isupper() and corpus != "nerp":
                        capitalised[low] += 1
                else:
                    inside[low] += 1
    words = sorted(w for w, n in outside.items()
                   if n >= MIN_COUNT and len(w) > 1 and inside[w] <= MAX_NAME_SHARE * (n + inside[w])
                   and capitalised[w] * 2 < n)
    if args:
        ordinary, proper = pos_corpus_counts(Path(args[0]))
        words = sorted(set(words) | {w for w, n in ordinary.items() if n >= MIN_COUNT and len(w) > 1
                                     and proper[w] <= MAX_NAME_SHARE * (n + proper[w]) and inside[w] <= outside[w]})
    header = ("# Ordinary Indonesian words: annotated outside every name in the train splits of idner-news-2k\n"
              "# (MIT), NERGrit and NERP (Apache-2.0), or tagged as no proper noun in nlp-id's POS corpus (MIT).\n"
              "# Built by scripts/build_common_words.py; do not edit.\n")
    OUT.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"wrote {len(words)} words to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
