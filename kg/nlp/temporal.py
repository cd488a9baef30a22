"""Dates and durations, resolved against the article's own date.

Indonesian news dates events as "Selasa (11/1/2022)", "Rabu (12/1)", "pada Kamis",
"10 Mei 2024", and durations as "dua hari ke depan" or "tidak melebihi 10 hari".
A date without a year takes the year that puts it nearest the reference date; a
bare weekday is the nearest such day to the reference date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.language import Language
from spacy.tokens import Doc

from kg import lexicon
from kg.nlp import extensions  # noqa: F401
from kg.nlp.numbers import NUMBER_FILES, numbers


@dataclass
class TimeExpr:
    start: int
    end: int
    text: str
    date: date | None = None
    #: named with a weekday ("Selasa (11/1/2022)", "pada Kamis"): the day something was said or done
    weekday: bool = False
    #: a word before it that bounds a period: "deadline" (paling lambat), "after" (setelah), "start" (sejak)
    marker: str | None = None
    #: a length of time in days ("10 hari"), for durations
    days: int | None = None
    #: a duration counted forward from the reference date ("dua hari ke depan")
    ahead: bool = False
    #: counted "within" a period ("dalam waktu dua hari"): its end, unless the words say it starts then
    within: bool = False
    #: a day still to come when the words were said ("akan dimulai pada hari Kamis")
    future: bool = False


#: the data files a time finder reads, by config key of the components that find times
TIME_FILES = {
    "temporal_file": "temporal.tsv",
    "temporal_patterns_file": "patterns/temporal.tsv",
    "weekday_directions_file": "weekday_directions.tsv",
    **NUMBER_FILES,
}


class TimeFinder:
    """Dates and durations in a text, with the patterns built once from the configured time words."""

    def __init__(self, temporal_file: str, temporal_patterns_file: str, weekday_directions_file: str,
                 numbers_file: str, numbers_patterns_file: str) -> None:
        self.numbers = numbers(numbers_file, numbers_patterns_file)
        rows = lexicon.rows(temporal_file)
        self.unit_days = {w: int(v) for k, w, v in rows if k == "unit"}
        self.relative_days = {w: int(v) for k, w, v in rows if k == "relative"}
        self.directions = {w: int(v) for w, v in lexicon.rows(weekday_directions_file)}
        self.rx = self._patterns(rows, lexicon.patterns(temporal_patterns_file))

    def _patterns(self, rows: list[list[str]], p: dict[str, str]) -> dict[str, re.Pattern[str]]:
        months = lexicon.alternation(set(lexicon.month_names()))
        days = lexicon.alternation(set(lexicon.day_names()))
        markers: dict[str, list[str]] = {}
        for kind, word, *_ in rows:
            markers.setdefault(kind, []).append(word)
        units = lexicon.alternation(markers["unit"])
        num = self.numbers.pattern
        return {
            "weekday_date": re.compile(
                rf"\b(?P<wd>{days}){p['weekday_date_gap']}[ \t]*"
                rf"\((?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})(?:/(?P<y>\d{{2,4}}))?\)", re.I),
            "weekday_full": re.compile(
                rf"\b(?P<wd>{days}),?[ \t]+"
                rf"(?P<rest>\d{{1,2}}[ \t]+(?:{months})\.?(?:[ \t]+\d{{4}})?|\d{{1,2}}/\d{{1,2}}/\d{{4}})\b",
                re.I),
            "numeric": re.compile(r"(?<![\d/])(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})(?![\d/])"),
            "month_name": re.compile(rf"\b(?P<d>\d{{1,2}})[ \t]+(?P<mon>{months})\.?(?:[ \t]+(?P<y>\d{{4}}))?\b",
                                     re.I),
            "weekday": re.compile(
                rf"\b(?:{p['weekday_lead']}(?P<wd>{days})\b(?!{p['weekday_date_gap']}[ \t]*\()"
                rf"{p['weekday_rel']}"
                rf"|(?P<wd2>{days}){p['weekday_after']}"
                rf"|(?<=,[ \t])(?P<wd3>{days})(?=[ \t]*[.,;]))", re.I),
            "relative": re.compile(rf"\b(?P<rel>{lexicon.alternation(markers['relative'])})\b", re.I),
            "ahead": re.compile(
                rf"\b(?:(?P<n>{num})[ \t]+(?P<unit>{units})[ \t]+(?:{lexicon.alternation(markers['ahead_after'])})"
                rf"|(?P<within>{lexicon.alternation(markers['ahead_before'])})[ \t]+(?P<n2>{num})[ \t]+"
                rf"(?P<unit2>{units}))\b", re.I),
            "future": re.compile(rf"\b(?:{lexicon.alternation(markers['future'])})\b[^.,;]{{0,40}}$", re.I),
            "duration": re.compile(rf"\b(?P<n>{num})[ \t]+(?P<unit>{units})\b", re.I),
            "marker": re.compile(
                "|".join(rf"(?P<{k}>\b(?:{lexicon.alternation(markers[k])})[ \t]+$)"
                         for k in ("deadline", "after", "start")),
                re.I),
        }

    def find(self, text: str, ref: date | None, *, dated_only: bool = False) -> list[TimeExpr]:
        """Every date and duration in `text`, left to right, with overlapping readings removed.

        `dated_only` with no `ref` leaves out the relative days and durations, which mean no day
        without a reference and never overlap a date: what an article's own date is read from."""
        rx = self.rx
        parse_number = self.numbers.parse
        days = lexicon.day_names()
        found: list[TimeExpr] = []

        def add(m: re.Match[str], **kw) -> None:
            found.append(TimeExpr(m.start(), m.end(), m.group(), **kw))

        for m in rx["weekday_date"].finditer(text):
            wd = days.get(m.group("wd").lower())
            d, mo = int(m.group("d")), int(m.group("m"))
            if m.group("y"):
                y = int(m.group("y"))
                y += 2000 if y < 100 else 0
                try:
                    value = date(y, mo, d)
                except ValueError:
                    value = None
            else:
                value = nearest_year(d, mo, ref, wd) if 1 <= mo <= 12 else None
            add(m, date=value, weekday=True)
        for m in rx["weekday_full"].finditer(text):
            rest = m.group("rest")
            if "/" in rest:
                d, mo, y = (int(x) for x in rest.split("/"))
                try:
                    value = date(y, mo, d)
                except ValueError:
                    value = None
            else:
                value = parse_month_date(rest, ref)
            add(m, date=value, weekday=True)
        for m in rx["numeric"].finditer(text):
            try:
                add(m, date=date(int(m.group("y")), int(m.group("m")), int(m.group("d"))))
            except ValueError:
                continue
        for m in rx["month_name"].finditer(text):
            add(m, date=parse_month_date(m.group(), ref))
        for m in rx["weekday"].finditer(text):
            wd = days.get((m.group("wd") or m.group("wd2") or m.group("wd3")).lower())
            rel = " ".join((m.group("rel") or m.group("rel2") or "").lower().split()) or None
            future = rel is None and bool(rx["future"].search(text[max(0, m.start() - 60):m.start()]))
            # "akan dimulai pada hari Kamis": the coming Thursday
            add(m, date=nearest_weekday(wd, ref, 1 if future else self.directions.get(rel or "", 0)), weekday=True,
                future=future)
        if dated_only and ref is None:  # a weekday stays: "pada Jumat" takes the place of the date after it
            return self._kept(found, text)
        for m in rx["relative"].finditer(text):
            add(m, date=ref + timedelta(days=self.relative_days[m.group("rel").lower()]) if ref else None, weekday=True)
        for m in rx["ahead"].finditer(text):
            n = parse_number(m.group("n") or m.group("n2"))
            if n:
                span = n * self.unit_days[(m.group("unit") or m.group("unit2")).lower()]
                add(m, date=ref + timedelta(days=span) if ref else None, days=span, ahead=True,
                    within=bool(m.group("within")))
        for m in rx["duration"].finditer(text):
            n = parse_number(m.group("n"))
            if n:
                add(m, days=n * self.unit_days[m.group("unit").lower()])
        return self._kept(found, text)

    def _kept(self, found: list[TimeExpr], text: str) -> list[TimeExpr]:
        """The readings left to right, each overlapping an earlier (or same-start longer) one dropped."""
        rx = self.rx
        found.sort(key=lambda t: (t.start, -(t.end - t.start)))
        kept: list[TimeExpr] = []
        for t in found:
            if kept and t.start < kept[-1].end:
                continue
            marker = rx["marker"].search(text[max(0, t.start - 25):t.start])
            if marker:
                t.marker = marker.lastgroup
            kept.append(t)
        return kept


    def weekday_year(self, text: str) -> date | None:
        """The latest "Kamis (31/8)" with no year, dated in a year the text names (or the one after) in
        which that day falls on that weekday: the weekday pins the year. None when no year fits."""
        years = {int(y) for y in re.findall(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)", text)}
        candidates = sorted(years | {y + 1 for y in years}, reverse=True)
        days = lexicon.day_names()
        found = []
        for m in self.rx["weekday_date"].finditer(text):
            wd, d, mo = days.get(m.group("wd").lower()), int(m.group("d")), int(m.group("m"))
            if m.group("y") or wd is None or not 1 <= mo <= 12:
                continue
            for y in candidates:
                try:
                    day = date(y, mo, d)
                except ValueError:
                    break
                if day.weekday() == wd:
                    found.append(day)
                    break
        return max(found, default=None)


@lexicon.loader
def time_finder(temporal_file: str = TIME_FILES["temporal_file"],
                temporal_patterns_file: str = TIME_FILES["temporal_patterns_file"],
                weekday_directions_file: str = TIME_FILES["weekday_directions_file"],
                numbers_file: str = TIME_FILES["numbers_file"],
                numbers_patterns_file: str = TIME_FILES["numbers_patterns_file"]) -> TimeFinder:
    """The time finder of these data files, built once per process."""
    return TimeFinder(temporal_file, temporal_patterns_file, weekday_directions_file, numbers_file,
                      numbers_patterns_file)


def find_times(text: str, ref: date | None) -> list[TimeExpr]:
    """Every date and duration in `text`, by the default data files (see TimeFinder.find)."""
    return time_finder().find(text, ref)


def nearest_year(day: int, month: int, ref: date | None, weekday: int | None = None) -> date | None:
    """The date with this day and month nearest to `ref` (and on `weekday` when one is named)."""
    if ref is None:
        return None
    options = []
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            options.append(date(year, month, day))
        except ValueError:
            continue
    if weekday is not None:
        options = [d for d in options if d.weekday() == weekday] or options
    return min(options, key=lambda d: abs((d - ref).days), default=None)


def nearest_weekday(weekday: int, ref: date | None, direction: int = 0) -> date | None:
    """The day named by a bare weekday: nearest to `ref`, or the last (-1) or next (1) one ("Kamis lalu")."""
    if ref is None:
        return None
    ahead = (weekday - ref.weekday()) % 7
    behind = ahead - 7 if ahead else 0
    if direction < 0:
        return ref + timedelta(days=behind or -7)
    if direction > 0:
        return ref + timedelta(days=ahead or 7)
    return ref + timedelta(days=ahead if ahead <= -behind else behind)


def parse_month_date(text: str, ref: date | None) -> date | None:
    """'10 Mei 2024', '23 Januari', '5 Okt.' with CLDR's month names; no year = nearest to ref."""
    m = MONTH_DATE.match(text.strip())
    if m is None:
        return None
    month = lexicon.month_names().get(m.group("mon").rstrip(".").lower())
    day = int(m.group("d"))
    if month is None:
        return None
    if m.group("y") is None:
        return nearest_year(day, month, ref)
    try:
        return date(int(m.group("y")), month, day)
    except ValueError:
        return None


MONTH_DATE = re.compile(r"(?P<d>\d{1,2})[ \t]+(?P<mon>[^\W\d_]+)\.?(?:[ \t]+(?P<y>\d{4}))?$")


def article_date(text: str) -> date | None:
    """The article's date as its text gives it: the latest weekday-dated date, else the latest "Kamis (31/8)"
    in a year the text names where the weekday fits, else the earliest full date."""
    times = [t for t in time_finder().find(text, None, dated_only=True) if t.date is not None]
    dated = [t.date for t in times if t.weekday]
    if dated:
        return max(dated)
    return time_finder().weekday_year(text) or min((t.date for t in times), default=None)


@Language.factory("kg_temporal", default_config=TIME_FILES, assigns=["doc._.kg_times"])
def make_temporal(nlp: Language, name: str, temporal_file: str, temporal_patterns_file: str,
                  weekday_directions_file: str, numbers_file: str, numbers_patterns_file: str) -> TemporalTagger:
    return TemporalTagger(time_finder(temporal_file, temporal_patterns_file, weekday_directions_file, numbers_file,
                                      numbers_patterns_file))


class TemporalTagger:
    def __init__(self, finder: TimeFinder) -> None:
        self.finder = finder

    def __call__(self, doc: Doc) -> Doc:
        ctx = doc._.kg_context
        doc._.kg_times = self.finder.find(doc._.kg_text, ctx.ref_date if ctx else None)
        return doc
