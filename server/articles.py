"""An article's text with every extracted fact highlighted where it was read.

Evidence and mention offsets count characters of the article *file*; the stored body
(`schema:articleBody`) is the file without its wrapping lines, so `kg:textOffsets` says
where each run of the body starts in the file and `body_offset` maps one onto the other.
Sentences that statements and deployments were read from become highlighted spans with
an anchor (`#at-<file offset>`) that entity pages link to; names inside them link to
their node.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import pyoxigraph as ox
from markupsafe import Markup, escape

from kg import saved_queries
from kg.ns import KG, SCHEMA
from kg.store import query as run_query
from server.catalogue import UI_QUERIES, href_of

KG_OFFSETS = ox.NamedNode(str(KG.textOffsets))
ARTICLE_BODY = ox.NamedNode(str(SCHEMA.articleBody))


def parse_offsets(text: str) -> list[tuple[int, int]]:
    """'0:16 189:205' -> [(0, 16), (189, 205)]: (start in the body, start in the file) per run."""
    out = []
    for pair in text.split():
        body, _, file = pair.partition(":")
        out.append((int(body), int(file)))
    return out


def body_offset(segments: list[tuple[int, int]], file_pos: int) -> int:
    """The body offset of the character at `file_pos` of the file (identity without segments)."""
    if not segments:
        return file_pos
    files = [f for _, f in segments]
    i = max(bisect.bisect_right(files, file_pos) - 1, 0)
    body, file = segments[i]
    return body + (file_pos - file)


@dataclass
class Span:
    """One highlight: a sentence (statement/deployment evidence) or a name."""

    start: int
    end: int
    layer: str  # sentence | name
    kind: str
    links: list[tuple[str, str, str]] = field(default_factory=list)  # (href, label, kind)
    anchor: int | None = None


def _rows(st: ox.Store, name: str, article: ox.NamedNode) -> list[dict]:
    q = saved_queries.load_file(UI_QUERIES / f"{name}.rq")
    results = run_query(st, saved_queries.inject_values(q.text, {"article": article}))
    names = [v.value for v in results.variables]
    return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in results]


def spans(st: ox.Store, article: ox.NamedNode, body: str) -> list[Span]:
    """The sentence and name highlights of one article, in body offsets, checked to fit the body."""
    lit = next(iter(st.quads_for_pattern(article, KG_OFFSETS, None)), None)
    segments = parse_offsets(lit.object.value) if lit else []
    out: dict[tuple[int, int, str], Span] = {}
    for r in _rows(st, "article-evidence", article):
        start = body_offset(segments, int(r["start"]))
        end = start + (int(r["end"]) - int(r["start"]))
        kind = (r["type"] or "").rsplit("#", 1)[-1]
        if not (0 <= start < end <= len(body)) or kind not in ("Statement", "Deployment"):
            continue
        span = out.setdefault((start, end, "sentence"), Span(start, end, "sentence", kind, anchor=int(r["start"])))
        link = (href_of(r["node"]) or "", r["label"] or kind, kind)
        if link not in span.links:
            span.links.append(link)
    for r in _rows(st, "article-mentions", article):
        start = body_offset(segments, int(r["start"]))
        end = start + (int(r["end"]) - int(r["start"]))
        kind = (r["type"] or "").rsplit("#", 1)[-1] or "Other"
        if 0 <= start < end <= len(body):
            out.setdefault((start, end, "name"), Span(start, end, "name", kind,
                                                      [(href_of(r["x"]) or "", r["label"] or "", kind)]))
    return sorted(out.values(), key=lambda s: (s.start, -s.end, s.layer))


#: The mark after a highlighted sentence that links to the fact read from it.
SYMBOL = {"Statement": "❝", "Deployment": "⚑"}


def render(body: str, highlights: list[Span]) -> Markup:
    """The body as HTML: sentence spans around name links, properly nested, text escaped."""
    sentences = sorted((s for s in highlights if s.layer == "sentence"), key=lambda s: (s.start, -s.end))
    names = sorted((s for s in highlights if s.layer == "name"), key=lambda s: (s.start, -s.end))
    # overlapping spans of one layer: the earlier (longer) one wins the characters it covers
    def flatten(items: list[Span]) -> list[Span]:
        kept: list[Span] = []
        for s in items:
            if kept and s.start < kept[-1].end:
                continue
            kept.append(s)
        return kept

    sentences, names = flatten(sentences), flatten(names)
    cuts = sorted({0, len(body)} | {p for s in sentences + names for p in (s.start, s.end)})
    out: list[str] = []
    cur_s: Span | None = None
    cur_n: Span | None = None

    def covering(items: list[Span], a: int) -> Span | None:
        for s in items:
            if s.start <= a < s.end:
                return s
        return None

    def close_name() -> None:
        nonlocal cur_n
        if cur_n is not None:
            out.append("</a>")
            cur_n = None

    def close_sentence() -> None:
        nonlocal cur_s
        close_name()
        if cur_s is not None:
            marks = "".join(
                f'<a class="hl-ref" href="{escape(href)}" title="{escape(label)}">{SYMBOL.get(kind, "•")}</a>'
                for href, label, kind in cur_s.links)
            out.append(f'<sup class="hl-refs">{marks}</sup></span>')
            cur_s = None

    for a, b in zip(cuts, cuts[1:], strict=False):
        s, n = covering(sentences, a), covering(names, a)
        if s is not cur_s:
            close_sentence()
            if s is not None:
                title = "; ".join(f"{k.lower()}: {label}" for _, label, k in s.links)
                out.append(f'<span class="hl hl-{s.kind.lower()}" id="at-{s.anchor}" title="{escape(title)}">')
                cur_s = s
        if n is not cur_n:
            close_name()
            if n is not None:
                href, label, kind = n.links[0]
                out.append(f'<a class="hl-name hl-{kind.lower()}" href="{escape(href)}" title="{escape(kind)}: '
                           f'{escape(label)}">')
                cur_n = n
        out.append(str(escape(body[a:b])))
    close_sentence()
    return Markup("".join(out))


def highlighted_body(st: ox.Store, article: ox.NamedNode) -> tuple[Markup, dict[str, int]] | None:
    """The article's body with its highlights, and how many of each kind were placed."""
    lit = next(iter(st.quads_for_pattern(article, ARTICLE_BODY, None)), None)
    if lit is None:
        return None
    body = lit.object.value
    hl = spans(st, article, body)
    counts: dict[str, int] = {}
    for s in hl:
        key = "names" if s.layer == "name" else s.kind.lower() + "s"
        counts[key] = counts.get(key, 0) + 1
    return render(body, hl), counts
