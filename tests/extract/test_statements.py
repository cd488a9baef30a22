"""Direct quotes, reported speech, pointers and anaphora."""

from __future__ import annotations

from datetime import date


def said(doc):
    return [(s.speaker, s.direct, s.text) for s in doc._.kg_statements]


def speakers(doc) -> list[str]:
    return [s.speaker for s in doc._.kg_statements]


def test_quote_then_kata_speaker(read):
    doc = read("“Misi utama kami sudah selesai dengan baik,” kata Perdana Menteri Fiji Sitiveni Rabuka.")
    assert said(doc) == [("person:sitivenirabuka", True, "Misi utama kami sudah selesai dengan baik")]


def test_speaker_then_quote(read):
    doc = read('Jenderal Agus Subiyanto mengatakan, "Prajurit kami siap berangkat ke Lebanon pekan depan."')
    assert said(doc)[0][:2] == ("person:agussubiyanto", True)


def test_reported_speech_with_bahwa(read):
    doc = read("Menteri Pertahanan Australia Richard Marles menyatakan bahwa pasukan akan tetap di sana.")
    assert said(doc) == [("person:richardmarles", False, "pasukan akan tetap di sana")]


def test_an_assurance_is_reported_speech(read):
    doc = read("Ketua DPR Budi Hartono meyakinkan publik bahwa revisi ini tidak menghidupkan dwifungsi militer.")
    assert said(doc) == [("person:budihartono", False, "revisi ini tidak menghidupkan dwifungsi militer")]
    doc = read("Menteri Budi Hartono mengatakan tidak ada bukti bahwa pasukan itu menyerang.")
    assert said(doc)[0][2] == "tidak ada bukti bahwa pasukan itu menyerang"  # said, not whom to


def test_menurut(read):
    doc = read("Presiden Niger Mohamed Bazoum hadir. Menurut Bazoum, pasukan asing harus pergi segera.")
    assert ("person:mohamedbazoum", False, "pasukan asing harus pergi segera") in said(doc)


def test_pronoun_and_continuation_point_back(read):
    text = ("Presiden Chad Mahamat Deby tiba di N'Djamena. Ia mengatakan kerja sama militer sudah berakhir. "
            "“Kami berdaulat penuh atas wilayah kami,” tambahnya.")
    speakers = {s.speaker for s in read(text)._.kg_statements}
    assert speakers == {"person:mahamatdeby"}


def test_description_points_to_the_organisation(read):
    text = ("Organisasi Pakta Atlantik Utara (NATO) mengirim pasukan. "
            "Aliansi tersebut mengatakan bahwa misi akan berlangsung enam bulan.")
    assert ("org:NATO", False, "misi akan berlangsung enam bulan") in said(read(text))


def test_pointer_sentence_gives_speaker_and_date(read):
    text = ("Pasukan akan pulang dua hari ke depan. "
            "Hal ini disampaikan oleh Presiden Mali Assimi Goita, Senin (4/3/2024).")
    [s] = read(text)._.kg_statements
    assert s.speaker == "person:assimigoita" and s.date == date(2024, 3, 4)
    assert s.text.startswith("Pasukan akan pulang") and len(s.evidence) == 2


def test_statement_date_is_the_weekday_outside_the_quote_else_the_article_date(read):
    doc = read("“Semua pasukan harus pergi sebelum Jumat (8/3/2024),” kata Menteri Ali Zeidan pada Kamis.",
               ref=date(2024, 3, 5))
    assert doc._.kg_statements[0].date == date(2024, 2, 29)  # the Thursday before Tuesday's paper
    doc = read("Menteri Luar Negeri Mesir Sameh Shoukry menegaskan bahwa perbatasan tetap ditutup.",
               ref=date(2024, 3, 5))
    assert doc._.kg_statements[0].date == date(2024, 3, 5)


def test_negated_and_scare_quotes_are_not_statements(read):
    doc = read("Presiden Sudan Omar Bashir tidak menjelaskan siapa orang asing itu. Operasi itu disebut “damai”.")
    assert doc._.kg_statements == []


def test_quoting_outlet_is_recorded(read):
    doc = read("“Kami tidak akan mundur dari wilayah ini,” kata Kolonel Assimi Goita seperti dilansir Reuters.")
    assert doc._.kg_statements[0].quoted_by == "org:reuters"


