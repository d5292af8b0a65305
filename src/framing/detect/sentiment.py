"""Fast, VADER-compatible sentence sentiment scores.

This is a re-implementation of the rules of VADER (Valence Aware Dictionary
and sEntiment Reasoner), written for throughput and checked against the
reference package output:

    Hutto, C.J. & Gilbert, E.E. (2014). VADER: A Parsimonious Rule-based Model
    for Sentiment Analysis of Social Media Text. Eighth International
    Conference on Weblogs and Social Media (ICWSM-14). Ann Arbor, MI.

VADER and its lexicons are MIT-licensed (C.J. Hutto).  The word lexicon
(``vader_lexicon.txt``) and the emoji descriptions (``emoji_utf8_lexicon.txt``)
are read at first use from the installed ``vaderSentiment`` package, a PyPI
dependency of this project; nothing is vendored or downloaded.

Rules reproduced (same order of floating-point operations as vaderSentiment
3.3.2, so scores agree exactly, including its quirks):

* tokens are whitespace-split, with leading/trailing ASCII punctuation removed
  unless that leaves two characters or fewer (keeps emoticons like ``:)``);
* a lexicon word's valence is adjusted by up to three preceding words:
  boosters/dampeners (decaying 1, 0.95, 0.9 with distance), negations
  (``not``, ``never``, any ``n't``...; factor -0.74), the idioms ``never so``/
  ``never this`` (x1.25) and ``without doubt`` (no negation), ``no`` as a
  negator, ``least`` (but not ``at least``/``very least``), special phrases
  (``the shit``, ``bad ass``, ``kiss of death``...) and ``kind of``/``sort of``;
* ALL-CAPS words get extra emphasis when the sentence is mixed case;
* words before the first ``but`` count half, words after it 1.5 times;
* ``!`` (up to 4) and ``?`` (2 or more) amplify the sum, which is normalised
  to ``x / sqrt(x*x + 15)``; neg/neu/pos are the shares of the sentence.

Why it is faster (about 5x on news sentences, see bench/bench_sentiment.py):
each distinct raw token is normalised once and cached, mapped to "" unless
some rule looks at it, so a sentence's words become a small set at C speed;
sentences without a lexicon word return at once; the context rules run only
around lexicon words and only when a rule word is within three tokens; the
emoji pass runs only on text that holds an emoji; and rounding avoids the
slow ``round()`` except near ties.  VADER instead rebuilds lower-cased word
lists for every lexicon word and copies the text character by character.

Emoji are replaced by their descriptions exactly as VADER does, so emoji
text is scored like VADER scores it.
"""

from __future__ import annotations

import math
import re
import string
import threading
from importlib import resources
from typing import Iterable, NamedTuple

from framing.core.errors import LexiconError

__all__ = ["Scores", "SentimentScorer", "score_sentence"]


class Scores(NamedTuple):
    """VADER scores of one text: shares of negative/neutral/positive and compound in [-1, 1]."""

    neg: float
    neu: float
    pos: float
    compound: float


# --- VADER constants (empirically derived by Hutto & Gilbert) -------------
_B_INCR = 0.293      # booster word
_B_DECR = -0.293     # dampener word
_C_INCR = 0.733      # ALL-CAPS word in a mixed-case sentence
_N_SCALAR = -0.74    # negation
_ALPHA = 15          # normalisation constant of the compound score

_NEGATIONS = frozenset((
    "aint arent cannot cant couldnt darent didnt doesnt ain't aren't can't "
    "couldn't daren't didn't doesn't dont hadnt hasnt havent isnt mightnt "
    "mustnt neither don't hadn't hasn't haven't isn't mightn't mustn't neednt "
    "needn't never none nope nor not nothing nowhere oughtnt shant shouldnt "
    "uhuh wasnt werent oughtn't shan't shouldn't uh-uh wasn't weren't without "
    "wont wouldnt won't wouldn't rarely seldom despite").split())

