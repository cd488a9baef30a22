"""Saved SPARQL queries (`queries/*.rq`): their headers, and binding their parameters safely.

A saved query starts with a comment header that the CLI, `/queries.json` and the web UI
all read::

    # title: Statements by one actor
    # description: Who said what and when, with the evidence sentence.
    # param: actor — an actor's name or IRI (default Tokayev)

Parameters are bound by injecting ``VALUES ?actor { <term> }`` at the start of the
outermost WHERE group, where the term is built by pyoxigraph (so it is an escaped
literal or a validated IRI), never by pasting user text into SPARQL. The injection
point is found with the SPARQL tokenizer of kg.sparql_lexer, so
braces or the word WHERE inside strings, IRIs or comments cannot move it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.ns import PREFIXES
from kg.resources import query_folder
from kg.sparql_lexer import tokenize

#: Where the shipped queries live (kg.resources finds them); KG_QUERIES_DIR overrides.
DEFAULT_DIR = query_folder()

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_HEADER = re.compile(r"^#\s*([A-Za-z][\w-]*)\s*:\s*(.*)$")
_PARAM = re.compile(r"^([A-Za-z_]\w*)\s*(?:[—–]|--?|:)?\s*(.*)$")
_DEFAULT = re.compile(r"\(\s*default\s*:?\s*(.*?)\s*\)\s*$", re.IGNORECASE)


class SavedQueryError(Exception):
    """A saved query that cannot be found, read or bound; the message says which and why."""


@dataclass(frozen=True)
class Param:
    """One `# param:` line: a variable the caller may bind."""

    name: str
    description: str = ""
    default: str | None = None


@dataclass(frozen=True)
class SavedQuery:
    """A parsed `.rq` file."""

    name: str
    title: str
    description: str
    text: str
    params: tuple[Param, ...] = ()
    path: Path | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def internal(self) -> bool:
        """`# internal: yes` marks a query kg itself runs (the actor projection): not offered as an example."""
        return self.extra.get("internal", "").strip().lower().startswith(("yes", "true"))

    def as_json(self) -> dict:
        """What `/queries.json` lists for this query."""
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "params": [{"name": p.name, "description": p.description, "default": p.default}
                       for p in self.params],
            "query": self.text,
        }


# --------------------------------------------------------------------------- headers

def parse(text: str, name: str, path: Path | None = None) -> SavedQuery:
    """Read the comment header of a saved query (continuation lines start with `#   `)."""
    fields: dict[str, str] = {}
    params: list[Param] = []
    last: str | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if not line.startswith("#"):
            break
        m = _HEADER.match(line)
        if m:
            key, value = m.group(1).lower(), m.group(2).strip()
            if key == "param":
                params.append(_parse_param(value, name))
            else:
                fields[key] = value
            last = key
        elif last is not None and raw.startswith("#  "):
            more = line.lstrip("#").strip()
            if last == "param":
                p = params[-1]
                params[-1] = _parse_param(f"{p.name} — {_param_text(p)} {more}", name)
            else:
                fields[last] = f"{fields[last]} {more}".strip()
    title = fields.pop("title", "") or name
    description = fields.pop("description", "")
    return SavedQuery(name, title, description, text, tuple(params), path, fields)


def _param_text(p: Param) -> str:
    return p.description + (f" (default {p.default})" if p.default is not None else "")


def _parse_param(value: str, query_name: str) -> Param:
    m = _PARAM.match(value)
    if not m:
        raise SavedQueryError(f"saved query {query_name!r}: cannot read the parameter line {value!r}")
    pname, rest = m.group(1), m.group(2).strip()
    default = None
    d = _DEFAULT.search(rest)
    if d:
        default = d.group(1)
        rest = rest[: d.start()].rstrip()
    return Param(pname, rest, default)


def directory(path: str | Path | None = None) -> Path:
    """The saved-query folder: `path`, else $KG_QUERIES_DIR, else the shipped `queries/`."""
    return Path(path or os.environ.get("KG_QUERIES_DIR") or DEFAULT_DIR)


def load_all(path: str | Path | None = None) -> list[SavedQuery]:
    """Every saved query in the folder, sorted by name (an empty list when the folder is missing)."""
    folder = directory(path)
    if not folder.is_dir():
        return []
    return [load_file(p) for p in sorted(folder.glob("*.rq"))]


def load_file(path: str | Path) -> SavedQuery:
    """Parse one `.rq` file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SavedQueryError(f"{p}: cannot read the saved query: {exc}") from exc
    return parse(text, p.stem, p)


