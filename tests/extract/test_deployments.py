"""Who sent troops where, how many, when; one operation per sender and destination."""

from __future__ import annotations

from datetime import date
from pathlib import Path


def only(doc):
    assert len(doc._.kg_deployments) == 1, doc._.kg_deployments
    return doc._.kg_deployments[0]


def test_troops_of_an_organisation_sent_to_a_country(read):
    d = only(read("Sekitar 3.000 pasukan NATO dikerahkan ke Lituania untuk menjaga perbatasan."))
    assert (d.sender, d.destinations) == ("org:NATO", ["country:LT"])
    assert (d.troop_count, d.troop_qualifier) == (3000, "approximately")


def test_active_sender_destination_with_province_and_start_date(read):
    d = only(read("Pemerintah Australia mulai mengirim 100 personel militer ke Provinsi Guadalcanal, "
                  "Kepulauan Solomon, Kamis (25/11/2021)."))
    assert d.sender == "country:AU"
    assert "country:SB" in d.destinations and d.start_date == date(2021, 11, 25)
    assert d.troop_count == 100


def test_joint_senders_contribute_to_the_organisations_operation(read):
    text = ("Lebih dari 2.000 pasukan ECOWAS diterjunkan ke Gambia. "
            "Selain Senegal, Nigeria dan Ghana turut mengirim pasukan ke Gambia.")
    d = only(read(text))
    assert d.sender == "org:ECOWAS"
    assert set(d.contributors) == {"country:SN", "country:NG", "country:GH"}
    assert (d.troop_count, d.troop_qualifier) == (2000, "more than")


def test_withdrawal_dates_attach_to_the_operation(read):
    text = ("Amerika Serikat menempatkan 1.000 tentara di Niger sejak 2013. "
            "Penarikan pasukan AS dari Niger akan selesai paling lambat 15 September 2024.")
    d = only(read(text, ref=date(2024, 5, 20)))
    assert d.sender == "country:US" and d.destinations[0] == "country:NE"
    assert d.withdrawal_end == date(2024, 9, 15)


def test_withdrawal_duration_from_a_start(read):
    text = ("Pasukan penjaga perdamaian dari Uni Afrika akan meninggalkan Somalia dua hari ke depan. "
            "Proses penarikan pasukan tidak akan melebihi 10 hari.")
    d = only(read(text, ref=date(2024, 6, 1)))
    assert d.withdrawal_start == date(2024, 6, 3) and d.withdrawal_end == date(2024, 6, 13)


def test_no_deployment_without_troops_or_destination(read):
    assert read("Jepang mengirim bantuan pangan ke Gaza.")._.kg_deployments == []
    assert read("Jamaika dan Belize menyatakan kesiapan mengirim personel.")._.kg_deployments == []


def test_leader_of_the_organisation_is_not_the_sender(read):
    d = only(read("Aliansi militer CSTO yang dipimpin Rusia mulai menarik pasukannya keluar dari Kazakhstan."))
    assert (d.sender, d.destinations) == ("org:CSTO", ["country:KZ"])
    # an unnamed bloc led by Russia does not make Russia the sender either (nor does it invent one)
    unnamed = read("Blok militer yang dipimpin Rusia mulai menarik pasukannya keluar dari Kazakhstan.")
    assert [d.sender for d in unnamed._.kg_deployments if d.sender == "country:RU"] == []


def test_stationed_troops_and_a_withdrawal_deadline_in_another_sentence(read):
    text = ("Saat ini terdapat sekitar 1.000 tentara AS di Niger. "
            "Penarikan ditargetkan rampung paling lambat 15 September 2024.")
    d = only(read(text, ref=date(2024, 5, 20)))
    assert (d.sender, d.destinations, d.troop_count) == ("country:US", ["country:NE"], 1000)
    assert d.withdrawal_end == date(2024, 9, 15)


def test_casualties_are_not_the_troop_count(read):
    text = "Indonesia menempatkan lebih dari 1.200 personel di Lebanon, meskipun dua prajurit TNI terluka."
    assert only(read(text)).troop_count == 1200


