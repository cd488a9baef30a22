"""Deployments: who sent troops where, how many, and when they came and went.

A deployment sentence has a word of sending, stationing, arriving or withdrawing
(data/deployment_verbs.tsv) and names troops (data/troop_nouns.txt). The sender is
the actor whose troops they are ("pasukan CSTO", "polisi Kenya", "pasukan dari
X", "dikirim oleh X") or the subject of an active verb; the destination follows
"ke"/"di" or is the place troops leave. Countries that "also" send troops where
an organisation's operation goes become its contributors. Withdrawal sentences
that name no sender attach to the article's main deployment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta

from spacy.language import Language
from spacy.tokens import Doc

from kg import lexicon
from kg.facts import Deployment, Mention
from kg.nlp import extensions  # noqa: F401
from kg.nlp.sentences_view import Sentence, evidence, sentences

NOT_SUBJECT = re.compile(r"\b(?:dipimpin|oleh|kepada|dengan|untuk|terhadap|atas|bantuan|permintaan|yang)[ \t]+$", re.I)


@dataclass
class Reading:
    """What one sentence says about a deployment, before it is merged with the others."""

    kinds: set[str]
    senders: list[Mention] = field(default_factory=list)
    joint: bool = False
    destinations: list[Mention] = field(default_factory=list)
    contributors: list[Mention] = field(default_factory=list)
    count: tuple[int, str | None, str] | None = None
    start: object = None
    withdrawal_start: object = None
    withdrawal_days: int | None = None
    withdrawal_end: list = field(default_factory=list)
    sentence: Sentence | None = None


@Language.factory("kg_deployments")
def make_deployments(nlp: Language, name: str) -> DeploymentFinder:
    return DeploymentFinder()


class DeploymentFinder:
    def __init__(self) -> None:
        table = lexicon.verb_table("deployment_verbs.tsv")
        self.verbs = {w: kv.split("/") for w, kv in table.items()}
        self.verb_rx = re.compile(rf"\b(?P<w>{lexicon.alternation(self.verbs)})\b", re.I)
        self.troops = re.compile(rf"\b(?:{lexicon.alternation(lexicon.words('troop_nouns.txt'))})(?:nya)?\b", re.I)
        cues: dict[str, list[str]] = {}
        for kind, rx in lexicon.rows("deployment_cues.tsv"):
            cues.setdefault(kind, []).append(rx)
        self.cue = {k: re.compile("|".join(v), re.I) for k, v in cues.items()}
        self.countries, _, _ = lexicon.countries()

    def __call__(self, doc: Doc) -> Doc:
        ctx = doc._.kg_context
        ref = ctx.ref_date if ctx else None
        readings = [r for s in sentences(doc) if (r := self._read(s, ref))]
        doc._.kg_deployments = self._merge(doc, readings)
        return doc

    # -- one sentence -----------------------------------------------------------------------
    def _read(self, sent: Sentence, ref) -> Reading | None:
        text = sent.text
        verbs = [(m, self.verbs[m.group("w").lower()]) for m in self.verb_rx.finditer(text)]
        present_end = self.cue["presence_end"].search(text)
        if not verbs and not present_end:
            return None
        if not self.troops.search(text):
            return None
        r = Reading({kind for _, (kind, _) in verbs}, sentence=sent)
        if present_end:
            r.kinds.add("withdraw")
        actors = [m for m in sent.actors() if m.kind in ("Country", "Organisation")]
        # senders: whose troops ("pasukan CSTO", "polisi Kenya"), from whom, by whom, or the subject
        for m in actors:
            lead = text[: sent.local(m.start)]
            if m.source == "forces" or re.search(
                    r"\b(?:pasukan|personel|tentara|prajurit|polisi|kontingen|militer)(?:[ \t]+(?:militer|polisi|khusus))?[ \t]+$",
                    lead, re.I):
                r.senders.append(m)
            elif re.search(r"\b(?:dikirim|dikerahkan|diterjunkan|diutus|ditempatkan)[ \t]+oleh[ \t]+$", lead, re.I):
                r.senders.append(m)
            elif self.cue["contributor"].search(lead):
                r.contributors.append(m)
            elif re.search(r"\b(?:pasukan|personel|tentara)\b(?:[ \t]+[a-z]+){0,3}[ \t]+dari[ \t]+$", lead, re.I):
                r.senders.append(m)
        for m, (kind, voice) in verbs:
            if voice != "active" and kind not in ("send_noun",):
                continue
            subject = self._subjects(sent, m.start(), max_gap=3 if kind == "send_noun" else 6)
            if subject:
                r.senders.extend(s for s in subject if s not in r.senders)
                if len(subject) > 1 or self.cue["joint"].search(text[: m.start()]):
                    r.joint = True
                break
        r.joint = r.joint or bool(self.cue["joint"].search(text[: (verbs[0][0].start() if verbs else len(text))]))
        sender_keys = {s.key for s in r.senders}
        # destinations: after ke/di, or the place left
        first_verb = verbs[0][0].start() if verbs else 0
        for m in sent.mentions:
            if m.kind not in ("Country", "Place") or m.key in sender_keys:
                continue
            lead = text[: sent.local(m.start)]
            if sent.local(m.start) < first_verb and not self.cue["leave"].search(lead):
                continue
            if self.cue["destination"].search(lead) or self.cue["leave"].search(lead):
                r.destinations.append(m)
                after = text[sent.local(m.end):]
                appo = re.match(r",[ \t]*", after)
                if appo:
                    nxt = next((x for x in sent.mentions if x.start == m.end + appo.end() and x.kind == "Country"), None)
                    if nxt is not None:
                        r.destinations.append(nxt)
                        if m.kind == "Place":
                            m.country = nxt.key
                break
        if not r.destinations and r.kinds & {"send"}:
            later = [m for m in sent.mentions if m.kind == "Country" and m.key not in sender_keys
                     and sent.local(m.start) > first_verb]
            r.destinations.extend(later[:1])
        # how many
        counted = [q for q in sent.quantities if q.noun]
        if counted:
            q = counted[0]
            r.count = (q.value, q.qualifier, q.text)
        # when
        for t in sent.times:
            if r.kinds & {"send", "arrive", "station"} and t.weekday and t.date and not r.kinds & {"withdraw"}:
                r.start = r.start or t.date
            if r.kinds & {"withdraw", "withdraw_noun"}:
                if t.ahead and t.date:
                    r.withdrawal_start = t.date
                elif t.days and not t.ahead:
                    r.withdrawal_days = t.days
                elif t.date and t.marker in ("deadline", "after"):
                    r.withdrawal_end.append(t.date)
                elif t.date and t.weekday and re.search(r"\bmulai\b", text, re.I):
                    r.withdrawal_start = t.date
        if not (r.senders or r.destinations or r.withdrawal_end or r.withdrawal_start or r.withdrawal_days):
            return None
        return r

    def _subjects(self, sent: Sentence, verb_at: int, max_gap: int) -> list[Mention]:
        """The subject of a verb: the nearest country or organisation before it, with the ones
        coordinated with it ("Selain Rusia, Belarusia dan Kirgizstan turut menerjunkan")."""
        out: list[Mention] = []
        edge = verb_at
        for m in reversed([m for m in sent.mentions if sent.local(m.end) <= verb_at]):
            between = sent.text[sent.local(m.end):edge]
            if out:
                if not re.fullmatch(r"[ \t]*(?:,|dan|serta|,[ \t]*dan)[ \t]*", between):
                    break
            elif re.search(r"[.;“”\"]", between) or len(between.split()) > max_gap:
                break
            if m.kind not in ("Country", "Organisation") or NOT_SUBJECT.search(sent.text[: sent.local(m.start)]):
                break
            out.append(m)
            edge = sent.local(m.start)
        return out[::-1]

    # -- the article --------------------------------------------------------------------------
    def _merge(self, doc: Doc, readings: list[Reading]) -> list[Deployment]:
        """One Deployment per (sender, destination country) in the article; joint senders contribute."""
        ops: dict[tuple[str, str], Deployment] = {}
        orphans: list[Reading] = []

        def dest_key(r: Reading) -> str | None:
            for d in r.destinations:
                if d.kind == "Country":
                    return d.key
            for d in r.destinations:
                if d.country:
                    return d.country
            return r.destinations[0].key if r.destinations else None

        org_led = [r for r in readings if any(s.kind == "Organisation" for s in r.senders) and r.destinations]
        for r in readings:
            dk = dest_key(r)
            senders = r.senders
            if r.joint and dk and any(dest_key(o) == dk for o in org_led if o is not r):
                orphans.append(r)
                continue
            if not senders or not dk:
                orphans.append(r)
                continue
            for s in senders[:1] if not r.joint else senders:
                if s.key == dk:
                    continue
                op = ops.setdefault((s.key, dk), Deployment(sender=s.key, destinations=[]))
                self._apply(doc, op, r)
        main = max(ops.values(), key=lambda d: len(d.evidence), default=None)
        for r in orphans:
            dk = dest_key(r)
            target = next((op for (s, d), op in ops.items() if d == dk), None) if dk else None
            if target is None and not r.senders:
                target = main
            if target is None and r.senders and main is not None and not dk:
                target = main
            if target is None:
                if r.senders and dk:
                    target = ops.setdefault((r.senders[0].key, dk), Deployment(sender=r.senders[0].key, destinations=[]))
                elif dk:
                    target = ops.setdefault(("", dk), Deployment(sender=None, destinations=[]))
                else:
                    continue
            self._apply(doc, target, r, as_contributors=True)
        for op in ops.values():
            settle_withdrawal(op)
        return list(ops.values())

    def _apply(self, doc: Doc, op: Deployment, r: Reading, as_contributors: bool = False) -> None:
        for d in r.destinations:
            if d.key not in op.destinations and d.key != op.sender:
                op.destinations.append(d.key)
        contributors = list(r.contributors)
        if (as_contributors or r.joint) and op.sender and op.sender.startswith("org:"):
            # countries joining an organisation's operation contribute to it
            contributors += [s for s in r.senders if s.kind == "Country"]
        for c in contributors:
            if c.key != op.sender and c.key not in op.contributors and c.key not in op.destinations:
                op.contributors.append(c.key)
        if r.count and op.troop_count is None:
            op.troop_count, op.troop_qualifier, op.troop_text = r.count
        op.start_date = op.start_date or r.start
        if r.withdrawal_start and (op.withdrawal_start is None or r.withdrawal_start < op.withdrawal_start):
            op.withdrawal_start = r.withdrawal_start
        if r.withdrawal_days:
            op.withdrawal_days = r.withdrawal_days
        for end in r.withdrawal_end:
            if op.withdrawal_end is None or end > op.withdrawal_end:
                op.withdrawal_end = end
        if r.sentence is not None and all(e.start != r.sentence.start for e in op.evidence):
            op.evidence.append(evidence(doc, r.sentence))


def settle_withdrawal(op: Deployment) -> None:
    """A withdrawal that starts on a known day and takes N days ends N days later."""
    if op.withdrawal_start and op.withdrawal_days and not op.withdrawal_end:
        op.withdrawal_end = op.withdrawal_start + timedelta(days=op.withdrawal_days)
