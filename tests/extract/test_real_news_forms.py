"""Forms of real Indonesian news the extractor must read (our own examples, not any corpus's sentences)."""

from __future__ import annotations

from datetime import date

from kg.articles import read_article
from kg.extract import extract


def people(doc) -> dict:
    return {m.name: m for m in doc._.kg_mentions if m.kind == "Person"}


def kind_of(doc) -> dict:
    """Each mention's text and kind."""
    return {m.text: m.kind for m in doc._.kg_mentions}


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
    kinds = kind_of(doc)
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


def test_troops_joining_a_known_mission_contribute_to_the_mission_where_it_serves(tmp_path):
    from kg.resolve import resolve

    f = facts(tmp_path, "DILI (Kantor Berita) - Sebanyak 300 tentara Fiji tiba di Dili, Senin (3/4/2000), untuk "
                        "bergabung dengan UNTAET.\nSelain Fiji, negara penyumbang pasukan UNTAET antara lain Portugal "
                        "dan Yordania.\n")
    ops = {d.sender: d for d in f.deployments}
    assert ops["country:FJ"].troop_count == 300  # Fiji's own contingent stays its own operation
    # the mission serves in Timor-Leste (data/missions.tsv), where the troops reached Dili
    assert ops["org:UNTAET"].destinations[0] == "country:TL" and len(ops["org:UNTAET"].destinations) == 2
    assert ops["org:UNTAET"].contributors == ["country:PT", "country:JO", "country:FJ"]
    assert "country:PT" not in ops["country:FJ"].contributors
    merged = {d.sender: d for d in resolve([f]).deployments}
    assert set(merged) == {"country:FJ", "org:UNTAET"}  # a mission is an operation beside its contingents


def test_the_lead_nation_of_a_mission_is_its_core_not_a_contributor(tmp_path):
    from kg.resolve import resolve

    f = facts(tmp_path, "PORT-AU-PRINCE - Sebanyak 200 polisi Kenya tiba di Port-au-Prince, Selasa (16/7/2024), "
                        "untuk bergabung dengan misi MSS.\nPersonel MSS lainnya berasal dari Jamaika dan Belize.\n")
    kb = resolve([f])
    merged = kb.deployments
    assert [d.sender for d in merged] == ["org:MSS"]  # Kenya's police are the mission's core
    assert [kb.entities[k].name for k in merged[0].destinations] == ["Port-au-Prince"]
    assert merged[0].troop_count == 200
    assert "country:KE" not in merged[0].contributors and "country:JM" in merged[0].contributors


def test_a_name_after_a_fronted_place_is_no_list_of_places(read):
    doc = read("Di Surabaya, Wiranto pada Senin menyatakan pasukan siap. Di Medan, Sutrisno menyatakan hal serupa.")
    kinds = kind_of(doc)
    assert kinds.get("Wiranto") != "Place" and kinds.get("Sutrisno") != "Place"
    assert read("Pasukan dikirim ke Medan, Binjai dan Langkat.")._.kg_mentions[-1].kind == "Place"


def test_an_embassy_in_a_city_is_no_organisation_and_person(nlp):
    from spacy.tokens import Span

    from kg.nlp.context import ArticleContext

    doc = nlp.make_doc("KBRI Phnom Penh terus memantau kondisi warga.")
    doc._.kg_context = ArticleContext("t", date(2024, 3, 5))
    for name, proc in nlp.pipeline:
        doc = proc(doc)
        if name == "ner":  # the model runs the embassy and its city into one organisation
            doc.ents = [Span(doc, 0, 3, "ORG")]
    assert not [m for m in doc._.kg_mentions if m.kind == "Person"]
    assert [m.kind for m in doc._.kg_mentions if m.text == "Phnom Penh"] == ["Place"]


def test_a_mission_s_strength_and_contributors_named_around_it(tmp_path):
    f = facts(tmp_path, "MONROVIA - Sebanyak 250 tentara Ghana tiba di Monrovia, Senin (2/2/2004), untuk bergabung "
                        "dengan UNMIL.\nUNMIL, yang dibentuk pada 2003, beranggotakan sekitar 15.000 tentara.\n"
                        "Nigeria, Pakistan dan Bangladesh termasuk penyumbang pasukan terbesar.\n"
                        "Pada puncaknya misi itu menampung hampir 16.000 personel.\n")
    ops = {d.sender: d for d in f.deployments}
    mission = ops["org:UNMIL"]
    assert (mission.troop_count, mission.troop_qualifier) == (15000, "approximately")  # the first strength given
    assert mission.contributors == ["country:NG", "country:PK", "country:BD", "country:GH"]
    assert ops["country:GH"].troop_count == 250 and not ops["country:GH"].contributors


def test_a_weekday_pins_the_year_a_date_leaves_out(tmp_path):
    from kg.nlp.temporal import article_date

    text = ("DILI - Portugal mengakhiri misinya di Timor-Leste, Senin (20/5).\n"
            "Pasukan itu tiba pada 25 September 1999 dan bertahan hingga 2002.\n")
    assert article_date(text) == date(2002, 5, 20)  # 20 May 2002 was a Monday; 1999 is only the start


def test_a_description_pointing_back_is_headed_by_its_nearest_person_noun(read):
    doc = read("Utusan khusus Uni Eropa Maria Lindqvist tiba di Juba. Dalam pernyataan tertulis, diplomat asal "
               "Swedia tersebut menyebut gencatan senjata harus dihormati.")
    assert [s.speaker for s in doc._.kg_statements] == ["person:marialindqvist"]
    doc = read("Menteri Luar Negeri Finlandia Elina Valtonen berbicara kepada wartawan. Juru bicara junta, Kolonel "
               "Abdoulaye Maiga, saat itu menyebut kehadiran pasukan asing melanggar hukum.")
    assert [s.speaker for s in doc._.kg_statements] == ["person:abdoulayemaiga"]  # "saat itu" is an adverb of time


def test_menurut_a_description_and_ia_after_it_are_the_speaker(read):
    doc = read("Komandan pasukan Jenderal Arief Wibowo memimpin evakuasi. Menurut jenderal bintang tiga itu, "
               "pesawat terakhir juga membawa Duta Besar Indonesia untuk Sudan Budi Santoso. Ia mengakui tidak semua "
               "warga berhasil diterbangkan dari Khartoum.")
    assert [s.speaker for s in doc._.kg_statements] == ["person:ariefwibowo"] * 2


def test_announcing_a_decision_named_before_is_no_statement(read):
    doc = read("Menteri Pertahanan Jepang Minoru Kihara mengumumkan keputusan itu pada Jumat (4/10/2024). "
               "Juru bicara Kihara menyampaikan rencana tersebut kepada wartawan di Tokyo.")
    assert doc._.kg_statements == []


def test_where_is_not_who_and_a_host_that_approves_sends_nobody(read):
    doc = read("Di Estonia, Inggris telah mengirim sekitar 900 tentara ke pangkalan militer Tapa.")
    assert [d.sender for d in doc._.kg_deployments] == ["country:GB"]
    doc = read("Parlemen Latvia menyetujui penempatan hingga 1.000 tentara sekutu di wilayahnya.")
    assert all(d.sender != "country:LV" for d in doc._.kg_deployments)


def test_determiners_begin_no_name_and_landforms_are_places(read):
    doc = read("Komandan itu tiba di Aden. Para Marinir ditugaskan melindungi gedung kedutaan.")
    assert not [m for m in doc._.kg_mentions if m.kind == "Person" and "Marinir" in m.text]
    doc = read("Kapal perang itu berlayar menuju Semenanjung Sinai pada Senin (4/3/2024).")
    assert [(m.text, m.kind) for m in doc._.kg_mentions if "Sinai" in m.text] == [("Semenanjung Sinai", "Place")]