_INCREASERS = (
    "absolutely amazingly awfully completely considerable considerably decidedly "
    "deeply effing enormous enormously entirely especially exceptional "
    "exceptionally extreme extremely fabulously flipping flippin frackin fracking "
    "fricking frickin frigging friggin fully fuckin fucking fuggin fugging greatly "
    "hella highly hugely incredible incredibly intensely major majorly more most "
    "particularly purely quite really remarkably so substantially thoroughly "
    "total totally tremendous tremendously uber unbelievably unusually utter "
    "utterly very").split()
_DECREASERS = (
    "almost barely hardly kinda kindof kind-of less little marginal marginally "
    "occasional occasionally partly scarce scarcely slight slightly somewhat "
    "sorta sortof sort-of").split()
#: single-token boosters (+) and dampeners (-)
_BOOSTERS: dict[str, float] = {w: _B_INCR for w in _INCREASERS}
_BOOSTERS.update((w, _B_DECR) for w in _DECREASERS)
#: two-token dampeners, applied by the phrase check only (VADER keys them as "kind of")
_BOOSTER_BIGRAMS: dict[tuple[str, ...], float] = {
    ("just", "enough"): _B_DECR, ("kind", "of"): _B_DECR, ("sort", "of"): _B_DECR}

#: phrases whose valence replaces the lexicon word's (keys as token tuples,
#: which match exactly when VADER's space-joined strings match, because
#: whitespace-split tokens never contain spaces).  VADER's single-token key
#: "badass" can never match a joined n-gram, so it is left out.
_SPECIAL: dict[tuple[str, ...], float] = {
    ("the", "shit"): 3.0, ("the", "bomb"): 3.0, ("bad", "ass"): 1.5,
    ("bus", "stop"): 0.0, ("yeah", "right"): -2.0, ("kiss", "of", "death"): -1.5,
    ("to", "die", "for"): 3.0, ("beating", "heart"): 3.5}

# Words too common to use as "a rule may apply here" markers.  Safe to leave
# out because every phrase key still has a rarer word (asserted below).
_COMMON = frozenset(("the", "of", "to", "for"))
_PHRASE_WORDS = frozenset(w for key in (*_SPECIAL, *_BOOSTER_BIGRAMS) for w in key)
for _key in (*_SPECIAL, *_BOOSTER_BIGRAMS):
    assert not _COMMON.issuperset(_key), _key

#: A lexicon word is scored by the fast path (valence = lexicon value, plus
#: caps emphasis) when none of the three preceding tokens is in this set and
#: the word itself is not in _SELF_RULE.  Any phrase that matches entirely
#: inside the 3-token window contains a non-common word from it; a phrase that
#: involves the word itself is caught by _SELF_RULE.  Words containing "n't"
#: are added per scorer as they are first seen.
_WINDOW_RULE = frozenset(
    set(_BOOSTERS) | _NEGATIONS | (_PHRASE_WORDS - _COMMON)
    | {"no", "least", "never", "without", "so", "this"})
_SELF_RULE = frozenset(_PHRASE_WORDS | {"no"})

_SO_THIS = frozenset(("so", "this"))
_OR_NOR = frozenset(("or", "nor"))
_AT_VERY = frozenset(("at", "very"))
_PUNCT = string.punctuation          # VADER strips ASCII punctuation only
_NEUTRAL = Scores(0.0, 1.0, 0.0, 0.0)  # any text with tokens but no sentiment word
_EMPTY = Scores(0.0, 0.0, 0.0, 0.0)    # text without tokens
_CACHE_LIMIT = 200_000   # distinct raw tokens cached (~20 MB) before the cache is reset


