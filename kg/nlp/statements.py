"""Who said what: direct quotes and reported speech, with their speaker and date.

Forms read (verbs come from data/speech_verbs.tsv):
  “...,” kata X ...            “...,” demikian pernyataan X      “...,” sambungnya
  X mengatakan, “...”          X mengatakan (bahwa) ...          Menurut X, ...
  "Hal ini disampaikan oleh X, Selasa (11/1/2022)."  (points back to the sentence before)
Speakers named by pronoun or description (Ia, sang presiden, aliansi tersebut,
pihak berwenang) resolve to the actor they point back to. A statement is dated by
a weekday-dated expression in its sentence outside the quotation, else by the
article's own date.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

from spacy.language import Language
from spacy.tokens import Doc

from kg import keys, lexicon
from kg.facts import Mention, Statement
from kg.kinds import Kind
from kg.nlp import extensions  # noqa: F401
from kg.nlp.sentences_view import ACTOR_KINDS, Sentence, evidence, sentences

QUOTE = r"(?:[“\"]|(?<![\w])[‘'])"
UNQUOTE = r"(?:[”\"]|[’'](?![\w]))"
MIN_WORDS = 3

#: the data files a statement finder reads, by config key
DATA_FILES = {
    "patterns_file": "patterns/statements.tsv",
    "respond_verbs_file": "respond_verbs.txt",
    "speech_verbs_file": "speech_verbs.tsv",
    "title_short_forms_file": "title_short_forms.tsv",
    "anaphora_file": "anaphora.tsv",
    "roles_file": "roles.tsv",
    "organisations_file": "organisations.tsv",
    "outlets_file": "outlets.tsv",
    "person_nouns_file": "person_nouns.txt",
    "abbreviations_file": "abbreviations.txt",
}


@Language.factory("kg_statements", default_config=DATA_FILES,
                  requires=["doc._.kg_mentions", "doc._.kg_times", "token.is_sent_start"],
                  assigns=["doc._.kg_statements"])
def make_statements(nlp: Language, name: str, patterns_file: str, respond_verbs_file: str, speech_verbs_file: str,
                    title_short_forms_file: str, anaphora_file: str, roles_file: str, organisations_file: str,
                    outlets_file: str, person_nouns_file: str, abbreviations_file: str) -> StatementFinder:
    return StatementFinder(patterns_file, respond_verbs_file, speech_verbs_file, title_short_forms_file,
                           anaphora_file, roles_file, organisations_file, outlets_file, person_nouns_file,
                           abbreviations_file)


class StatementFinder:
    def __init__(self, patterns_file: str, respond_verbs_file: str, speech_verbs_file: str,
                 title_short_forms_file: str, anaphora_file: str, roles_file: str, organisations_file: str,
                 outlets_file: str, person_nouns_file: str, abbreviations_file: str) -> None:
        p = lexicon.patterns(patterns_file)
        #: words that end with a full stop inside a name ("DeSoto Inc. mengatakan")
        self.abbreviations = lexicon.word_set(abbreviations_file)
        self.person_nouns = {w.lower() for w in lexicon.word_set(person_nouns_file)}
        self.rx = lexicon.compiled(patterns_file)
        self.respond_verbs = lexicon.word_set(respond_verbs_file)
        speech = lexicon.verb_table(speech_verbs_file)
        pick = lambda kind: lexicon.alternation([w for w, k in speech.items() if k == kind])  # noqa: E731
        self.quote_after = re.compile(
            rf"{QUOTE}(?P<q>[^”\"’]+?){UNQUOTE}[ \t]*,?[ \t]*(?P<verb>{pick('after')}|{pick('continued')})\b", re.I)
        self.continued = {w for w, k in speech.items() if k == "continued"}
        #: "Sejak awal, kata Agung, menteri ...", "Hasil itu, menurut Firman, tak bisa ...": a speaker between commas
        self.parenthetical = re.compile(
            rf",[ \t]*(?P<verb>{pick('after')}|menurut)[ \t]+(?P<who>[^,.;:“”\"]{{2,80}}?),[ \t]*", re.I)
        #: "Harus ada jalan lain, Agun menjelaskan.": the words first, then who said them and the verb
        self.said_last = re.compile(rf"\s*(?P<q>[^“”\"]{{15,}}),[ \t]*(?P<who>[A-Z][^,.;:“”\"]{{1,60}}?)[ \t]+"
                                    rf"(?P<verb>{pick('reported')})[ \t]*[.!]?\s*")
        #: (a term quoted inside the words is still theirs: 'Turki ingin membentuk "zona aman" ..., klaim Erdogan')
        self.unquoted_after = re.compile(rf"(?P<q>(?:[^“”\"]|“[^”\n]{{1,30}}”|\"[^\"\n]{{1,30}}\"){{15,}}?),[ \t]*"
                                         rf"(?P<verb>{pick('after')})\b(?=[ \t]+\S)", re.I)
        self.quote_before = re.compile(
            rf"\b(?P<verb>{pick('reported')})(?:{p['quote_lead']}|[ \t]*,)?[ \t]*{QUOTE}(?P<q>[^”\"]+){UNQUOTE}")
        self.reported = re.compile(rf"\b(?P<verb>{pick('reported')}|{pick('pledge')}|{pick('request')})\b")
        self.pledges = {w for w, k in speech.items() if k == "pledge"}
        self.requests = {w for w, k in speech.items() if k == "request"}
        self.pointer = re.compile(rf"^{p['pointer_head']}(?P<verb>{pick('pointer')}){p['pointer_by']}", re.I)
        short_forms = lexicon.rows(title_short_forms_file)
        self.title_at = re.compile(rf"[ \t]*(?P<title>{lexicon.title_pattern(roles_file)}|"
                                   rf"{lexicon.alternation([r[0] for r in short_forms])})\b", re.I)
        self.title_forms = [(r[0], r[1]) for r in short_forms]
        self.anaphora = [(kind, re.compile(rx, re.I)) for kind, rx in lexicon.rows(anaphora_file)]
        _, self.org_records = lexicon.organisations(organisations_file, outlets_file)

    # -- speakers -------------------------------------------------------------------------
    def _subject_before(self, sent: Sentence, pos: int, state: dict) -> Mention | None:
        """The actor a verb at document offset `pos` is said by: the nearest actor just before it."""
        before = sent.text[: sent.local(pos)]
        described = self._described(before, state)
        if described is not None:
            return described
        holder = self._title_alone(sent, pos, state)
        if holder is not None:
            return holder
        for p in reversed(sent.actors()):
            if p.kind == Kind.PERSON and p.end <= pos and self.rx.appositive_gap.match(
                    sent.text[sent.local(p.end): sent.local(pos)]):
                return p  # "Mohammad Naeem, juru bicara kantor politik Taliban di Doha, menambahkan"
        for m in reversed(sent.actors()):
            if m.end > pos or m.kind == Kind.PLACE or self.rx.not_subject.search(sent.text[: sent.local(m.start)]):
                continue  # "X kepada wartawan di Istana Merdeka, Jakarta, pada Senin mengatakan": where, not who
            gap = sent.text[sent.local(m.end): sent.local(pos)]
            if gap.startswith(".") and m.text.split()[-1] in self.abbreviations:
                gap = gap[1:]  # "DeSoto Inc. mengatakan": the stop ends the name, not a sentence
            # "Kementerian Pertahanan Rusia, dikutip dari kantor berita TASS, menyebut": the source aside is no gap
            gap = self.rx.quoted_aside.sub(" ", gap)
            for place in sent.mentions:  # "Kedutaan Besar AS di Jakarta dalam keterangannya menyebut": where it
                if place.kind == Kind.PLACE and m.end <= place.start and place.end <= pos:  # was said, whose
                    gap = gap.replace(place.text, "tempat")  # capital is no sign of another actor: a plain word
            # "Macron dalam wawancara televisi pada ... mengatakan", "Faye, yang terpilih pada Maret ..., menilai"
            limit = 10 if self.rx.prepositional.match(gap) or (m.kind == Kind.PERSON and self.rx.coordinated.match(gap)
                                                                and m.start == sent.actors()[0].start) \
                else 14 if self.rx.relative.match(gap) else 4
            if len(gap.split()) > limit or re.search(r"[.;:“”\"]", gap) or (limit == 14 and m.kind != Kind.PERSON):
                break
            lead = sent.text[: sent.local(m.start)]
            if self.rx.not_subject.search(lead) or self._is_outlet(m) or self._quoted(sent, m):
                continue
            if m.kind != Kind.PERSON and re.fullmatch(r"[ \t]*,[ \t]*", gap):
                # "Ned Price, juru bicara Departemen Luar Negeri AS, mengatakan": the person speaks
                person = next((p for p in reversed(sent.actors()) if p.kind == Kind.PERSON and p.end <= m.start
                               and sent.text[sent.local(p.end):sent.local(p.end) + 1] == ","), None)
                if person is not None:
                    return person
            if m.kind == Kind.PERSON or not re.search(r"[A-Z]", self._without_dates(gap)):
                return m
        capital = self._capital_before(sent, pos)
        if capital is not None:
            return capital
        return self._anaphor(" ".join(before.split()[-4:]), state)

    def _capital_before(self, sent: Sentence, pos: int) -> Mention | None:
        """"Washington menduga ...": a capital city right before a verb of saying is its country's government."""
        for m in reversed(sent.mentions):
            if m.end > pos:
                continue
            iso = lexicon.capitals().get(m.geonames_id or "") if m.kind == Kind.PLACE else None
            gap = sent.text[sent.local(m.end): sent.local(pos)]
            if iso is None or len(gap.split()) > 2 or re.search(r"[,.;:“”\"A-Z]", gap) \
                    or self.rx.not_subject.search(sent.text[: sent.local(m.start)]):
                return None
            return replace(m, kind=Kind.COUNTRY, key=keys.country(iso), iso=iso)
        return None

    @staticmethod
    def _without_dates(gap: str) -> str:
        """The gap without its days and months ("dalam pernyataan pada Senin (9/6/2025)"): no actor hides there."""
        days, months = lexicon.day_names(), lexicon.month_names()
        return " ".join(w for w in re.sub(r"\([^)]*\)", " ", gap).split()
                        if w.lower().strip(",") not in days and w.lower().strip(",.") not in months)

    def _first_after(self, sent: Sentence, pos: int, state: dict) -> Mention | None:
        """The speaker named after a verb ("kata Wakil Komandan ... Sergey Andreev"): a person first."""
        window = [m for m in sent.actors() if m.start >= pos and m.start - pos < 140 and not self._quoted(sent, m)]
        rest = sent.text[sent.local(pos):]
        title = self.title_at.match(rest)
        if title:
            # "kata Panglima TNI": a title with no name after it is the person named earlier with that title
            named = next((m for m in window if m.kind == Kind.PERSON
                          and len(sent.text[sent.local(pos) + title.end():sent.local(m.start)].split()) <= 3), None)
            if named is None:
                holder = self._title_holder(title.group("title"), state)
                if holder is not None:
                    return holder
        desc = self.rx.described_after.match(rest)
        if desc and desc.group("head").lower() in self.person_nouns:
            # "ujar diplomat asal Trinidad dan Tobago itu": the person last named, not the country in the description
            return state.get("person")
        person = next((m for m in window if m.kind == Kind.PERSON), None)
        if person:
            return person
        first = next((m for m in window if not self._is_outlet(m)), None)
        if first and len(sent.text[sent.local(pos): sent.local(first.start)].split()) <= 3:
            return first
        return self._anaphor(" ".join(rest.split()[:3]), state)

    def _title_alone(self, sent: Sentence, pos: int, state: dict) -> Mention | None:
        """'Kapolri juga meminta ...', 'Panglima TNI mengatakan ...': a title with no name as the subject
        is the person named earlier with that title (not the organisation in the title)."""
        before = sent.text[: sent.local(pos)]
        words = list(re.finditer(r"\S+", before))
        while words and words[-1].group().islower() and len(words) > 1:
            words.pop()  # "juga", "pun", "kemudian": the verb's adverbs
        for w in words[-4:]:
            title = self.title_at.match(before, w.start())
            if not title or title.start("title") != w.start() or not title.group("title")[:1].isupper():
                continue
            rest = before[title.end():words[-1].end()].split()
            if len(rest) > 2 or any(not r[:1].isupper() for r in rest) or any(
                    m.kind == Kind.PERSON and sent.local(m.start) >= title.end() and m.end <= pos
                    for m in sent.mentions):
                return None  # "Panglima TNI Jenderal Agus ...": the name is there
            return self._title_holder(title.group("title"), state)
        return None

    def _described(self, before: str, state: dict) -> Mention | None:
        """'Ketua Umum Partai Gerindra itu menyebut': a person described, pointing back with itu/tersebut,
        is the person last named with that title, else the person last named."""
        chunk = before[-80:]
        if self.rx.time_pointer.search(chunk):
            return None
        # the description's head is the person noun or title nearest the pointer ("Dalam keterangan tertulis,
        # diplomat asal Denmark tersebut": "diplomat", not the first word that would fit)
        m = next((d for w in reversed(list(re.finditer(r"[^\W\d_]+", chunk)))
                  if (self.title_at.match(w.group()) or w.group().lower() in self.person_nouns)
                  and (d := self.rx.described.search(chunk, max(0, w.start() - 1))) and d.start("head") == w.start()),
                 None)
        if m is None:
            return None
        title = self.title_at.match(chunk[m.start("head"):])
        holder = self._title_holder(title.group("title"), state) if title else None
        return holder or state.get("person")

    def _title_holder(self, title: str, state: dict) -> Mention | None:
        """The person last named with this title ("Menlu" is a "Menteri Luar Negeri")."""
        wanted = {title.lower(), *(long.lower() for short, long in self.title_forms if short.lower() == title.lower())}
        return next((p for p in reversed(state["people"]) if p.role
                     and any(p.role.lower().startswith(w) or w.startswith(p.role.lower()) for w in wanted)), None)

    def _quoted(self, sent: Sentence, m: Mention) -> bool:
        """An outlet quoted as the source ("dikutip dari laman X", "mengutip Reuters"): never the speaker."""
        return bool(self.rx.quoted_by.search(sent.text[max(0, sent.local(m.start) - 40): sent.local(m.start)]))

    def _anaphor(self, words: str, state: dict) -> Mention | None:
        for kind, rx in self.anaphora:
            if not rx.search(words):
                continue
            if kind == Kind.PERSON:
                return state.get("person")
            if kind.startswith("role:"):
                role = kind[5:]
                return next((p for p in reversed(state["people"]) if p.role and role in p.role.lower()), None)
            if kind == Kind.ORGANISATION:
                return state.get("org")
            if kind == Kind.COUNTRY:
                return state.get("country")
            if kind == "Authority":
                return state.get("authority") or state.get("focus")
        return None

    def _is_outlet(self, m: Mention) -> bool:
        rec = self.org_records.get(m.key)
        return bool(rec and rec.outlet)

    # -- the component ----------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        ctx = doc._.kg_context
        # undated words were said on the day the lead reports ("Joe Biden, Rabu (14/4), mengumumkan"),
        # which may be the day before the page's date
        sents = sentences(doc)
        ref = event_day(sents, ctx.ref_date if ctx else None)
        countries = [m for m in doc._.kg_mentions or [] if m.kind == Kind.COUNTRY]
        focus = max(countries, key=lambda m: sum(c.key == m.key for c in countries), default=None)
        state: dict = {"people": [], "focus": focus}
        out: list[Statement] = []
        for i, sent in enumerate(sents):
            made = self._read(doc, sent, sents[i - 1] if i else None, state, out, ref)
            if made and made[0].direct and i and self._unclosed_quote(sents[i - 1]) \
                    and not any(s.evidence[0].start == sents[i - 1].start for s in out):
                # a quotation over two paragraphs: the first opens without closing, the second is attributed
                prev = sents[i - 1]
                out.append(_same_quotation(doc, prev, prev.text.strip().lstrip("“\"").strip(), made[0]))
            if made and out and made[0].direct and made[0].verb and self.rx.merge_verbs.match(made[0].verb) \
                    and out[-1].direct and out[-1].speaker == made[0].speaker and i \
                    and out[-1].evidence[-1].start == sents[i - 1].start:
                # “...,” lanjutnya: the same quotation goes on
                out[-1].text = f"{out[-1].text.rstrip('.,')}. {made[0].text}"
                out[-1].evidence.extend(made[0].evidence)
                made = made[1:]
            for s in made:
                if s.date == ref and out and out[-1].speaker == s.speaker and out[-1].date != ref \
                        and out[-1].evidence[0].start >= (sents[i - 1].start if i else 0) \
                        and not self._date(sent, [], len(sent.text)):
                    s.date = out[-1].date  # the quote continues a speech dated in the sentence before
                elif s.date == ref and i and (when := self._event_date(sent, sents[max(0, i - EVENT_LOOKBACK):i])):
                    s.date = when  # "kata X dalam pertemuan tersebut": said at the event dated before
                elif s.date == ref and i and (when := self._acted_on(sents, i, s.speaker)):
                    # "X pada Senin (9/10) memerintahkan ... . “...,” kata X." (or "X mengatakan ..."): said as X acted
                    s.date = when
            if not made and i and out and out[-1].direct and out[-1].evidence[-1].start == sents[i - 1].start \
                    and self._lone_quote(sent):
                # “...,” kata X. “...”: a quotation standing alone goes on with the speaker just quoted
                made = [_same_quotation(doc, sent, sent.text.strip().strip("“”\"").strip().rstrip(".,"), out[-1])]
            made = [s for s in made if any(ch.isalnum() for ch in s.text)]  # "“ ”, kata X": nothing was said
            out.extend(made)
            self._remember(sent, state, made)
        doc._.kg_statements = out
        return doc

    @staticmethod
    def _lone_quote(sent: Sentence) -> bool:
        """A sentence that is one quotation and nothing else: “Kami siap.”"""
        text = sent.text.strip()
        return len(text) > 2 and text[0] in "“\"" and text[-1] in "”\"" \
            and not any(q in text[1:-1] for q in "“”\"")

    @staticmethod
    def _unclosed_quote(sent: Sentence) -> bool:
        text = sent.text.strip()
        return text[:1] in "“\"" and text.count("”") == 0 and text.count('"') == (1 if text[0] == '"' else 0)

    def _remember(self, sent: Sentence, state: dict, made: list[Statement] = ()) -> None:
        subject = None
        for m in sent.mentions:
            if m.kind == Kind.PERSON:
                subject = subject or m  # "Menlu Retno bertemu Wang Yi. Menurutnya, ...": the subject, named first
                state["people"].append(m)
            elif m.kind == Kind.ORGANISATION and not self._is_outlet(m):
                state["org"] = m
            elif m.kind == Kind.COUNTRY:
                state["country"] = m
                lead = sent.text[: sent.local(m.start)]
                if self.rx.authority.search(lead):
                    state["authority"] = m
        if subject is not None:
            state["person"] = subject
        if made:  # "Ia" next points to who spoke, not to a person named in what was said
            speaker = next((p for p in reversed(state["people"]) if p.key == made[-1].speaker), None)
            state["person"] = speaker or state.get("person")

    def _read(self, doc: Doc, sent: Sentence, prev: Sentence | None, state: dict,
              so_far: list[Statement], ref) -> list[Statement]:
        text = sent.text
        made: list[Statement] = []
        quoted: list[tuple[int, int]] = []
        for m in self.quote_after.finditer(text):
            verb = m.group("verb").lower()
            if verb in self.continued:  # "...," ungkapnya: the last speaker, else the last person named
                last = (so_far + made)[-1] if so_far or made else None
                speaker = last.speaker if last is not None else None
                named = next((p for p in prev.mentions if p.kind == Kind.PERSON), None) if prev else None
                if named is not None and last is not None and last.speaker != named.key \
                        and last.evidence[-1].start < prev.start and not made:
                    # "X dikirim ke Jeddah ... . “...,” tegasnya": the person the sentence before introduced,
                    # not a speaker further back
                    speaker = named.key
                if speaker is None and state.get("person") is not None:
                    speaker = state["person"].key
                if speaker is None:
                    speaker = next((m.key for m in sent.mentions if m.kind == Kind.PERSON), None)
                speaker_m = None
            else:
                speaker_m = self._first_after(sent, sent.start + m.end(), state)
                speaker = speaker_m.key if speaker_m else None
            quoted.append((m.start("q"), m.end("q")))
            if speaker:
                made.append(self._statement(doc, sent, speaker, m.group("q"), True, verb, m.end(), quoted, ref))
        for m in self.quote_before.finditer(text):
            if any(a <= m.start("q") < b for a, b in quoted):
                continue
            speaker_m = self._subject_before(sent, sent.start + m.start("verb"), state)
            quoted.append((m.start("q"), m.end("q")))
            if speaker_m:
                made.append(self._statement(doc, sent, speaker_m.key, m.group("q"), True, m.group("verb"),
                                            m.end(), quoted, ref))
        if made:
            return made
        unquoted = self.unquoted_after.match(text)
        if unquoted:  # "Pasukan akan ditarik dalam dua hari, kata Tokayev": reported, with the verb after it
            speaker_m = self._first_after(sent, sent.start + unquoted.end(), state)
            if speaker_m is not None and len(unquoted.group("q").split()) >= MIN_WORDS:
                return [self._statement(doc, sent, speaker_m.key, unquoted.group("q"), False,
                                        unquoted.group("verb"), 0, [], ref)]
        last = self.said_last.fullmatch(text)
        if last and not quoted:
            speaker_m = self._first_after(sent, sent.start + last.start("who"), state)
            if speaker_m is not None and speaker_m.end <= sent.start + last.end("who") \
                    and len(last.group("q").split()) >= MIN_WORDS:
                return [self._statement(doc, sent, speaker_m.key, last.group("q"), False, last.group("verb"), 0, [],
                                        ref)]
        aside = self.parenthetical.search(text)
        if aside and not quoted:
            speaker_m = self._first_after(sent, sent.start + aside.start("who"), state)
            content = f"{text[:aside.start()]} {text[aside.end():]}"
            if speaker_m is not None and speaker_m.end <= sent.start + aside.end("who") \
                    and len(content.split()) >= MIN_WORDS:
                return [self._statement(doc, sent, speaker_m.key, content, False, aside.group("verb"), 0, [], ref)]
        if prev is not None and self.rx.pointer_self.match(text):
            when = self._date(sent, [])
            for st in so_far:
                if st.evidence and st.evidence[0].start == prev.start:
                    st.date = when or st.date  # "Usulan itu ia sampaikan ... pada Selasa (11/10)"
                    st.evidence.append(evidence(doc, sent))
            return []
        pointer = self.pointer.match(text)
        if pointer and prev is not None:
            speaker_m = self._first_after(sent, sent.start + pointer.end(), state)
            if speaker_m:
                return self._pointed(doc, sent, prev, speaker_m, so_far, ref)
        menurut = self.rx.menurut.search(text)
        if menurut:
            comma = text.find(",", menurut.end() - 1)
            if menurut.group("nya"):  # "Menurutnya, ...": the person last spoken of, as "Ia" is
                speaker_m = state.get("person")
            else:
                # the speaker stands before the comma: a person named after it is part of what was said
                speaker_m = self._first_after(sent, sent.start + menurut.end(), state)
                if speaker_m is not None and comma > 0 and speaker_m.start >= sent.start + comma:
                    speaker_m = self._described(text[:comma], state)  # "Menurut jenderal bintang empat itu, ..."
                if speaker_m is None:  # "Menurut Panglima, ...": the person last named with that role
                    role = text[menurut.end(): comma].strip().lower() if comma > 0 else ""
                    speaker_m = next((p for p in reversed(state["people"]) if role and p.role
                                      and role in p.role.lower()), None)
            if speaker_m and comma > 0:
                content = text[comma + 1:]
                if len(content.split()) >= MIN_WORDS:
                    return [self._statement(doc, sent, speaker_m.key, content, False, "menurut", comma + 1, [], ref)]
        for m in self.reported.finditer(text):
            if any(a <= m.start() < b for a, b in quoted) or self.rx.negation.search(text[: m.start()]):
                continue
            speaker_m = self._subject_before(sent, sent.start + m.start(), state)
            if speaker_m is None:
                return []  # the first verb of saying has no speaker we know: a later one is inside its clause
            if m.group("verb").lower() in self.pledges and speaker_m.kind != Kind.PERSON:
                return []  # "Kenya berjanji mengirim ...": a state's pledge is an act, a person's is a statement
            if m.group("verb").lower() in self.requests and not self.rx.request_object.match(text[m.end():]):
                return []  # "meminta bantuan dari CSTO": a thing asked for is an act, people asked to act are words
            content = self._content_after(text, m.end())
            at = len(text) - len(content)
            second = self._second_speaker(sent, at, state) or self._said_again(text, at, speaker_m)
            if second is not None:  # "X menyebut ..., sementara Y menegaskan ...": two statements
                cut, verb2, speaker2 = second
                content2 = self._content_after(text, verb2.end())
                content = content[:cut - at]
            st = self._statement(doc, sent, speaker_m.key, content, False, m.group("verb"), at, [], ref)
            short = len(content.split()) < MIN_WORDS or self.rx.back_reference.match(st.text)
            made = [] if short and not st.responds_to else [st]
            if second is not None and len(content2.split()) >= MIN_WORDS:
                made.append(self._statement(doc, sent, speaker2.key, content2, False, verb2.group("verb"),
                                            len(text) - len(content2), [], ref))
            return made
        return []

    def _content_after(self, text: str, verb_end: int) -> str:
        """What a verb of saying reports: the rest of the sentence without "bahwa" and the like, and without
        whom it was said to ("meyakinkan publik bahwa ...", "mengatakan kepada wartawan bahwa ...")."""
        rest = self.rx.said_at.sub("", text[verb_end:])
        return self.rx.content_lead.sub("", self.rx.addressee.sub("", rest))

    def _second_speaker(self, sent: Sentence, content_at: int, state: dict):
        """A second clause with its own speaker and verb of saying: (where it starts, verb match, speaker)."""
        text = sent.text
        for split in self.rx.second_clause.finditer(text, content_at):
            verb = self.reported.search(text, split.end())
            if verb is None:
                return None
            speaker = self._subject_before(sent, sent.start + verb.start(), {"people": [], "focus": None})
            if speaker is not None and sent.local(speaker.start) >= split.end():
                return split.start(), verb, speaker
        return None

    def _said_again(self, text: str, content_at: int, speaker: Mention):
        """"Ia mengatakan ..., dan menegaskan ...": the same speaker's second statement (where it starts, verb
        match, speaker), when a verb of saying follows "dan" at once."""
        for split in self.rx.again_clause.finditer(text, content_at):
            verb = self.reported.match(text, split.end())
            if verb is not None and verb.group("verb").lower() not in self.requests:
                return split.start(), verb, speaker
        return None

    def _pointed(self, doc: Doc, sent: Sentence, prev: Sentence, speaker: Mention,
                 so_far: list[Statement], ref) -> list[Statement]:
        """'Hal ini disampaikan oleh X, Selasa (...)': the sentence before is X's statement, said then."""
        when = self._date(sent, [])
        for s in so_far:
            if s.evidence and s.evidence[0].start == prev.start:
                if s.speaker == speaker.key:
                    s.date = when or s.date
                    s.evidence.append(evidence(doc, sent))
                return []  # the sentence before is already someone's statement
        st = self._statement(doc, prev, speaker.key, prev.text, False, "disampaikan", 0, [], ref)
        st.date = when or st.date
        st.evidence.append(evidence(doc, sent))
        return [st]

    def _acted_on(self, sents: list[Sentence], i: int, speaker: str):
        """The day of the sentence before a statement when the speaker is its first actor and it is dated,
        itself or as the day named before it ("X pada hari yang sama memerintahkan ...")."""
        prev = sents[i - 1]
        kind = keys.kind_of(speaker)  # "Menteri Pertahanan Israel Yoav Gallant ...": the first person, for a person
        first = next((m for m in prev.mentions if m.kind == kind), None)
        if first is None or first.key != speaker or self._date(sents[i], [], len(sents[i].text)):
            return None
        # (not a day named inside a quotation: "“... hari ini mereka berdamai,” kata X" dates no act)
        quoted = [(q.start(), q.end()) for q in QUOTATION.finditer(prev.text)]
        return self._date(prev, quoted) or self._event_date(prev, sents[max(0, i - 1 - EVENT_LOOKBACK):i - 1])

    def _event_date(self, sent: Sentence, before: list[Sentence]):
        """The day of the event an attribution points back to ("dalam pertemuan tersebut"): the nearest
        of the sentences before that is dated; None when the sentence is dated itself or points nowhere."""
        outside = QUOTATION.sub(" ", sent.text)
        if not self.rx.event_anaphor.search(outside) or self._date(sent, [], len(sent.text)):
            return None
        return next((when for prev in reversed(before) if (when := self._date(prev, []))), None)

    def _date(self, sent: Sentence, quoted: list[tuple[int, int]], content_at: int | None = None):
        """When it was said: a weekday-dated expression outside the quotation, or "pada <date>"
        in the attribution ("Macron dalam wawancara pada 24 September mengatakan ...")."""
        for t in sent.times:
            local = sent.local(t.start)
            if not t.date or t.marker or t.future or any(a <= local < b for a, b in quoted):
                continue
            if self.rx.reported_on.search(sent.text[max(0, local - 40):local]):
                continue  # "seperti dilansir AFP, Senin (6/1/2020)": when the outlet reported it
            if t.weekday:
                return t.date
            if content_at is not None and local < content_at and self.rx.dated_by.search(sent.text[:local].rstrip()):
                return t.date
        return None

    def _statement(self, doc: Doc, sent: Sentence, speaker: str, content: str, direct: bool, verb: str,
                   content_at: int, quoted: list[tuple[int, int]], ref) -> Statement:
        content = content.strip().strip("“”\"").strip().rstrip(",.;:").strip()
        if direct:
            a, b = quoted[-1] if quoted else (0, len(sent.text))
            lo, hi = sent.start + a, sent.start + b
        else:
            lo, hi = sent.start + sent.local(sent.start + content_at), sent.end
        inside = [m for m in sent.mentions if lo <= m.start < hi and m.kind in ACTOR_KINDS and m.key != speaker]
        about = list(dict.fromkeys(m.key for m in inside))
        responds = []
        for m in inside:
            lead = sent.text[sent.local(max(lo, m.start - 20)): sent.local(m.start)]
            if self.rx.response.search(lead) or (verb.lower() in self.respond_verbs and m is inside[0]):
                responds.append(m.key)
        quoted_by = None
        for m in sent.mentions:
            lead = sent.text[sent.local(max(sent.start, m.start - 25)): sent.local(m.start)]
            if m.kind == Kind.ORGANISATION and (self.rx.quoted_by.search(lead)
                                             or (self.rx.told_to.search(lead) and self._is_outlet(m))):
                quoted_by = m.key
                break
        said = self._date(sent, quoted, None if direct else content_at)
        published = doc._.kg_context.ref_date if doc._.kg_context else None
        if said and published and said > published and (said - published).days < 7:
            said -= timedelta(days=7)  # "mengatakan pada Rabu" in Tuesday's paper: the Wednesday before
        return Statement(
            article_id=doc._.kg_context.article_id if doc._.kg_context else "doc",
            speaker=speaker, text=content, direct=direct, evidence=[evidence(doc, sent)],
            date=said or ref, verb=verb, quoted_by=quoted_by,
            about=about, responds_to=list(dict.fromkeys(responds)))


#: how many sentences back an event named again ("pertemuan tersebut") may have been dated
EVENT_LOOKBACK = 3
#: a quotation inside a sentence, set aside when reading its attribution
QUOTATION = re.compile(r"“[^”]*”|\"[^\"]*\"")
#: how many of an article's first sentences may hold the day of its event, and how far before its date
LEAD_SENTENCES = 6
EVENT_DAYS_BEFORE = 7


def _same_quotation(doc: Doc, sent: Sentence, text: str, like: Statement) -> Statement:
    """More of the quotation `like` reports, in another sentence: the same speaker, day, verb and source."""
    return Statement(article_id=like.article_id, speaker=like.speaker, text=text, direct=True,
                     evidence=[evidence(doc, sent)], date=like.date, verb=like.verb, quoted_by=like.quoted_by)


def event_day(sents: list[Sentence], ref):
    """The first weekday-dated day in the article's lead, when it is at most a week before `ref`."""
    if ref is None:
        return None
    for sent in sents[:LEAD_SENTENCES]:
        for t in sent.times:
            if t.weekday and t.date and not (t.future or t.marker) and 0 <= (ref - t.date).days <= EVENT_DAYS_BEFORE:
                return t.date
    return ref