def test_response_links_to_the_actor_answered(read):
    doc = read("Menteri Luar Negeri AS Antony Blinken berbicara. Kremlin menanggapi komentar Blinken tersebut.")
    s = doc._.kg_statements[-1]
    assert s.speaker == "org:kremlin" and s.responds_to == ["person:antonyblinken"]


def test_single_quotes_and_menurutnya(read):
    text = ("Presiden Turki Recep Tayyip Erdogan berbicara. 'Tentara kami sekarang bergerak secara bertahap,' "
            "ujar Erdogan. Menurutnya, Turki akan mendirikan pusat operasi di Libya.")
    got = said(read(text))
    assert ("person:receptayyiperdogan", True, "Tentara kami sekarang bergerak secara bertahap") in got
    assert ("person:receptayyiperdogan", False, "Turki akan mendirikan pusat operasi di Libya") in got


def test_menurut_a_role_points_to_the_person_with_it(read):
    text = ("Panglima TNI Jenderal TNI Agus Subiyanto tiba di Beirut. "
            "Menurut Panglima, kedua prajurit hanya mengalami luka ringan.")
    assert ("person:agussubiyanto", False, "kedua prajurit hanya mengalami luka ringan") in said(read(text))


def test_prepositional_phrase_between_speaker_and_verb_and_its_date(read):
    doc = read("Emmanuel Macron dalam wawancara televisi pada 24 September mengatakan pasukan akan ditarik.",
               ref=date(2023, 12, 22))
    [s] = doc._.kg_statements
    assert s.speaker == "person:emmanuelmacron" and s.date == date(2023, 9, 24)


def test_the_outlets_report_date_is_not_when_it_was_said(read):
    text = ("“Tentara kami bergerak ke sana secara bertahap,” ujar Presiden Turki Recep Tayyip Erdogan "
            "dalam wawancara yang disiarkan Minggu malam, seperti dilansir AFP, Senin (6/1/2020).")
    assert read(text, ref=date(2020, 1, 6))._.kg_statements[0].date == date(2020, 1, 5)


def test_continuation_verb_with_no_earlier_statement_goes_to_the_person_named(read):
    text = ("Panglima TNI Jenderal TNI Agus Subiyanto memimpin upacara. "
            "\"Jaga nama baik bangsa dan negara selama bertugas,\" ungkapnya.")
    assert said(read(text)) == [("person:agussubiyanto", True, "Jaga nama baik bangsa dan negara selama bertugas")]


def test_a_quotation_over_two_paragraphs(read):
    text = ("Menteri Luar Negeri Sudan Ali Sadiq berbicara.\n“Misi ini tidak lagi sesuai dengan kebutuhan rakyat.\n"
            "“Karena itu kami meminta misi diakhiri secepatnya,” lanjut Sadiq.")
    assert said(read(text)) == [("person:alisadiq", True, "Misi ini tidak lagi sesuai dengan kebutuhan rakyat. "
                                                      "Karena itu kami meminta misi diakhiri secepatnya")]


def test_a_pointer_does_not_take_over_someone_elses_statement(read):
    text = ("Kementerian Luar Negeri Azerbaijan menyampaikan terima kasih atas peran pasukan Rusia. "
            "Hal tersebut disampaikan Kepala Pusat Penerangan TNI Mayjen TNI Hariyanto di Jakarta.")
    assert [s.speaker for s in read(text)._.kg_statements] == ["org:kementerianluarnegeriazerbaijan"]


def test_lanjutnya_continues_the_same_quotation(read):
    text = ("“Kami menghargai peran pasukan Rusia selama ini,” kata Menteri Luar Negeri Azerbaijan Hikmet Hajiyev.\n"
            "“Namun wilayah kami kini aman sepenuhnya,” lanjutnya.")
    assert said(read(text)) == [("person:hikmethajiyev", True, "Kami menghargai peran pasukan Rusia selama ini. "
                                                             "Namun wilayah kami kini aman sepenuhnya")]


def test_a_verb_of_saying_with_only_a_back_reference_is_not_a_statement(read):
    assert read("Menteri Pertahanan Filipina Gilberto Teodoro menanggapi santai kritik tersebut.")._.kg_statements == []
    doc = read("Menteri Luar Negeri AS Antony Blinken berbicara. Kremlin menanggapi komentar Blinken tersebut.")
    assert speakers(doc) == ["org:kremlin"]  # it names whom it answers


