"""Find lexicon phrases in tokenized text.

The lexicon is compiled once into a trie keyed by pattern words (see
:func:`framing.detect.lexicon.pattern_key`): normalized forms, ``*prefix`` keys and
``=Exact`` keys share one dict-of-dicts.  Each distinct surface token is
analysed once (its normalized form, the exact key if some pattern uses it, the
prefixes it starts with) and cached, so the per-token cost is a few dict
look-ups in C and the cost grows with the text, not with the lexicon.

Matches are leftmost-longest and never overlap: at each token where some
pattern can start, the pattern ending furthest right wins, and the scan
resumes after it.  A multi-word match never crosses sentence punctuation
(``. ! ? ; :``) or a line break.

Speed (news text is mostly function words): a token is classified once as
"starts nothing", "completes a one-word pattern only" (emitted without a
walk), or "may start a phrase"; a phrase start is walked only if the next
token can follow it (a cached pair check), because words such as "the",
"it" or "of" begin phrases but are rarely followed by the rest.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from itertools import compress
from typing import NamedTuple

from framing.detect.lexicon import Entry, Lexicon, gc_paused, pattern_key
from framing.text.tokens import fold, normalize, tokenize

_TERMINAL = ""          # trie key holding the Entry; no pattern key is empty
_BREAK_CHARS = ".!?;:\n\r"
_BREAK_RE = re.compile(r"[.!?;:\n\r]")
_CACHE_LIMIT = 500_000  # distinct surfaces (or pairs) cached before a reset
# Above this many tokens in one call, the Hit tuples (which hold Entry
# references, so the collector tracks them) trigger collections that walk the
# caller's whole heap; pausing the collector is cheaper (see gc_paused).
_GC_PAUSE_TOKENS = 20_000

# Start codes of a surface token (bit 1: completes a one-word pattern, bit 2:
# may continue into a longer pattern).
_NONE, _SINGLE, _PHRASE, _BOTH = 0, 1, 2, 3


class Hit(NamedTuple):
    """One match: ``text[start:end]`` spans tokens ``token_start..token_end-1``.

    ``start``/``end`` are character offsets into the text given to
    :meth:`Matcher.match` (end exclusive); ``token_start``/``token_end`` index
    the ``spans`` list (``token_end`` exclusive, like a slice).
    """

    start: int
    end: int
    entry: Entry
    token_start: int
    token_end: int


class _StartTable(dict):
    """surface -> start code, computed on first sight.

    A dict subclass with ``__missing__`` lets ``map(table.__getitem__, tokens)``
    run in C for every surface already seen.
    """

    def __init__(self, matcher: "Matcher") -> None:
        super().__init__()
        self._m = matcher

    def __missing__(self, surface: str) -> int:
        m = self._m
        keys = m._keys_for(surface)
        m._keys[surface] = keys
        code = _NONE
        for k in keys:
            node = m._root.get(k)
            if node is None:
                continue
            entry = node.get(_TERMINAL)
            if entry is not None:
                if not code & _SINGLE:
                    m._single[surface] = entry  # keys are in priority order
                code |= _SINGLE
            if len(node) > (entry is not None):
                code |= _PHRASE
        self[surface] = code
        return code


class _PairTable(dict):
    """(surface, next surface) -> can a phrase starting with the first continue with the second."""

    def __init__(self, matcher: "Matcher") -> None:
        super().__init__()
        self._m = matcher

    def __missing__(self, pair: tuple[str, str]) -> bool:
        m = self._m
        first, second = pair
        root = m._root
        nxt = m._keys.get(second) or m._keys_for(second)
        ok = any(k2 in root[k1] for k1 in m._keys[first] if k1 in root for k2 in nxt)
        self[pair] = ok
        return ok


class Matcher:
    """A compiled lexicon; build it with :func:`compile_matcher`."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._root: dict = {}
        exact: set[str] = set()
        prefixes: set[str] = set()
        with gc_paused():
            for entry in lexicon.entries:
                node = self._root
                for key in pattern_key(entry.pattern):
                    if key[0] == "=":
                        exact.add(key[1:])
                    elif key[0] == "*":
                        prefixes.add(key[1:])
                    child = node.get(key)
                    if child is None:  # not setdefault: that would allocate a dict per word
                        child = node[key] = {}
                    node = child
                # The loader rejects duplicate patterns; keep the first if a
                # hand-built Lexicon has some.
                node.setdefault(_TERMINAL, entry)
        self._exact = frozenset(exact)
        self._prefixes = frozenset(prefixes)
        self._prefix_lengths = sorted({len(p) for p in prefixes}, reverse=True)
        self._keys: dict[str, tuple[str, ...]] = {}
        self._single: dict[str, Entry] = {}
        self._starts = _StartTable(self)
        self._pairs = _PairTable(self)

    def _reset_caches(self) -> None:
        """Forget cached surfaces and pairs (memory bound for very large corpora)."""
        self._keys.clear()
        self._single.clear()
        self._starts.clear()
        self._pairs.clear()

    def _keys_for(self, surface: str) -> tuple[str, ...]:
        """Return the trie keys ``surface`` can take, most specific first.

        Specificity decides between patterns that match the same words: an
        exact ``=Word`` first, then whichever of the stem and the matching
        prefixes fixes more characters.  So ``allegedly*`` beats the stem
        ``alleg`` on "allegedly", while the stem ``dictatorship`` would beat
        ``dictator*`` on "dictatorship".
        """
        loose = [normalize(surface)]
        if self._prefixes:
            low = fold(surface)
            for n in self._prefix_lengths:
                if n <= len(low) and low[:n] in self._prefixes:
                    loose.append("*" + low[:n])
            # "*" is not a literal character: compare the literal parts only.
            loose.sort(key=lambda k: len(k) - (k[0] == "*"), reverse=True)
        if surface in self._exact:
            return ("=" + surface, *loose)
        return tuple(loose)

    def match(self, text: str, spans: list[tuple[int, int]]) -> list[Hit]:
        """Return the non-overlapping, leftmost-longest hits in ``text``.

        ``spans`` are the token spans of one segment, as returned by
        :func:`framing.text.tokens.tokenize`.  Hits are in text order.
        """
        n = len(spans)
        if not n:
            return []
        if n > _GC_PAUSE_TOKENS:
            with gc_paused():
                return self._match(text, spans, n)
        return self._match(text, spans, n)

    def _match(self, text: str, spans: list[tuple[int, int]], n: int) -> list[Hit]:
        if len(self._starts) > _CACHE_LIMIT or len(self._pairs) > _CACHE_LIMIT:
            self._reset_caches()  # only between calls: a call relies on its entries
        toks = [text[s:e] for s, e in spans]
        codes = list(map(self._starts.__getitem__, toks))
        single, pairs = self._single, self._pairs
        hits: list[Hit] = []
        free = 0  # first token not covered by an earlier hit
        last = n - 1
        for i, code in compress(enumerate(codes), codes):
            if code == _PHRASE:  # the usual case: "the", "it", "of" start phrases...
                if i == last or not pairs[toks[i], toks[i + 1]] or i < free:
                    continue  # ...but are rarely followed by the rest
            elif i < free:
                continue
            elif code == _SINGLE:  # most lexicon words: no phrase to extend
                s, e = spans[i]
                hits.append(Hit(s, e, single[toks[i]], i, i + 1))
                free = i + 1
                continue
            elif i == last or not pairs[toks[i], toks[i + 1]]:  # _BOTH, no phrase here
                s, e = spans[i]
                hits.append(Hit(s, e, single[toks[i]], i, i + 1))
                free = i + 1
                continue
            found = self._walk(text, spans, toks, i)
            if found is not None:
                j, entry = found
                hits.append(Hit(spans[i][0], spans[j][1], entry, i, j + 1))
                free = j + 1
        return hits

    def _walk(self, text: str, spans: list[tuple[int, int]], toks: list[str],
              i: int) -> tuple[int, Entry] | None:
        """Return ``(last token index, entry)`` of the longest pattern starting at token ``i``."""
        keys_of = self._keys
        n = len(toks)
        frontier = [self._root]
        best_j = -1
        best = None
        j = i
        while True:
            nxt = []
            for node in frontier:
                for k in keys_of[toks[j]]:
                    child = node.get(k)
                    if child is not None:
                        nxt.append(child)
                        if j > best_j:
                            entry = child.get(_TERMINAL)
                            if entry is not None:
                                best_j, best = j, entry
            j += 1
            if not nxt or j >= n:
                break
            # Phrases do not run across sentence punctuation or lines.
            gs, ge = spans[j - 1][1], spans[j][0]
            if ge - gs == 1:
                if text[gs] in _BREAK_CHARS:
                    break
            elif _BREAK_RE.search(text, gs, ge):
                break
            frontier = nxt
        return None if best is None else (best_j, best)

    def match_text(self, text: str) -> list[Hit]:
        """Tokenize ``text`` with :func:`framing.text.tokens.tokenize` and return its hits."""
        return self.match(text, tokenize(text))


_COMPILED: OrderedDict[tuple[str, str, int], Matcher] = OrderedDict()
_MAX_COMPILED = 8


def compile_matcher(lexicon: Lexicon) -> Matcher:
    """Return a :class:`Matcher` for ``lexicon``, compiled once per lexicon version.

    The cache key is ``(version, directory, number of entries)``, so a
    re-loaded but unchanged lexicon reuses the compiled trie (a Lexicon built
    by hand must carry its own distinct ``version``).
    """
    key = (lexicon.version, lexicon.directory, len(lexicon.entries))
    m = _COMPILED.get(key)
    if m is None:
        m = Matcher(lexicon)
        _COMPILED[key] = m
        while len(_COMPILED) > _MAX_COMPILED:
            _COMPILED.popitem(last=False)
    _COMPILED.move_to_end(key)
    return m