def test_sender_and_destination_from_different_sentences(read):
    text = ("Saat ini Indonesia menempatkan lebih dari 1.200 personel TNI di bawah bendera UNIFIL. "
            "Prajurit Garuda bertugas di Lebanon sejak 2006.")
    ops = {d.sender: d for d in read(text)._.kg_deployments}
    d = ops["country:ID"]
    assert (d.sender, d.destinations, d.troop_count) == ("country:ID", ["country:LB"], 1200)
    # serving "di bawah bendera UNIFIL", Indonesia contributes to the mission, which serves in Lebanon
    assert set(ops) == {"country:ID", "org:UNIFIL"} and ops["org:UNIFIL"].contributors == ["country:ID"]


def test_total_strength_belongs_to_the_operation_just_named(read):
    text = ("Wagner mengirim petempur ke Mali pada akhir 2021. "
            "Jumlah petempurnya diperkirakan mencapai sekitar 1.500 orang.")
    d = only(read(text))
    assert (d.sender, d.troop_count, d.troop_qualifier) == ("org:wagner", 1500, "approximately")


def test_offers_do_not_start_an_operation(read):
    text = ("Sebanyak 400 polisi Kenya tiba di Haiti, Selasa (25/6/2024). "
            "Jamaika, Bahama dan Belize juga menyatakan kesiapan mengirim personel ke Haiti.")
    d = only(read(text))
    assert d.sender == "country:KE" and d.contributors == [] and d.start_date == date(2024, 6, 25)


def test_troops_from_a_country_in_an_organisations_operation_contribute(read):
    text = "NATO mengerahkan 700 tentara tambahan ke Kosovo, termasuk prajurit komando dari Turki."
    d = only(read(text))
    assert d.sender == "org:NATO" and d.contributors == ["country:TR"]


def test_withdrawal_first_and_last_dates(read):
    text = ("Sekitar 1.500 tentara Prancis ditempatkan di Niger. Konvoi pertama bergerak meninggalkan "
            "Niger pada 10 Oktober. Tentara Prancis terakhir telah meninggalkan Niger pada Jumat (22/12/2023).")
    d = only(read(text, ref=date(2023, 12, 22)))
    assert (d.withdrawal_start, d.withdrawal_end) == (date(2023, 10, 10), date(2023, 12, 22))


def test_the_date_of_another_event_is_not_the_start(read):
    text = ("Australia mengirim 100 personel ke Kepulauan Solomon untuk meredam kerusuhan yang melanda "
            "Honiara sejak Rabu (24/11/2021). Personel itu diberangkatkan pada Kamis (25/11/2021).")
    d = only(read(text, ref=date(2021, 11, 25)))
    assert d.start_date == date(2021, 11, 25)


def test_a_homecoming_is_not_a_destination(read):
    text = ("Sekitar 1.000 tentara Jerman ditempatkan di Mali. Rombongan terakhir tentara Jerman mendarat "
            "di pangkalan udara Wunstorf, Jerman, pada Jumat (15/12/2023).")
    d = only(read(text, ref=date(2023, 12, 16)))
    assert (d.sender, d.destinations) == ("country:DE", ["country:ML"])
    assert d.withdrawal_end == date(2023, 12, 15) and d.start_date is None


def test_listed_countries_contribute(read):
    text = ("Sebanyak 400 polisi Kenya tiba di Haiti. Personel misi itu juga berasal dari Jamaika, "
            "Belize dan El Salvador.")
    assert only(read(text)).contributors == ["country:JM", "country:BZ", "country:SV"]


def test_the_group_in_apposition_sends_the_troops(read):
    d = only(read("Kelompok tentara bayaran Rusia, Grup Wagner, mengumumkan akan meninggalkan Mali."))
    assert d.sender == "org:wagner"


