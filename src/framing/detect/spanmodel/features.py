"""Token features for the learned span model: generic, explainable features, never whole sentences.

One :class:`TokenFeatures` per word token of a prose segment.  The features
are strings (value 1.0) or ``name -> number`` pairs: the word, its stem and
suffix, its shape and case, its word frequency (``wordfreq`` Zipf bucket),
its VADER valence, the lexicon entry and category that matched it, the
same for its neighbours, whether it sits inside a quotation, a scare quote
or attributed speech, and where its sentence is in the document.  A
trained model's weights over these are readable: each weight belongs to a
word, an entry, a shape or a context cue.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from framing.detect.document import DetectedDocument
from framing.detect.lexicon import Lexicon
from framing.detect.sentiment import valence_table
from framing.text.tokens import fold, normalize

if TYPE_CHECKING:
    from framing.detect.span_rules import SpanRow  # noqa: F401


@dataclass(frozen=True)
class TokenFeatures:
    """One word token (repaired and raw offsets) with its sentence index, segment id and features."""

    start: int
    end: int
    raw_start: int
    raw_end: int
    sent_idx: int
    seg_id: str
    features: dict[str, float]
    #: Ids of the lexicon entries whose matches cover this token ("" if none).
    entry_id: str = ""


@lru_cache(maxsize=200_000)
def _zipf_bucket(word: str) -> str:
    """Return the word's English Zipf-frequency bucket ("0" rare .. "7" very common); "na" without wordfreq."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # the model still works, with this feature constant
        return "na"
    z = zipf_frequency(word, "en")
    return str(min(7, int(z)))


def _valence_bucket(v: float) -> str:
    if v <= -2.5:
        return "neg3"
    if v <= -1.5:
        return "neg2"
    if v < 0:
        return "neg1"
    if v >= 2.5:
        return "pos3"
    if v >= 1.5:
        return "pos2"
    return "pos1"


def _shape(tok: str) -> str:
    if tok.isdigit():
        return "digit"
    if tok.isupper() and len(tok) > 1:
        return "allcaps"
    if tok[:1].isupper():
        return "title"
    if tok.islower():
        return "lower"
    return "mixed"


_EDGE = {o: f"ctx{o:+d}=<edge>" for o in (-2, -1, 1, 2)}
_LEX_SPAN = {o: f"lex_span{o:+d}" for o in (-1, 1)}
_CAP = {o: f"cap{o:+d}" for o in (-1, 1)}
_OPEN_QUOTES = "\"\u201c\u00ab'\u2018"
_CLOSE_QUOTES = "\"\u201d\u00bb'\u2019"


@lru_cache(maxsize=200_000)
def _zipf_feature(word: str) -> str:
    return "zipf=" + _zipf_bucket(word)


@lru_cache(maxsize=200_000)
def _shape_feature(word: str) -> str:
    return "shape=" + _shape(word)


def _sent_bucket(i: int) -> str:
    return "0" if i == 0 else "1-2" if i <= 2 else "3-5" if i <= 5 else "6+"


