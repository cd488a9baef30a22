"""Deployments: who sent troops where, how many, and when they came and went.

A deployment sentence has a word of sending, stationing, arriving or withdrawing
(data/deployment_verbs.tsv) and names troops, warships or units (data/troop_nouns.txt,
data/force_nouns.txt). The sender is the actor whose troops they are ("pasukan CSTO",
"polisi Kenya", "pasukan dari X", "dikirim oleh X") or the subject of an active verb; the destination follows
"ke"/"di" or is the place troops leave. Countries that "also" send troops where
an organisation's operation goes become its contributors. Withdrawal sentences
that name no sender attach to the article's main deployment.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from spacy.language import Language
from spacy.tokens import Doc

from kg import keys, lexicon
from kg.facts import Deployment, Mention
from kg.kinds import Kind
from kg.nlp import extensions  # noqa: F401
from kg.nlp.quantities import Quantity
from kg.nlp.sentences_view import Sentence, evidence, sentences
from kg.nlp.temporal import TIME_FILES, TimeFinder, time_finder


@dataclass
class Reading:
    """What one sentence says about a deployment, before it is merged with the others."""

    kinds: set[str]
    senders: list[Mention] = field(default_factory=list)
    joint: bool = False
    also: bool = False  # "NATO juga mengirim ...": another sender, besides the article's operation
    destinations: list[Mention] = field(default_factory=list)
    contributors: list[Mention] = field(default_factory=list)
    count: tuple[int, str | None, str] | None = None
    start: object = None
    withdrawal_start: object = None
    withdrawal_days: int | None = None
    withdrawal_end: list = field(default_factory=list)
    #: a plan or offer ("kesiapan mengirim"): may add to an operation, never creates one
    intent: bool = False
    #: missions the sentence's troops serve in ("bergabung dengan UNMISS"): the senders contribute to them
    missions: list[Mention] = field(default_factory=list)
    sentence: Sentence | None = None


#: the data files a deployment finder reads, by config key
DATA_FILES = {
    "patterns_file": "patterns/deployments.tsv",
    "cues_file": "deployment_cues.tsv",
    "verbs_file": "deployment_verbs.tsv",
    "troop_nouns_file": "troop_nouns.txt",
    "force_nouns_file": "force_nouns.txt",
    "speech_verbs_file": "speech_verbs.tsv",
    "missions_file": "missions.tsv",
    **TIME_FILES,
}


@Language.factory("kg_deployments", default_config=DATA_FILES,
                  requires=["doc._.kg_mentions", "doc._.kg_times", "doc._.kg_quantities", "doc._.kg_statements",
                            "token.is_sent_start"],
                  assigns=["doc._.kg_deployments", "doc._.kg_located"])
def make_deployments(nlp: Language, name: str, patterns_file: str, cues_file: str, verbs_file: str,
                     troop_nouns_file: str, force_nouns_file: str, speech_verbs_file: str, missions_file: str,
                     temporal_file: str,
                     temporal_patterns_file: str, weekday_directions_file: str, numbers_file: str,
                     numbers_patterns_file: str) -> DeploymentFinder:
    # the words were said on another day than the article's: dates are read again from that day
    times = time_finder(temporal_file, temporal_patterns_file, weekday_directions_file, numbers_file,
                        numbers_patterns_file)
    return DeploymentFinder(patterns_file, cues_file, verbs_file, troop_nouns_file, force_nouns_file,
                            speech_verbs_file, missions_file, times)


class DeploymentFinder:
    def __init__(self, patterns_file: str, cues_file: str, verbs_file: str, troop_nouns_file: str,
                 force_nouns_file: str, speech_verbs_file: str, missions_file: str, times: TimeFinder) -> None:
        p = lexicon.patterns(patterns_file)
        # the country each known mission serves in (data/missions.tsv)
        self.missions = {k: r.country for k, r in lexicon.missions(missions_file).items() if r.country}
        self.times = times
        table = lexicon.verb_table(verbs_file)
        self.verbs = {w: tuple(kv.split("/")) for w, kv in table.items()}
        self.verb_rx = re.compile(rf"\b(?P<w>{lexicon.alternation(self.verbs)})\b", re.I)
        forces = [*lexicon.words(troop_nouns_file), *lexicon.words(force_nouns_file)]  # troops, warships or units
        self.troops = re.compile(rf"\b(?:{lexicon.alternation(forces)}){p['troops_suffix']}\b",
                                 re.I)
        cues: dict[str, list[str]] = {}
        for kind, rx in lexicon.rows(cues_file):
            cues.setdefault(kind, []).append(rx)
        self.cue = {k: re.compile("|".join(v), re.I) for k, v in cues.items()}
        self.continents = lexicon.continents()
        speech = lexicon.verb_table(speech_verbs_file)
        self.speech = re.compile(rf"\b(?:{lexicon.alternation([w for w, k in speech.items() if k != 'pointer'])})\b")
        self.rx = lexicon.compiled(patterns_file)
        self.troops_from = re.compile(rf"(?:{self.troops.pattern}){p['troops_from']}", re.I)
        self.coordinated = re.compile(rf"[ \t]*{p['conjunction']}[ \t]*")
        self.listed = re.compile(rf"[ \t]*{p['conjunction']}?[ \t]*")

    def __call__(self, doc: Doc) -> Doc:
        ctx = doc._.kg_context
        ref = ctx.ref_date if ctx else None
        readings = []
        # the countries this component finds for places the gazetteer left unlocated ("Kivu Selatan"), by span:
        # its own fact, beside the places' mentions, which their makers own
        located: dict[tuple[int, int], str] = {}
        countries = [m for m in doc._.kg_mentions or [] if m.kind in (Kind.COUNTRY, Kind.PLACE)
                     and m.source != "metadata"]
        said = {e.start: st.date for st in doc._.kg_statements or [] for e in st.evidence if st.date}
        mission = None  # the mission last named, which "misi itu" points back to
        opened = None  # the sentence and day an exercise opens ("Latihan ... resmi dibuka ..., Kamis (16/5)")
        lifecycle: list[tuple[str, str, Sentence, date]] = []  # (start | end, mission, sentence, day)
        last_day: date | None = None  # the last day a sentence named, which "hari itu" points back to
        for s in sentences(doc):
            before = [m for m in countries if m.end <= s.start]
            day = said.get(s.start, ref)
            if day != ref and day is not None:
                # "akan ditarik dalam waktu dua hari", said on Tuesday the 11th: from the day the words were said
                s.times = [replace(t, start=t.start + s.start, end=t.end + s.start)
                           for t in self.times.find(s.text, day)]
            # "di negara itu": the country troops were last said to go to, else the country last named
            went = [d for r in readings for d in r.destinations if d.kind == Kind.COUNTRY]
            if r := self._read(s, located, day, went[-1] if went else before[-1] if before else None, mission,
                               last_day):
                readings.append(r)
            days = [t.date for t in s.times if self._names_day(t)]
            last_day = days[-1] if days else last_day
            named = [m for m in s.mentions if m.key in self.missions]
            mission = named[-1] if named else mission
            opened = opened or self._exercise_opens(s)
            lifecycle += self._mission_lifecycle(s, mission)
        doc._.kg_deployments = self._merge(doc, readings, located)
        if opened:
            for op in doc._.kg_deployments:
                if not (op.start_date or op.withdrawal_start or op.withdrawal_end):
                    op.start_date = opened[1]  # the forces of an exercise start when it opens
                    _cite(doc, op, opened[0])
        for what, key, sent, day in lifecycle:
            for op in doc._.kg_deployments:
                if op.sender != key or (op.start_date if what == "start" else op.withdrawal_end):
                    continue
                if what == "start":
                    op.start_date = day
                else:
                    op.withdrawal_end = day
                _cite(doc, op, sent)
        doc._.kg_located = located
        return doc

    # -- one sentence -----------------------------------------------------------------------
    def _read(self, sent: Sentence, located: dict[tuple[int, int], str], ref,
              last_country: Mention | None = None, last_mission: Mention | None = None,
              last_day: date | None = None) -> Reading | None:
        text = sent.text
        quoted = [q.span() for q in re.finditer(r"[“\"][^”\"]*[”\"]", text)]
        verbs = [(m, self.verbs[m.group("w").lower()]) for m in self.verb_rx.finditer(text)
                 if not any(a <= m.start() < b for a, b in quoted)  # "Berkat kedatangan Anda, ...": words quoted
                 and not self.rx.negation.search(text, max(0, m.start() - 30), m.start())]  # "belum mengirim"
        present_end = self.cue["presence_end"].search(text)
        totals = [q for q in sent.quantities if q.total]
        missions = self._missions_in(sent, last_mission)
        if not verbs and not present_end:
            listed = self._listed_contributors(sent) \
                if self.troops.search(text) or self.cue["remainder"].search(text) else []
            if listed:  # "personel MSS juga berasal dari Jamaika, Belize dan El Salvador"
                # "Chad, Bangladesh dan Mesir termasuk penyumbang pasukan terbesar", after the mission was named
                return Reading(set(), contributors=listed, sentence=sent,
                               missions=missions[:1] or ([last_mission] if last_mission else []))
            counted = self._counted(sent, totals=True)
            own = [m for m in missions if counted and m.end <= counted[0].start
                   and not any(c.kind == Kind.COUNTRY and m.end <= c.start < counted[0].start for c in sent.mentions)]
            if own:  # "MINUSMA ... beranggotakan lebih dari 12.000 tentara": the strength of the mission before it
                q = counted[0]
                return Reading(set(), senders=own[:1], count=(q.value, q.qualifier, q.text), sentence=sent)
            if totals:  # "Jumlah petempurnya ... mencapai sekitar 1.500 orang": the strength of the operation
                q = totals[0]
                # "... 40.000 tentara yang berada di bawah komando langsung NATO": the strength of NATO's forces
                owner = [m for m in sent.actors() if m.kind in (Kind.COUNTRY, Kind.ORGANISATION)
                         and self.rx.under_command.search(text[: sent.local(m.start)])]
                return Reading(set(), senders=owner[:1], count=(q.value, q.qualifier, q.text), sentence=sent)
            return None
        if not self.troops.search(text) and not self.cue["anaphoric"].search(text):
            return None
        r = Reading({kind for _, (kind, _) in verbs}, sentence=sent)
        if "arrive" in r.kinds and self.cue["homecoming"].search(text):
            r.kinds = (r.kinds - {"arrive", "station"}) | {"withdraw"}
        r.intent = bool(verbs) and bool(self.cue["intent"].search(text[: verbs[0][0].start()]))
        if present_end:
            r.kinds.add("withdraw")
        actors = [m for m in sent.actors() if m.kind in (Kind.COUNTRY, Kind.ORGANISATION)]
        from_country: list[Mention] = []
        by_means = False  # "... di Latvia dengan mengirim ...": the clause before the verb says where
        # senders: whose troops ("pasukan CSTO", "polisi Kenya"), from whom, by whom, or the subject
        for m in actors:
            lead = text[: sent.local(m.start)]
            if m.source == "forces" or self.rx.whose_troops.search(lead) \
                    or (m.kind == Kind.ORGANISATION and self.troops.match(m.text)):
                # ("Kontingen Garuda ... diberangkatkan": a force named as a contingent sends itself)
                # "tentara bayaran Rusia, Grup Wagner, ...": the group named in apposition sends
                appo = next((o for o in actors if o.kind == Kind.ORGANISATION and re.fullmatch(
                    r",[ \t]*", text[sent.local(m.end):sent.local(o.start)])), None)
                r.senders.append(appo or m)
            elif self.rx.sent_by.search(lead) or (m.key not in self.missions and self.rx.under_command.search(lead)):
                r.senders.append(m)  # "dikirim oleh X", "di bawah komando X"
            elif self.cue["contributor"].search(lead):
                r.contributors.append(m)
            elif (tf := self.troops_from.search(lead)) and not self.verb_rx.search(tf.group()) \
                    and not self.cue["leave"].search(lead):  # "menarik prajurit ... dari Lebanon": the place left
                from_country.append(m)  # (not "prajurit TNI dilepas dari PMPP": where they were sent from)
            elif from_country and m.kind == Kind.COUNTRY and m.start > from_country[-1].end \
                    and self.listed.fullmatch(text[sent.local(from_country[-1].end):sent.local(m.start)]):
                from_country.append(m)  # "personel dari Afrika Selatan, Botswana, Angola dan ...": the whole list
        for m, (kind, voice) in verbs:
            if voice != "active" and kind not in ("send_noun",):
                continue
            subject = self._subjects(sent, m.start(), max_gap=3 if kind == "send_noun" else 6)
            if self.rx.by_means.search(text[:m.start()]):
                # "Kanada akan memimpin misi NATO di Latvia dengan mengirim 2.000 tentara": the clause's subject
                subject = self._subjects(sent, sent.start + self._first_verb_at(sent, m.start()), max_gap=6)
                by_means = True
            elsewhere = any(p.kind in (Kind.COUNTRY, Kind.PLACE) and p.start >= sent.start + m.end()
                            and self.cue["destination"].search(text[:sent.local(p.start)]) for p in sent.mentions)
            if subject and kind == "send_noun" and subject[-1].kind == Kind.COUNTRY and not elsewhere \
                    and self.rx.host_approves.search(text[sent.local(subject[-1].end):m.start()]):
                # (not "Kenya menyetujui pengerahan 1.000 polisi ke Haiti": its own troops, sent elsewhere)
                r.destinations.extend(subject)  # "Parlemen Slovakia menyetujui penempatan ...": the host
                break
            if subject:
                # the subject sends; "personel TNI" after it names the force it sends
                r.senders = subject + [s for s in r.senders if s not in subject]
                if self.cue["joint"].search(text[: m.start()]):
                    r.joint = True
                break
        own = self.rx.own_troops.search(text) if not r.senders else None
        if own:  # "Kementerian Pertahanan Rusia menyatakan seluruh pasukannya telah ditarik": the owner's troops
            owner = [m for m in actors if sent.local(m.end) <= own.start()
                     and not self.rx.not_sender.search(text[: sent.local(m.start)])
                     and not self.rx.led_by.search(text[: sent.local(m.start)])]  # "Blok yang dipimpin Rusia"
            r.senders.extend(owner[-1:])
        if any(s.kind == Kind.ORGANISATION for s in r.senders):
            r.contributors.extend(from_country)  # "NATO ... termasuk prajurit komando dari Turki"
        elif from_country and not r.senders and not any(
                self.cue["destination"].search(text[: sent.local(m.start)]) or self.cue["leave"].search(
                    text[: sent.local(m.start)]) for m in sent.mentions if m.kind in (Kind.COUNTRY, Kind.PLACE)):
            r.contributors.extend(from_country)  # "terdapat 500 prajurit komando dari Turki": part of another's
        else:
            r.senders.extend(m for m in from_country if m not in r.senders)
        r.joint = r.joint or bool(self.cue["joint"].search(text[: (verbs[0][0].start() if verbs else len(text))]))
        r.also = bool(self.cue["also"].search(text[: (verbs[0][0].start() if verbs else len(text))]))
        if (set_out := self._departures(sent, verbs, r.senders)) != verbs:
            verbs = set_out
            r.kinds = (r.kinds - {"withdraw"}) | {kind for _, (kind, _) in verbs}
        sender_keys = {s.key for s in r.senders}
        r.missions = [m for m in missions if m.key not in sender_keys][:1]
        # destinations: after ke/di, or the place left
        first_verb = verbs[0][0].start() if verbs else 0
        # the verb's clause ends at "sedangkan"/"sementara": "... sedangkan 14 negara lain hadir sebagai peninjau"
        other = self.rx.other_clause.search(text[first_verb:])
        clause_end = first_verb + other.start() if other else len(text)
        withdraw_only = bool(r.kinds) and r.kinds <= {"withdraw", "withdraw_noun"}
        listed = self._listed_contributors(sent)
        r.contributors.extend(m for m in listed if m not in r.contributors)
        broad_end = None  # where a continent read as where troops go ends: the place it narrows to may follow
        for m in sent.mentions:
            if m.kind not in (Kind.COUNTRY, Kind.PLACE) or m.key in sender_keys or m in listed or m in from_country:
                continue
            if sent.local(m.start) >= clause_end:
                continue  # another clause
            lead = text[: sent.local(m.start)]
            if m.kind == Kind.PLACE and m.name in self.continents:
                if self.cue["destination"].search(lead) or self.cue["leave"].search(lead):
                    broad_end = sent.local(m.end)
                continue  # a continent ("penarikan militer Prancis dari Afrika")
            if broad_end is not None and self.rx.narrowed.fullmatch(text[broad_end:sent.local(m.start)]):
                # "pangkalan terbesarnya di Afrika Barat, kamp ... di Port-Bouet": the place within the region
                r.destinations.append(m)
                broad_end = None
                continue
            if self.rx.led_by.search(lead):
                continue  # "CSTO yang dipimpin Rusia", "koalisi pimpinan Arab Saudi": the leader, not where troops go
            if withdraw_only and not self.cue["leave"].search(lead):
                continue  # "mendarat di Wunstorf, Jerman": troops coming home, not a destination
            if sent.local(m.start) < first_verb and not self.cue["leave"].search(lead) and not by_means:
                continue
            if self.speech.search(text[first_verb: sent.local(m.start)]):
                break  # "..., kata Agus di Jakarta": where it was said, not where troops went
            if self.cue["origin"].search(lead):
                continue  # "berlayar dari pangkalan militer di Zhanjiang": where they set out from
            if self.rx.said_in.search(lead):
                continue  # "menyebut pengiriman pasukan ... dalam pidatonya di Suva": where it was said
            if not self.cue["destination"].search(lead) and self.cue["leave"].search(lead) \
                    and any(m.key == s.key or m.country is not None and m.country in (s.key, s.country)
                            for s in r.senders):
                continue  # "meninggalkan pelabuhan Wilhelmshaven": the port at home it set out from
            if self.cue["destination"].search(lead) or self.cue["leave"].search(lead):
                r.destinations.append(m)
                after = text[sent.local(m.end):]
                appo = re.match(r",[ \t]*", after)
                if appo:
                    nxt = next((x for x in sent.mentions
                                if x.start == m.end + appo.end() and x.kind == Kind.COUNTRY), None)
                    if nxt is not None:
                        r.destinations.append(nxt)
                        if m.kind == Kind.PLACE:
                            located[(m.start, m.end)] = nxt.key
                break
        if not r.destinations and r.kinds & {"send", "station", "arrive"}:
            # "Di Rumania, Prancis telah mengirim sekitar 500 tentara": the place the sentence opens on
            fronted = next((m for m in sent.mentions if m.kind in (Kind.COUNTRY, Kind.PLACE)), None)
            if fronted is not None and fronted.key not in sender_keys and sent.local(fronted.end) < first_verb \
                    and self.rx.fronted_place.fullmatch(text[:sent.local(fronted.start)]) \
                    and text[sent.local(fronted.end):].startswith(",") \
                    and not self.speech.search(text, sent.local(fronted.end), first_verb):  # "Di Jakarta, X mengatakan"
                r.destinations.append(fronted)
        if not r.destinations and r.kinds & {"send"}:
            # "mengirim 1.000 personel untuk membantu kepolisian Haiti": the country the troops go to help,
            # not one named in passing ("perang antara Armenia dan Azerbaijan")
            later = [m for m in sent.mentions if m.kind == Kind.COUNTRY and m.key not in sender_keys
                     and first_verb < sent.local(m.start) < clause_end and m not in listed and m not in from_country
                     and len(text[first_verb:sent.local(m.start)].split()) <= 12
                     and not self.rx.not_destination.search(text[:sent.local(m.start)])
                     and not self.rx.led_by.search(text[:sent.local(m.start)])]
            r.destinations.extend(later[:1])
        if not r.destinations and last_country is not None and last_country.key not in sender_keys \
                and self.rx.that_country.search(text[first_verb:]):
            r.destinations.append(last_country)  # "ditempatkan di negara itu": the country or place last named
        if not r.destinations:
            for s in r.senders:  # "Misi Uni Afrika di Somalia (AUSSOM) mulai bertugas": the mission's country
                served = keys.country(self.missions[s.key]) if s.key in self.missions else None
                if served or (s.kind == Kind.ORGANISATION and s.country and self.rx.mission_in.search(s.name)):
                    country = served or s.country
                    r.destinations.append(Mention(s.start, s.end, s.text, Kind.COUNTRY, country, country, "name"))
                    break
        # how many
        # "..., sedangkan Ghana menyumbang sekitar 200 prajurit": the other clause's count is its subject's
        counted = [q for q in self._counted(sent) if sent.local(q.start) < clause_end]
        if counted:
            q = counted[0]
            r.count = (q.value, q.qualifier, q.text)
        # when
        verb_at = [m.start() for m, (kind, _) in verbs if kind in ("send", "arrive", "station", "send_noun")]
        starts = [t for t in sent.times if t.date and not t.ahead
                  and (t.weekday or t.marker == "start" or self._on_day(text, sent, t, verb_at))
                  and not (t.weekday and self._said_then(text, sent.local(t.start), verb_at))
                  and not any(v < sent.local(t.start) and self.rx.relative.search(text[v:sent.local(t.start)])
                              for v in verb_at)]  # "... kerusuhan yang melanda sejak Rabu": another event's date
        if verb_at and starts and not r.kinds & {"withdraw", "withdraw_noun"}:
            # the dated expression nearest a verb of sending: not the date of the riot that caused it
            r.start = min(starts, key=lambda t: min(abs(sent.local(t.start) - v) for v in verb_at)).date
        if r.start is None and last_day and r.kinds & {"send", "arrive", "station"} \
                and (anaphor := self.cue["day_anaphor"].search(text)):
            # "Prajurit mulai diterjunkan pada pagi harinya": the day the sentences before named
            r.start = last_day + timedelta(days=1 if anaphor.group().lower().startswith("keesokan") else 0)
        if r.kinds & {"withdraw", "withdraw_noun"}:
            for t in sent.times:
                if t.weekday and self._said_then(text, sent.local(t.start), [m.start() for m, _ in verbs]):
                    continue  # ", kata Tokayev, Selasa (11/1/2022)": when it was said, not a withdrawal date
                if t.ahead and t.date and t.within and self.cue["first"].search(text[:sent.local(t.start)]):
                    r.withdrawal_start = t.date  # "akan mulai ditarik dalam waktu dua hari": it starts then
                elif t.ahead and t.date and (t.within or self.rx.within.search(text[:sent.local(t.start)])):
                    r.withdrawal_end.append(t.date)  # "secara bertahap dalam tiga bulan ke depan": done by then
                elif t.ahead and t.date:
                    r.withdrawal_start = t.date
                elif t.days and not t.date:
                    r.withdrawal_days = t.days
                elif t.date and t.marker in ("deadline", "after"):
                    r.withdrawal_end.append(t.date)
                elif t.date and t.marker == "start":
                    r.withdrawal_start = t.date  # "ditarik secara bertahap sejak Rabu, 28 Februari"
                elif t.date and self.cue["last"].search(text):
                    r.withdrawal_end.append(t.date)
                elif t.date and self.cue["first"].search(text):
                    r.withdrawal_start = t.date
                elif t.date and not t.weekday and not t.ahead and not self.cue["future"].search(text):
                    # "menarik pasukannya dari Kherson pada 9 November": it began then (not "pada 24 September
                    # mengatakan ... akan menarik": the day of the words about a withdrawal to come)
                    r.withdrawal_start = t.date
        if not (r.senders or r.destinations or r.withdrawal_end or r.withdrawal_start or r.withdrawal_days
                or r.start or r.count):
            return None
        return r

    def _departures(self, sent: Sentence, verbs: list, senders: list[Mention]) -> list:
        """A verb of leaving whose place lies in the senders' own country starts a voyage, not a withdrawal
        ("Fregat Jerman Hessen meninggalkan pelabuhan Wilhelmshaven": a German port): read it as setting out."""
        home = {s.key for s in senders if s.kind == Kind.COUNTRY} | {s.country for s in senders if s.country}
        out = []
        for m, (kind, voice) in verbs:
            left = next((p for p in sent.mentions if p.kind in (Kind.COUNTRY, Kind.PLACE)
                         and sent.local(p.start) >= m.end()), None) if kind == "withdraw" and home else None
            if left is not None and (left.key in home or left.country in home) \
                    and self.cue["leave"].search(sent.text[:sent.local(left.start)]):
                out.append((m, ("arrive", voice)))
            else:
                out.append((m, (kind, voice)))
        return out

    def _counted(self, sent: Sentence, totals: bool = False) -> list[Quantity]:
        """The sentence's troop counts (and totals), leaving out those of a successor ("Misi itu akan
        digantikan MINUJUSTH ... berkekuatan sekitar 980 personel": not the strength of the mission replaced)."""
        replaced = self.cue["replaced_by"].search(sent.text)
        return [q for q in sent.quantities if (q.noun or (totals and q.total))
                and not (replaced and sent.local(q.start) > replaced.start())]

    def _missions_in(self, sent: Sentence, last_mission: Mention | None) -> list[Mention]:
        """The missions a sentence names, else the one named before that "misi itu" points back to
        ("misi itu menampung hampir 13.000 personel")."""
        missions = [m for m in sent.mentions if m.key in self.missions]
        if not missions and last_mission is not None and (at := self.cue["mission_anaphor"].search(sent.text)):
            missions = [replace(last_mission, start=sent.start + at.start(), end=sent.start + at.end())]
        return missions

    def _mission_lifecycle(self, sent: Sentence, last_mission: Mention | None) -> list[tuple[str, str, Sentence, date]]:
        """The day a mission named here starts or ends, when the words at its name say so and a whole
        date follows ("sejak MINUSTAH mulai bertugas pada 1 Juni 2004", "mengakhiri MINUSTAH pada ...")."""
        text, out = sent.text, []
        for m in self._missions_in(sent, last_mission):
            a, b = sent.local(m.start), sent.local(m.end)
            what = "end" if self.cue["mission_ends"].search(text[:a]) else \
                "start" if self.cue["mission_starts"].match(text[b:]) else None
            day = next((t.date for t in sent.times if t.date and not t.ahead and sent.local(t.start) >= b
                        and self.rx.on_day.match(t.text)), None)
            if what and day:
                out.append((what, m.key, sent, day))
        return out

    def _exercise_opens(self, sent: Sentence) -> tuple[Sentence, date] | None:
        """The sentence and day an exercise opens, when this sentence says so with a day."""
        if not (cue := self.cue["exercise_opens"].search(sent.text)):
            return None
        days = [t for t in sent.times if self._names_day(t) and t.marker not in ("deadline", "after")
                and sent.local(t.start) >= cue.start()]
        return (sent, days[0].date) if days else None

    def _names_day(self, t) -> bool:
        """Does a time expression name a day of the past or present ("Kamis (16/5)", "hari ini", "3 Juni"),
        not only a month or a year, nor a day counted ahead?"""
        return bool(t.date) and not t.ahead and bool(t.weekday or self.rx.a_day.search(t.text))

    def _said_then(self, text: str, at: int, verb_at: list[int]) -> bool:
        """Does a dated expression date the saying rather than the troops: is a verb of saying the
        nearest verb before it ("..., kata Tokayev, Selasa (11/1/2022)", "mengatakan pada Minggu (16/10)"),
        or an occasion of speaking right before it ("dalam pernyataan pada Senin")?"""
        if self.rx.said_in.search(text, 0, at):
            return True  # "dalam pernyataan pada Senin (9/6/2025)"
        said = [m.start() for m in self.speech.finditer(text, 0, at)]
        moved = [v for v in verb_at if v < at]
        return bool(said) and (not moved or max(said) > max(moved))

    def _on_day(self, text: str, sent: Sentence, t, verb_at: list[int]) -> bool:
        """A whole date right after its verb ("mengirim ... ke Djibouti pada 21 April 2023"): the day it was done."""
        at = sent.local(t.start)
        return bool(self.rx.on_day.match(t.text)) and bool(self.rx.dated_on.search(text[:at])) \
            and any(v < at and len(text[v:at].split()) <= 16 for v in verb_at)

    def _first_verb_at(self, sent: Sentence, before: int) -> int:
        """Where the first active verb (me-/ber-) of the sentence begins, before `before`."""
        first = self.rx.active_verb.search(sent.text, 0, before)
        return first.start() if first else before

    def _subjects(self, sent: Sentence, verb_at: int, max_gap: int) -> list[Mention]:
        """The subject of a verb: the nearest country or organisation before it, with the ones
        coordinated with it ("Selain Rusia, Belarusia dan Kirgizstan turut menerjunkan")."""
        out: list[Mention] = []
        if aside := self.rx.aside.search(sent.text, 0, verb_at):
            verb_at = aside.start()  # "Kigali, yang bukan anggota SADC, menempatkan": the subject is before the aside
        edge = verb_at
        for m in reversed([m for m in sent.mentions if sent.local(m.end) <= verb_at]):
            between = sent.text[sent.local(m.end):edge]
            if out:
                if not self.coordinated.fullmatch(between):
                    break
                if between.strip() == "," and sent.text[sent.local(out[-1].end):].startswith(","):
                    break  # "tentara bayaran Rusia, Grup Wagner, mengumumkan": apposition, not a list
            elif re.search(r"[.;“”\"]", between) or len(between.split()) > max_gap:
                break
            if m.kind == Kind.PLACE and (iso := lexicon.capitals().get(m.geonames_id or "")) \
                    and self.rx.clause_opening.fullmatch(sent.text[: sent.local(m.start)]):
                # "Kigali, yang bukan anggota SADC, menempatkan pasukan": the capital is its government
                m = replace(m, kind=Kind.COUNTRY, key=keys.country(iso), iso=iso, country=None)
            if m.kind not in (Kind.COUNTRY, Kind.ORGANISATION) \
                    or self.rx.not_subject.search(sent.text[: sent.local(m.start)]) \
                    or self.rx.locative.search(sent.text[: sent.local(m.start)]):
                break
            out.append(m)
            edge = sent.local(m.start)
        return out[::-1]

    # -- the article --------------------------------------------------------------------------
    def _merge(self, doc: Doc, readings: list[Reading], located: dict[tuple[int, int], str]) -> list[Deployment]:
        """One Deployment per (sender, destination country) in the article.

        A sentence that names only the sender or only the destination speaks of the article's
        main operation; countries that join it ("Selain X, Y dan Z juga menyumbang pasukan")
        become its contributors; plans and offers never start an operation of their own.
        """
        ops: dict[tuple[str, str], Deployment] = {}
        firsts: dict[tuple[int, str], int] = {}  # (operation, attribute) -> where the value was read

        def dest_key(r: Reading) -> str | None:
            return _dest_key(r, located)

        complete = [r for r in readings if r.senders and dest_key(r) and not r.intent]
        # a place nobody located ("Kivu Selatan") lies in the country the same sender goes to elsewhere
        country_of_sender: dict[str, set[str]] = {}
        for r in complete:
            if any(d.kind == Kind.COUNTRY for d in r.destinations):
                country_of_sender.setdefault(r.senders[0].key, set()).add(dest_key(r))
        for r in complete:
            homes = country_of_sender.get(r.senders[0].key, set())
            for d in r.destinations:
                if d.kind == Kind.PLACE and not located.get((d.start, d.end), d.country) and len(homes) == 1:
                    located[(d.start, d.end)] = next(iter(homes))
        org_dests = {dest_key(r) for r in complete if any(s.kind == Kind.ORGANISATION for s in r.senders)}
        rest: list[Reading] = []
        for r in readings:
            dk = dest_key(r)
            if r in complete and not (r.joint and dk in org_dests and r.senders[0].kind == Kind.COUNTRY):
                for s in (r.senders if r.joint else r.senders[:1]):
                    key = dk if s.key != dk else _home_place(r)  # "Prancis mengirim polisi ke Kaledonia Baru"
                    if key:
                        self._apply(doc, ops.setdefault((s.key, key), Deployment(sender=s.key, destinations=[])),
                                    r, firsts)
            else:
                rest.append(r)
        own = set(ops)  # the operations sentences name; the missions joined below are not among them
        for r in readings:
            if r.missions and r.contributors:
                # "negara penyumbang pasukan MINUSTAH antara lain ...": the mission's contributors
                joined, r.contributors = r.contributors, []
                self._join(doc, ops, r.missions[0], joined, r, firsts, located)
        if not own:
            # no sentence names both: pair the article's sender with its destination
            senders = Counter(r.senders[0].key for r in readings if r.senders and not r.intent and not r.joint)
            dests = Counter(dest_key(r) for r in readings if dest_key(r))
            sent_abroad = [r for r in readings if r.senders and r.count and r.kinds & {"send", "arrive"}]
            there = _dateline_abroad(doc, sent_abroad[0]) if senders and not dests and sent_abroad else None
            if there:  # "PHNOM PENH - ... China mengirim lebih dari 760 personel": sent where the news is
                dests[there] = 1
            if senders and dests:
                sender, dest = senders.most_common(1)[0][0], dests.most_common(1)[0][0]
                if sender != dest:
                    ops.setdefault((sender, dest), Deployment(sender=sender, destinations=[there] if there else []))
        main = max(ops.values(), key=lambda d: len(d.evidence), default=None)
        # the countries the article's operations come from: troops sent inside one are not sent abroad
        homes = {op.sender for op in ops.values()} | {c for op in ops.values() for c in op.contributors}
        for r in rest:
            if r.intent and not r.senders:
                continue  # "prajurit yang kelak dikirim ke misi PBB, seperti di Lebanon": a plan of nobody's operation
            dk = dest_key(r)
            sender_keys = {s.key for s in r.senders} | {s.country for s in r.senders if s.country}
            target = next((op for (s, d), op in ops.items() if s in sender_keys and (d == dk or not dk)), None)
            if target is None and dk:
                target = next((op for (s, d), op in ops.items() if d == dk), None)
            if target is None and not r.senders:
                target = self._latest_before(ops, r)
                if target is None and main is not None and not _elsewhere_before(main, r, dk):
                    target = main
                if target is not None and dk in homes and dk not in target.destinations:
                    continue  # "Presiden Temer mengerahkan 8.500 tentara ... di Rio de Janeiro": troops at home
            if target is None and (r.joint or r.also) and not dk and main is not None and main.destinations \
                    and r.senders and r.senders[0].kind == Kind.ORGANISATION and r.count and not r.intent:
                # "Polda Jawa Tengah juga mengirim 450 personel": another force sent where the operation goes
                sender = r.senders[0].key
                target = ops.setdefault((sender, main.destinations[0]),
                                        Deployment(sender=sender, destinations=[main.destinations[0]]))
            if target is None and not dk and r.sentence is not None and self.rx.subject_pointer.match(r.sentence.text):
                # "Korvet itu mengangkut 120 prajurit Satgas MTF", "Penarikan itu dimulai Rabu": the operation
                # just named goes on (not when another country's troops join it: "Kontingen itu membawa 12
                # prajurit Hungaria")
                latest = self._latest_before(ops, r)
                if latest is not None and all(x.kind == Kind.ORGANISATION or x.key in (latest.sender,
                                                                                       _sender_country(doc, latest))
                                              for x in r.senders):
                    target = latest
            if target is None and (r.joint or r.contributors) and main is not None:
                target = main
            if target is None:
                continue
            self._apply(doc, target, r, firsts, joining=r.joint)
        for r in readings:
            if r.missions and not r.intent:
                # "tiba di Juba ... untuk bergabung dengan UNMISS": the senders contribute to the mission
                self._join(doc, ops, r.missions[0], [s for s in r.senders if s.kind == Kind.COUNTRY], r, firsts,
                           located)
        for op in ops.values():
            settle_withdrawal(op)
        return list(ops.values())

    def _join(self, doc: Doc, ops: dict, mission: Mention, contributors: list[Mention], r: Reading,
              firsts: dict, located: dict[tuple[int, int], str]) -> None:
        """Countries whose troops serve in a mission contribute to the mission's deployment where it serves."""
        if not contributors:
            return
        served = keys.country(self.missions[mission.key])
        op = ops.setdefault((mission.key, served), Deployment(sender=mission.key, destinations=[served]))
        # the places the troops reach in that country ("tiba di Juba"): where the mission serves, too
        there = [d for d in r.destinations if d.key == served or located.get((d.start, d.end), d.country) == served]
        self._apply(doc, op, replace(r, destinations=there, contributors=contributors, count=None, start=None,
                                     withdrawal_start=None, withdrawal_end=[], withdrawal_days=None), firsts)

    def _listed_contributors(self, sent: Sentence) -> list[Mention]:
        """Countries listed after "antara lain", "berasal dari", "bersama pasukan" ... or before "termasuk
        penyumbang pasukan": contributors."""
        out: list[Mention] = []
        after = self.cue["contributors_after"]
        ends = [m for m in sent.mentions if m.kind == Kind.COUNTRY and after.match(sent.text, sent.local(m.end))]
        if ends:  # "Chad, Bangladesh dan Mesir termasuk penyumbang pasukan terbesar": the list runs back
            edge = sent.local(ends[0].end)
            for m in reversed([m for m in sent.mentions if m.end <= ends[0].end]):
                if m is not ends[0] and not self.listed.fullmatch(sent.text[sent.local(m.end):edge]):
                    break
                if m.kind == Kind.COUNTRY:
                    out.insert(0, m)
                edge = sent.local(m.start)
        for cue in self.cue["contributor_list"].finditer(sent.text):
            edge = cue.end()
            for m in sent.mentions:
                if sent.local(m.start) < edge:
                    continue
                if not self.listed.fullmatch(sent.text[edge:sent.local(m.start)]):
                    break
                if m.kind == Kind.COUNTRY:
                    out.append(m)
                edge = sent.local(m.end)
        return out

    @staticmethod
    def _latest_before(ops: dict, r: Reading) -> Deployment | None:
        """The operation most recently spoken of before this sentence ("Jumlah petempurnya ...")."""
        if r.sentence is None:
            return None
        best, best_at = None, -1
        for op in ops.values():
            for e in op.evidence:
                if best_at < e.start < r.sentence.start:
                    best, best_at = op, e.start
        return best

    def _apply(self, doc: Doc, op: Deployment, r: Reading, firsts: dict, joining: bool = False) -> None:
        for d in r.destinations:
            if d.key not in op.destinations and d.key != op.sender:
                op.destinations.append(d.key)
        contributors = list(r.contributors)
        if joining and not r.intent:
            # countries joining an operation contribute to it
            contributors += [s for s in r.senders if s.kind == Kind.COUNTRY]
        # a force's own country does not join it ("Pasukan Kepolisian Bersenjata (APF) Nepal ... dari Nepal")
        home = _sender_country(doc, op)
        for c in contributors:
            if c.key not in (op.sender, home) and c.key not in op.contributors and c.key not in op.destinations:
                op.contributors.append(c.key)
        # the count and the start the article gives first are the operation's; later ones recall other events
        at = r.sentence.start if r.sentence is not None else len(doc._.kg_text)
        if r.count and (op.troop_count is None or at < firsts.get((id(op), "count"), at)):
            op.troop_count, op.troop_qualifier, op.troop_text = r.count
            firsts[id(op), "count"] = at
        if r.start and (op.start_date is None or at < firsts.get((id(op), "start"), at)):
            op.start_date = r.start
            firsts[id(op), "start"] = at
        if r.withdrawal_start and (op.withdrawal_start is None or r.withdrawal_start < op.withdrawal_start):
            op.withdrawal_start = r.withdrawal_start
        if r.withdrawal_days:
            op.withdrawal_days = r.withdrawal_days
        for end in r.withdrawal_end:
            if op.withdrawal_end is None or end > op.withdrawal_end:
                op.withdrawal_end = end
        if r.sentence is not None:
            _cite(doc, op, r.sentence)


