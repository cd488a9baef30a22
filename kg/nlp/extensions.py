"""The Doc and Span extensions our components read and write.

Each component adds one layer (`doc._.kg_mentions`, `doc._.kg_times`, ...);
later components read earlier layers, never the other way round.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

DOC_LAYERS = {
    "kg_context": None,  # ArticleContext: id, reference date, dateline place, publisher
    "kg_candidates": None,  # list[Mention]: every proposal, overlapping
    "kg_mentions": None,  # list[Mention]: the chosen, non-overlapping mentions
    "kg_times": None,  # list[TimeExpr]
    "kg_quantities": None,  # list[Quantity]
    "kg_statements": None,  # list[Statement]
    "kg_deployments": None,  # list[Deployment]
    "kg_located": None,  # dict[(start, end), country key]: places kg_deployments located, beside their mentions
    "kg_relations": None,  # list[Relation]
}


def _span_mention(span: Span):
    """The mention that exactly covers this span, if any."""
    for m in span.doc._.kg_mentions or ():
        if m.start == span.start_char and m.end == span.end_char:
            return m
    return None


def _doc_text(doc: Doc) -> str:
    """Doc.text, built once: spaCy joins every token's text on each access of Doc.text."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


TEXT_KEY = ("kg", "text", None, None)


def register() -> None:
    """Idempotent: safe to call from every component's module."""
    for name, default in DOC_LAYERS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    if not Doc.has_extension("kg_text"):
        Doc.set_extension("kg_text", getter=_doc_text)
    if not Span.has_extension("kg_mention"):
        Span.set_extension("kg_mention", getter=_span_mention)


register()