def _read_package_text(name: str) -> str:
    """Return the text of one data file shipped inside the installed vaderSentiment package."""
    try:
        # bytes decoded as is keep line endings as in the file, as vaderSentiment's codecs.open does
        data = resources.files("vaderSentiment").joinpath(name).read_bytes()
        return data.decode("utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError) as exc:
        raise LexiconError(f"cannot read {name} from the vaderSentiment package: {exc}",
                           fix="pip install 'vaderSentiment>=3.3.2'") from exc


def _parse_tab_file(text: str) -> list[tuple[str, str]]:
    """Return (key, value) pairs: first two tab fields of each non-empty line, stripped."""
    pairs = []
    for line in text.rstrip("\n").split("\n"):
        if not line:
            continue
        fields = line.strip().split("\t")
        if len(fields) >= 2:
            pairs.append((fields[0], fields[1]))
    return pairs


_TABLES: tuple[dict[str, float], dict[str, str]] | None = None
_TABLES_LOCK = threading.Lock()


def _tables() -> tuple[dict[str, float], dict[str, str]]:
    """Return (word lexicon, single-character emoji descriptions), loaded once per process."""
    global _TABLES
    with _TABLES_LOCK:
        if _TABLES is None:
            lexicon = {}
            for word, value in _parse_tab_file(_read_package_text("vader_lexicon.txt")):
                lexicon[word] = float(value)
            # VADER looks emoji up character by character, so only 1-char keys can match.
            emoji = {k: v for k, v in _parse_tab_file(_read_package_text("emoji_utf8_lexicon.txt"))
                     if len(k) == 1}
            _TABLES = (lexicon, emoji)
        return _TABLES


def valence_table() -> dict[str, float]:
    """Return VADER's word -> mean valence table (about 7,500 lower-case words; -4..+4), loaded once per process."""
    return _tables()[0]


_new_tuple = tuple.__new__


# round() formats the exact binary value as a correctly rounded decimal and
# parses it back, which is slow (it was a tenth of our time).  Away from a tie,
# rounding ``x * 10**d`` to the nearest integer ``m`` gives the same digits
# (the product's error, under 1e-12 for |x| <= 1, cannot cross .5), and
# ``m / 10**d`` is then the double nearest to that decimal, which is exactly
# what round() returns.  Near-ties, zeros (whose sign round() keeps) and
# values outside [-1, 1] are left to round() itself.


def _round3(x: float) -> float:
    """Return ``round(x, 3)``, computed faster for values in [-1, 1]."""
    y = x * 1000.0
    m = math.floor(y)
    frac = y - m
    if frac > 0.5000001:
        m += 1
    elif frac >= 0.4999999 or not -1000 <= m <= 1000:
        return round(x, 3)
    return m / 1000.0 if m else round(x, 3)


def _round4(x: float) -> float:
    """Return ``round(x, 4)``, computed faster for values in [-1, 1]."""
    y = x * 10000.0
    m = math.floor(y)
    frac = y - m
    if frac > 0.5000001:
        m += 1
    elif frac >= 0.4999999 or not -10000 <= m <= 10000:
        return round(x, 4)
    return m / 10000.0 if m else round(x, 4)


def _emoji_prefilter(emoji: dict[str, str]) -> re.Pattern[str]:
    """Return a regex that matches every emoji character and few others, cheaply.

    A character class listing all ~1,200 emoji is slow to search (astral
    characters are tested one by one), so we match one open range from the
    first emoji above the General Punctuation quotes, dashes and ellipsis
    (U+2010..U+202F, common in news) plus the few emoji below it (©, ®...);
    an exact set test follows only when this matches.
    """
    high = [c for c in emoji if ord(c) >= 0x2030]
    start = min(high, key=ord) if high else "\U0010ffff"
    low = "".join(re.escape(c) for c in emoji if ord(c) < ord(start))
    return re.compile(f"[{low}{re.escape(start)}-\U0010ffff]")


class SentimentScorer:
    """Scores sentences like ``vaderSentiment``'s ``polarity_scores``, several times faster."""

    def __init__(self) -> None:
        lexicon, emoji = _tables()
        self._lex = lexicon
        # Boosters are never scored themselves, even where the lexicon lists them.
        self._scored = {w: v for w, v in lexicon.items() if w not in _BOOSTERS}
        self._emoji = emoji
        self._emoji_chars = frozenset(emoji)
        self._emoji_hint = _emoji_prefilter(emoji)
        # raw whitespace token -> normalised (stripped, lower-cased) word, or ""
        # for a word no rule looks at
        self._norm: dict[str, str] = {}
        self._window_rule = set(_WINDOW_RULE)
        # every word any rule looks at: the lexicon, rule words, phrase words,
        # "but", and "at"/"very"/"or"/"nor" (n't words are added as seen)
        self._kept = (set(lexicon) | self._window_rule | _PHRASE_WORDS | _AT_VERY | _OR_NOR
                      | {"but"})
        # the "least" rule only fires when "least" is not itself a lexicon word
        self._least_active = "least" not in lexicon

    # -- tokens ---------------------------------------------------------------
    def _learn(self, toks: list[str]) -> list[str]:
        """Cache the tokens of ``toks`` not seen before; return the normalised form of each token."""
        norm = self._norm
        missing = set(toks).difference(norm)
        if len(norm) + len(missing) > _CACHE_LIMIT:
            # Bounded memory: start a new dict (the frequent tokens come back
            # at once).  Replacing rather than clearing keeps any other
            # thread's reference to the old dict complete.
            norm = self._norm = {}
            missing = set(toks)
        kept = self._kept
        for token in missing:
            core = token.strip(_PUNCT)
            if len(core) <= 2:       # probably an emoticon such as ":)" -- keep it whole
                core = token
            low = core.lower()
            if "n't" in low:         # any n't word negates, so it marks a rule window
                self._window_rule.add(low)
                kept.add(low)
            # Only words some rule looks at are kept; every other token maps
            # to "" (never a real token), so the set of a sentence's words is
            # small and cheap to build.
            norm[token] = low if low in kept else ""
        return list(map(norm.__getitem__, toks))

    def _replace_emoji(self, text: str) -> str:
        """Return text with each emoji character replaced by its description, as VADER does."""
        out = []
        emoji = self._emoji
        prev_space = True
        for ch in text:
            desc = emoji.get(ch)
            if desc is None:
                out.append(ch)
                prev_space = ch == " "
            else:
                if not prev_space:
                    out.append(" ")
                out.append(desc)
                prev_space = False
        return "".join(out).strip()

    # -- scoring --------------------------------------------------------------
    def score(self, text: str) -> Scores:
        """Return the VADER :class:`Scores` (neg, neu, pos rounded to 3 places, compound to 4) of ``text``."""
        if (not text.isascii() and self._emoji_hint.search(text) is not None
                and not self._emoji_chars.isdisjoint(text)):
            text = self._replace_emoji(text)
        toks = text.split()
        n = len(toks)
        if not n:
            return _EMPTY
        norm = self._norm
        try:
            lowers = list(map(norm.__getitem__, toks))
        except KeyError:   # a token not seen before
            lowers = self._learn(toks)
        # The distinct kept words (plus ""), found at C speed: most tokens are
        # not sentiment or rule words and never reach Python code below.
        found = set(lowers)
        scored = self._scored
        present = scored.keys() & found
        if not present:
            return _NEUTRAL
        index = lowers.index
        if len(present) == 1:
            word = present.pop()
            first = index(word)
            positions = [first] if lowers.count(word) == 1 else \
                [i for i in range(first, n) if lowers[i] == word]
        else:
            positions = []
            for word in present:
                at = index(word)
                positions.append(at)
                for _ in range(lowers.count(word) - 1):
                    at = index(word, at + 1)
                    positions.append(at)
            positions.sort()   # floating-point sums must run in sentence order, as in VADER

        window_rule = self._window_rule
        rules_here = not window_rule.isdisjoint(found)
        values = []        # valence of the word at each position
        cap_diff = None    # "some but not all tokens are ALL CAPS"; computed when first needed
        for i in positions:
            word = lowers[i]
            if word == "kind" and i + 1 < n and lowers[i + 1] == "of":
                # "kind of" is a dampener, not the positive word "kind"; VADER
                # gives it 0, which adds nothing and counts as neutral
                values.append(0.0)
                continue
            base = scored[word]
            if word not in _SELF_RULE and (
                    not rules_here or window_rule.isdisjoint(lowers[i - 3 if i > 3 else 0:i])):
                # no rule word within three tokens before: lexicon value plus caps emphasis
                valence = base
                if toks[i].isupper():
                    if cap_diff is None:
                        cap_diff = self._cap_differential(toks)
                    if cap_diff:
                        valence = valence + _C_INCR if valence > 0 else valence - _C_INCR
            else:
                if cap_diff is None:
                    cap_diff = self._cap_differential(toks)
                valence = self._valence_in_context(i, base, toks, lowers, cap_diff)
            values.append(valence)

        if "but" in found:
            self._but_shift(values, positions, index("but"))

        # punctuation emphasis
        amp = min(text.count("!"), 4) * 0.292
        qm = text.count("?")
        if qm > 1:
            amp += qm * 0.18 if qm <= 3 else 0.96

        # VADER sums all tokens in order; the other tokens are exactly 0 and
        # adding 0 changes no float sum (plain or compensated), so sum the rest.
        total = float(sum(values))
        if total > 0:
            total += amp
        elif total < 0:
            total -= amp
        compound = total / math.sqrt(total * total + _ALPHA)
        if compound < -1.0:
            compound = -1.0
        elif compound > 1.0:
            compound = 1.0

        pos_sum = 0.0
        neg_sum = 0.0
        neu_count = n      # every token is neutral unless its valence is non-zero
        for s in values:
            if s > 0:
                pos_sum += s + 1    # +1 compensates for neutral words counting 1
                neu_count -= 1
            elif s < 0:
                neg_sum += s - 1
                neu_count -= 1
        if pos_sum > -neg_sum:
            pos_sum += amp
        elif pos_sum < -neg_sum:
            neg_sum -= amp
        denom = pos_sum + math.fabs(neg_sum) + neu_count
        # tuple.__new__ skips the NamedTuple's Python-level constructor
        return _new_tuple(Scores, (_round3(math.fabs(neg_sum / denom)),
                                   _round3(math.fabs(neu_count / denom)),
                                   _round3(math.fabs(pos_sum / denom)),
                                   _round4(compound)))

    def score_many(self, texts: Iterable[str]) -> list[Scores]:
        """Return the :class:`Scores` of each text, in order."""
        score = self.score
        return [score(t) for t in texts]

    @staticmethod
    def _cap_differential(toks: list[str]) -> bool:
        """Return True if some, but not all, tokens are ALL CAPS (then caps signal emphasis)."""
        # Stripping punctuation never changes str.isupper(), so raw tokens are fine.
        upper = sum(map(str.isupper, toks))
        return 0 < len(toks) - upper < len(toks)

    def _valence_in_context(self, i: int, base: float, toks: list[str],
                            lowers: list[str], cap_diff: bool) -> float:
        """Return the valence of lexicon word ``i`` after all of VADER's context rules."""
        lex = self._lex
        n = len(lowers)
        word = lowers[i]
        valence = base
        # "no" before another lexicon word negates that word instead of counting itself
        if word == "no" and i != n - 1 and lowers[i + 1] in lex:
            valence = 0.0
        if ((i > 0 and lowers[i - 1] == "no") or (i > 1 and lowers[i - 2] == "no")
                or (i > 2 and lowers[i - 3] == "no" and lowers[i - 1] in _OR_NOR)):
            valence = base * _N_SCALAR
        if cap_diff and toks[i].isupper():
            valence = valence + _C_INCR if valence > 0 else valence - _C_INCR

        for dist in (1, 2, 3):
            if i < dist:
                break
            prev = lowers[i - dist]
            if prev in lex:   # a sentiment word is not also a modifier
                continue
            scalar = 0.0
            boost = _BOOSTERS.get(prev)
            if boost is not None:
                scalar = -boost if valence < 0 else boost
                if cap_diff and toks[i - dist].isupper():
                    scalar = scalar + _C_INCR if valence > 0 else scalar - _C_INCR
                # boosters further away count less
                if dist == 2:
                    scalar = scalar * 0.95
                elif dist == 3:
                    scalar = scalar * 0.9
            valence = valence + scalar

            if dist == 1:
                if prev in _NEGATIONS or "n't" in prev:
                    valence = valence * _N_SCALAR
            elif dist == 2:
                w1 = lowers[i - 1]
                if prev == "never" and w1 in _SO_THIS:
                    valence = valence * 1.25            # "never so good" intensifies
                elif prev == "without" and w1 == "doubt":
                    pass                                # "without doubt" is not a negation
                elif prev in _NEGATIONS or "n't" in prev:
                    valence = valence * _N_SCALAR
            else:
                w1 = lowers[i - 1]
                w2 = lowers[i - 2]
                # VADER's precedence: (never AND so/this two back) OR so/this just before
                if (prev == "never" and w2 in _SO_THIS) or w1 in _SO_THIS:
                    valence = valence * 1.25
                elif prev == "without" and (w2 == "doubt" or w1 == "doubt"):
                    pass
                elif prev in _NEGATIONS or "n't" in prev:
                    valence = valence * _N_SCALAR
                valence = self._phrase_check(valence, i, lowers)

        if self._least_active and i > 0 and lowers[i - 1] == "least":
            if i == 1 or lowers[i - 2] not in _AT_VERY:   # "at least"/"very least" don't negate
                valence = valence * _N_SCALAR
        return valence

    @staticmethod
    def _phrase_check(valence: float, i: int, lowers: list[str]) -> float:
        """Return valence after special phrases and two-word dampeners around word ``i`` (i >= 3)."""
        w0 = lowers[i]
        w1 = lowers[i - 1]
        w2 = lowers[i - 2]
        # Every backward pattern and two-token dampener below includes w1 or
        # w2, so when neither is a phrase word none can match.
        if w1 in _PHRASE_WORDS or w2 in _PHRASE_WORDS:
            w3 = lowers[i - 3]
            for key in ((w1, w0), (w2, w1, w0), (w2, w1), (w3, w2, w1), (w3, w2)):
                special = _SPECIAL.get(key)
                if special is not None:
                    valence = special
                    break
            bigram_back: tuple[tuple[str, str], ...] = ((w3, w2), (w2, w1))
        else:
            bigram_back = ()
        n = len(lowers)
        if i + 1 < n and w0 in _PHRASE_WORDS:   # phrases starting at the word itself
            special = _SPECIAL.get((w0, lowers[i + 1]))
            if special is not None:
                valence = special
            if i + 2 < n:
                special = _SPECIAL.get((w0, lowers[i + 1], lowers[i + 2]))
                if special is not None:
                    valence = special
        # two-token dampeners such as "kind of" two or three words back
        for key in bigram_back:
            damp = _BOOSTER_BIGRAMS.get(key)
            if damp is not None:
                valence = valence + damp
        return valence

    @staticmethod
    def _but_shift(values: list[float], where: list[int], but_index: int) -> None:
        """Halve valences before the first "but" and raise those after it by half, in place.

        ``values[k]`` is the valence of token ``where[k]``.  Reproduces
        vaderSentiment exactly, including that it locates each value with
        ``list.index`` (the first equal value), which matters only when two
        words carry the same valence.  Zero values are skipped: VADER rewrites
        a zero as zero, and zeros never equal a non-zero value.
        """
        for k in range(len(values)):
            value = values[k]
            if not value:
                continue
            at = values.index(value)
            if where[at] < but_index:
                values[at] = value * 0.5
            elif where[at] > but_index:
                values[at] = value * 1.5


_SHARED: SentimentScorer | None = None
_SHARED_LOCK = threading.Lock()


def score_sentence(text: str) -> Scores:
    """Return the VADER :class:`Scores` of ``text`` using one shared :class:`SentimentScorer`."""
    global _SHARED
    scorer = _SHARED
    if scorer is None:
        with _SHARED_LOCK:
            if _SHARED is None:
                _SHARED = SentimentScorer()
            scorer = _SHARED
    return scorer.score(text)
