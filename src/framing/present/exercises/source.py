"""``source`` exercises: guess the stance of a passage with its outlet's name removed, and name the cues."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Mapping, Sequence

from framing.core.errors import FramingError
from framing.core.types import UNKNOWN
from framing.present.exercises.common import (
    category_description,
    lexicon_entries,
    speaker_label,
)
from framing.present.exercises.records import Answer, Exercise, Passage, Question
from framing.present.exercises.redact import offset_mapper, outlet_names, redact
from framing.present.exercises.settings import (
    DISTINCTIVE_MIN_SHARE,
    DISTINCTIVE_MIN_Z,
    KIND_TITLES,
    MAX_TERMS,
    Level,
)
from framing.present.exercises.view import CorpusView, Window
from framing.present.exercises.wording import norm_phrase, student_text

if TYPE_CHECKING:
    from framing.analyze.corpus_analysis import CorpusAnalysis


def stance_terms(view: CorpusView) -> dict[str, list[tuple[str, str, float]]]:
    """Return per stance its distinctive terms ``(norm, term, z)`` with z above the significance threshold."""
    from framing.analyze.distinctive import Z_THRESHOLD
    try:
        df = view.distinctive()
    except FramingError:
        return {}
    out: dict[str, list[tuple[str, str, float]]] = {}
    for r in df[df["z"] >= max(Z_THRESHOLD, DISTINCTIVE_MIN_Z)].sort_values(
            ["group", "z"], ascending=[True, False]).itertuples():
        if r.count < DISTINCTIVE_MIN_SHARE * (r.count + r.rest_count):
            continue  # shared vocabulary (the topic itself), not this stance's own word
        out.setdefault(r.group, []).append((r.norm, r.term, float(r.z)))
    return out


def _source_cues(view: CorpusView, data: "CorpusAnalysis", w: Window, passage: Passage, mapper,
                 names: Sequence[str], terms: Mapping[str, list]) -> list[Answer]:
    """Return the cues to a passage's stance the tool found: toponyms, loaded/stance words, sources, distinctive terms."""
    from framing.analyze.claims import terms_with_surfaces
    d = view.docs[w.doc_id]
    cues: list[Answer] = []
    name_low = {n.lower() for n in names}

    def mapped(s: int, e: int) -> tuple[int, int] | None:
        a, b = mapper(s - passage.start), mapper(e - passage.start)
        return None if a is None or b is None else (a, b)

    for m in view.matches(w):
        if m.category == "attribution":
            continue  # "said" tells nothing about the side; the sources below do
        span = mapped(m.start, m.end)
        if span is None:
            continue
        e = lexicon_entries(data).get(m.entry_id)
        rationale = student_text(e.rationale) if e else ""
        if m.category == "toponym":
            why = f"Place-name choice: {rationale}"
        elif m.loaded:
            who = "in the outlet's own voice" if m.voice == "own" else f"quoted from {speaker_label(view, m)}"
            why = f"Loaded {m.category.replace('_', ' ')} {who}: {rationale}"
        else:
            # hedges, boosters, vague attributions: the category says what they signal
            # (a research register, certainty, unnamed authorities) better than one entry
            why = (f"{m.category.replace('_', ' ').capitalize()}: "
                   f"{category_description(data, m.category) or rationale}")
        cues.append(Answer(m.text, span[0], span[1], m.category, why.strip(), voice=m.voice,
                           speaker=speaker_label(view, m), entry_id=m.entry_id, weight=m.weight,
                           doc_id=m.doc_id, doc_start=m.start, doc_end=m.end))
    seen_src: set[str] = set()
    for x in d.attrs:
        if not (passage.start <= x.start < passage.end):
            continue
        who = x.resolved or x.source
        if not who or who.lower() in name_low or who in seen_src:
            continue
        span = mapped(x.start, x.end)
        if span is None:
            continue
        seen_src.add(who)
        frame = " ".join(d.text[x.start:x.end].split())
        why = (f"Cites {who}: which sources an outlet relies on, and how it introduces them, hints at "
               "its side." if x.named else
               f"A vague source (“{frame}”): an unnamed authority the reader cannot check.")
        cues.append(Answer(frame, span[0], span[1], "source", why, speaker=who, doc_id=w.doc_id,
                           doc_start=x.start, doc_end=x.end))
    notes = sorted({num for i in w.sent_idx for num in d.citations.get(i, [])})
    if notes:
        cues.append(Answer(f"{len(notes)} endnote{'s' if len(notes) > 1 else ''}", -1, -1, "source",
                           "Backs its statements with numbered endnotes to published sources, a habit of "
                           "research reports rather than news or state media.", doc_id=w.doc_id))
    have = {norm_phrase(c.text) for c in cues}
    spans = [(c.start, c.end) for c in cues if c.start >= 0]
    n_terms = 0
    for norm, term, z in terms.get(w.stance, []):
        if n_terms >= MAX_TERMS:
            break
        if term.lower() in name_low or any(term.lower() in n for n in name_low):
            continue
        for i, _ in zip(w.sent_idx, passage.sentences):
            sent = view.docs[w.doc_id].a.parsed.sentences[i]
            surf = dict(terms_with_surfaces(sent.text)).get(norm)
            if not surf or norm_phrase(surf) in have:
                continue
            at = sent.text.find(surf)
            if at < 0:
                continue
            span = mapped(sent.start + at, sent.start + at + len(surf))
            if span is None or any(a < span[1] and span[0] < b for a, b in spans):
                continue  # "TASS" inside "according to TASS" is one clue, not two
            have.add(norm_phrase(surf))
            spans.append(span)
            n_terms += 1
            cues.append(Answer(surf, span[0], span[1], "distinctive",
                               f"“{term}” is one of the words that most set {w.stance} texts apart from the "
                               f"other stances in this corpus (log-odds z = {z:.1f}).", doc_id=w.doc_id,
                               doc_start=sent.start + at, doc_end=sent.start + at + len(surf)))
            break
    cues.sort(key=lambda c: (c.start < 0, c.start))
    return cues


