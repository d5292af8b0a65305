"""``frames`` exercises: passages about one claim from different stances, compared with the claim contrast."""

from __future__ import annotations

import itertools
import random
from typing import TYPE_CHECKING, Mapping, Sequence

from framing.core.errors import FramingError
from framing.core.types import UNKNOWN
from framing.present.exercises.common import (
    lexicon_entries,
    phrase_answer,
    speaker_label,
)
from framing.present.exercises.records import Answer, Exercise, Passage, Question
from framing.present.exercises.settings import (
    DISTINCTIVE_MIN_SHARE,
    DISTINCTIVE_MIN_Z,
    FRAMES_MIN_CONFIDENCE,
    KIND_TITLES,
    MAX_TERMS,
    Level,
)
from framing.present.exercises.sourcing import sentence_sources
from framing.present.exercises.view import (
    CorpusView,
    Window,
    claim_sentences,
    known_stances,
)
from framing.present.exercises.wording import same_speaker, student_text

if TYPE_CHECKING:
    from framing.analyze.corpus_analysis import CorpusAnalysis


def _frames(view: CorpusView, data: "CorpusAnalysis", claim_id: str, stances: Sequence[str], n: int, level: Level,
            rng: random.Random, claim_sents: Mapping[tuple[str, int], float]) -> Exercise | None:
    claim = data.claims.get(claim_id)
    passages: list[Passage] = []
    windows: list[Window] = []
    for k, stance in enumerate(stances):
        cands = view.windows(level.sentences, {stance}, set(claim_sents))
        if not cands:
            return None
        order = list(cands)
        rng.shuffle(order)
        # the window with the most (and most confident) claim sentences, shortest first on ties
        best = max(order, key=lambda w: (sum(1 for i in w.sent_idx if (w.doc_id, i) in claim_sents),
                                         round(sum(claim_sents.get((w.doc_id, i), 0.0) for i in w.sent_idx), 6),
                                         w.clean_start, -len(w.sent_idx)))
        windows.append(best)
        passages.append(view.passage(best, label=f"Passage {chr(ord('A') + k)}"))
    contrast = view.contrast(claim_id)
    not_cov = [r.stance for r in contrast.itertuples() if not r.covered and r.stance != UNKNOWN]
    answers: list[Answer] = []
    for pi, (w, psg) in enumerate(zip(windows, passages)):
        for m in view.loaded(w):
            sp = speaker_label(view, m)
            e = lexicon_entries(data).get(m.entry_id)
            who = "in its own voice" if m.voice == "own" else f"quoting {sp}"
            a = phrase_answer(view, data, m, psg, pidx=pi, question="q1",
                               explanation=f"{psg.label} ({w.stance}) uses this {who}. "
                                           f"{student_text(e.rationale) if e else ''}".strip())
            answers.append(Answer(**{**a.__dict__, "category": "loaded_own" if m.voice == "own" else "loaded_quoted"}))
        seen: set[str] = set()
        for i in w.sent_idx:
            for kind_, src, ev in sentence_sources(view, w.doc_id, i)[1]:
                if src in seen:
                    continue
                seen.add(src)
                answers.append(Answer(src, -1, -1, f"source_{kind_}", f"{psg.label} ({w.stance}): {ev}.",
                                      passage=pi, question="q2", doc_id=w.doc_id))
        if not any(a.passage == pi and a.question == "q2" for a in answers):
            answers.append(Answer("no source given", -1, -1, "source_none",
                                  f"{psg.label} ({w.stance}) names no source for what it says here.",
                                  passage=pi, question="q2", doc_id=w.doc_id))
    named = {pi: [a.text for a in answers if a.passage == pi and a.question == "q2"] for pi in range(len(passages))}
    answers.extend(t for t in _frames_terms(view, data, claim_id, windows, passages)
                   # a cited source's name ("TASS") is already in the sourcing answer
                   if not any(same_speaker(t.text, src) for src in named.get(t.passage, [])))
    for st in not_cov:
        answers.append(Answer(st, -1, -1, "not_covered",
                              f"No {st} document in this corpus has a sentence about this claim: "
                              "what an outlet leaves out is part of its framing.", question="q3"))
    notes = []
    for r in contrast.itertuples():
        if r.stance in stances:
            bits = [f"{r.sentences} sentence(s) about the claim"]
            if r.loaded_own:
                bits.append(f"own voice: {r.loaded_own}")
            if r.loaded_quoted:
                bits.append(f"quoted: {r.loaded_quoted}")
            if r.cited_sources:
                bits.append(f"cites: {r.cited_sources}")
            if r.vague_sources:
                bits.append(f"vague: {r.vague_sources}")
            notes.append(f"Across the corpus, {r.stance}: " + "; ".join(bits) + ".")
    if not answers:
        return None
    qs = [
        Question("q1", "Word choice: which words in each passage carry a judgement? Which does the outlet "
                       "use itself, and which does it only quote?", "text"),
        Question("q2", "Sourcing: whom does each passage cite? Are the sources named, vague, or missing?",
                 "text"),
        Question("q3", "What is left out: what does one passage mention that another does not? Whose side "
                       "of the story is missing?", "text"),
    ]
    if level.name != "easy" and any(a.category == "distinctive" for a in answers):
        qs.append(Question("q4", "Which words does only one passage use? What picture does each choice "
                                 "create?", "text"))
    which = "Both passages are" if len(passages) == 2 else f"All {len(passages)} passages are"
    instructions = (f"{which} about the same claim, shown above them. Compare how they tell it: the words "
                    "they choose, whom they cite, and what they leave out. Answer the questions, quoting "
                    "words from the passages.")
    return Exercise("frames", n, f"{KIND_TITLES['frames']} {n}", instructions, tuple(passages), tuple(qs),
                    tuple(answers), level.name, 0, claim_id=claim_id, claim_statement=claim.statement,
                    notes=tuple(notes), lexicon_dir=data.lexicon.directory)


