"""``generate``: pick candidate passages deterministically and build exercises of one kind from them."""

from __future__ import annotations

import functools
import itertools
import random
import warnings
from collections import Counter
from typing import Callable, Sequence

from framing.core.errors import FramingError
from framing.core.types import Match
from framing.analyze.corpus_analysis import CorpusAnalysis
from framing.present.exercises.frames import generate_frames
from framing.present.exercises.records import Exercise, ShortfallWarning
from framing.present.exercises.rewrite import make_rewrite
from framing.present.exercises.settings import (
    BLATANT_WEIGHT,
    KIND_TITLES,
    KINDS,
    LEVELS,
    SUBTLE_WEIGHT,
    Level,
)
from framing.present.exercises.source import make_source, stance_terms
from framing.present.exercises.sourcing import make_sourcing
from framing.present.exercises.spot import make_spot
from framing.present.exercises.view import (
    CorpusView,
    Window,
    all_stances,
    claim_sentences,
    known_stances,
)
from framing.present.exercises.voice import make_voice

#: A builder of one exercise from one window: (view, data, window, number, level, rng) -> exercise or None.
Builder = Callable[[CorpusView, CorpusAnalysis, Window, int, Level, random.Random], "Exercise | None"]
_BUILDERS: dict[str, Builder] = {"spot": make_spot, "voice": make_voice, "rewrite": make_rewrite,
                                 "sourcing": make_sourcing}

#: What a kind needs, for the messages when too little of it exists.
_TOO_FEW = {
    "spot": "passages with loaded language",
    "voice": "passages with loaded language",
    "rewrite": "passages whose loaded words (outside direct quotes) have a neutral alternative in the lexicon",
    "sourcing": "passages with an attributed sentence",
    "source": "passages with enough stance cues",
}


def generate(data: CorpusAnalysis, kind: str, count: int = 5, seed: int = 0, level: str = "medium",
             claims: Sequence[str] | None = None, stances: Sequence[str] | None = None) -> list[Exercise]:
    """Return up to ``count`` exercises of ``kind`` built from ``data``, deterministically for ``seed``.

    ``data`` is the plain :class:`~framing.orchestrator.CorpusAnalysis`
    (``framing.api.Analysis.data`` in a notebook).
    ``level`` is ``easy``, ``medium`` or ``hard`` (see :data:`LEVELS`).
    ``claims`` keeps passages about those claim ids (and, for ``frames``,
    the claims to compare); ``stances`` keeps passages from those stances.
    Raises :class:`FramingError` when no exercise of the kind can be made
    (saying what is missing and the fix); warns with :class:`ShortfallWarning`
    when fewer than ``count`` can be made.
    """
    if not isinstance(data, CorpusAnalysis):
        raise TypeError(f"generate() takes a CorpusAnalysis, not {type(data).__name__}; "
                        "pass analysis.data for a framing.api.Analysis")
    if kind not in KINDS:
        raise FramingError(f"unknown exercise kind {kind!r}", fix="use one of: " + ", ".join(KINDS))
    if level not in LEVELS:
        raise FramingError(f"unknown level {level!r}", fix="use one of: " + ", ".join(LEVELS))
    if count < 1:
        raise FramingError(f"count must be at least 1, not {count}", fix="ask for 1 or more exercises")
    lv = LEVELS[level]
    rng = random.Random(seed)
    view = CorpusView(data)
    known = all_stances(view)
    if stances:
        bad = [s for s in stances if s not in known]
        if bad:
            raise FramingError(f"no prose from stance(s) {', '.join(bad)} in this corpus",
                               fix="use one of: " + ", ".join(known) if known else "add documents with a catalog")
    if claims:
        reg = data.claims
        for c in claims:
            reg.get(c)  # raises a FramingError listing the known ids
    if kind == "frames":
        out = generate_frames(view, data, count, rng, lv, claims, stances)
    else:
        out = _generate_passages(view, data, kind, count, rng, lv, claims, stances)
    out = [_renumber(ex, i, seed, lv) for i, ex in enumerate(out, 1)]
    if len(out) < count:
        what = ("claim/stance comparison(s) (a claim covered by 2 or more stances)" if kind == "frames"
                else f"non-overlapping passage(s) that fit ({_TOO_FEW[kind]})")
        warnings.warn(ShortfallWarning(
            f"made {len(out)} of {count} '{kind}' exercises at level {level}: the corpus has only "
            f"{len(out)} {what} (fix: add documents, or try another level or kind)"), stacklevel=2)
    return out


