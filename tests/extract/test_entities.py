"""People, organisations, countries and places found from the text (names the lists do not know)."""

from __future__ import annotations


def keys(doc, kind: str | None = None) -> set[str]:
    return {m.key for m in doc._.kg_mentions if kind is None or m.kind == kind}


def persons(doc):
    return {m.name: m for m in doc._.kg_mentions if m.kind == "Person" and m.source == "title"}


def test_title_gives_person_role_and_country_affiliation(read):
    doc = read("Menteri Luar Negeri Selandia Baru Winston Peters tiba di Jakarta pada Senin.")
    p = persons(doc)["Winston Peters"]
    assert p.role == "Menteri Luar Negeri" and p.affiliation == "country:NZ"


def test_title_gives_organisation_affiliation(read):
    doc = read("Juru bicara Kementerian Pertahanan Filipina Arsenio Andolong mengatakan kapal itu rusak.")
    p = persons(doc)["Arsenio Andolong"]
    assert p.role == "Juru bicara"
    assert p.affiliation == "org:kementerianpertahananfilipina"


def test_unknown_person_is_found_from_a_quote_attribution(read):
    doc = read("“Kami siap membantu kapan saja,” kata Baltasar Ebang Engonga kepada wartawan.")
    assert "person:baltasarebangengonga" in keys(doc, "Person")


def test_surname_alone_is_the_same_person(read):
    doc = read("Presiden Prancis Emmanuel Macron tiba di Dakar. Macron mengatakan pasukan akan pulang.")
    assert {m.key for m in doc._.kg_mentions if m.text == "Macron"} == {"person:emmanuelmacron"}


def test_acronym_definition_teaches_the_short_name(read):
    doc = read("Pasukan Sementara PBB di Lebanon (UNIFIL) berpatroli. Kontingen UNIFIL bertambah.")
    orgs = [m for m in doc._.kg_mentions if m.kind == "Organisation"]
    assert {m.key for m in orgs} == {"org:UNIFIL"}
    assert orgs[0].name == "Pasukan Sementara PBB di Lebanon" and len(orgs) == 2


def test_country_inside_an_organisation_name_is_not_a_second_entity(read):
    doc = read("Komunitas Pembangunan Afrika Selatan (SADC) mengirim pasukan.")
    assert keys(doc) == {"org:SADC"}


def test_headed_organisation_ends_after_its_country(read):
    doc = read("Kementerian Luar Negeri Jepang Yoko Kamikawa berbicara.")
    assert "org:kementerianluarnegerijepang" in keys(doc, "Organisation")


def test_place_word_makes_an_unknown_name_a_place(read):
    doc = read("Pasukan dikirim ke Provinsi Cabo Delgado. Situasi di Cabo Delgado tenang.")
    places = [m for m in doc._.kg_mentions if m.kind == "Place"]
    assert {m.key for m in places} == {"place:cabodelgado"} and len(places) == 2


def test_city_name_that_is_a_given_name_is_not_the_city(read):
    doc = read("Mantan presiden Nursultan Nazarbayev tidak hadir di Almaty.")
    assert "place:geonames:1526273" not in keys(doc)
    assert "place:geonames:1526384" in keys(doc)


def test_forces_of_a_country_act_as_the_country(read):
    doc = read("Pasukan Rusia dan Kontingen Rwanda tiba.")
    assert keys(doc) == {"country:RU", "country:RW"}


def test_ents_and_span_extension_follow_spacy_idioms(read):
    doc = read("Presiden Kenya William Ruto tiba di Nairobi.")
    labels = {(e.text, e.label_) for e in doc.spans["kg"]}
    assert ("Kenya", "GPE") in labels and ("William Ruto", "PERSON") in labels
    ruto = next(e for e in doc.spans["kg"] if e.text == "William Ruto")
    assert ruto._.kg_mention.role == "Presiden"


def test_rank_between_office_and_name(read):
    p = persons(read("Juru bicara Pentagon Mayor Jenderal Pat Ryder mengatakan pasukan akan pulang."))["Pat Ryder"]
    assert p.affiliation == "org:pentagon"


def test_appositive_title_after_the_name(read):
    doc = read("Ned Price, juru bicara Departemen Luar Negeri AS, mengatakan bahwa pasukan akan ditarik.")
    p = persons(doc)["Ned Price"]
    assert p.role == "Juru bicara" and p.affiliation == "org:departemenluarnegeriamerikaserikat"
    assert doc._.kg_statements[0].speaker == "person:nedprice"