def _frames_terms(view: CorpusView, data: "CorpusAnalysis", claim_id: str, windows: Sequence[Window],
                  passages: Sequence[Passage], per_passage: int = MAX_TERMS) -> list[Answer]:
    """Return the distinctive terms each passage shows: the stance's wording of this claim, or its wording overall.

    Only terms with z >= :data:`DISTINCTIVE_MIN_Z` are used, first those of
    the claim's sentences, then those of the stance's whole text.
    """
    from framing.analyze.claims import terms_with_surfaces
    frames = []
    for by_claim in (True, False):
        try:
            frames.append((by_claim, view.distinctive(claim_id if by_claim else None)))
        except Exception:  # noqa: BLE001 - too few sentences for log-odds is not an error for a worksheet
            continue
    out: list[Answer] = []
    for pi, (w, psg) in enumerate(zip(windows, passages)):
        surfaces: dict[str, str] = {}
        for i in w.sent_idx:
            for norm, surf in terms_with_surfaces(view.docs[w.doc_id].a.parsed.sentences[i].text):
                surfaces.setdefault(norm, surf)
        shown: set[str] = set()
        for by_claim, dist in frames:
            top = dist[(dist["group"] == w.stance) & (dist["z"] >= DISTINCTIVE_MIN_Z)].sort_values("z", ascending=False)
            for r in top.itertuples():
                if len(shown) >= per_passage:
                    break
                if r.count < DISTINCTIVE_MIN_SHARE * (r.count + r.rest_count):
                    continue
                shown_as = surfaces.get(r.norm)
                if not shown_as or r.norm in shown or any(r.norm in x or x in r.norm for x in shown):
                    continue
                shown.add(r.norm)
                at = psg.text.find(shown_as)
                scope = "about this claim" if by_claim else "across the corpus"
                out.append(Answer(shown_as, at, at + len(shown_as) if at >= 0 else -1, "distinctive",
                                  f"{psg.label} ({w.stance}) uses “{r.term}” much more than the other stances "
                                  f"do {scope} (log-odds z = {r.z:.1f}).", passage=pi, question="q4",
                                  doc_id=w.doc_id))
    return out


def generate_frames(view: CorpusView, data: "CorpusAnalysis", count: int, rng: random.Random, lv: Level,
                    claims: Sequence[str] | None, stances: Sequence[str] | None) -> list[Exercise]:
    """Return up to ``count`` ``frames`` exercises, round-robin over the claims two or more stances cover.

    Raises :class:`FramingError` when no claim is covered by two known stances.
    """
    reg = data.claims
    ids = list(claims) if claims else reg.ids
    df = data.assignments
    wanted = set(stances) if stances else None
    combos_by_claim: dict[str, list[tuple[str, ...]]] = {}
    coverage: dict[str, list[str]] = {}
    for cid in ids:
        sub = df[(df["claim_id"] == cid) & (df["confidence"] >= FRAMES_MIN_CONFIDENCE)]
        covering = sorted({s for s in sub["stance"] if s != UNKNOWN and (wanted is None or s in wanted)})
        coverage[cid] = covering
        if len(covering) < 2:
            continue
        k = min(lv.stances, len(covering))
        combos = list(itertools.combinations(covering, k))
        rng.shuffle(combos)
        combos_by_claim[cid] = combos
    if not combos_by_claim:
        stance_list = known_stances(view)
        best = max(coverage.items(), key=lambda kv: len(kv[1]), default=("", []))
        raise FramingError(
            f"'frames' needs a claim covered by at least 2 known stances (a sentence assigned with confidence "
            f">= {FRAMES_MIN_CONFIDENCE}), and none is"
            + (f" (the corpus has {len(stance_list)} known stance(s): {', '.join(stance_list) or 'none'}"
               + (f"; the best-covered claim, {best[0]}, is covered by {', '.join(best[1]) or 'no stance'}"
                  if best[0] else "") + ")"),
            fix="add documents about the same claim from other outlets, with their stance in catalog.csv "
                "(or drop the --stance/--claim filters)")
    claim_order = sorted(combos_by_claim)
    rng.shuffle(claim_order)
    # round-robin over claims so a worksheet compares several claims before repeating one
    queue = [c for tier in itertools.zip_longest(*[[(cid, combo) for combo in combos_by_claim[cid]]
                                                  for cid in claim_order]) for c in tier if c is not None]
    out: list[Exercise] = []
    claim_sents_cache: dict[str, dict] = {}
    for cid, combo in queue:
        if len(out) == count:
            break
        cs = claim_sents_cache.setdefault(cid, {k: v for k, v in claim_sentences(data, [cid]).items()
                                                if v >= FRAMES_MIN_CONFIDENCE})
        ex = _frames(view, data, cid, combo, len(out) + 1, lv, rng, cs)
        if ex is not None:
            out.append(ex)
    return out