def document_features(detected: DetectedDocument, lexicon: Lexicon, with_raw: bool = False) -> list[TokenFeatures]:
    """Return the features of every word token in the prose segments of ``detected``, in text order.

    ``with_raw`` fills each token's original-file offsets (training needs
    them to read gold labels; prediction maps only the spans it finds).
    """
    from framing.detect.span_rules import guideline_of

    parsed = detected.parsed
    text = parsed.text
    rep = parsed.repaired
    vader = valence_table()
    seg_by_id = {s.seg_id: s for s in parsed.segments}
    # Lexicon hits by token start: category, entry, guideline category, B/I position.
    hit_at: dict[int, tuple[str, str, str, str, bool]] = {}
    for m in detected.matches:
        g, is_span = guideline_of(m, lexicon)
        first = True
        for s, e in _tokens_in(parsed, m.sent_idx, m.start, m.end):
            hit_at[s] = (m.category, m.entry_id, g, "B" if first else "I", is_span)
            first = False
    # Words the document writes capitalised after a sentence start: a lower-case use is deliberate.
    capitalised: set[str] = set()
    for sent in parsed.sentences:
        for s, e in sent.tokens[1:]:
            w = text[s:e]
            if w[:1].isupper() and not w.isupper():
                capitalised.add(w.lower())
    out: list[TokenFeatures] = []
    first_prose = -1
    for idx, sent in enumerate(parsed.sentences):
        seg = seg_by_id[sent.seg_id]
        if not seg.is_prose or not sent.tokens:
            continue
        if first_prose < 0:
            first_prose = idx
        toks = list(sent.tokens)
        words = [text[s:e] for s, e in toks]
        lows = [fold(w) for w in words]
        stems = [normalize(w) for w in words]
        vals = [vader.get(w, 0.0) for w in lows]
        vb = [_valence_bucket(v) if v else "" for v in vals]
        hits = [hit_at.get(s) for s, _ in toks]
        caps = [w[:1].isupper() for w in words]
        # Feature strings per token, built once and shared by the token and its neighbours.
        ctx = {o: [f"s{o:+d}={st}" for st in stems] for o in (-2, -1, 1, 2)}
        sent_f = f"sent={_sent_bucket(idx - first_prose)}"
        seg_f = f"seg={seg.kind}"
        n = len(toks)
        for i, (s, e) in enumerate(toks):
            w, low = words[i], lows[i]
            f: dict[str, float] = {
                "w=" + low: 1.0, "s=" + stems[i]: 1.0, _shape_feature(w): 1.0,
                _zipf_feature(low): 1.0, sent_f: 1.0, seg_f: 1.0,
            }
            if len(low) > 4:
                f["suf=" + low[-3:]] = 1.0
            if "-" in low:
                f["pre=" + low.split("-", 1)[0] + "-"] = 1.0
            if i > 0 and low in capitalised and w.islower():
                f["lower_name"] = 1.0
            if i == 0:
                f["first_tok"] = 1.0
            v = vals[i]
            if v:
                f["val=" + vb[i]] = 1.0
                f["val_neg" if v < 0 else "val_pos"] = abs(v) / 4
            h = hits[i]
            if h is not None:
                cat, ent, g, pos, is_span = h
                f["lexcat=" + cat] = 1.0
                f["lexent=" + ent] = 1.0
                f["lexpos=" + pos] = 1.0
                if g:
                    f["lexg=" + g] = 1.0
                if is_span:
                    f["lex_span"] = 1.0
            for o in (-2, -1, 1, 2):
                j = i + o
                if not 0 <= j < n:
                    f[_EDGE[o]] = 1.0
                    continue
                f[ctx[o][j]] = 1.0
                if o == -1 or o == 1:
                    hj = hits[j]
                    if hj is not None:
                        f[f"lexcat{o:+d}={hj[0]}"] = 1.0
                        if hj[4]:
                            f[_LEX_SPAN[o]] = 1.0
                    if vb[j]:
                        f[f"val{o:+d}={vb[j]}"] = 1.0
                    if caps[j]:
                        f[_CAP[o]] = 1.0
            if i > 0:
                f["bi-1=" + lows[i - 1] + "_" + low] = 1.0
            if i + 1 < n:
                f["bi+1=" + low + "_" + lows[i + 1]] = 1.0
            voice, speaker, scare = detected.voice.voice_of(seg, s, e)
            f["voice=" + voice] = 1.0
            if scare:
                f["in_scare_quote"] = 1.0
            if voice == "quoted" and speaker:
                f["speaker_named"] = 1.0
            before = text[s - 1:s] if s else ""
            after = text[e:e + 1]
            if before and before in _OPEN_QUOTES:
                f["quote_before"] = 1.0
            if after and after in _CLOSE_QUOTES:
                f["quote_after"] = 1.0
            rs, re_ = rep.raw_span(s, e) if with_raw else (-1, -1)
            out.append(TokenFeatures(s, e, rs, re_, idx, seg.seg_id, f, h[1] if h else ""))
    return out


def _tokens_in(parsed, sent_idx: int, start: int, end: int) -> list[tuple[int, int]]:
    """Return the token spans of sentence ``sent_idx`` inside ``start:end``."""
    sents = parsed.sentences
    if not 0 <= sent_idx < len(sents):
        return []
    return [(s, e) for s, e in sents[sent_idx].tokens if s >= start and e <= end]
