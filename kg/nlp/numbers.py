"""Reading Indonesian numbers: "2.500" is 2500, "dua" is 2, "1,5 juta" is 1500000."""

from __future__ import annotations

import re

from kg import lexicon

#: the data files number reading uses, by config key of the components that read numbers
NUMBER_FILES = {"numbers_file": "quantities.tsv", "numbers_patterns_file": "patterns/numbers.tsv"}
DIGITS = re.compile(r"(\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?)(?:\s+(\w+))?")


class Numbers:
    """Numbers as news writes them, in digits or words, from the number and scale words of a data file."""

    def __init__(self, numbers_file: str, numbers_patterns_file: str) -> None:
        self.words: dict[str, int] = {}
        self.scales: dict[str, int] = {}
        for kind, word, value in lexicon.rows(numbers_file):
            if kind == "number":
                self.words[word] = int(value)
            elif kind == "scale":
                self.scales[word] = int(value)
        p = lexicon.patterns(numbers_patterns_file)
        self.prefix = p["scale_prefix"]
        word = lexicon.alternation(set(self.words) - {self.prefix})
        scale = lexicon.alternation(self.scales)
        #: a regex (no groups) for a number: "2.500", "1,5 juta", "dua puluh", "seratus"
        self.pattern = (rf"(?:\d{{1,3}}(?:\.\d{{3}})+|\d+(?:,\d+)?|(?:{word})(?:[ \t]+(?:{word}))?)"
                        rf"(?:[ \t]+(?:{scale}))?|(?:{self.prefix}{p['prefixed_scales']})")

    def parse(self, text: str) -> int | None:
        """The value of a number as news writes it, or None."""
        nums, scales = self.words, self.scales
        text = text.strip().lower()
        m = DIGITS.fullmatch(text)
        if m:
            digits = m.group(1)
            value = float(digits.replace(",", ".")) if "," in digits else int(digits.replace(".", ""))
            scale = scales.get(m.group(2) or "", 1)
            return int(round(value * scale))
        total, current = 0, 0
        cut = len(self.prefix)
        for w in text.split():
            if w in nums:
                current += nums[w]
            elif w.startswith(self.prefix) and w[cut:] in scales:
                current += scales[w[cut:]]
            elif w in scales:
                current = (current or 1) * scales[w]
                if scales[w] >= 1000:
                    total, current = total + current, 0
            else:
                return None
        value = total + current
        return value or None


@lexicon.loader
def numbers(numbers_file: str = NUMBER_FILES["numbers_file"],
            numbers_patterns_file: str = NUMBER_FILES["numbers_patterns_file"]) -> Numbers:
    """The number reader of these data files, built once per process."""
    return Numbers(numbers_file, numbers_patterns_file)


def parse_number(text: str) -> int | None:
    """The value of a number as news writes it, by the default data files."""
    return numbers().parse(text)