def test_a_country_inside_someone_elses_reported_clause_is_not_a_speaker(read):
    assert read("Iqbal mengatakan Indonesia terus mendesak Israel membuka akses darat.")._.kg_statements == []


def test_a_date_between_the_verb_and_bahwa_dates_the_statement(read):
    doc = read("Pemerintah Chad menyatakan pada 28 November 2024 bahwa kerja sama militer dengan Prancis berakhir.",
               ref=date(2025, 1, 31))
    assert doc._.kg_statements[0].date == date(2024, 11, 28)


def test_a_short_rank_and_a_description_of_the_last_person(read):
    # "Sertu X": a rank, not part of the name; "tegas alumnus Akademi Militer 2004 itu": the person last named
    doc = read("Salah satu peserta, Sertu Budi Santoso, mengaku sudah menyiapkan diri menghadapi cuaca dingin. "
               "Komandan Satgas, Letkol Inf Rudi Hartono, mengatakan pasukannya telah menjalani pembekalan dua bulan. "
               "\"Patok batas akan kami jaga,\" tegas alumnus Akademi Militer 2004 itu.")
    assert speakers(doc) == ["person:budisantoso", "person:rudihartono", "person:rudihartono"]


def test_the_subject_speaks_through_a_coordinated_predicate(read):
    doc = read("Menteri Luar Negeri Fiji Pio Tikoduadua mengatakan perundingan berjalan baik. Tikoduadua kembali "
               "tampil pada Sabtu malam dan menuduh kelompok itu melanggar kesepakatan damai.")
    assert speakers(doc) == ["person:piotikoduadua"] * 2


def test_a_source_aside_or_a_place_between_speaker_and_verb(read):
    doc = read("Kementerian Pertahanan Jepang, dikutip dari kantor berita Kyodo, menyebut kapal itu akan berlayar "
               "pekan depan. Kedutaan Besar Australia di Jakarta dalam keterangan tertulisnya menyebut latihan itu "
               "memperkuat kerja sama kedua negara.")
    assert speakers(doc) == ["org:kementerianpertahananjepang",
                                                       "org:kedutaanbesaraustralia"]


def test_a_day_named_inside_a_quotation_dates_no_later_words(read):
    # "hari ini" inside the quote is no date of the act; the words after keep the event's day
    doc = read("Kedua negara menandatangani perjanjian damai di Jenewa, Jumat (8/8/2025). \"Hari ini kami "
               "berdamai,\" kata Presiden Swiss Karin Keller-Sutter dalam upacara itu. Keller-Sutter menyebut "
               "kedua pemimpin telah berkomitmen menghentikan pertempuran.", ref=date(2025, 8, 9))
    assert {s.date for s in doc._.kg_statements} == {date(2025, 8, 8)}


def test_a_continued_verb_after_a_person_just_introduced_is_that_person(read):
    doc = read("\"Evakuasi berjalan lancar,\" tulis Menteri Luar Negeri Kenya Musalia Mudavadi di Twitter. "
               "Menteri Negara Urusan Luar Negeri R Sharma dikirim ke Jeddah untuk mengoordinasikan evakuasi. "
               "\"Tidak ada yang ditinggalkan,\" tegasnya.")
    assert speakers(doc) == ["person:musaliamudavadi", "person:rsharma"]


def test_a_protest_and_a_quoted_term_inside_unquoted_words(read):
    doc = read("Kedutaan Besar Jepang di Manila mengajukan protes kepada pemerintah Filipina karena kapal nelayan "
               "ditahan. Rusia ingin membentuk \"zona penyangga\" sedalam 30 kilometer, klaim Vladimir Putin.")
    assert speakers(doc) == ["org:kedutaanbesarjepang", "person:vladimirputin"]


def test_an_age_before_the_appositive_between_speaker_and_verb(read):
    doc = read("Dermaga dipadati keluarga prajurit. Suwarni (41), istri salah seorang prajurit, mengaku berat "
               "melepas suaminya untuk ketiga kalinya.")
    assert speakers(doc) == ["person:suwarni"]


def test_menurutnya_after_a_connector(read):
    doc = read("Menteri Pertahanan Kanada Bill Blair menegaskan kapal itu tidak mencari konfrontasi. Namun, "
               "menurutnya, Kanada akan berlayar di mana pun hukum internasional mengizinkan.")
    assert speakers(doc) == ["person:billblair"] * 2
