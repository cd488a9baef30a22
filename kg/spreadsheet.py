"""Tables as XLSX workbooks, for analysts who take results into a spreadsheet.

One sheet with a bold, frozen heading row. Cells keep their kind where a spreadsheet has
one: numbers stay numbers and dates stay dates (so a column sorts and sums), lists are
joined with "; " as in the CSV downloads, and text is cleaned of the control characters
the XLSX format cannot hold. SPARQL terms are written as the CSV results format writes them
(an IRI as itself, a literal as its value without datatype or language), except that
numeric and date literals become numbers and dates.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

#: characters XLSX (XML 1.0) cannot hold
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: a sheet name holds at most 31 characters and none of these
_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {_XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                 "positiveInteger", "negativeInteger", "nonPositiveInteger",
                                 "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}
_DECIMALS = {_XSD + t for t in ("decimal", "double", "float")}
#: Excel's integers are doubles: past 2^53 a number would change, so it stays text
_EXACT = 2 ** 53


def workbook(headings: Sequence[str], rows: Iterable[Sequence[Any]], *, sheet: str = "results") -> bytes:
    """The XLSX bytes of one sheet: `headings`, then one line per row of plain Python values."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    ws = book.create_sheet(_SHEET_NAME.sub(" ", sheet)[:31] or "results")
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    head = []
    for h in headings:
        c = WriteOnlyCell(ws, value=_text(str(h)))
        c.font = bold
        head.append(c)
    ws.append(head)
    for row in rows:
        ws.append([_dated(ws, c) if isinstance(c, dt.date) else c for c in map(cell, row)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def cell(value: Any) -> Any:
    """A Python value as a spreadsheet cell."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value if abs(value) < _EXACT else str(value)
    if isinstance(value, float | dt.date | dt.datetime):
        return value
    if isinstance(value, list | tuple | set):
        return _text("; ".join(str(v) for v in value))
    return _text(str(value))


def term_cell(term: Any) -> Any:
    """A SPARQL term (pyoxigraph) as a spreadsheet cell."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        try:
            if datatype in _INTEGERS:
                return cell(int(term.value))
            if datatype in _DECIMALS:
                return float(term.value)
            if datatype == _XSD + "date" and len(term.value) == 10:
                return dt.date.fromisoformat(term.value)
            if datatype == _XSD + "boolean":
                return term.value in ("true", "1")
        except ValueError:  # an ill-typed literal keeps its text
            pass
        return _text(term.value)
    if isinstance(term, ox.NamedNode):
        return _text(term.value)
    return _text(str(term))


def results_workbook(variables: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """SELECT results (rows of pyoxigraph terms) as XLSX."""
    return workbook(list(variables), ([term_cell(t) for t in row] for row in rows))


def _dated(ws: Any, value: dt.date) -> Any:
    """A date cell shown as a date (YYYY-MM-DD), not as a number or a time."""
    from openpyxl.cell import WriteOnlyCell

    c = WriteOnlyCell(ws, value=value)
    c.number_format = "yyyy-mm-dd" if not isinstance(value, dt.datetime) else "yyyy-mm-dd hh:mm:ss"
    return c


def _text(text: str) -> str:
    return _ILLEGAL.sub("", text)