def test_troops_from_a_country_without_a_destination_contribute(read):
    text = ("NATO akan mengerahkan 700 tentara tambahan ke Kosovo. Di antara pasukan tambahan yang akan "
            "dikirim terdapat sekitar 500 prajurit komando dari Turki.")
    d = only(read(text))
    assert (d.sender, d.destinations, d.contributors) == ("org:NATO", ["country:XK"], ["country:TR"])


def test_a_minister_without_a_country_serves_the_sending_country(read):
    text = ("Amerika Serikat akan menarik 2.000 tentara dari Suriah. Menteri Pertahanan Pete Hegseth "
            "memerintahkan konsolidasi pasukan.")
    rel = {(r.subject, r.predicate, r.object) for r in read(text)._.kg_relations}
    assert ("person:petehegseth", "affiliation", "country:US") in rel


def test_leaving_within_a_period_ends_by_its_end(read):
    text = "Sekitar 250 personel keamanan PBB akan meninggalkan Sudan secara bertahap dalam tiga bulan ke depan."
    d = only(read(text, ref=date(2023, 12, 2)))
    assert d.withdrawal_end == date(2024, 3, 1) and d.withdrawal_start is None


def test_a_place_left_and_a_war_between_countries(read):
    text = ("Pasukan penjaga perdamaian Rusia telah meninggalkan Nagorno-Karabakh, Rabu (12/6/2024). "
            "Pasukan Rusia dikerahkan ke wilayah itu setelah perang antara Armenia dan Azerbaijan.")
    d = only(read(text, ref=date(2024, 6, 12)))
    assert (d.sender, d.destinations) == ("country:RU", ["place:nagornokarabakh"])


def test_handing_over_the_last_base_ends_the_withdrawal(read):
    text = ("Sekitar 1.000 tentara Prancis ditempatkan di Chad. Prancis resmi menyerahkan pangkalan militer "
            "terakhirnya di Chad kepada otoritas setempat pada Kamis (30/1).")
    d = only(read(text, ref=date(2025, 1, 31)))
    assert (d.sender, d.withdrawal_end) == ("country:FR", date(2025, 1, 30))


def test_an_exercise_opening_day_starts_the_forces_sent_for_it(read):
    text = ("Latihan gabungan Cobra Gold 2025 resmi dibuka di Provinsi Chonburi, Thailand, Selasa (25/2). "
            "Jepang mengirim sekitar 300 personel ke Thailand untuk latihan itu.")
    d = only(read(text, ref=date(2025, 2, 26)))
    assert (d.sender, d.troop_count, d.start_date) == ("country:JP", 300, date(2025, 2, 25))
    assert len(d.evidence) == 2  # the opening sentence is where the day comes from


def test_a_statement_occasion_dates_the_words_not_the_arrival(read):
    text = ("Kementerian Pertahanan Jepang dalam pernyataan pada Senin (3/3/2025) menyebut 200 tentara "
            "Jepang dikerahkan ke Djibouti. Gelombang pertama pasukan itu tiba di Djibouti pada Minggu.")
    d = only(read(text, ref=date(2025, 3, 4)))
    assert d.start_date == date(2025, 3, 2)


def test_the_strength_of_a_successor_mission_is_not_the_predecessors(read):
    text = ("Negara penyumbang pasukan UNMIL antara lain Nigeria dan Ghana. "
            "Misi itu akan digantikan kantor politik kecil "
            "dengan sekitar 150 personel. Pada puncaknya, misi itu menampung 15.000 personel.")
    ops = [d for d in read(text, ref=date(2018, 3, 30))._.kg_deployments if d.sender == "org:UNMIL"]
    assert [d.troop_count for d in ops] == [15000]


def test_a_mission_starts_and_ends_on_the_days_its_words_say(read):
    text = ("Negara penyumbang pasukan UNMIL antara lain Nigeria, Ghana dan Bangladesh. "
            "UNMIL mulai bertugas pada 1 Oktober 2003. "
            "Dewan Keamanan PBB memutuskan mengakhiri UNMIL pada 30 Maret 2018.")
    d = only(read(text, ref=date(2018, 3, 30)))
    assert d.sender == "org:UNMIL"
    assert (d.start_date, d.withdrawal_end) == (date(2003, 10, 1), date(2018, 3, 30))