def test_name_particles_stay_in_the_name(read):
    doc = read("Pemerintah Kesepakatan Nasional (GNA) pimpinan Perdana Menteri Fayez al-Sarraj meminta bantuan.")
    assert "Fayez al-Sarraj" in persons(doc)
    assert [(r.subject, r.predicate, r.object) for r in doc._.kg_relations
            if r.predicate == "ledBy"] == [("org:GNA", "ledBy", "person:fayezalsarraj")]


def test_unknown_places_after_locative_words(read):
    doc = read("Pasukan bermarkas di pangkalan dekat Agadez dan di Ouallam, bukan di Twitter.")
    assert keys(doc, "Place") == {"place:agadez", "place:ouallam"}


def test_armed_group_names_but_not_descriptions(read):
    doc = read("Kelompok pemberontak M23 menyerang, bukan kelompok militan Islam.")
    assert keys(doc, "Organisation") == {"org:M23"}


def test_ethnic_and_language_adjectives_are_not_countries(read):
    assert keys(read("Wali kota beretnis Albania berbicara dalam bahasa Inggris."), "Country") == set()


def test_acronym_defined_in_the_article_beats_a_news_agency(read):
    doc = read("Sebanyak 23 personel Polisi Federal Australia (AFP) berangkat. AFP bertugas di Honiara.")
    assert {m.key for m in doc._.kg_mentions if m.text == "AFP"} == {"org:AFP:polisifederalaustralia"}


def test_domestic_office_without_country_in_a_domestic_article(nlp):
    from kg.nlp.context import ArticleContext

    def aff(dateline: str | None, text: str = "Menteri Luar Negeri Dewi Kartika berbicara tentang Indonesia.",
            name: str = "Dewi Kartika") -> str | None:
        doc = nlp.make_doc(text)
        doc._.kg_context = ArticleContext("t", None, dateline)
        return persons(nlp(doc))[name].affiliation

    assert aff("Jakarta") == "country:ID"
    assert aff("Paris") is None and aff(None) is None
    # a foreign story datelined Jakarta that never names Indonesia: its president is not Indonesia's
    assert aff("Jakarta", "Presiden Emmanuel Macron berjanji memangkas pasukan di Chad.", "Emmanuel Macron") is None


def test_compass_word_extends_a_place(read):
    assert keys(read("Stabilitas Balkan Barat terancam."), "Place") == {"place:balkanbarat"}


def test_rank_corps_and_unit_before_the_name(read):
    doc = read("Komandan Satgas, Letkol Czi Bayu Pramono, mengatakan prajuritnya siap bekerja.")
    assert "Bayu Pramono" in persons(doc)
    assert doc._.kg_statements[0].speaker == "person:bayupramono"


def test_comma_between_office_and_name(read):
    p = persons(read("Juru bicara pemerintah Kongo, Patrick Muyaya, menyatakan tentara siap."))["Patrick Muyaya"]
    assert p.affiliation == "country:CD"


def test_place_word_covers_both_names_joined_by_dan(read):
    doc = read("Penarikan dari Provinsi Kivu Utara dan Ituri ditunda.")
    assert keys(doc, "Place") == {"place:kivuutara", "place:ituri"}


def test_english_name_and_acronym_in_one_bracket(read):
    doc = read("Inggris memimpin Kehadiran Maju yang Ditingkatkan (Enhanced Forward Presence/eFP) di Estonia.")
    org = next(m for m in doc._.kg_mentions if m.kind == "Organisation")
    assert org.acronym == "eFP" and "Enhanced Forward Presence" in org.aliases


def test_organisation_after_a_person_and_dan(read):
    doc = read("Angkatan Bersenjata Sudan (SAF) pimpinan Jenderal Abdel Fattah al-Burhan dan "
               "Pasukan Dukungan Cepat (RSF) bertempur.")
    assert {m.name for m in doc._.kg_mentions if m.kind == "Organisation"} == {
        "Angkatan Bersenjata Sudan", "Pasukan Dukungan Cepat"}
    assert ("org:SAF", "ledBy", "person:abdelfattahalburhan") in {
        (r.subject, r.predicate, r.object) for r in doc._.kg_relations}


def test_the_optional_tagger_lets_a_lone_proper_noun_speak():
    from kg.nlp.context import ArticleContext
    from kg.nlp.pipeline import make_nlp

    text = "Sutarman mengatakan pasukan perdamaian akan berangkat pekan depan."  # a name no gazetteer knows
    found = {}
    for pos, names in ((False, False), (True, False), (False, True)):
        nlp = make_nlp(pos=pos, names=names)
        doc = nlp.make_doc(text)
        doc._.kg_context = ArticleContext("t")
        found[pos, names] = {s.speaker for s in nlp(doc)._.kg_statements}
    # rules alone need the tagger to trust a lone proper noun; the trained name finder knows it is a name
    assert found == {(False, False): set(), (True, False): {"person:sutarman"}, (False, True): {"person:sutarman"}}


