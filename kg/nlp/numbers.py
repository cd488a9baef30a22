"""Reading Indonesian numbers: "2.500" is 2500, "dua" is 2, "1,5 juta" is 1500000."""

from __future__ import annotations

import re
from functools import cache

from kg import lexicon


@cache
def number_words() -> tuple[dict[str, int], dict[str, int]]:
    """(number words -> value, scale words -> multiplier) from quantities.tsv."""
    nums, scales = {}, {}
    for kind, word, value in lexicon.rows("quantities.tsv"):
        if kind == "number":
            nums[word] = int(value)
        elif kind == "scale":
            scales[word] = int(value)
    return nums, scales


def number_pattern() -> str:
    nums, scales = number_words()
    word = lexicon.alternation(set(nums) - {"se"})
    scale = lexicon.alternation(scales)
    return (rf"(?:\d{{1,3}}(?:\.\d{{3}})+|\d+(?:,\d+)?|(?:{word})(?:[ \t]+(?:{word}))?)"
            rf"(?:[ \t]+(?:{scale}))?|(?:se(?:ratus|ribu|puluh|belas))")


def parse_number(text: str) -> int | None:
    """The value of a number as news writes it, or None."""
    nums, scales = number_words()
    text = text.strip().lower()
    m = re.fullmatch(r"(\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?)(?:\s+(\w+))?", text)
    if m:
        digits = m.group(1)
        value = float(digits.replace(",", ".")) if "," in digits else int(digits.replace(".", ""))
        scale = scales.get(m.group(2) or "", 1)
        return int(round(value * scale))
    total, current = 0, 0
    for w in text.split():
        if w in nums:
            current += nums[w]
        elif w.startswith("se") and w[2:] in scales:
            current += scales[w[2:]]
        elif w in scales:
            current = (current or 1) * scales[w]
            if scales[w] >= 1000:
                total, current = total + current, 0
        else:
            return None
    value = total + current
    return value or None