def test_troops_sent_at_home_are_not_the_operation_abroad(read):
    text = ("Sekitar 900 tentara Brasil bertugas di Haiti. "
            "Sejak Juli lalu, Presiden Michel Temer juga mengerahkan 8.500 tentara ke Rio de Janeiro.")
    d = only(read(text, ref=date(2017, 9, 1)))
    assert (d.sender, d.destinations, d.troop_count) == ("country:BR", ["country:HT"], 900)


def test_the_place_a_sentence_opens_on_is_where_troops_go(read):
    d = only(read("Pasukan itu akan ditempatkan di Estonia dan Latvia. Di Rumania, Prancis telah mengirim "
                  "sekitar 500 tentara."))
    assert (d.sender, d.destinations, d.troop_count) == ("country:FR", ["country:RO"], 500)
    assert not read("Di Jakarta, Presiden mengatakan Indonesia akan mengirim 500 tentara.")._.kg_deployments


def test_troops_under_another_command_are_not_the_operations(read):
    d = only(read("Kini terdapat sekitar 40.000 tentara yang berada di bawah komando langsung NATO di sayap timur. "
                  "Sekitar 3.000 tentara AS ditempatkan di Polandia."))
    assert (d.sender, d.troop_count) == ("country:US", 3000)


def test_a_warship_setting_out_from_a_home_port_is_sent_where_it_heads(read):
    text = ("Kapal perang TNI Angkatan Laut KRI Bung Tomo-357 bertolak dari Surabaya, Selasa (3/6/2025), "
            "menuju perairan Lebanon. Korvet itu mengangkut 110 prajurit.")
    doc = read(text, ref=date(2025, 6, 3))
    d = only(doc)
    assert (d.sender, d.destinations, d.troop_count, d.start_date) == ("org:TNI AL", ["country:LB"], 110,
                                                                       date(2025, 6, 3))
    assert not [m for m in doc._.kg_mentions if m.kind == "Person"]  # a ship named after a hero
    d = only(read("Fregat Belanda Tromp meninggalkan pelabuhan Den Helder pada 2 Juni 2025 menuju Laut Merah.",
                  ref=date(2025, 6, 3)))
    assert (d.sender, d.start_date, d.withdrawal_start) == ("country:NL", date(2025, 6, 2), None)


def test_a_year_before_a_troop_noun_is_no_count(read):
    d = only(read("Kapal perang Indonesia dikirim ke Lebanon. Sejak 2006 gugus tugas itu memeriksa 90.000 kapal."))
    assert d.troop_count is None


def test_a_mission_with_members_from_listed_countries(read):
    text = ("Indonesia mengirim kapal perang ke UNIFIL. "
            "Gugus tugas maritim UNIFIL beranggotakan kapal perang dari Jerman, Yunani dan Turki.")
    ops = {d.sender: d for d in read(text)._.kg_deployments}
    assert {"country:DE", "country:GR", "country:TR"} <= set(ops["org:UNIFIL"].contributors)


def test_troops_moving_into_a_part_of_a_country_with_an_allied_group(read):
    d = only(read("Pasukan Turki bersama kelompok oposisi Suriah sekutunya mulai bergerak ke barat laut Suriah "
                  "pada Senin (20/1/2018)."))
    assert (d.sender, d.destinations, d.start_date) == ("country:TR", ["country:SY"], date(2018, 1, 20))
    d = only(read("Pasukan Rwanda bergerak memasuki wilayah Mozambik pada Jumat (9/7/2021)."))
    assert (d.sender, d.destinations) == ("country:RW", ["country:MZ"])