def test_a_city_name_after_a_given_name_is_a_family_name(read):
    doc = read("Menteri Pertahanan AS Lloyd Austin menyebut pengerahan itu untuk mencegah konflik.")
    assert persons(doc)["Lloyd Austin"].affiliation == "country:US"
    assert keys(doc, "Place") == set()


def test_two_word_ranks(read):
    doc = read("Juru bicara Pasukan Pertahanan Israel (IDF), Laksamana Muda Daniel Hagari, mengatakan hal itu.")
    assert persons(doc)["Daniel Hagari"].affiliation == "org:IDF"


def test_code_names_of_missions_and_facilities_after_di(read):
    doc = read("Prajurit bergabung dengan misi UNIFIL setelah upacara di Lapangan Mabes TNI Cilangkap.")
    assert "org:UNIFIL" in keys(doc, "Organisation") and keys(doc, "Place") == set()


def test_a_city_name_inside_a_titled_name(read):
    doc = read("Presiden Senegal Bassirou Diomaye Faye berbicara. “Senegal adalah negara merdeka,” kata Faye.")
    assert persons(doc)["Bassirou Diomaye Faye"].affiliation == "country:SN"
    assert [s.speaker for s in doc._.kg_statements] == ["person:bassiroudiomayefaye"]


def test_words_between_the_office_and_its_organisation(read):
    doc = read("Kepala Staf Umum Angkatan Bersenjata Chad, Jenderal Abakar Abdelkerim Daoud, mengatakan pasukan siap. "
               "Juru bicara Balikatan dari pihak Filipina, Kolonel Michael Logico, mengatakan latihan dimulai.")
    found = persons(doc)
    assert found["Abakar Abdelkerim Daoud"].affiliation == "org:angkatanbersenjatachad"
    assert found["Michael Logico"].affiliation == "country:PH"


def test_lists_of_places_and_crossings(read):
    places = keys(read("Pertempuran di wilayah Rutshuru dan Masisi berlanjut."), "Place")
    assert len(places) == 2 and "place:masisi" in places  # Rutshuru is a GeoNames town
    assert keys(read("Bantuan lewat perlintasan Rafah tertahan."), "Place") == {"place:rafah"}
    assert keys(read("Presiden tiba di Jakarta, Senin (5/3/2024)."), "Place") == {"place:geonames:1642911"}


def test_acronym_defined_inside_a_name_with_its_country(read):
    # the acronym names the organisation its later mentions mean; a ministry keeps its name with its country
    doc = read("Sebanyak 80 personel Pasukan Penjaga Pantai (PPP) Fiji berangkat ke Tonga. "
               "Kontingen PPP akan bertugas setahun.")
    orgs = [m for m in doc._.kg_mentions if m.kind == "Organisation"]
    assert {m.key for m in orgs} == {"org:PPP"} and len(orgs) == 2
    doc = read("Kementerian Pertahanan (Kemhan) RI mengirim bantuan.")
    assert "org:kementerianpertahananindonesia" in keys(doc, "Organisation")


def test_a_known_person_keeps_the_country_the_world_knows(nlp):
    # the home-country default for a bare government title yields to data/people.tsv
    from kg.nlp.context import ArticleContext

    doc = nlp.make_doc("Perdana Menteri Fumio Kishida bertemu Presiden Joko Widodo di Jakarta. Indonesia menyambut.")
    doc._.kg_context = ArticleContext("t", None, "Jakarta")
    doc = nlp(doc)
    affs = {(r.subject, r.object) for r in doc._.kg_relations if r.predicate == "affiliation"}
    assert ("person:fumiokishida", "country:JP") in affs
    assert not any(s == "person:fumiokishida" and o == "country:ID" for s, o in affs)
    assert persons(doc)["Fumio Kishida"].affiliation is None


def test_a_bare_office_in_a_story_about_another_country_is_not_the_home_one(nlp):
    # datelined Jakarta, naming Indonesia once and Japan four times: the minister is not Indonesia's
    from kg.nlp.context import ArticleContext

    text = ("Jepang mengirim tentara ke Ishikawa. Menteri Pertahanan Taro Kinoshita mengatakan Jepang siap. "
            "Pemerintah Jepang berterima kasih kepada Indonesia. Bantuan Jepang tiba.")
    doc = nlp.make_doc(text)
    doc._.kg_context = ArticleContext("t", None, "Jakarta")
    assert persons(nlp(doc))["Taro Kinoshita"].affiliation is None


