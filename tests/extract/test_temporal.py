"""Dates and durations against the article's own date."""

from __future__ import annotations

from datetime import date

from kg.nlp.temporal import article_date, find_times, nearest_weekday, nearest_year

REF = date(2022, 1, 12)  # a Wednesday


def one(text: str, ref: date | None = REF):
    times = find_times(text, ref)
    assert len(times) == 1, times
    return times[0]


def test_weekday_with_full_date():
    t = one("disampaikan oleh Tokayev, Selasa (11/1/2022).")
    assert t.date == date(2022, 1, 11) and t.weekday


def test_weekday_with_day_and_month_takes_the_nearest_year():
    assert one("pada Rabu (12/1), meskipun").date == date(2022, 1, 12)
    assert one("Senin (31/12)", date(2024, 1, 2)).date == date(2023, 12, 31)


def test_bare_weekday_is_the_nearest_such_day():
    assert one("di Almaty pada Kamis.").date == date(2022, 1, 13)
    assert one("pada Senin lalu").date == date(2022, 1, 10)
    assert nearest_weekday(2, REF) == REF


def test_month_names_with_and_without_year():
    assert one("paling lambat 10 Mei 2024", None).date == date(2024, 5, 10)
    t = one("setelah 23 Januari.")
    assert t.date == date(2022, 1, 23) and t.marker == "after"
    assert one("paling lambat 10 Mei 2024").marker == "deadline"


def test_durations_and_days_ahead():
    ahead = one("akan meninggalkan Kazakhstan dua hari ke depan.", date(2022, 1, 11))
    assert ahead.date == date(2022, 1, 13) and ahead.ahead and ahead.days == 2
    span = one("tidak akan sampai melebihi 10 hari.")
    assert span.days == 10 and span.date is None


def test_article_date_prefers_weekday_dated_expressions():
    text = "Muizzu berbicara setelah 10 Mei 2024. Pernyataan disampaikan Selasa (5/3/2024)."
    assert article_date(text) == date(2024, 3, 5)
    assert article_date("Tanpa tanggal sama sekali.") is None


def test_nearest_year_respects_the_weekday():
    assert nearest_year(12, 1, date(2021, 12, 30), weekday=2) == date(2022, 1, 12)