def test_ships_are_no_troop_count_and_their_home_base_no_destination(read):
    text = ("Angkatan Laut India mengirim gugus tugas menuju Teluk Aden. Dua kapal perang berlayar dari "
            "pangkalan militer di Mumbai, Senin (5/5/2025). Lebih dari 400 perwira dan prajurit ikut berlayar.")
    d = only(read(text, ref=date(2025, 5, 6)))
    assert (d.troop_count, d.start_date) == (400, date(2025, 5, 5))
    assert not any("1275339" in k for k in d.destinations)  # Mumbai, where they set out from


def test_a_count_in_another_clause_belongs_to_that_clauses_sender(read):
    d = only(read("Pasukan Senegal bergerak memasuki Gambia, sedangkan Ghana menyumbang sekitar 200 prajurit."))
    assert d.sender == "country:SN" and d.troop_count is None


def test_an_operation_held_somewhere_its_opening_day_and_its_strength(read):
    text = ("Tentara Nasional Indonesia (TNI) menggelar operasi pengamanan di perairan Natuna. Operasi itu "
            "dimulai Senin, 6 Januari 2025, "
            "dengan melibatkan sekitar 400 personel.")
    d = only(read(text, ref=date(2025, 1, 7)))
    assert (d.sender, d.troop_count, d.start_date) == ("org:TNI", 400, date(2025, 1, 6))


def test_a_unit_sent_makes_a_deployment_but_is_no_count_of_one(read):
    d = only(read("Jerman mengirim satu brigade ke Lituania."))
    assert (d.sender, d.destinations, d.troop_count) == ("country:DE", ["country:LT"], None)


def test_a_capital_opening_its_sentence_sends_for_its_country_past_an_aside(read):
    d = only(read("Kigali, yang bukan anggota SADC, menempatkan sekitar 4.000 personel di Mozambik."))
    assert (d.sender, d.destinations, d.troop_count) == ("country:RW", ["country:MZ"], 4000)
    d = only(read("Ribuan tentara Rusia berdatangan di Belarus. Sebagian pasukan itu kemudian bergerak menuju "
                  "Kyiv, sebelum mundur pada akhir Maret."))
    assert d.contributors == []  # Kyiv, where they went, sends nobody


def test_all_the_countries_troops_come_from(read):
    text = ("Misi SADC di Mozambik (SAMIM) dikerahkan ke Cabo Delgado. Misi itu melibatkan 2.000 personel dari "
            "Afrika Selatan, Botswana, Angola dan Tanzania.")
    ops = {d.sender: d for d in read(text)._.kg_deployments}
    assert {"country:ZA", "country:BW", "country:AO", "country:TZ"} <= set(ops["org:SAMIM"].contributors)


def test_reinforcements_arriving_at_a_missions_base_contribute_to_it(read):
    text = ("Pasukan Uni Eropa di Bosnia dan Herzegovina (EUFOR) menerima tambahan 500 tentara. Gelombang pertama, "
            "yang terdiri atas tentara Austria, tiba di markas EUFOR di Kamp Butmir, Sarajevo. Tambahan pasukan "
            "berasal dari negara anggota Uni Eropa Austria, Bulgaria dan Slovakia.")
    ops = {d.sender: d for d in read(text)._.kg_deployments}
    assert ops["org:EUFOR"].destinations[0] == "country:BA"
    assert {"country:AT", "country:BG", "country:SK"} <= set(ops["org:EUFOR"].contributors)
    assert "place:geonames:3191281" in ops["country:AT"].destinations  # Sarajevo, after the camp's name


def test_countries_after_a_fronted_withdrawal_are_contributors_not_places_left(read):
    text = ("Misi Transisi Uni Afrika di Somalia (ATMIS) menuntaskan penarikan 2.000 tentara dari Somalia. "
            "Sebelum penarikan, ATMIS beranggotakan 19.600 personel dari Uganda, Burundi dan Kenya.")
    d = only(read(text))
    assert d.destinations == ["country:SO"] and set(d.contributors) == {"country:UG", "country:BI", "country:KE"}