def _generate_passages(view: CorpusView, data: CorpusAnalysis, kind: str, count: int, rng: random.Random,
                       lv: Level, claims: Sequence[str] | None, stances: Sequence[str] | None) -> list[Exercise]:
    """Return up to ``count`` exercises of a one-passage kind, from non-overlapping windows in document order.

    Raises :class:`FramingError` when none can be made.
    """
    stance_set = set(stances) if stances else None
    allowed = set(claim_sentences(data, claims)) if claims else None
    build: Builder
    if kind == "source":
        choices = known_stances(view)
        if len(choices) < 2:
            raise FramingError(
                f"'source' needs documents from at least 2 known stances; this corpus has "
                f"{len(choices)} ({', '.join(choices) or 'none'})",
                fix="add documents from other outlets with their stance in catalog.csv")
        build = functools.partial(make_source, stances=choices, terms=stance_terms(view))
    else:
        build = _BUILDERS[kind]
    windows = view.windows(lv.sentences, stance_set, allowed)
    if kind in ("spot", "voice", "rewrite"):
        windows = [w for w in windows if _level_ok(lv, len(w.sent_idx), view.loaded(w))]
    order = list(windows)
    rng.shuffle(order)
    order.sort(key=lambda w: not w.clean_start)  # stable: the shuffle decides within a tier
    used: set[tuple[str, int]] = set()
    made: list[tuple[Window, Exercise]] = []
    per_source: Counter[tuple[str, str]] = Counter()
    failed: set[Window] = set()
    # rounds: at most one exercise per (document, stance) in round 0, two in
    # round 1, ...; so a long document cannot fill a worksheet on its own
    for rnd in itertools.count():
        grew = False
        for w in order:
            if len(made) == count:
                break
            src = (w.doc_id, w.stance)
            if per_source[src] > rnd or w in failed:
                continue
            keys = {(w.doc_id, i) for i in w.sent_idx}
            if keys & used:
                continue
            ex = build(view, data, w, 0, lv, rng)
            if ex is None or not ex.answers:
                failed.add(w)
                continue
            used |= keys
            per_source[src] += 1
            made.append((w, ex))
            grew = True
        if len(made) == count or not grew:
            break
    order_idx = {doc_id: i for i, doc_id in enumerate(view.docs)}
    made.sort(key=lambda t: (order_idx[t[0].doc_id], t[0].sent_idx))
    out = [ex for _, ex in made]
    if not out:
        where: list[str] = []
        if stances:
            where.append(f"stance(s) {', '.join(stances)}")
        if claims:
            where.append(f"claim(s) {', '.join(claims)}")
        scope = f" from {' and '.join(where)}" if where else ""
        raise FramingError(
            f"cannot make any '{kind}' exercise at level {lv.name}: the corpus has no {_TOO_FEW[kind]}{scope} "
            f"that fit the level ({lv.sentences[0]}-{lv.sentences[1]} sentences)",
            fix="try another level or kind, drop the --claim/--stance filters, or add more documents")
    return out


def _renumber(ex: Exercise, n: int, seed: int, lv: Level) -> Exercise:
    """Return ``ex`` numbered ``n`` of the worksheet, with the call's seed and level."""
    title = f"{KIND_TITLES[ex.kind]} {n}"
    passages = ex.passages
    return Exercise(**{**ex.__dict__, "number": n, "title": title, "seed": seed, "level": lv.name,
                       "passages": passages})


def _level_ok(level: Level, n_sentences: int, cues: Sequence[Match]) -> bool:
    """True when the cues of a window fit ``level`` (density, blatant/subtle cues)."""
    if not cues:
        return False
    density = len(cues) / max(1, n_sentences)
    if not (level.min_density <= density <= level.max_density):
        return False
    if level.blatant and not any(m.weight >= BLATANT_WEIGHT for m in cues):
        return False
    if level.subtle and not any(m.weight <= SUBTLE_WEIGHT for m in cues):
        return False
    return True