def test_the_city_of_a_mayor_is_no_part_of_the_mayor_s_name(read):
    doc = read("Wali Kota Surabaya Eri Cahyadi menilai kehadiran tentara justru memperkeruh suasana.")
    assert kind_of(doc).get("Eri Cahyadi") == "Person"
    assert [s.speaker for s in doc._.kg_statements] == ["person:ericahyadi"]


def test_an_organisation_speaks_across_a_dated_adverbial(read):
    doc = read("Komando Selatan AS (Southcom) dalam pernyataan pada Selasa (4/3/2025) waktu setempat menyebut "
               "kapal perang itu akan tiba di Karibia dalam dua pekan.")
    assert [s.speaker for s in doc._.kg_statements] == ["org:SOUTHCOM"]


def test_a_description_after_the_verb_points_back_to_the_person(read):
    doc = read("Perwakilan Khusus Sekjen PBB untuk Libya, Hanna Tetteh, menilai negara itu kini lebih stabil. "
               "\"Libya telah menempuh jalan panjang menuju stabilitas,\" ujar diplomat asal Ghana itu.")
    assert [s.speaker for s in doc._.kg_statements] == ["person:hannatetteh"] * 2


def test_quotations_after_a_colon_and_adverbials_after_an_appositive(read):
    doc = read("Presiden Emmanuel Macron tiba di Dakar. Macron, ketika ditanya wartawan soal misi itu, menjawab "
               "singkat: \"Untuk melindungi warga kami.\"")
    assert [(s.speaker, s.direct) for s in doc._.kg_statements] == [("person:emmanuelmacron", True)]
    doc = read("Ankara bereaksi keras. Hakan Fidan, Menteri Luar Negeri Turki, lewat unggahan di platform X menuding "
               "Israel telah melanggar gencatan senjata di Gaza.")
    assert [s.speaker for s in doc._.kg_statements] == ["person:hakanfidan"]


def relations(doc, predicate: str) -> set[tuple[str, str]]:
    return {(r.subject, r.object) for r in doc._.kg_relations if r.predicate == predicate}


def test_member_lists_before_and_after_the_organisation(read):
    doc = read("Aliansi itu beranggotakan Kenya, Ghana dan Peru. Pada 2020, Chile dan Nepal turut bergabung. "
               "Oman resmi menjadi anggota penuh kelompok ekonomi NATO. "
               "Sebagian dipindahkan ke negara anggota NATO lain, termasuk Norwegia dan Portugal. "
               "Jepang menuding Malaysia melindungi anggota Partai Pekerja Kurdistan (PKK). "
               "Australia, yang bukan anggota NATO, ikut serta.")
    members = relations(doc, "memberOf")
    assert {("country:OM", "org:NATO"), ("country:NO", "org:NATO"), ("country:PT", "org:NATO")} <= members
    assert not {m for m in members if m[0] in ("country:JP", "country:MY", "country:AU")}


def test_members_right_after_the_organisation_and_a_list_closed_by_the_other_members(read):
    doc = read("Sesama anggota ASEAN Vietnam mengirim bantuan. Di antara negara anggota NATO, Spanyol dan Italia "
               "paling keras menolak. Personel dari Zambia, Malawi dan negara anggota SADC lainnya tiba.")
    members = relations(doc, "memberOf")
    assert {("country:VN", "org:ASEAN"), ("country:ES", "org:NATO"), ("country:IT", "org:NATO"),
            ("country:ZM", "org:SADC"), ("country:MW", "org:SADC")} <= members


def test_a_party_led_by_a_former_prime_minister(read):
    doc = read("Calon itu didukung partai Partai Rakyat Merdeka (PRM) pimpinan mantan perdana menteri Budi Santoso.")
    assert any(p == "ledBy" for p in {r.predicate for r in doc._.kg_relations})


def test_a_title_that_names_its_organisation(read):
    doc = read("Upacara dipimpin Kapolri Jenderal Budi Santoso di Jakarta.")
    assert people(doc)["Budi Santoso"].affiliation == "org:POLRI"


def test_well_known_people_serve_whom_the_world_knows_they_serve(read):
    doc = read("Presiden Emmanuel Macron tiba di Dakar. Menurut Putin, langkah itu berbahaya. "
               "Sekjen PBB Antonio Guterres ikut hadir. Presiden Budi Santoso menyambutnya.")
    affiliations = relations(doc, "affiliation")
    assert {("person:emmanuelmacron", "country:FR"), ("person:putin", "country:RU"),
            ("person:antonioguterres", "org:PBB")} <= affiliations
    assert people(doc)["Putin"].kind == "Person"  # whatever the model made of the bare name
    assert not {a for a in affiliations if a[0] == "person:budisantoso"}  # nobody the gazetteer knows


def test_an_office_the_article_states_wins_over_the_gazetteer(read):
    doc = read("Perdana Menteri Belanda Mark Rutte berbicara di Den Haag.")  # before he led NATO
    assert relations(doc, "affiliation") == {("person:markrutte", "country:NL")}


def test_a_hyphenated_name_is_one_name_but_a_hyphenated_pair_of_countries_is_two(read):
    doc = read("Silva-Horta mengatakan ia akan menjadi presiden semua rakyat. "
               "Perundingan dagang AS-China digelar di London.")
    found = {m.text for m in doc._.kg_mentions}
    assert "Horta" not in found and "Silva-Horta" in found  # the model read "[Horta]"
    assert "AS-China" not in found and "China" in found


def test_a_short_form_is_a_whole_name_and_one_ministry_whatever_it_is_called(read):
    doc = read("Menurut juru bicara Kemlu Budi Santoso, Indonesia tetap melanjutkan proses aksesi. "
               "Kementerian Luar Negeri RI menyambut pengumuman itu. Kemlu RI menyatakan dukungannya. "
               "Kemlu AS membantahnya.")
    orgs = [m for m in doc._.kg_mentions if m.kind == "Organisation"]
    assert "Budi Santoso" in people(doc)
    home = {m.key for m in orgs if m.text != "Kemlu AS"}
    assert home == {"org:kementerianluarnegeriindonesia"} and len(orgs) == 4


def test_a_rank_between_the_organisation_and_the_name_is_part_of_the_title(read):
    doc = read("Juru bicara Kementerian Pertahanan Kamboja Jenderal Meas Sophea mengatakan latihan itu biasa.")
    found = people(doc)
    assert "Jenderal Meas Sophea" not in found
    assert found["Meas Sophea"].affiliation == "org:kementerianpertahanankamboja"


def test_a_territory_is_a_place_of_its_state_and_troops_sent_there_are_deployed(read):
    doc = read("Pemerintah Prancis mengirim 1.000 personel polisi tambahan ke Kaledonia Baru. Warga Hong Kong berdemo.")
    found = {m.text: m for m in doc._.kg_mentions}
    assert found["Kaledonia Baru"].kind == "Place" and found["Kaledonia Baru"].country == "country:FR"
    assert found["Hong Kong"].key == "place:hongkong"
    assert [(d.sender, d.destinations, d.troop_count) for d in doc._.kg_deployments] == [
        ("country:FR", ["place:newcaledonia"], 1000)]