def test_an_ordinal_is_no_count(read):
    d = only(read("Rotasi ke-9 pasukan marinir AS tiba di Darwin, Australia. Sekitar 2.000 marinir bertugas di sana."))
    assert d.troop_count == 2000


def test_a_day_named_by_pointing_back_starts_the_deployment(read):
    text = ("Komando Daerah Militer (Kodam) IV/Diponegoro menerjunkan 1.000 prajurit ke Kabupaten Demak. Tanggul "
            "jebol pada Minggu (17/3/2024) dini hari. Prajurit mulai diterjunkan pada pagi harinya.")
    d = only(read(text, ref=date(2024, 3, 19)))
    assert d.start_date == date(2024, 3, 17)
    d = only(read("Tanggul jebol pada Minggu (17/3/2024). Komando Daerah Militer (Kodam) IV/Diponegoro mengirim "
                  "prajurit ke Kabupaten Demak keesokan harinya.",
                  ref=date(2024, 3, 19)))
    assert d.start_date == date(2024, 3, 18)


def test_another_force_also_sent_where_the_operation_goes(read):
    text = ("Amerika Serikat mengirim 3.000 tentara ke Polandia. NATO juga mengirim 1.000 personel.")
    ops = {d.sender: d for d in read(text)._.kg_deployments}
    assert ops["org:NATO"].destinations == ["country:PL"] and ops["org:NATO"].troop_count == 1000
    assert ops["country:US"].troop_count == 3000


def test_a_force_s_own_country_does_not_join_it(read):
    # the country an armed force belongs to is its home, not a second contributor to its deployment
    text = (Path(__file__).parents[1] / "corpus" / "dev-9" / "fiji-undof-golan.txt").read_text(encoding="utf-8")
    doc = read(text, date(2024, 3, 7))
    rfmf = [d for d in doc._.kg_deployments if d.sender == "org:RFMF"]
    assert rfmf and all("country:FJ" not in d.contributors for d in rfmf)


def test_an_office_s_town_is_not_the_first_word_of_the_name_after_it(read):
    doc = read("Bupati Cianjur Herman Suherman meminta warga tetap di tenda. Presiden Joko Widodo meninjau lokasi. "
               "Hadir pula Kapolri Bambang Hendarso Danuri.")
    people = {m.name for m in doc._.kg_mentions if m.kind == "Person"}
    assert {"Herman Suherman", "Joko Widodo", "Bambang Hendarso Danuri"} <= people
    assert not any(p.startswith("Cianjur") for p in people)


def test_a_naval_group_leaving_its_home_base_for_an_area_sets_out(read):
    doc = read("Gugus Tugas Kapal Perang Inggris meninggalkan Pangkalan Angkatan Laut Portsmouth, Sabtu (22/5) "
               "malam, untuk pelayaran panjang menuju kawasan Indo-Pasifik.", date(2021, 5, 23))
    (op,) = doc._.kg_deployments
    assert op.sender.startswith("org:") and op.destinations == ["place:indopasifik"]
    assert str(op.start_date) == "2021-05-22"
    assert not any(m.kind == "Person" for m in doc._.kg_mentions)


def test_a_title_alone_and_a_ship_are_no_names(read):
    doc = read('"Kedua pihak sepakat," kata Utusan Tinggi Uni Afrika untuk Tanduk Afrika, Olusegun Obasanjo. '
               "Armada itu dipimpin HMS Queen Elizabeth. Upacara dipimpin Pangdam XIV/Hasanuddin Mayjen TNI "
               "Totok Imam Santoso.")
    found = {m.text: m.kind for m in doc._.kg_mentions}
    assert "Utusan Tinggi" not in found and found.get("Tanduk Afrika") == "Place"
    assert "HMS Queen Elizabeth" not in {t for t, k in found.items() if k == "Person"}
    assert not any(t.startswith("Pangdam") for t in found)
    assert [s.speaker for s in doc._.kg_statements][:1] == ["person:olusegunobasanjo"]


