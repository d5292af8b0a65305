"""``sourcing`` exercises: which sentences name their source, which give a vague one, which none."""

from __future__ import annotations

import dataclasses
import random
import re
from collections import Counter
from typing import TYPE_CHECKING

from framing.present.exercises.records import Answer, Exercise, Passage, Question
from framing.present.exercises.settings import KIND_TITLES, Level
from framing.present.exercises.view import CorpusView, Window
from framing.present.exercises.wording import URL_RE, same_speaker

if TYPE_CHECKING:
    from framing.analyze.corpus_analysis import CorpusAnalysis


def sentence_sources(view: CorpusView, doc_id: str, i: int,
                     bounds: tuple[int, int] | None = None) -> tuple[str, list[tuple[str, str, str]]]:
    """Return ``(status, items)`` for sentence ``i``: status ``named``, ``vague`` or ``none``.

    ``items`` are ``(kind, source, evidence)`` with kind ``named`` or
    ``vague``.  A sentence names its source when it holds a named attribution
    frame, a direct quote with a known speaker, or an endnote marker, or when
    at least half of it is the reported content of a named frame elsewhere
    ("This was reported in the CNR" covers the sentences before it).  It is
    vague when its only frames are unnamed ("observers", "it is noted").
    With ``bounds`` (the passage's ``start, end``), a frame outside them that
    the sentence's status rests on makes the status ``outside``: the student
    could not see that evidence, so the sentence cannot be keyed.
    """
    d = view.docs[doc_id]
    p = d.a.parsed
    s = p.sentences[i]
    items: list[tuple[str, str, str]] = []
    for u in URL_RE.finditer(s.text):
        host = re.sub(r"^(?:https?://)?(?:www\.)?", "", u.group()).split("/")[0]
        items.append(("named", host, f"it links to {host}"))
    if p.segment(s.seg_id).kind == "comment":
        # forum replies have no reporting frames: the commenter speaks, at most with a link
        return ("named", items) if items else ("none", [])
    length = max(1, s.end - s.start)
    for x in d.attrs:
        inside = s.start <= x.start < s.end
        overlap = min(s.end, x.reported_end) - max(s.start, x.reported_start)
        covers = x.reported_end > x.reported_start and overlap >= length / 2
        if not (inside or covers):
            continue
        frame = " ".join(d.text[x.start:x.end].split())
        who = x.resolved or x.source
        if bounds is not None and not inside and not (bounds[0] <= x.start and x.end <= bounds[1]):
            return "outside", [("outside", who or frame, f"“{frame}” is outside the passage")]
        if x.named and who:
            if not any(k == "named" and same_speaker(w, who) for k, w, _ in items):
                items.append(("named", who, f"“{frame}” names {who}" if inside else
                              f"“{frame}”, in another sentence of the passage, attributes it to {who}"))
        else:
            label = x.source or frame
            if not any(w == label for _, w, _ in items):
                items.append(("vague", label, f"“{frame}” names no one who can be checked"))
    for q in d.direct:
        if s.start <= q.start < s.end and q.speaker \
                and not any(k == "named" and same_speaker(q.speaker, w) for k, w, _ in items):
            items.append(("named", q.speaker, f"a direct quote from {q.speaker}"))
    for num in d.citations.get(i, []):
        refs = d.references.get(num, [])
        what = "; ".join(filter(None, (_ref_label(r) for r in refs))) or "a published source"
        items.append(("named", f"endnote {num}", f"endnote {num} cites {what}"))
    if any(k == "named" for k, _, _ in items):
        return "named", items
    if items:
        return "vague", items
    return "none", []