def _sender_country(doc: Doc, op: Deployment) -> str | None:
    """The country of an operation's sending force, as its mentions give it ("Pasukan Polisi Bersenjata (APF)
    Nepal": Nepal)."""
    return next((m.country for m in doc._.kg_mentions or () if m.key == op.sender and m.country), None)


def _cite(doc: Doc, op: Deployment, sent: Sentence) -> None:
    """The sentence as evidence of the operation, once."""
    if all(e.start != sent.start for e in op.evidence):
        op.evidence.append(evidence(doc, sent))


def _dest_key(r: Reading, located: dict[tuple[int, int], str]) -> str | None:
    """The destination country of a reading (a place counts as its country when known)."""
    for d in r.destinations:
        if d.kind == Kind.COUNTRY:
            return d.key
    for d in r.destinations:
        if country := located.get((d.start, d.end), d.country):
            return country
    return r.destinations[0].key if r.destinations else None


def _elsewhere_before(op: Deployment, r: Reading, dest: str | None) -> bool:
    """Does a sentence without a sender send troops elsewhere before the operation is first named? It
    cannot speak of that operation ("Pasukan multinasional itu akan ditempatkan di Bulgaria, ...", long
    before "Di Rumania, Prancis ... telah mengirim")."""
    return bool(r.destinations) and r.sentence is not None and dest not in op.destinations \
        and min(e.start for e in op.evidence) > r.sentence.start


def _dateline_abroad(doc: Doc, r: Reading) -> str | None:
    """The dateline's country, when it is not the sender's: where the troops went. The press's own capital
    ("JAKARTA -") is where its desk is, not where news happens: it never counts."""
    ctx = doc._.kg_context
    there = ctx.dateline_country() if ctx is not None else None
    sender = r.senders[0]
    if there is None or there in (sender.key, sender.country):
        return None
    city = ctx.dateline_city()
    if there == keys.country(ctx.home_country) and (city is None or city.geonames_id in lexicon.capitals()):
        return None
    return there


def _home_place(r: Reading) -> str | None:
    """A place at home a country sends its forces to (a territory, a city the army guards): the
    operation's destination, where the country itself never is."""
    return next((d.key for d in r.destinations if d.kind == Kind.PLACE), None)


def settle_withdrawal(op: Deployment) -> None:
    """A withdrawal that starts on a known day and takes N days ends N days later."""
    if op.withdrawal_start and op.withdrawal_days and not op.withdrawal_end:
        op.withdrawal_end = op.withdrawal_start + timedelta(days=op.withdrawal_days)