def test_the_rest_of_the_troops_come_from_the_countries_listed(read):
    doc = read("Sekitar 1.200 tentara ditempatkan di Latvia sejak Senin (4/3). Kanada menyumbang 450 prajurit. "
               "Sisanya berasal dari negara anggota NATO Albania, Italia dan Spanyol.")
    (op,) = doc._.kg_deployments
    assert {"country:AL", "country:IT", "country:ES"} <= set(op.contributors)


def test_a_person_named_with_an_age_and_words_after_pesan(read):
    doc = read('Dermaga dipadati keluarga prajurit. Nurhayati (34), istri seorang prajurit, mengaku berat '
               'melepas suaminya. "Lindungi warga sipil," pesan Inspektur Jenderal Raju Aryal.')
    people = {m.name for m in doc._.kg_mentions if m.kind == "Person"}
    assert "Nurhayati" in people
    assert any(s.speaker == "person:rajuaryal" for s in doc._.kg_statements)


def test_besides_that_place_is_another_deployment_not_a_second_destination(read):
    # "Selain di Golan, Fiji juga menempatkan prajuritnya di Semenanjung Sinai": a second deployment elsewhere
    text = (Path(__file__).parents[1] / "corpus" / "dev-9" / "fiji-undof-golan.txt").read_text(encoding="utf-8")
    doc = read(text, date(2024, 3, 7))
    golan = [d for d in doc._.kg_deployments if "place:golan" in d.destinations]
    assert golan and all("country:EG" not in d.destinations for d in golan)


def test_the_place_of_a_speech_is_no_destination(read):
    # "menyebut pengiriman pasukan perdamaian sebagai kebanggaan nasional dalam pidatonya di Suva"
    text = (Path(__file__).parents[1] / "corpus" / "dev-9" / "fiji-undof-golan.txt").read_text(encoding="utf-8")
    doc = read(text, date(2024, 3, 7))
    assert doc._.kg_deployments
    assert all("place:geonames:2198148" not in op.destinations for op in doc._.kg_deployments)  # Suva


def test_a_lower_case_region_word_after_ke_still_leads_to_the_destination(read):
    # "ke negara bagian X", "ke provinsi X": the place after the region word is where troops go
    d = only(read("Brasil mengerahkan sekitar 2.000 tentara ke negara bagian Roraima untuk menjaga perbatasan."))
    assert (d.sender, d.destinations, d.troop_count) == ("country:BR", ["place:roraima"], 2000)


def test_a_place_after_setelah_belongs_to_the_earlier_event(read):
    # ", beberapa jam setelah pawai ... di X": where the march was, not a second destination
    text = ("Pemerintah Brasil mengerahkan 2.000 tentara ke negara bagian Roraima. Prajurit Angkatan Darat Brasil "
            "mulai diterjunkan pada Rabu malam, beberapa jam setelah unjuk rasa yang digelar di Kota Pacaraima.")
    d = only(read(text))
    assert (d.sender, d.destinations) == ("country:BR", ["place:roraima"])


def test_troops_seen_off_and_flown_go_where_they_are_flown(read):
    # "dilepas dari <office> di X": where they were seen off; "diterbangkan ... menuju Y": where they go;
    # "Mereka ...": the troops just named; "yang kelak dikirim ke ... Z": a someday plan, no destination
    text = ("Sebanyak 60 prajurit TNI dilepas dari Pusat Latihan Gabungan (Puslatgab) TNI di Cibubur, Senin (4/3). "
            "Mereka diterbangkan dari Jakarta menuju Dili, Timor Leste. Latihan itu berguna bagi prajurit yang "
            "kelak dikirim ke misi PBB di Kongo.")
    d = only(read(text))
    assert d.sender == "org:TNI" and d.troop_count == 60 and d.contributors == []
    assert "country:TL" in d.destinations
    assert not any("cibubur" in x or x == "country:CD" for x in d.destinations)