def test_troops_sent_with_no_destination_go_where_the_dateline_is(tmp_path):
    sent = "Latihan gabungan dimulai pekan ini. Tentara Turki mengirim lebih dari 500 personel untuk latihan itu."
    abroad = facts(tmp_path, f"Latihan Dimulai\n\nantaranews.com, KAIRO - {sent}\n", "a.txt")
    assert [(d.sender, d.destinations, d.troop_count) for d in abroad.deployments] == [
        ("country:TR", ["country:EG"], 500)]
    at_home = facts(tmp_path, f"Latihan Dimulai\n\nantaranews.com, ANKARA - {sent}\n", "b.txt")
    assert not at_home.deployments  # news from the sender's own capital: nowhere to go
    in_the_provinces = facts(tmp_path, f"Latihan Dimulai\n\nKupang - {sent}\n", "c.txt")
    assert [(d.sender, d.destinations) for d in in_the_provinces.deployments] == [("country:TR", ["country:ID"])]
    at_the_desk = facts(tmp_path, f"Latihan Dimulai\n\nJakarta - {sent}\n", "d.txt")
    assert not at_the_desk.deployments  # the press's own capital is its desk, not where the troops went


def test_verbs_of_attitude_and_requests_to_people_are_reported_speech(read):
    doc = read("Washington menduga Beijing tengah membangun fasilitas militer di pangkalan itu. "
               "Presiden Budi Santoso meminta seluruh personel bersikap humanis kepada warga. "
               "Presiden Budi Santoso meminta bantuan dari negara tetangga setelah banjir besar.")
    said = [(s.speaker, s.text) for s in doc._.kg_statements]
    assert ("country:US", "Beijing tengah membangun fasilitas militer di pangkalan itu") in said  # the capital
    assert any("bersikap humanis" in t for _, t in said)
    assert not any("bantuan" in t for _, t in said)  # a thing asked for is an act


def test_headlines_and_names_of_things_hold_no_invented_people(read):
    doc = read("Baca juga:\nMengenal Kataib Hizbullah, Milisi yang Serang Pangkalan AS\n\n"
               "Menhan Prabowo Tinjau Akademi Militer Australia\n\n"
               "Pesawat itu lepas landas dari Bandara Internasional Hamid Karzai di Kabul. "
               "Moskwa membantah tuduhan bahwa pasukannya menyerang warga sipil.")
    assert set(people(doc)) == set()  # a Title Case line, an airport named after a person, a capital
    assert [s.speaker for s in doc._.kg_statements] == ["country:RU"]


def test_a_speaker_set_off_by_commas_inside_the_sentence(read):
    doc = read("Hasil sidang itu, menurut Firman Wijaya, tidak bisa menjadi dasar gugatan baru. "
               "Sejak awal, kata Budi Santoso, para menteri sudah mengetahui rencana itu.")
    assert [(s.speaker, s.text) for s in doc._.kg_statements] == [
        ("person:firmanwijaya", "Hasil sidang itu tidak bisa menjadi dasar gugatan baru"),
        ("person:budisantoso", "Sejak awal para menteri sudah mengetahui rencana itu")]


def test_a_weekday_of_last_week_and_its_date_in_brackets(tmp_path):
    from kg.nlp.temporal import find_times

    ref = date(2022, 10, 17)  # a Monday
    found = {t.text: t.date for t in find_times("Ia mengumumkannya pada Senin pekan lalu (10/10). "
                                                "Rapat digelar Selasa pekan lalu.", ref)}
    assert found == {"Senin pekan lalu (10/10)": date(2022, 10, 10), "Selasa pekan lalu": date(2022, 10, 11)}


def test_the_words_first_then_the_speaker_and_the_verb(read):
    doc = read("Pasukan itu akan ditarik bulan depan dari perbatasan, Presiden Budi Santoso menegaskan.")
    assert [(s.speaker, s.text) for s in doc._.kg_statements] == [
        ("person:budisantoso", "Pasukan itu akan ditarik bulan depan dari perbatasan")]


def test_a_company_abbreviation_ends_its_name_not_the_sentence(read):
    doc = read("Nusantara Arms Inc. mengatakan mereka akan memasok 200 kendaraan tempur tahun ini.")
    assert len(list(doc.sents)) == 1
    assert [s.text for s in doc._.kg_statements] == ["mereka akan memasok 200 kendaraan tempur tahun ini"]


def test_joint_personnel_of_named_forces_are_sent_by_them(read):
    doc = read("Sebanyak 5.000 personel gabungan TNI dan Polri diterjunkan untuk mengamankan pertemuan itu "
               "yang akan digelar di Nusa Dua, Bali.")
    assert [(d.sender, d.troop_count) for d in doc._.kg_deployments] == [("org:TNI", 5000)]


def test_its_own_troops_withdrawn_from_the_bank_of_a_river(read):
    doc = read("Kementerian Pertahanan Rusia menyatakan seluruh pasukannya telah ditarik dari tepi barat Sungai Dnipro "
               "di wilayah Kherson, Ukraina.")
    assert [(d.sender, d.destinations[:1]) for d in doc._.kg_deployments] == [
        ("org:kementerianpertahananrusia", ["place:sungaidnipro"])]


def test_a_doc_without_an_article_context_is_read_all_the_same():
    from kg.nlp.pipeline import make_nlp

    doc = make_nlp()("PHNOM PENH - Tentara China mengirim 700 personel. "
                     "Presiden Emmanuel Macron mengatakan latihan itu berjalan biasa saja.")
    assert [s.speaker for s in doc._.kg_statements] == ["person:emmanuelmacron"]


def test_a_town_name_is_a_person_unless_the_text_makes_it_a_place(read):
    doc = read("Permainan kibor Wright menjadi ciri khas band itu. Pemberontak mengepung Sake, kota kecil di sana. "
               "Warga dievakuasi dari kota-kota di dekat perbatasan, termasuk Sderot dan Ashkelon. "
               "Latihan digelar di Provinsi Cagayan, Isabela dan Palawan.")
    kinds = kind_of(doc)
    assert kinds["Wright"] == "Person"  # a small town's name, used as nobody uses a place
    assert {kinds[n] for n in ("Sake", "Sderot", "Ashkelon", "Isabela")} == {"Place"}


def test_a_name_the_article_uses_as_a_place_is_that_place_everywhere_in_it():
    from kg.facts import Mention
    from kg.nlp.entities import EntityChooser

    place = Mention(10, 17, "Kherson", "Place", "place:kherson", "Kherson", "gazetteer", country="country:UA")
    misread = Mention(60, 67, "Kherson", "Person", "person:kherson", "Kherson", "model")
    full = Mention(80, 92, "Lloyd Austin", "Person", "person:lloydaustin", "Lloyd Austin", "model")
    city = Mention(100, 106, "Austin", "Place", "place:austin", "Austin", "gazetteer")
    bare = Mention(120, 126, "Austin", "Person", "person:austin", "Austin", "model")
    out = EntityChooser.one_sense([place, misread, full, city, bare])
    assert (out[1].kind, out[1].key, out[1].start, out[1].end) == ("Place", "place:kherson", 60, 67)
    assert out[4] == bare  # the family name of a person the article names in full stays the person


def test_wire_agencies_and_regional_outlets_of_the_world_are_organisations(read):
    doc = read("Seperti dilaporkan Agencia Brasil dan Tribun Bali, polisi berjaga. Menurut Kommersant, "
               "Moskwa menolak.")
    kinds = kind_of(doc)
    assert kinds.get("Agencia Brasil") == kinds.get("Tribun Bali") == kinds.get("Kommersant") == "Organisation"


