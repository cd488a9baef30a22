"""A SPARQL tokenizer faithful enough to find keywords: for binding saved queries and for the server's checks.

Strings, IRIs, comments, variables and prefixed names are recognised first, so the word
WHERE or SERVICE inside any of them is not a keyword. It does not parse: kg.saved_queries
uses it to find where a WHERE group starts, server.safety to refuse SERVICE/LOAD and
measure nesting before a query reaches the engine.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Token:
    """One SPARQL terminal: kind is iri, string, var, pname, bnode, word, number, punct, other."""

    kind: str
    text: str
    start: int
    end: int


_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_TOKEN = re.compile(
    rf"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|{_UCHAR})*>)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*(?:\"\"\"|$)
             |'''(?:[^'\\]|\\.|'(?!''))*(?:'''|$)
             |"(?:[^"\\\n\r]|\\.)*(?:"|$)
             |'(?:[^'\\\n\r]|\\.)*(?:'|$))
  | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)
  | (?P<bnode>_:[\w.\-]*\w|_:\w)
  | (?P<pname>(?:[^\W\d_][\w.\-]*)?:(?:(?:[\w:%\-]|\\[^\s]|\.(?=[\w:%\-\\]))*))
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<number>[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?))
  | (?P<word>[^\W\d][\w]*)
  | (?P<punct>\^\^|<=|>=|!=|&&|\|\||<<|>>|[{{}}()\[\],;.*/+\-=<>!|^?])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


def tokenize(text: str) -> Iterator[Token]:
    """SPARQL terminals without whitespace or comments, faithful enough to find keywords.

    Strings (all four quote forms), IRIs (with \\u escapes), comments, variables and
    prefixed names are recognised first, so a keyword inside any of them is not a keyword.
    """
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind in ("ws", "comment"):
            continue
        yield Token(kind, m.group(), m.start(), m.end())


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def decode_escapes(text: str) -> str:
    """SPARQL codepoint escapes (\\uXXXX) resolved, as the spec processes them before parsing."""
    def sub(m: re.Match) -> str:
        try:
            return chr(int(m.group(1) or m.group(2), 16))
        except (ValueError, OverflowError):
            return m.group()
    return _ESCAPE.sub(sub, text)
