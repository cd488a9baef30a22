"""Forms of real Indonesian news the extractor must read (our own examples, not any corpus's sentences)."""

from __future__ import annotations

from datetime import date

from kg.articles import read_article
from kg.extract import extract


def people(doc) -> dict:
    return {m.name: m for m in doc._.kg_mentions if m.kind == "Person"}


def facts(tmp_path, text: str, name: str = "a.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract([read_article(path)])[0]


def test_persons_introduced_by_lower_case_descriptions(read):
    doc = read("Pertemuan itu dihadiri mantan presiden Budi Hartono dan pelaksana tugas perdana menteri "
               "Sri Wulan di Jakarta.")
    found = people(doc)
    assert found["Budi Hartono"].role == "Mantan presiden"
    assert found["Sri Wulan"].role.lower() == "pelaksana tugas perdana menteri"


def test_a_lower_case_office_of_a_country_gives_the_affiliation(read):
    doc = read("Kemudian juru bicara pemerintah Jepang, Taro Yamada, mengatakan Tokyo memantau situasi.")
    assert people(doc)["Taro Yamada"].affiliation == "country:JP"
    assert "Kemudian" not in people(doc)


def test_name_before_its_title(read):
    doc = read("Ahmad Dahlan, Presiden Kenya, mengatakan pasukan akan dikirim bulan depan.")
    p = people(doc)["Ahmad Dahlan"]
    assert p.role == "Presiden" and p.affiliation == "country:KE"


def test_an_organisation_followed_by_its_officer_is_two_entities(read):
    doc = read("Juru bicara Kementerian Luar Negeri Jepang Taro Yamada mengatakan hal itu.")
    kinds = {m.text: m.kind for m in doc._.kg_mentions}
    assert kinds.get("Kementerian Luar Negeri Jepang") == "Organisation" and kinds.get("Taro Yamada") == "Person"
    assert people(doc)["Taro Yamada"].affiliation == "org:kementerianluarnegerijepang"


def test_a_title_alone_as_speaker_is_the_person_who_holds_it(tmp_path):
    f = facts(tmp_path, "JAKARTA, KOMPAS.com - Panglima TNI Jenderal Agus Subiyanto meninjau pasukan, "
                        "Selasa (11/1/2022).\n“Pasukan siap berangkat kapan saja,” kata Panglima TNI kepada "
                        "wartawan.\nMenteri Luar Negeri Retno Marsudi juga hadir. “Kami mendukung penuh misi "
                        "perdamaian ini,” ujar Menlu.\n")
    assert {s.speaker for s in f.statements} == {"person:agussubiyanto", "person:retnomarsudi"}


def test_connectors_and_compound_places_are_never_persons(read):
    doc = read("Terpisah, warga Jakarta Timur dan Sulawesi Selatan menyambut kabar itu. Sementara itu, "
               "Sebelumnya, polisi berjaga.")
    assert not people(doc)
    places = {m.text for m in doc._.kg_mentions if m.kind == "Place"}
    assert {"Jakarta Timur", "Sulawesi Selatan"} <= places


def test_an_all_caps_dateline_that_is_a_country_is_that_country(tmp_path):
    f = facts(tmp_path, "JEPANG - Pemerintah Jepang mengirim kapal ke Laut China Selatan, Senin (10/1/2022).\n")
    assert f.dateline_place == "country:JP"
    assert any(m.kind == "Country" and m.key == "country:JP" and m.source == "metadata" for m in f.mentions)


def test_a_lower_case_ministry_and_its_anaphor(tmp_path):
    f = facts(tmp_path, "MOSKWA, KOMPAS.com - Pasukan Rusia tiba di Suriah, kata kementerian pertahanan Rusia, "
                        "Selasa (11/1/2022).\n“Semua unit sudah berada di posisi,” kata kementerian itu.\n")
    assert [s.speaker for s in f.statements] == ["org:kementerianpertahananrusia"] * 2


def test_quoted_outlets_are_the_source_never_the_speaker(tmp_path):
    f = facts(tmp_path, "JAKARTA, KOMPAS.com - Mantan presiden Budi Hartono menyebut langkah itu berbahaya bagi "
                        "kawasan, seperti dikutip dari laman Reuters, Senin (10/1/2022).\nMengutip Reuters, "
                        "Presiden Kenya William Ruto mengatakan pasukan akan tiba pekan depan.\n")
    assert [(s.speaker, s.quoted_by) for s in f.statements] == [
        ("person:budihartono", "org:reuters"), ("person:williamruto", "org:reuters")]


def test_two_speakers_in_one_sentence_and_more_verbs_of_saying(tmp_path):
    f = facts(tmp_path, "JAKARTA, KOMPAS.com - Presiden Prabowo Subianto mengatakan Indonesia siap mengirim "
                        "pasukan ke Gaza, sementara Menteri Luar Negeri Sugiono menegaskan pengiriman itu menunggu "
                        "mandat PBB, Selasa (11/1/2022).\n“Kami tidak akan mundur dari komitmen ini,” klaim "
                        "Sugiono.\n")
    said = [(s.speaker, s.text.split()[0]) for s in f.statements]
    assert said == [("person:prabowosubianto", "Indonesia"), ("person:sugiono", "pengiriman"),
                    ("person:sugiono", "Kami")]


def test_relative_dates_count_from_the_day_the_words_were_said(tmp_path):
    f = facts(tmp_path, "NURSULTAN, KOMPAS.TV - Pasukan CSTO akan mulai ditarik dari Kazakhstan dalam waktu dua "
                        "hari, kata Presiden Kazakhstan Kassym-Jomart Tokayev, Selasa (11/1/2022).\n"
                        "Tokayev menyebut proses penarikan pasukan akan dimulai pada hari Kamis.\n")
    (op,) = f.deployments
    assert op.withdrawal_start == date(2022, 1, 13)
    assert all(s.date == date(2022, 1, 11) for s in f.statements)  # said on Tuesday, about Thursday


def test_the_leader_of_an_alliance_is_not_a_destination(tmp_path):
    csto = facts(tmp_path, "NURSULTAN, KOMPAS.TV - Pasukan CSTO yang dipimpin Rusia diterjunkan ke Kazakhstan, "
                           "Kamis (6/1/2022).\n", "a.txt")
    assert [(d.sender, d.destinations) for d in csto.deployments] == [("org:CSTO", ["country:KZ"])]
    coalition = facts(tmp_path, "RIYADH - Koalisi pimpinan Arab Saudi mengirim pasukan ke Yaman, Kamis (26/3/2015).\n",
                      "b.txt")
    assert all("country:SA" not in (d.sender, *d.destinations) for d in coalition.deployments)