def test_provinces_and_states_of_the_world_are_places_of_their_country(read):
    doc = read("Kapolda Jawa Barat Irjen Budi Prasetyo mengatakan situasi aman. Gubernur Texas Greg Abbott "
               "menolak rencana itu. Washington menduga ada pihak lain yang terlibat.")
    found = {m.text: m for m in doc._.kg_mentions}
    assert (found["Jawa Barat"].kind, found["Jawa Barat"].country) == ("Place", "country:ID")
    assert found["Budi Prasetyo"].affiliation == "org:POLRI"  # the title's own force, not the province
    assert found["Greg Abbott"].affiliation == "country:US"  # an office of a state serves its country
    assert found["Washington"].kind != "Place" or found["Washington"].key != "place:washington"  # the capital


def test_a_subdivision_name_two_states_share_names_no_country():
    from kg import lexicon

    index, records = lexicon.subdivisions()
    assert records[index.get("Sumatera Selatan")].country == "ID"
    assert index.get("Punjab") is None  # India's and Pakistan's
    assert index.get("Mary") is None  # a four-letter name abroad is too often a given name


def test_a_sentence_opened_by_kata_and_the_speaker_is_reported_speech(read):
    doc = read("Menhan Budi Santoso hadir di Jakarta. Kata Budi, Indonesia siap mengirim pasukan perdamaian.")
    assert [(s.speaker, s.text) for s in doc._.kg_statements] == [
        ("person:budisantoso", "Indonesia siap mengirim pasukan perdamaian")]


def test_the_text_makes_a_place_of_what_the_model_read_as_a_person():
    from kg.facts import Mention
    from kg.nlp.gazetteer import Tokens
    from kg.nlp.pipeline import make_nlp

    nlp = make_nlp()
    gazetteer = nlp.get_pipe("kg_gazetteer")
    doc = nlp.make_doc("Pasukan tiba di Badung. Warga Dabo Singkep, Kepulauan Riau, dan Semenanjung Krimea. "
                       "Menurut juru bicara Budi Santoso, Indonesia siap.")
    doc._.kg_text = doc.text
    for _, proc in nlp.pipeline[:1]:
        doc = proc(doc)
    toks = Tokens(doc)

    def placed(name: str, places: list[Mention] = ()) -> str | None:
        a = next(i for i, w in enumerate(toks.words) if w == name.split()[0])
        return gazetteer._placed(toks, a, a + len(name.split()), {m.start: m for m in places})

    riau = Mention(doc.text.index("Kepulauan"), doc.text.index("Kepulauan") + 14, "Kepulauan Riau", "Place",
                   "place:kepulauanriau", "Kepulauan Riau", "gazetteer", country="country:ID")
    indonesia = Mention(doc.text.index("Indonesia"), doc.text.index("Indonesia") + 9, "Indonesia", "Country",
                        "country:ID", "Indonesia", "gazetteer")
    assert placed("Badung") == ""  # right after "di"
    assert placed("Dabo Singkep", [riau]) == "country:ID"  # a province after it in apposition
    assert placed("Semenanjung Krimea") == ""  # a place word opens it
    assert placed("Budi Santoso", [indonesia]) is None  # a country after a speaker begins what was said
    assert placed("Warga") is None


def test_menurutnya_points_to_the_subject_of_the_sentence_before_not_whom_it_names_last(read):
    doc = read("Menlu Budi Santoso bertemu Menteri Luar Negeri Jepang Taro Yamada di Tokyo. Menurutnya, kedua "
               "negara sepakat menjaga stabilitas kawasan.")
    assert [s.speaker for s in doc._.kg_statements] == ["person:budisantoso"]


def test_a_title_alone_as_the_subject_is_the_person_who_holds_it(read):
    doc = read("Kapolri Jenderal Budi Santoso memimpin apel di Denpasar. Kapolri juga meminta personel bersikap "
               "humanis kepada warga. Panglima TNI Jenderal Agus Wibowo meninjau pasukan. Panglima TNI mengatakan "
               "pasukan siap berangkat.")
    assert [s.speaker for s in doc._.kg_statements] == ["person:budisantoso", "person:aguswibowo"]


def test_a_pronoun_pointer_sentence_dates_the_statement_before(read):
    doc = read("Presiden Budi Santoso mengusulkan penempatan misi pengamat internasional di perbatasan. "
               "Usulan itu ia sampaikan dalam pertemuan virtual pada Selasa (24/9/2024).")
    [st] = doc._.kg_statements
    assert (st.speaker, str(st.date), len(st.evidence)) == ("person:budisantoso", "2024-09-24", 2)


def test_words_said_at_an_event_named_before_take_its_day(read):
    doc = read("Presiden Budi Santoso bertemu para menteri luar negeri ASEAN pada Jumat (20/9/2024). "
               "\"Kawasan ini harus tetap damai,\" kata Budi Santoso dalam pertemuan tersebut. "
               "\"Kami menolak kekerasan,\" ujar Agus Wibowo.", ref=date(2024, 10, 5))
    said = {st.speaker: str(st.date) for st in doc._.kg_statements}
    assert said["person:budisantoso"] == "2024-09-20"
    assert said["person:aguswibowo"] == "2024-10-05"  # no event named: the article's day


def test_the_area_of_a_post_after_its_country_is_not_the_affiliation(read):
    doc = read("Duta Besar Jepang untuk Kenya, Taro Yamada, bertemu Utusan Khusus PBB untuk Sudan Budi Santoso "
               "dan Duta Besar Indonesia di Kairo Agus Wibowo di Nairobi.")
    found = people(doc)
    assert found["Taro Yamada"].affiliation == "country:JP"
    assert found["Budi Santoso"].affiliation == "org:PBB"
    assert found["Agus Wibowo"].affiliation == "country:ID"


def test_more_verbs_of_saying_and_of_troop_movement(read):
    doc = read("Menlu Budi Santoso membeberkan rencana evakuasi warga. “Kami siap,” tandasnya. "
               "Pemerintah Jepang menugaskan 300 tentara ke Sudan pada Senin (14/10/2024).")
    assert [s.speaker for s in doc._.kg_statements] == ["person:budisantoso"] * 2
    [dep] = doc._.kg_deployments
    assert (dep.sender, dep.destinations, dep.troop_count) == ("country:JP", ["country:SD"], 300)


def test_province_short_forms_and_a_capital_province_are_places_of_indonesia(read):
    doc = read("Gubernur DKI Jakarta Budi Santoso dan Kapolda Jabar Irjen Agus Wibowo meninjau banjir.")
    places = {m.text: m.country for m in doc._.kg_mentions if m.kind == "Place"}
    assert places == {"DKI Jakarta": "country:ID", "Jabar": "country:ID"}
    assert set(people(doc)) == {"Budi Santoso", "Agus Wibowo"}


def test_a_speaker_is_not_a_city_of_the_same_name_in_another_language(read):
    doc = read("“Saya tidak tahu,” kata Vena kepada wartawan di Jakarta.")
    assert "Vena" in people(doc)


def test_close_to_someone_is_not_a_place_and_old_spellings_of_countries(read):
    doc = read("Presiden Perancis Budi Santoso, seorang teman dekat Hariri, menolak tawaran itu.")
    assert people(doc)["Budi Santoso"].affiliation == "country:FR"
    assert not [m for m in doc._.kg_mentions if m.kind == "Place"]


def test_a_name_in_brackets_loses_its_closing_bracket(read):
    doc = read("Presiden terpilih Joko Widodo (Jokowi) menyampaikan niatnya.")
    assert "Jokowi)" not in people(doc)


def test_reinforcements_arriving_date_the_deployment(read):
    doc = read("Pemerintah Jepang mengirim 500 polisi ke Kenya. Gelombang pertama bala bantuan itu tiba di Nairobi "
               "pada Kamis (16/5/2024).")
    [dep] = doc._.kg_deployments
    assert (dep.sender, str(dep.start_date)) == ("country:JP", "2024-05-16")