def make_source(view: CorpusView, data: "CorpusAnalysis", w: Window, n: int, level: Level, rng: random.Random,
                stances: Sequence[str], terms: Mapping[str, list]) -> Exercise | None:
    """Return a ``source`` exercise for window ``w``, outlet names redacted (None when its cues miss the level)."""
    if w.stance == UNKNOWN:
        return None
    base = view.passage(w)
    d = view.docs[w.doc_id]
    p = d.a.parsed
    seg = p.segment(w.seg_id)
    names = outlet_names([seg.outlet, d.a.parsed.doc.outlet], [seg.meta.get("url", ""), d.meta.get("url", "")],
                         data.lexicon.directory)
    text, spans, removed = redact(base.text, names)
    mapper = offset_mapper(spans)
    sents = []
    for s, e in base.sentences:
        a, b = mapper(s), mapper(e)
        sents.append((a if a is not None else s, b if b is not None else e))
    passage = Passage(**{**base.__dict__, "text": text, "sentences": tuple(sents), "redacted": tuple(removed)})
    cues = _source_cues(view, data, w, base, mapper, names, terms)
    if len(cues) < level.source_cues:
        return None
    if level.name == "hard" and len(cues) > 4:
        return None  # hard: few cues to go on
    answer = Answer(w.stance, -1, -1, "stance",
                    f"From {w.outlet} (stance {w.stance})" + (f", “{base.title}”" if base.title else "")
                    + (f", {base.date}" if base.date else "") + ".", doc_id=w.doc_id)
    q = Question("q1", "Which kind of source do you think published this passage?", "choice", tuple(stances))
    q2 = Question("q2", "Which words or features gave it away?", "text")
    instructions = ("The name of the outlet has been replaced by [outlet]. Read the passage and guess which "
                    "kind of source published it. Then list the clues: the names it uses for places, "
                    "loaded words and whose they are, whom it cites, and words that only one side tends "
                    "to use. Before deciding, ask what you would search for to check (lateral reading).")
    return Exercise("source", n, f"{KIND_TITLES['source']} {n}", instructions, (passage,), (q, q2),
                    (answer, *cues), level.name, 0, model_answer=w.stance,
                    lexicon_dir=data.lexicon.directory)