def test_the_place_troops_are_seen_off_at_is_no_destination(read):
    d = only(read("Sebanyak 75 tentara Guatemala tiba di Port-au-Prince. Presiden Arevalo melepas pasukan itu "
                  "di Kota Guatemala pekan lalu."))
    assert d.destinations and not any("guatemala" in x for x in d.destinations)


def test_a_task_group_arriving_at_a_port_is_its_navy_sent_there(read):
    # "Gugus tugas <navy> ... tiba di pelabuhan X": the navy sends the group; the port's city is where it goes
    d = only(read("Gugus tugas Angkatan Laut Prancis yang terdiri atas dua fregat tiba di pelabuhan Mombasa, "
                  "Kenya, Senin (4/3/2024)."))
    assert d.sender == "org:angkatanlautprancis" and "country:KE" in d.destinations
    assert any(x != "country:KE" for x in d.destinations)  # Mombasa itself


def test_a_region_narrowed_to_a_place_in_apposition(read):
    # "Afrika Barat" (CLDR's "Afrika Bagian Barat") is too wide; the camp's place named after it is where
    d = only(read("Prancis menyerahkan pangkalan militer terbesarnya di Afrika Barat, kamp Batalyon Marinir "
                  "ke-6 di Ouakam, kepada Senegal, Kamis (17/7/2025)."))
    assert d.sender == "country:FR" and d.destinations and "place:afrikabarat" not in d.destinations
    assert any("ouakam" in x for x in d.destinations)


def test_troops_sent_to_help_with_a_disaster_go_where_it_struck(read):
    d = only(read("TNI mengerahkan sekitar 900 prajurit untuk membantu penanganan banjir bandang yang melanda "
                  "Kabupaten Luwu Utara, Sulawesi Selatan, Selasa (14/7/2020)."))
    assert d.sender == "org:TNI" and d.troop_count == 900 and d.destinations


def test_the_total_a_composition_sentence_gives_is_the_strength(read):
    text = ("Gugus tugas Angkatan Laut Prancis tiba di pelabuhan Mombasa, Kenya, Senin (4/3/2024). Gugus tugas itu "
            "terdiri atas tiga kapal dan 12 helikopter, dengan total sekitar 1.200 personel.")
    assert only(read(text)).troop_count == 1200


def test_a_unit_or_a_team_is_a_force_that_can_be_sent(read):
    d = only(read("Kamboja memberangkatkan unit zeni pertamanya ke Republik Afrika Tengah, Rabu (3/8/2022)."))
    assert d.sender == "country:KH" and d.destinations == ["country:CF"]


def test_a_sentence_pointing_back_to_the_force_goes_on_with_its_operation(read):
    text = ("Kapal perang TNI Angkatan Laut KRI Bung Tomo-357 bertolak dari Surabaya menuju Lebanon, "
            "Senin (11/9/2023). Korvet itu mengangkut 110 prajurit Satuan Tugas Maritim (Satgas Maritim) TNI. "
            "Kontingen itu juga membawa 12 prajurit Malaysia.")
    d = only(read(text))
    assert d.destinations == ["country:LB"] and d.troop_count == 110


def test_the_commander_of_the_force_sent_serves_its_country_not_the_mission_s(read):
    doc = read("Sebanyak 240 prajurit Angkatan Bersenjata Slovakia diberangkatkan menuju Siprus, Rabu (18/9). "
               "Komandan kontingen, Letnan Kolonel Martin Kovac, mengatakan pasukannya akan berpatroli di zona "
               "penyangga.")
    affs = {(r.subject, r.object) for r in doc._.kg_relations if r.predicate == "affiliation"}
    assert ("person:martinkovac", "country:SK") in affs
    doc = read("Pasukan UNMISS berpatroli di Malakal, Sudan Selatan, Senin (4/3). Komandan unit, Letnan Kolonel "
               "Tran Van Minh, mengatakan situasi aman.")
    assert not [r for r in doc._.kg_relations if r.predicate == "affiliation" and r.object == "country:SS"]