def test_a_large_citys_other_name_alone_is_not_the_city(read):
    doc = read("Ia melamar Laila di hadapan orangtua Laila, Rasyid dan Siti.")
    assert not [m for m in doc._.kg_mentions if m.kind == "Place"]


def test_a_short_clause_ending_in_a_pointer_is_still_something_said(read):
    doc = read("Menlu Budi Santoso menegaskan Indonesia menolak agresi tersebut. Agus Wibowo mengatakan "
               "mendukung keputusan itu. Rina Sari membenarkan kabar tersebut.")
    assert [s.speaker for s in doc._.kg_statements] == ["person:budisantoso", "person:aguswibowo"]


def test_a_quotation_standing_alone_goes_on_with_the_speaker_just_quoted(read):
    doc = read("“Pasukan kami sudah siap berangkat,” kata Menlu Budi Santoso. “Kami menunggu perintah presiden.” "
               "Cuaca di Jakarta cerah. “Ini tidak diucapkan siapa pun.”")
    assert [(s.speaker, s.text) for s in doc._.kg_statements] == [
        ("person:budisantoso", "Pasukan kami sudah siap berangkat"),
        ("person:budisantoso", "Kami menunggu perintah presiden")]


def test_countries_recorded_as_contributors_of_a_mission(read):
    doc = read("Prajurit Indonesia bergabung dengan UNMISS di Juba. UNMISS beranggotakan lebih dari 13.000 personel. "
               "Rwanda, India dan Nepal tercatat sebagai penyumbang pasukan terbesar misi tersebut.")
    mission = next(d for d in doc._.kg_deployments if d.sender == "org:UNMISS")
    assert set(mission.contributors) >= {"country:RW", "country:IN", "country:NP"}


def _one_deployment(read, text: str):
    [dep] = read(text)._.kg_deployments
    return dep


def test_a_dated_withdrawal_began_that_day_unless_it_is_still_to_come(read):
    dep = _one_deployment(read, "Rusia menarik pasukannya dari Kherson pada 9 November 2022.")
    assert (dep.sender, dep.destinations, str(dep.withdrawal_start)) == ("country:RU", ["place:geonames:706448"],
                                                                         "2022-11-09")
    dep = _one_deployment(read, "Presiden Budi Santoso pada 24 September mengatakan Jepang akan menarik "
                                "pasukannya dari Sudan.")
    assert dep.withdrawal_start is None


def test_completing_a_withdrawal_ends_it(read):
    dep = _one_deployment(read, "Prancis menyelesaikan penarikan pasukannya dari Niger pada 22 Desember 2023.")
    assert (str(dep.withdrawal_end), dep.withdrawal_start) == ("2023-12-22", None)


def test_bringing_troops_home_from_a_country_and_approving_ones_own_deployment(read):
    dep = _one_deployment(read, "Jerman memulangkan 1.100 tentaranya dari Mali.")
    assert (dep.sender, dep.destinations) == ("country:DE", ["country:ML"])
    dep = _one_deployment(read, "Pemerintah Kenya menyetujui pengerahan 1.000 polisi ke Haiti.")
    assert (dep.sender, dep.destinations, dep.troop_count) == ("country:KE", ["country:HT"], 1000)


def test_reinforcing_and_sending_troops_as_the_means_of_a_mission(read):
    dep = _one_deployment(read, "Inggris menambah 900 tentara di Estonia.")
    assert (dep.sender, dep.destinations, dep.troop_count) == ("country:GB", ["country:EE"], 900)
    dep = _one_deployment(read, "Kanada akan memimpin misi NATO di Latvia dengan mengirim 2.000 tentara.")
    assert (dep.sender, dep.destinations, dep.troop_count) == ("country:CA", ["country:LV"], 2000)


def test_a_whole_date_after_the_verb_starts_the_deployment(read):
    dep = _one_deployment(read, "Jepang mengirimkan tiga pesawat angkut dan 370 personel ke Djibouti "
                                "pada 21 April 2023.")
    assert (dep.sender, dep.destinations, str(dep.start_date)) == ("country:JP", ["country:DJ"], "2023-04-21")


def test_leaving_the_last_base_in_a_country_ends_the_withdrawal(read):
    dep = _one_deployment(read, "Pasukan Prancis meninggalkan pangkalan terakhirnya di Chad pada 30 Januari 2025.")
    assert (dep.sender, dep.destinations, str(dep.withdrawal_end)) == ("country:FR", ["country:TD"], "2025-01-30")


def test_words_were_said_on_or_before_the_day_of_the_paper(read):
    doc = read("Budi Santoso mengatakan pada Rabu bahwa pasukan siap berangkat.", ref=date(2024, 10, 15))
    assert [str(s.date) for s in doc._.kg_statements] == ["2024-10-09"]


def test_places_and_buildings_between_a_speaker_and_the_verb(read):
    doc = read("Budi Santoso kepada wartawan di Istana Merdeka, Jakarta, pada Senin (7/10/2024) mengatakan pasukan "
               "siap berangkat.", ref=date(2024, 10, 8))
    assert [(s.speaker, str(s.date)) for s in doc._.kg_statements] == [("person:budisantoso", "2024-10-07")]


def test_a_place_ends_before_a_rank(read):
    doc = read("Komandan Pasukan Perdamaian PBB di Lebanon Mayjen Budi Santoso mengatakan situasi tenang di "
               "Nur-Sultan.")
    places = {m.text for m in doc._.kg_mentions if m.kind in ("Place", "Country")}
    assert "Lebanon" in places and not any("Mayjen" in p for p in places)


def test_state_forms_facilities_peoples_and_english_organisations(read):
    doc = read("Raja Abdullah II dari Kerajaan Yordania menerima warga Kurdi di Rumah Sakit Indonesia, lalu "
               "bertemu Kepolisian Kerajaan Kepulauan Solomon dan pejabat New Development Bank.")
    kinds = kind_of(doc)
    assert kinds["Kerajaan Yordania"] == "Country" and kinds["New Development Bank"] == "Organisation"
    assert "Kurdi" not in kinds and "Rumah Sakit Indonesia" not in kinds
    assert kinds.get("Kerajaan Kepulauan Solomon") is None


def test_an_ordinary_word_capitalised_mid_sentence_is_no_name(read):
    doc = read("Warga meminta Perlindungan dari aparat dan Beliau berjanji menjaga keamanan di Jakarta.")
    assert {m.text for m in doc._.kg_mentions} <= {"Jakarta"}


def test_two_names_joined_by_a_hyphen_are_two(read):
    doc = read("Personel gabungan TNI-Polri berjaga di perbatasan Ukraina-Belarus, kata pejabat di Mazar-i-Sharif. "
               "Hubungan AS-China memanas.")
    names = kind_of(doc)
    assert {"TNI", "Polri", "Ukraina", "Belarus", "AS", "China", "Mazar-i-Sharif"} <= set(names)
    assert not any("-" in n for n in names if n != "Mazar-i-Sharif")


def test_an_office_or_a_base_named_after_an_organisation(read):
    doc = read("Rapat digelar di Kantor Kementerian Luar Negeri, lalu latihan di Pangkalan Angkatan Laut Ream.")
    orgs = {m.text for m in doc._.kg_mentions if m.kind == "Organisation"}
    assert orgs == {"Kementerian Luar Negeri"}


def test_titles_joined_by_selaku_or_yang_menjabat_and_dari_after_a_titled_name(read):
    doc = read("Budi Santoso selaku Kepala Staf TNI Angkatan Darat meninjau pasukan. Agus Wibowo yang menjabat "
               "sebagai Menteri Pertahanan Jepang hadir. Jenderal Rina Sari dari Angkatan Darat Filipina memimpin "
               "latihan.")
    found = people(doc)
    assert found["Budi Santoso"].affiliation is not None
    assert found["Agus Wibowo"].affiliation == "country:JP"
    assert found["Rina Sari"].affiliation == "org:angkatandaratfilipina"


