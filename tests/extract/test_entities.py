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
    labels = {(e.text, e.label_) for e in doc.ents}
    assert ("Kenya", "GPE") in labels and ("William Ruto", "PERSON") in labels
    ruto = next(e for e in doc.ents if e.text == "William Ruto")
    assert ruto._.kg_mention.role == "Presiden"
