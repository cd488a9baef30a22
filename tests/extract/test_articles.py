"""Reading files: datelines, wrapping lines, offsets, and clear errors for bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.articles import ArticleError, discover, read_article


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    p = tmp_path / name
    (p.write_bytes if isinstance(text, bytes) else p.write_text)(text)
    return p


@pytest.mark.parametrize(
    ("first_line", "place", "publisher"),
    [
        ("NURSULTAN, KOMPAS.TV - Pasukan tiba.", "Nursultan", "KOMPAS.TV"),
        ("SuaraJogja.id - Blok militer mulai menarik pasukan.", None, "SuaraJogja.id"),
        ("Jakarta (ANTARA News) - Presiden tiba di Bali.", "Jakarta", "ANTARA News"),
        ("TEMPO.CO, Jakarta - Menteri berkata.", "Jakarta", "TEMPO.CO"),
        ("Jakarta, CNN Indonesia -- Menteri berkata.", "Jakarta", "CNN Indonesia"),
        ("PORT-AU-PRINCE - Polisi tiba.", "Port-au-Prince", None),
    ],
)
def test_dateline_gives_place_and_publisher(tmp_path, first_line, place, publisher):
    a = read_article(write(tmp_path, "a.txt", first_line + "\nKalimat kedua di sini.\n"))
    assert (a.dateline_place, a.publisher) == (place, publisher)
    assert not a.text.startswith(first_line.split()[0])


def test_sentence_with_dash_is_not_a_dateline(tmp_path):
    text = "Presiden Kenya William Ruto mengatakan misi itu - yang didanai AS - akan berhasil.\n"
    a = read_article(write(tmp_path, "a.txt", text))
    assert a.publisher is None and a.dateline_place is None
    assert a.text == text.strip()


def test_navigation_lines_are_dropped_and_agency_kept(tmp_path):
    text = ("MALE - Presiden berbicara.\nBaca Juga: Demo di NATO-Ukraina\nBaca juga: Luwu\n"
            "Gabung ke Channel WhatsApp KompasTV untuk update berita.\n"
            "Cek Berita dan Artikel yang lain di Google News\nIsi kedua.\nSumber : Reuters\n")
    a = read_article(write(tmp_path, "a.txt", text))
    assert "NATO" not in a.text and "Luwu" not in a.text and "KompasTV" not in a.text
    assert "Google" not in a.text
    assert a.agencies == ["Reuters"]
    assert a.text == "Presiden berbicara.\nIsi kedua."


def test_a_request_to_message_a_phone_number_is_promotion(tmp_path):
    text = ("Pasukan tiba di Juba.\n* Jangan mudah tertipu hoaks. Kirimkan ke WhatsApp Cek Fakta Kabar.com di nomor "
            "0811 2345 678.\nPolisi berjaga di nomor darurat 112.\n")
    a = read_article(write(tmp_path, "a.txt", text))
    assert a.text == "Pasukan tiba di Juba.\nPolisi berjaga di nomor darurat 112."


def test_headlines_listed_under_a_related_heading_are_dropped(tmp_path):
    text = ("JAKARTA - Presiden tiba di Bali pada Senin.\n\nBaca Juga\n\nGempa Guncang Pulau Seram\n"
            "Harga Cabai Naik di Pasar Induk\n\nMenteri kemudian berbicara kepada wartawan.\n\nBerita Terkait:\n"
            "Jepang Kirim Kapal ke Laut Merah\n\n\"Kami siap,\" katanya.\n")
    a = read_article(write(tmp_path, "a.txt", text))
    assert a.text == ("Presiden tiba di Bali pada Senin.\nMenteri kemudian berbicara kepada wartawan.\n"
                      "\"Kami siap,\" katanya.")
    assert "Gempa Guncang Pulau Seram" in a.dropped_lines and "Jepang Kirim Kapal ke Laut Merah" in a.dropped_lines


def test_offsets_map_back_into_the_file(tmp_path):
    raw = "KIGALI - Pemerintah Rwanda mengirim pasukan.\nBaca Juga: X\nJuru bicara RDF berbicara.\n"
    a = read_article(write(tmp_path, "a.txt", raw))
    for word in ("Rwanda", "Juru", "berbicara"):
        pos = a.text.index(word)
        assert raw[a.raw_offset(pos):a.raw_offset(pos) + len(word)] == word


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "is empty"),
        (b"   \n\n", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("Presiden Prancis berbicara di Paris.".encode("latin-1") + b"\xe9t\xe9", "not UTF-8"),
        (b"Baca Juga: Hanya navigasi\n", "no article text"),
    ],
)
def test_bad_files_get_a_clear_error_naming_them(tmp_path, content, problem):
    path = write(tmp_path, "bad.txt", content)
    with pytest.raises(ArticleError) as exc:
        read_article(path)
    assert str(path) in str(exc.value) and problem in str(exc.value)


def test_discover_reports_folders_without_articles(tmp_path):
    (tmp_path / "empty").mkdir()
    write(tmp_path, "notes.md", "x")
    files, problems = discover([tmp_path / "empty", tmp_path / "notes.md", tmp_path / "missing.txt"])
    assert files == []
    assert any("has no .txt articles" in p for p in problems)
    assert any("not a .txt article" in p for p in problems)
    assert any("no such file" in p for p in problems)


def test_headline_page_date_line_and_outlet_line(tmp_path):
    text = ("Pasukan Turki Mulai Bergerak ke Libya\nKompas.com - 06/01/2020, 10:15 WIB\n"
            "ANKARA, KOMPAS.com - Presiden Turki berbicara.\n")
    a = read_article(write(tmp_path, "a.txt", text))
    assert (a.dateline_place, a.publisher, str(a.published)) == ("Ankara", "KOMPAS.com", "2020-01-06")
    assert a.headline == "Pasukan Turki Mulai Bergerak ke Libya"
    b = read_article(write(tmp_path, "b.txt", "detikNews -\nAnkara - Presiden Turki berbicara.\n(rdp/rdp)\n"))
    assert (b.publisher, b.dateline_place, b.text) == ("detikNews", "Ankara", "Presiden Turki berbicara.")


def test_wire_credit_in_brackets(tmp_path):
    a = read_article(write(tmp_path, "a.txt", "NATO mengirim pasukan.\n(AFP/Reuters)\n"))
    assert a.agencies == ["AFP", "Reuters"] and a.text == "NATO mengirim pasukan."


def test_reporter_date_line_and_english_month(tmp_path):
    a = read_article(write(tmp_path, "a.txt", "Judul Berita\nReporter : Hari Ariyanti | Sabtu, 16 Desember 2023 "
                                              "08:05\nMerdeka.com - Isi berita.\n"))
    assert str(a.published) == "2023-12-16" and a.headline == "Judul Berita" and a.text == "Isi berita."
    b = read_article(write(tmp_path, "b.txt", "Judul\n21 January 2025 09:40\nJakarta, CNBC Indonesia - Isi.\n"))
    assert str(b.published) == "2025-01-21"
    # a slash or a dot between the day and the time; the text's later dates ("berlaku 1 Januari 2027") do not date it
    c = read_article(write(tmp_path, "c.txt", "Judul\nSelasa, 23 September 2025 / 19:40 WIB\n\nIsi berita. "
                                              "Perjanjian itu berlaku pada 1 Januari 2027.\n"))
    assert str(c.published) == "2025-09-23"


def test_a_video_promo_is_not_a_credit(tmp_path):
    a = read_article(write(tmp_path, "a.txt", "Isi berita.\nVideo: Kenya Kirim Polisi ke Haiti, Bisa Atasi Geng?\n"
                                              "Foto: Reuters\n"))
    assert a.agencies == ["Reuters"]


@pytest.mark.parametrize("byline", [
    "kabarnusaNEWS · waktu baca 3 menit",
    "Tim kabarNews - kabarNews",
    "Reporter: Sinta Maharani | Editor: Budi Santoso",
    "Oleh Rahmat Hidayat",
    "Penulis Dewi Lestari | Editor Agus Salim",
    "Laporan wartawan Warta Kita, Yusuf Maulana",
    "Rabu, 6 Maret 2024 09:15 WIB",
    "Diperbarui 6 Maret 2024, 09:15 WIB",
    "kabarnusaNEWS · 6 Maret 2024 09:15",
])
def test_a_byline_after_the_headline_makes_it_the_headline(tmp_path, byline):
    text = f"Kapal Perang Tiba di Pelabuhan Sorong\n{byline}\nKapal itu membawa 200 prajurit ke Papua.\n"
    a = read_article(write(tmp_path, "a.txt", text))
    assert a.headline == "Kapal Perang Tiba di Pelabuhan Sorong"
    assert a.text == "Kapal itu membawa 200 prajurit ke Papua."
    assert byline in a.dropped_lines
    if any(ch.isdigit() for ch in byline.split("·")[-1]) and "menit" not in byline:
        assert str(a.published) == "2024-03-06"


def test_a_byline_and_a_date_line_and_a_dateline_in_turn(tmp_path):
    text = ("Prajurit Kembali dari Misi Perdamaian\nTim kabarNews - kabarNews\nRabu, 6 Maret 2024 09:15 WIB\n"
            "Jakarta - Sebanyak 100 prajurit kembali.\n")
    a = read_article(write(tmp_path, "a.txt", text))
    assert (a.headline, a.dateline_place, str(a.published)) == (
        "Prajurit Kembali dari Misi Perdamaian", "Jakarta", "2024-03-06")
    assert a.text == "Sebanyak 100 prajurit kembali."
    assert text.index("Sebanyak") == a.raw_offset(0)


@pytest.mark.parametrize("text", [
    "Pasukan tiba di Juba pekan lalu.\nEditor: Budi Santoso\n",  # a paragraph credited at its end
    "Oleh karena itu, pasukan dikirim.\nSebanyak 100 prajurit berangkat.\n",  # "oleh" in a sentence
    "Pasukan tiba.\nPasukan kedua menyusul.\nPasukan ketiga menyusul.\nPasukan keempat berangkat.\nOleh Rahmat\n",
])
def test_text_before_a_closing_byline_stays_article_text(tmp_path, text):
    a = read_article(write(tmp_path, "a.txt", text))
    assert a.headline is None
    assert a.text.startswith(text.split("\n")[0])


def test_an_outlet_line_between_headline_and_byline_is_the_publisher(tmp_path):
    text = ("Kapal Perang Tiba di Pelabuhan Sorong\nkumparanNEWS\n6 Maret 2024 9:15\n·\nwaktu baca 2 menit\n"
            "Kapal itu membawa 200 prajurit ke Papua.\n")
    a = read_article(write(tmp_path, "a.txt", text))
    assert (a.headline, a.publisher, str(a.published)) == (
        "Kapal Perang Tiba di Pelabuhan Sorong", "kumparanNEWS", "2024-03-06")
    assert a.text == "Kapal itu membawa 200 prajurit ke Papua."


def test_an_author_and_outlet_credit_is_a_byline_not_a_dateline(tmp_path):
    text = ("Kapal Perang Tiba di Pelabuhan Sorong\nSinta Maharani - detikNews\nRabu, 6 Mar 2024 09:15 WIB\n"
            "Sorong - Kapal itu membawa 200 prajurit ke Papua.\n")
    a = read_article(write(tmp_path, "a.txt", text))
    assert (a.headline, a.publisher, a.dateline_place, str(a.published)) == (
        "Kapal Perang Tiba di Pelabuhan Sorong", "detikNews", "Sorong", "2024-03-06")
    assert a.text == "Kapal itu membawa 200 prajurit ke Papua."
    b = read_article(write(tmp_path, "b.txt", "Judul Berita Ini\nJakarta - detikNews\nIsi berita.\n"))
    assert (b.dateline_place, b.publisher, b.text) == ("Jakarta", "detikNews", "Isi berita.")  # a place, no author


def test_image_credits_and_caption_labels_are_not_text(tmp_path):
    text = ("Kapal Perang Tiba di Pelabuhan Sorong\n6 Maret 2024\nSumber gambar, Reuters\nKeterangan gambar,\n"
            "Kapal itu membawa 200 prajurit ke Papua.\n")
    a = read_article(write(tmp_path, "a.txt", text))
    assert a.agencies == ["Reuters"] and a.text == "Kapal itu membawa 200 prajurit ke Papua."


@pytest.mark.parametrize("stamp", ["Jumat, 30 April 2021 – 06:10 WIB", "Jumat 30 April 2021, 06:10 WIB"])
def test_the_date_line_above_a_byline_dates_the_page(tmp_path, stamp):
    text = f"Kapal Perang Tiba di Pelabuhan Sorong\n\n{stamp}\nPenulis: Sinta Maharani | Editor: Budi Santoso\n" \
           "Kapal itu membawa 200 prajurit ke Papua.\n"
    a = read_article(write(tmp_path, "a.txt", text))
    assert (a.headline, str(a.published)) == ("Kapal Perang Tiba di Pelabuhan Sorong", "2021-04-30")
    assert a.text == "Kapal itu membawa 200 prajurit ke Papua."


def test_a_photo_caption_closed_by_its_credit_is_dropped(tmp_path):
    a = read_article(write(tmp_path, "a.txt", "Ilustrasi. Tentara Jepang berlatih di Hokkaido. (Dok. JGSDF)\n"
                                              "Jepang mengirim 300 tentara ke Djibouti.\n"))
    assert a.text == "Jepang mengirim 300 tentara ke Djibouti."


def test_a_photographer_after_the_outlet_of_a_credit_is_no_agency(tmp_path):
    a = read_article(write(tmp_path, "a.txt", "Isi berita.\nPengunjung melihat maket jet di Jakarta, Rabu (11/6). "
                                              "Foto: Tempo/Budi Santoso\nFoto: Katadata/Rina Sari\n(AFP/Reuters)\n"))
    assert a.text == "Isi berita." and "Rina Sari" not in a.agencies and {"AFP", "Reuters"} <= set(a.agencies)