def test_the_garuda_contingents_are_the_tni(read):
    doc = read("Kontingen Garuda XXIII-R berangkat ke Lebanon. Satgas Garuda juga tiba di Kongo.")
    assert {m.key for m in doc._.kg_mentions if m.kind == "Organisation"} == {"org:TNI"}


def test_a_contingent_named_as_an_organisation_sends_itself(read):
    dep = _one_deployment(read, "Kontingen Garuda XXIII-R yang berjumlah 1.090 prajurit diberangkatkan ke Lebanon.")
    assert (dep.sender, dep.destinations, dep.troop_count) == ("org:TNI", ["country:LB"], 1090)


def test_a_ministry_named_without_its_country_is_the_one_named_before_else_the_home_one(read):
    doc = read("Kementerian Luar Negeri menyatakan keprihatinan. Kemlu RI juga memanggil duta besar.")
    assert {m.key for m in doc._.kg_mentions if m.kind == "Organisation"} == {"org:kementerianluarnegeriindonesia"}
    doc = read("Kementerian Luar Negeri Rusia mengecam serangan itu. Kementerian Luar Negeri juga memanggil duta "
               "besar AS.")
    assert {m.key for m in doc._.kg_mentions if m.kind == "Organisation"} == {"org:kementerianluarnegerirusia"}


def test_a_platform_words_are_posted_on_is_no_place(read):
    doc = read("Lewat unggahan di X, Budi Santoso mengecam serangan itu. Ia juga menulis di Truth Social.")
    assert not [m.text for m in doc._.kg_mentions if m.kind == "Place"]


def test_an_airline_or_a_company_named_after_its_word_is_an_organisation(read):
    doc = read("Maskapai El Al menambah penerbangan, sementara perusahaan Boeing menunda pengiriman.")
    kinds = kind_of(doc)
    assert kinds["El Al"] == kinds["Boeing"] == "Organisation"


def test_a_unit_named_with_its_organisation_is_that_organisation(read):
    doc = read("Budi Santoso, pejabat Departemen Kerja Sama Militer Internasional Kementerian Pertahanan Belarus, "
               "mengatakan pasukan siap. Kepala Biro Informasi Pertahanan Kementerian Pertahanan Jepang, "
               "Brigadir Jenderal Taro Yamada, hadir.")
    orgs = {m.text: m.key for m in doc._.kg_mentions if m.kind == "Organisation"}
    assert list(orgs) == ["Kementerian Pertahanan Belarus", "Kementerian Pertahanan Jepang"]
    found = people(doc)
    assert set(found) == {"Budi Santoso", "Taro Yamada"}  # "Biro" is no name
    assert found["Budi Santoso"].affiliation == orgs["Kementerian Pertahanan Belarus"]
    assert found["Taro Yamada"].affiliation == orgs["Kementerian Pertahanan Jepang"]


def test_a_numbered_command_is_an_organisation_of_its_own(read):
    doc = read("Operasi itu dikendalikan Komando Gabungan Wilayah Pertahanan (Kogabwilhan) II. Panglima Kogabwilhan II "
               "Laksamana Madya Budi Santoso mengatakan kapal perang dikerahkan, sementara Kogabwilhan III bersiaga.")
    orgs = {m.text: m.key for m in doc._.kg_mentions if m.kind == "Organisation"}
    assert orgs["Komando Gabungan Wilayah Pertahanan (Kogabwilhan) II"] == orgs["Kogabwilhan II"]
    assert orgs["Kogabwilhan III"] != orgs["Kogabwilhan II"]
    assert people(doc)["Budi Santoso"].affiliation == orgs["Kogabwilhan II"]


def test_a_coordinating_ministry_lists_its_fields_with_commas(read):
    doc = read("Menteri Koordinator Bidang Politik, Hukum, dan Keamanan Budi Santoso tiba di Kementerian Koordinator "
               "Bidang Politik, Hukum, dan Keamanan.")
    [org] = [m for m in doc._.kg_mentions if m.kind == "Organisation"]
    assert org.text == "Kementerian Koordinator Bidang Politik, Hukum, dan Keamanan" and org.country == "country:ID"
    assert people(doc)["Budi Santoso"].role == "Menteri Koordinator Bidang Politik, Hukum, dan Keamanan"


def test_menurut_dia_is_the_person_last_named(read):
    doc = read("Budi Santoso menegaskan dukungan Indonesia bagi perdamaian. Menurut dia, keamanan Jepang hanya dapat "
               "terjamin bila rakyat Korea mendapatkan negara yang merdeka.")
    said = [(s.speaker, s.text) for s in doc._.kg_statements]
    assert ("person:budisantoso", "keamanan Jepang hanya dapat terjamin bila rakyat Korea mendapatkan negara yang "
            "merdeka") in said


def test_asking_an_actor_to_act_is_reported_speech(read):
    doc = read("Aliansi Rakyat Nusantara (ARN) menyerukan warga tenang. Kelompok itu juga meminta Jakarta menarik "
               "aturan baru tersebut, tetapi tidak meminta bantuan dana.")
    texts = [s.text for s in doc._.kg_statements if s.speaker == "org:ARN"]
    assert any(t.startswith("Jakarta menarik aturan baru") for t in texts)
    assert not any("bantuan dana" in t and not t.startswith("Jakarta") for t in texts)


def test_an_acronym_inside_an_office_name_before_its_country(read):
    doc = read("Kementerian Pertahanan (Kemhan) RI dalam keterangan tertulis menyebutkan perjanjian itu harus "
               "diratifikasi.")
    [st] = doc._.kg_statements
    [org] = [m for m in doc._.kg_mentions if m.kind == "Organisation"]
    assert (org.text, org.name, org.acronym, org.country) == (
        "Kementerian Pertahanan (Kemhan) RI", "Kementerian Pertahanan RI", "Kemhan", "country:ID")
    assert st.speaker == org.key
    doc = read("Tentara Pembebasan Rakyat (PLA) China mengirim 760 personel. PLA juga mendatangkan kapal perang.")
    assert {m.key for m in doc._.kg_mentions if m.kind == "Organisation"} == {"org:PLA"}


def test_a_bare_name_of_a_person_named_in_full_before_is_that_person(read):
    doc = read("Perdana Menteri Ousmane Sonko, sekutu dekat Faye, bahkan lebih keras. Dalam pidato di depan parlemen, "
               "Sonko menyatakan seluruh pangkalan asing harus ditutup. Juru bicara Kementerian Luar Negeri China "
               "Wang Wenbin menyebut kerja sama itu sah. \"Kami mitra strategis,\" ujar Wang di Beijing.")
    bare = {m.text: (m.kind, m.key) for m in doc._.kg_mentions if m.text in ("Sonko", "Wang")}
    assert bare == {"Sonko": ("Person", "person:ousmanesonko"), "Wang": ("Person", "person:wangwenbin")}
    assert [s.speaker for s in doc._.kg_statements] == ["person:ousmanesonko", "person:wangwenbin",
                                                        "person:wangwenbin"]


def test_a_kin_word_before_a_name_is_no_part_of_it(read):
    doc = read("Presiden Mahamat Deby memimpin Chad sejak 2021. Ayah Mahamat memimpin negara itu selama 30 tahun.")
    assert [m.text for m in doc._.kg_mentions if m.kind == "Person"] == ["Mahamat Deby", "Mahamat"]