def _with_endnotes(passage: Passage, view: CorpusView, w: Window) -> Passage:
    """Return the passage with its endnote markers put back ("Russia.[1]") and the endnotes it cites listed."""
    d = view.docs[w.doc_id]
    marks: list[tuple[int, str]] = []
    for i in w.sent_idx:
        sent = d.a.parsed.sentences[i]
        for num in d.citations.get(i, []):
            pos = next((c.position for c in d.a.parsed.repaired.citations if c.number == num
                        and sent.start <= c.position <= sent.end + 1), sent.end)
            marks.append((min(max(pos, sent.start), sent.end) - passage.start, f"[{num}]"))
    if not marks:
        return passage
    marks.sort()
    text, pos, shift_at = [], 0, []
    for at, m in marks:
        text.append(passage.text[pos:at])
        text.append(m)
        shift_at.append((at, len(m)))
        pos = at
    text.append(passage.text[pos:])

    def moved(x: int, end: bool) -> int:
        return x + sum(n for at, n in shift_at if at < x or (end and at == x))
    sentences = tuple((moved(a, False), moved(b, True)) for a, b in passage.sentences)
    notes = []
    for _, m in marks:
        num = int(m[1:-1])
        refs = d.references.get(num, [])
        notes.append(f"{m} " + ("; ".join(filter(None, (_ref_label(r) for r in refs))) or "(not in the excerpt)"))
    return dataclasses.replace(passage, text="".join(text), sentences=sentences, endnotes=tuple(notes))


def _seg_kind(view: CorpusView, doc_id: str, i: int) -> str:
    """Return the segment kind of sentence ``i`` of ``doc_id``."""
    p = view.docs[doc_id].a.parsed
    return p.segment(p.sentences[i].seg_id).kind


def _ref_label(r) -> str:
    bits = [b for b in (r.authors, r.outlet, r.date) if b]
    return ", ".join(bits) or r.title


def make_sourcing(view: CorpusView, data: "CorpusAnalysis", w: Window, n: int, level: Level,
                  rng: random.Random) -> Exercise | None:
    """Return a ``sourcing`` exercise for window ``w`` (None when its sentences do not suit the level).

    None too when a sentence's source rests on evidence outside the passage
    (a reporting frame in a sentence not printed): every key item must be
    checkable on the sheet.  Endnote markers the text repair moved out of the
    text are printed again ("[1]"), with the endnotes under the passage.
    """
    d = view.docs[w.doc_id]
    p = d.a.parsed
    bounds = (p.sentences[w.sent_idx[0]].start, p.sentences[w.sent_idx[-1]].end)
    statuses = [sentence_sources(view, w.doc_id, i, bounds) for i in w.sent_idx]
    if any(st == "outside" for st, _ in statuses):
        return None
    kinds = Counter(st for st, _ in statuses)
    if not kinds["named"] and not kinds["vague"]:
        return None
    if level.name == "easy" and not (kinds["named"] and kinds["none"]):
        return None  # easy: a clear contrast between a sourced and an unsourced sentence
    if level.name == "hard" and not kinds["vague"] and not (kinds["named"] and kinds["none"]):
        return None  # hard: something to think about (vague sources, or a mix)
    passage = _with_endnotes(view.passage(w), view, w)
    questions, answers = [], []
    for k, ((st, items), (s, e)) in enumerate(zip(statuses, passage.sentences), 1):
        qid = f"s{k}"
        sent = passage.text[s:e]
        questions.append(Question(qid, f"Sentence {k}: does it name its source?", "check", (), sent, 0, s, e))
        srcs = [w for _, w, _ in items]
        ev = "; ".join(x for _, _, x in items)
        if st == "named":
            expl = f"Names its source: {ev}."
        elif st == "vague":
            expl = f"Only a vague source: {ev}; a reader cannot check who said it."
        elif _seg_kind(view, w.doc_id, w.sent_idx[k - 1]) == "comment":
            expl = "A forum reply: the commenter's own opinion, with no source."
        else:
            expl = "Stated in the outlet's own voice, with no source given."
        answers.append(Answer(sent, s, e, st, expl, speaker="; ".join(srcs), question=qid,
                              doc_id=w.doc_id, doc_start=passage.start + s, doc_end=passage.start + e))
    instructions = ("For each numbered sentence, tick it if it tells you who the information comes from "
                    "(a named person, organisation, document or endnote), and write the source down. "
                    "Leave it unticked if the source is vague (“observers”, “it is noted”) or if the "
                    "outlet simply states it. Which unsourced sentences would you want checked?")
    return Exercise("sourcing", n, f"{KIND_TITLES['sourcing']} {n}", instructions, (passage,),
                    tuple(questions), tuple(answers), level.name, 0, lexicon_dir=data.lexicon.directory)