def get(name: str, path: str | Path | None = None) -> SavedQuery:
    """The saved query called `name` (the file stem); the error lists the names there are."""
    if not _NAME.match(name):
        raise SavedQueryError(f"{name!r} is not a saved query name (letters, digits, '-' and '_')")
    p = directory(path) / f"{name}.rq"
    if not p.is_file():
        names = ", ".join(q.name for q in load_all(path)) or "none"
        raise SavedQueryError(f"no saved query called {name!r}; there are: {names}")
    return load_file(p)


def names(path: str | Path | None = None) -> list[str]:
    """The names of every saved query."""
    return [q.name for q in load_all(path)]


# --------------------------------------------------------------------------- binding

def term_for(value: str) -> ox.NamedNode | ox.Literal:
    """What a user typed as a parameter value, as an RDF term.

    `<iri>`, `http(s)://…`/`urn:…` and `prefix:local` with one of our prefixes become
    IRIs; everything else is a plain string literal (the query decides how to match it).
    """
    v = value.strip()
    try:
        if v.startswith("<") and v.endswith(">"):
            return ox.NamedNode(v[1:-1])
        if re.match(r"^(https?|urn|file):", v):
            return ox.NamedNode(v)
        m = re.match(r"^([A-Za-z][\w-]*):(\S*)$", v)
        if m and m.group(1) in PREFIXES:
            return ox.NamedNode(PREFIXES[m.group(1)] + m.group(2))
    except ValueError as exc:
        raise SavedQueryError(f"{value!r} is not a valid IRI: {exc}") from exc
    return ox.Literal(value)


def bind(query: SavedQuery | str, values: Mapping[str, str] | None = None) -> str:
    """The query text with every parameter bound (given value, else its default).

    Values for parameters the query does not declare are refused, so a typo in
    `--param actr=…` is an error rather than a silently ignored binding. A plain
    query string (no header) accepts any variable name it actually uses.
    """
    values = dict(values or {})
    if isinstance(query, str):
        query = parse(query, "query")
    declared = {p.name: p for p in query.params}
    if declared:
        unknown = sorted(set(values) - set(declared))
        if unknown:
            raise SavedQueryError(
                f"saved query {query.name!r} has no parameter {', '.join(unknown)}; "
                f"its parameters are: {', '.join(declared)}")
    else:
        used = {t.text[1:] for t in tokenize(query.text) if t.kind == "var"}
        unknown = sorted(set(values) - used)
        if unknown:
            raise SavedQueryError(f"the query uses no variable ?{', ?'.join(unknown)}")
    bindings: dict[str, ox.NamedNode | ox.Literal] = {}
    for p in query.params:
        if p.name in values:
            bindings[p.name] = term_for(values[p.name])
        elif p.default is not None:
            bindings[p.name] = term_for(p.default)
        else:
            raise SavedQueryError(
                f"saved query {query.name!r} needs a value for {p.name!r} ({p.description})")
    for k, v in values.items():
        if k not in bindings:
            bindings[k] = term_for(v)
    return inject_values(query.text, bindings)


def inject_values(text: str, bindings: Mapping[str, ox.NamedNode | ox.Literal]) -> str:
    """Put `VALUES ?k { term }` lines right after the `{` opening the outermost WHERE group."""
    if not bindings:
        return text
    pos = where_group_start(text)
    if pos is None:
        raise SavedQueryError("cannot bind parameters: the query has no WHERE group")
    values = "".join(f"\n  VALUES ?{k} {{ {v} }}" for k, v in bindings.items())
    return text[:pos] + values + text[pos:]


def where_group_start(text: str) -> int | None:
    """Offset just after the `{` of the outermost WHERE group, or None."""
    depth = 0
    form = None
    after_where = False
    first_top_brace = None
    for t in tokenize(text):
        if t.kind == "word" and depth == 0:
            w = t.text.upper()
            if form is None and w in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE"):
                form = w
            if w == "WHERE":
                after_where = True
        elif t.kind == "punct" and t.text == "{":
            if depth == 0:
                if after_where:
                    return t.end
                if first_top_brace is None and form in ("SELECT", "ASK", "DESCRIBE"):
                    first_top_brace = t.end
            depth += 1
        elif t.kind == "punct" and t.text == "}":
            depth = max(0, depth - 1)
    return first_top_brace