def test_a_short_name_after_the_full_one_is_no_town_of_that_name(read):
    doc = read("Menteri Pertahanan Filipina Gilberto Teodoro menanggapi santai kritik tersebut. Menurut Teodoro, "
               "Manila berhak menentukan sikapnya sendiri.")
    assert {m.text: m.key for m in doc._.kg_mentions if m.text == "Teodoro"} == {"Teodoro": "person:gilbertoteodoro"}


def test_a_minister_of_the_armed_forces_serves_the_country_named(read):
    doc = read("Hal itu disampaikan Menteri Angkatan Bersenjata Inggris, James Heappey, di hadapan parlemen.")
    heappey = people(doc)["James Heappey"]
    assert (heappey.role, heappey.affiliation) == ("Menteri Angkatan Bersenjata", "country:GB")


def test_a_strait_is_not_the_island_it_is_named_after(read):
    doc = read("TNI menyiagakan kapal perang di Pulau Lombok. Pengamanan laut diperketat di Selat Lombok dan "
               "Selat Bali, serta di Teluk Benggala.")
    places = {m.text: m.key for m in doc._.kg_mentions if m.kind == "Place"}
    assert places["Selat Lombok"] != places["Pulau Lombok"]
    assert places["Selat Bali"] == "place:selatbali" and places["Teluk Benggala"] == "place:telukbenggala"


def test_the_region_after_a_place_in_apposition_is_a_place(read):
    doc = read("Pertemuan itu akan digelar di Nusa Dua, Badung, pada 15 November. Di Jakarta, Budi Santoso, "
               "juru bicara, hadir.")
    kinds = kind_of(doc)
    assert (kinds["Nusa Dua"], kinds["Badung"], kinds["Budi Santoso"]) == ("Place", "Place", "Person")


def test_a_summit_is_no_organisation_and_a_party_after_its_word_is(read):
    doc = read("Personel diterjunkan untuk mengamankan Konferensi Tingkat Tinggi (KTT) G20 di Bali. KTT itu dibuka "
               "Senin. Lu-Olo, yang didukung partai Fretilin, mengakui kekalahannya.")
    orgs = [m.text for m in doc._.kg_mentions if m.kind == "Organisation"]
    assert orgs == ["G20", "Fretilin"]


def test_one_speaker_two_verbs_of_saying_two_statements(read):
    doc = read("Budi Santoso mengatakan penarikan akan dilakukan secara tertib bersama mitra, dan menegaskan "
               "Indonesia tetap berkomitmen pada keamanan kawasan. Ia menyebut pasukan dan kendaraan akan pulang.")
    said = [(s.speaker, s.text) for s in doc._.kg_statements]
    assert said[:2] == [("person:budisantoso", "penarikan akan dilakukan secara tertib bersama mitra"),
                        ("person:budisantoso", "Indonesia tetap berkomitmen pada keamanan kawasan")]
    assert said[2][1] == "pasukan dan kendaraan akan pulang"  # "dan" before no verb of saying splits nothing
    doc = read("Agus Wibowo mengatakan negaranya sangat prihatin dan berharap kedua pihak menahan diri.")
    assert len(doc._.kg_statements) == 1  # without the comma: one statement


def test_the_late_person_named_in_full_is_a_person(read):
    doc = read("Ayah Mahamat, mendiang Idriss Deby Itno, memimpin Chad selama 30 tahun.")
    assert people(doc)["Idriss Deby Itno"].kind == "Person"


def test_words_said_that_day_take_the_day_named_before(read):
    doc = read("Menteri Budi Santoso memerintahkan kapal perang bergerak ke Laut Natuna pada Minggu (8/9/2024). "
               "Kapal itu membawa 500 pelaut. \"Kami siap menjaga kedaulatan,\" kata Budi Santoso dalam "
               "pernyataannya hari itu.", ref=date(2024, 9, 20))
    [st] = doc._.kg_statements
    assert str(st.date) == "2024-09-08"


def test_a_quotation_after_its_speaker_acted_on_a_day_takes_that_day(read):
    doc = read("Menteri Pertahanan Budi Santoso pada Senin (9/9/2024) memerintahkan pengepungan kota itu. "
               "\"Tidak ada yang boleh masuk,\" kata Budi Santoso. \"Kami akan menunggu,\" kata Agus Wibowo.",
               ref=date(2024, 9, 20))
    said = {st.speaker: str(st.date) for st in doc._.kg_statements}
    assert said == {"person:budisantoso": "2024-09-09", "person:aguswibowo": "2024-09-20"}


def test_an_organisation_shortened_after_its_full_name_is_that_organisation(read):
    doc = read("Dewan Keamanan PBB bersidang pada Senin. Jepang, anggota tidak tetap Dewan Keamanan, "
               "mendukung resolusi itu.")
    keys = {m.text: m.key for m in doc._.kg_mentions if m.kind == "Organisation"}
    assert keys["Dewan Keamanan"] == keys["Dewan Keamanan PBB"]


def test_another_name_of_a_place_is_that_place(read):
    doc = read("Kapal itu berlayar di dekat Pulau Senkaku, sebutan Jepang untuk Pulau Diaoyu, pada Selasa.")
    keys = {m.text: m.key for m in doc._.kg_mentions if m.kind == "Place"}
    assert keys.get("Pulau Diaoyu") == keys.get("Pulau Senkaku") is not None


def test_a_place_word_makes_the_model_s_organisation_a_place(read):
    doc = read("Kapal penjaga pantai menembakkan meriam air di dekat Beting Second Hope dan melukai awak.")
    kinds = kind_of(doc)
    assert kinds.get("Beting Second Hope") == "Place"


def test_reported_words_after_their_speaker_acted_on_a_day_take_that_day(read):
    doc = read("Menteri Luar Negeri Sari Lestari pada Senin (9/9/2024) mengunjungi Kairo. "
               "Sari Lestari mengatakan bantuan kemanusiaan akan dikirim pekan depan. "
               "Agus Wibowo mengatakan gudang bantuan di Jakarta sudah penuh.",
               ref=date(2024, 9, 20))
    said = {st.speaker: str(st.date) for st in doc._.kg_statements}
    assert said == {"person:sarilestari": "2024-09-09", "person:aguswibowo": "2024-09-20"}


def test_a_noun_derived_from_an_ordinary_root_is_no_name(read, nlp):
    doc = read('"Penertiban akan dimulai besok," kata Aso.')
    assert [m.text for m in doc._.kg_mentions] == ["Aso"]  # the model took "Penertiban" for an organisation
    names = next(c for _, c in nlp.pipeline if hasattr(c, "model_names")).model_names
    assert [w for w in ("perlindungan", "pengiriman", "pemilihan", "perlman", "pekalongan", "kemenhan")
            if names.derived_noun(w)] == ["perlindungan", "pengiriman", "pemilihan"]


def test_an_office_known_by_its_acronym_and_city_and_a_naval_rank(read):
    doc = read("Kepala KDEI Taipei Hendra Wijaya mengatakan belum ada laporan korban. Juru bicara Penjaga Pantai "
               "Filipina, Komodor Jay Tarriela, mengatakan kapal itu rusak.")
    assert set(people(doc)) == {"Hendra Wijaya", "Jay Tarriela"}
    assert [s.speaker for s in doc._.kg_statements] == ["person:hendrawijaya", "person:jaytarriela"]