def test_initials_end_no_sentence_and_a_country_the_model_calls_a_person_ends_a_name(read):
    doc = read("Sebanyak 90 prajurit Angkatan Bersenjata Slovakia berangkat dari Bandara M.R. Stefanik, Bratislava.")
    assert len(list(doc.sents)) == 1  # "M.R." is a pair of initials
    assert "org:angkatanbersenjataslovakia" in keys(doc, "Organisation")


def test_a_military_unit_is_one_organisation_in_either_form(read):
    doc = read("Komando Resor Militer (Korem) 071/Wijayakusuma membantah kabar itu. Korem 071/Wijayakusuma "
               "menyebut Batalyon Infanteri 406/Candra Kusuma tetap di markas. Korem juga memeriksa Yonif 406. "
               "Komandan Kodim 0701/Banyumas Letkol Inf Budi Santoso hadir.")
    orgs = {m.text: m.key for m in doc._.kg_mentions if m.kind == "Organisation"}
    assert orgs["Komando Resor Militer (Korem) 071/Wijayakusuma"] == orgs["Korem 071/Wijayakusuma"] == "org:korem071"
    assert orgs["Korem"] == "org:korem071"  # the acronym defined inside the unit's name, used alone
    assert orgs["Batalyon Infanteri 406/Candra Kusuma"] == orgs["Yonif 406"] == "org:yonif406"
    assert orgs["Kodim 0701/Banyumas"] == "org:kodim0701"  # the name ends before the rank
    assert not keys(doc, "Person") - {"person:budisantoso"}


def test_a_regional_police_command_is_an_organisation(read):
    doc = read("Kabid Humas Polda Riau Kombes Andi Wijaya mengatakan Polda Riau menurunkan 200 personel.")
    assert {m.text for m in doc._.kg_mentions if m.key == "org:poldariau"} == {"Polda Riau"}
    assert "person:andiwijaya" in keys(doc, "Person")
    doc = read("Polres Sleman mengerahkan 200 personel.")  # the model reads the region as a person's name
    assert keys(doc) == {"org:polressleman"}


def test_a_person_introduced_by_a_lower_case_description(read):
    doc = read("Seorang istri prajurit, Kartini, mengaku sudah terbiasa ditinggal tugas.")
    assert keys(doc) == {"person:kartini"}  # the model alone reads a place


def test_a_rank_the_model_reads_alone_is_no_person(read):
    doc = read("Analis pertahanan, Laksamana Muda (Purn) Dedi Kurnia, menilai pelayaran itu pesan politik. "
               "Kepala Basarnas Marsekal Madya TNI Budi Prasetyo menjelaskan timnya siap. Pemimpin junta, "
               "Jenderal Senior Soe Win, mengatakan bantuan diterima.")
    assert keys(doc, "Person") == {"person:dedikurnia", "person:budiprasetyo", "person:soewin"}


def test_a_minister_of_state_with_an_initial(read):
    p = persons(read("Menteri Negara Urusan Luar Negeri R Sharma dikirim ke Jeddah untuk mengoordinasikan evakuasi."))
    assert p["R Sharma"].role.lower().startswith("menteri negara")


def test_a_town_then_a_rank_after_a_regional_office(read):
    # "Kapolres Bantul AKBP Ihsan", "Dandim Sleman Letkol Inf Budi Santoso": the town the office serves, no person
    doc = read("Kapolres Bantul AKBP Ihsan mengatakan jalur aman. Dandim Sleman Letkol Inf Budi Santoso "
               "mengatakan jalur itu aman.")
    assert keys(doc, "Person") == {"person:ihsan", "person:budisantoso"}


def test_a_ship_named_after_a_city_after_its_description(read):
    assert not keys(read("Armada itu terdiri atas fregat Laksamana Gorshkov dan kapal selam bertenaga nuklir "
                         "Kazan."), "Place")
    assert keys(read("Kapal itu tiba di Kazan pada Senin."), "Place")  # a locative: the city


def test_a_prize_is_a_thing_not_an_organisation(read):
    doc = read("Aliyev mengusulkan agar Presiden Joko Widodo dinominasikan untuk Hadiah Nobel Perdamaian.")
    assert not keys(doc, "Organisation")


def test_indonesia_s_missions_abroad_by_their_city(read):
    doc = read("KBRI Canberra juga membuka layanan bagi WNI di kota lain. KJRI Jeddah menyiapkan penampungan.")
    assert keys(doc, "Organisation") == {"org:kbricanberra", "org:kjrijeddah"} and not keys(doc, "Place")