def test_a_name_set_off_at_the_end_and_navy_corps_and_commissioners(read):
    doc = read('"Kami tetap di sana," tegas juru bicara pemerintah Kenya, Wanjiru Mwangi. '
               "Komandan Satgas, Kolonel Laut (P) Budi Hartono, menuturkan pelayaran itu panjang. "
               "Perjanjian diteken Komisioner Perdagangan UE Anna Kowalska di Bali.")
    assert set(people(doc)) == {"Wanjiru Mwangi", "Budi Hartono", "Anna Kowalska"}
    assert doc._.kg_statements[0].speaker == "person:wanjirumwangi"


def test_an_acronym_written_as_a_word_defined_after_its_organisation(read):
    doc = read("Ketua Himpunan Nelayan Indonesia (Hinindo) Dedi Kurnia mengingatkan pemerintah. "
               "Menurut Hinindo, harga solar terlalu tinggi. Presiden Joko Widodo (Jokowi) tiba.")
    orgs = {m.text: m.key for m in doc._.kg_mentions if m.kind == "Organisation"}
    assert orgs.get("Hinindo") == orgs.get("Himpunan Nelayan Indonesia (Hinindo)") is not None
    assert "Hinindo" not in people(doc) and "Joko Widodo" in people(doc)


def test_a_rank_begins_no_place_and_names_hold_two_particles(read):
    doc = read("Markas itu di bawah Komodor Nikolaos Stavrou. Hadir pula Presiden Komisi Eropa Jan van der Berg.")
    assert set(people(doc)) == {"Nikolaos Stavrou", "Jan van der Berg"}
    assert not [m for m in doc._.kg_mentions if m.kind == "Place"]


def test_ships_named_after_cities_the_flag_and_more_country_names(read):
    doc = read("Gugus tugas itu terdiri atas fregat Jingzhou dan kapal perusak Zibo. Mereka membawa Merah Putih "
               "ke Guinea Khatulistiwa dan PNG.")
    assert kind_of(doc) == {"Guinea Khatulistiwa": "Country", "PNG": "Country"}


def test_english_names_of_organisations_after_a_researcher_s_title(read):
    doc = read("Peneliti Institute for Security and Strategic Studies (ISSS) Jakarta, Dewi Lestari, menilai misi itu "
               "penting. Direktur Eksekutif Center of Budget and Policy Research (Cebpor) Rudi Hartono menyebut "
               "anggarannya kecil.")
    orgs = {m.text for m in doc._.kg_mentions if m.kind == "Organisation"}
    assert "Institute for Security and Strategic Studies (ISSS)" in orgs
    assert "Dewi Lestari" in people(doc) and "Center" not in people(doc)


def test_a_canal_a_parliament_the_world_knows_and_a_people(read):
    doc = read("Kapal-kapal menghindari Terusan Kiel. Parlemen Israel, Knesset, menolak usul itu. "
               "Milisi Kurdi menyerang pos itu.")
    found = kind_of(doc)
    assert found.get("Terusan Kiel") == "Place" and found.get("Knesset") == "Organisation"
    assert "Kurdi" not in found


def test_a_country_named_in_full_is_that_country_in_its_short_name(read):
    doc = read("Pasukan tiba di Bangui, ibu kota Republik Afrika Tengah. Indonesia mengirim kompi zeni ke "
               "Afrika Tengah sejak 2015.")
    assert {m.text: m.key for m in doc._.kg_mentions}["Afrika Tengah"] == "country:CF"


def test_a_family_name_that_is_also_a_town_is_the_person_named_before_and_a_police_rank(read):
    doc = read('Menteri Luar Negeri Jepang Yoko Kamikawa tiba di Manila. "Ini bersejarah," kata Kamikawa. '
               "Kapolda Jateng Irjen Pol Budi Santoso menerangkan personelnya disiagakan.")
    assert [s.speaker for s in doc._.kg_statements][:1] == ["person:yokokamikawa"]
    assert "Budi Santoso" in people(doc)


def test_a_university_named_after_a_person_is_an_organisation(read):
    doc = read("Peneliti keamanan dari John Curtin University, Rina Hartati, menilai rotasi itu penting.")
    found = kind_of(doc)
    assert found.get("John Curtin University") == "Organisation" and found.get("Rina Hartati") == "Person"


def test_police_units_and_a_regiment_named_after_a_state(read):
    doc = read("Polda Jawa Tengah mengirim 450 personel Brimob dan Sabhara. "
               "India mengerahkan Gorkha Rifles ke perbatasan.")
    found = kind_of(doc)
    assert found.get("Brimob") == found.get("Sabhara") == found.get("Gorkha Rifles") == "Organisation"


def test_indonesian_units_by_type_number_and_name(read):
    doc = read("Prajurit berasal dari Kodim 0733/Semarang dan Yonif 411/Pandawa Salatiga. "
               "Kodam IV/Diponegoro menerjunkan 800 prajurit ke Kabupaten Pati.")
    orgs = {m.text for m in doc._.kg_mentions if m.kind == "Organisation"}
    assert {"Kodim 0733/Semarang", "Yonif 411/Pandawa Salatiga", "Kodam IV/Diponegoro"} <= orgs
    assert doc._.kg_deployments[0].sender == "org:kodamiv"  # one unit under short form and number


def test_a_place_listed_after_a_comma_is_no_speaker_and_a_company_keeps_its_name(read):
    doc = read("Suara itu datang dari wilayah Kabupaten Boyolali, Kabupaten Klaten, Kabupaten Sukoharjo, dan "
               "Wonogiri. Perusahaan angkutan udara PT Indonesia Transport Tbk memperoleh kontrak baru.")
    assert not {p for p in people(doc) if p.startswith("Kabupaten")}
    assert kind_of(doc).get("PT Indonesia Transport Tbk") == "Organisation"
    assert not set(people(doc)) & {"Indonesia Transport Tbk", "Transport Tbk", "Kabupaten"}


def test_an_ordinary_word_after_a_title_is_the_office_not_a_name(read):
    doc = read("Harga belum naik, kata Direktur Pemasaran dan Niaga Pertamina Hanung Budya jelang rapat.")
    assert "Pemasaran" not in people(doc) and "Hanung Budya" in people(doc)


def test_a_name_that_opens_with_a_given_name_is_a_person_whatever_the_model_read(read):
    doc = read("Christian Schmidt, yang memimpin Kantor Perwakilan Tinggi, memperingatkan langkah itu.")
    assert kind_of(doc).get("Christian Schmidt") == "Person"


def test_an_airport_or_a_seaport_is_a_place_named_whole(read):
    doc = read("Pesawat berangkat dari Bandara Soekarno-Hatta, Sabtu (1/2), lalu mendarat di Bandara Hang Nadim, "
               "Batam. Kapal bersandar di Pelabuhan Tanjung Priok.")
    found = kind_of(doc)
    assert found.get("Bandara Soekarno-Hatta") == found.get("Bandara Hang Nadim") == "Place"
    assert found.get("Pelabuhan Tanjung Priok") == "Place"
    assert "Soekarno-Hatta" not in found and "Hang" not in found


def test_a_known_name_the_model_cut_short_and_an_area_acronym_after_an_office(read):
    doc = read("Menteri Pertahanan Rusia Sergei Shoigu meneken perjanjian itu. Kepala Pelaksana BPBD DIY Biwara "
               "Yuswantana mengatakan tim membawa perahu karet.")
    assert {"Sergei Shoigu", "Biwara Yuswantana"} <= set(people(doc))
    assert not any(p.startswith("DIY") or p == "Sergei" for p in people(doc))


def test_regional_indonesian_outlets_are_organisations(read):
    doc = read("Hal itu dilaporkan Harian Disway dan Akurat.co, Rabu. Menurut Waspada, warga mengungsi.")
    found = kind_of(doc)
    assert found.get("Harian Disway") == found.get("Akurat.co") == found.get("Waspada") == "Organisation"
