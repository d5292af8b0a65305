"""Rule 2: attribution frames -- reporting verbs, "according to X", passives, participles, impersonals."""

from __future__ import annotations

import re
from bisect import bisect_right, insort
from typing import Iterable

from framing.core.types import Segment, Sentence
from framing.detect.voice.patterns import (
    AFTER_VERB_QUOTE_RE,
    APOS_FOLD,
    AS_RE,
    BOUNDARY_RE,
    BY_IN_RE,
    CAPRUN_RE,
    END_RE,
    IMPERSONAL_RE,
    MAX_ANTECEDENT_ITEMS,
    MAX_INTRO_CHARS,
    MAX_LOOKBACK_CHARS,
    MAX_SOURCE_WORDS,
    MAX_SUBJECT_LOOKBACK,
    NP_AFTER_RE,
    NP_STOP_RE,
    PASSIVE_RE,
    PREP_RE,
    PREV_WORD_RE,
    REFERENCE_AFTER_RE,
    PRONOUNS,
    T_BE,
    T_IMPERS,
    T_IT,
    T_PART,
    T_PASSIVE,
    T_PATTERNS,
    T_PREP,
    T_PREP_WORD,
    T_VERB,
    THAT_RE,
    THAT_SOON_RE,
    WORD_AT_RE,
    V,
    norm,
    skip_space,
    trim,
)
from framing.detect.voice.records import Frame, RawQuote, Source
from framing.detect.voice.sources import Persons, classify_source, is_place
from framing.text.tokens import TOKEN_RE


class Cands:
    """Antecedent candidates for pronouns in one segment, in text order.

    Frame sources are added as they are found; sentence subjects are added
    as placeholders and read only when a pronoun needs them, because most
    sentences never serve as an antecedent and reading a subject costs as
    much as the rest of the sentence's analysis.
    """

    def __init__(self, text: str, persons: Persons, seg: Segment) -> None:
        self.text, self.persons, self.seg = text, persons, seg
        # [pos, source | None | False, sentence end]; None = subject not read
        # yet, False = no subject (or being read: stops self-reference).
        self.items: list[list] = []
        self.depth = 0

    def add(self, pos: int, src: Source) -> None:
        """Add a frame source at ``pos`` (after any earlier item at the same offset)."""
        insort(self.items, [pos, src, 0], key=lambda it: it[0])

    def add_subject(self, s0: int, s1: int) -> None:
        """Add the (unread) subject of the sentence ``s0:s1``."""
        self.items.append([s0, None, s1])

    def known(self, pos: int) -> Iterable[tuple[int, Source]]:
        """Yield ``(pos, source)`` for frame sources and subjects already read before ``pos``, latest first."""
        seen = 0
        for i in range(len(self.items) - 1, -1, -1):
            it = self.items[i]
            if it[0] >= pos:
                continue
            seen += 1
            if seen > MAX_ANTECEDENT_ITEMS:
                return
            if it[1]:
                yield it[0], it[1]

    def walk(self, pos: int) -> Iterable[tuple[int, Source]]:
        """Yield ``(pos, source)`` for candidates before ``pos``, most recent first."""
        seen = 0
        for i in range(len(self.items) - 1, -1, -1):
            it = self.items[i]
            if it[0] >= pos:
                continue
            seen += 1
            if seen > MAX_ANTECEDENT_ITEMS:
                return
            if it[1] is None:
                it[1] = False
                if self.depth < MAX_SUBJECT_LOOKBACK:
                    self.depth += 1
                    try:
                        got = _sentence_subject(self.text, it[0], it[2], self.persons, self,
                                                self.seg)
                    finally:
                        self.depth -= 1
                    it[1] = got[1] if got is not None else False
                else:
                    it[1] = None  # too deep now; may be read from a shallower call
            if it[1]:
                yield it[0], it[1]


def find_frames(text: str, seg: Segment, sents: list[tuple[int, Sentence]],
                 quotes: list[RawQuote], persons: Persons) -> list[Frame]:
    """Return the attribution frames of one segment, sentence by sentence."""
    frames: list[Frame] = []
    cands = Cands(text, persons, seg)
    # in_quote() by bisection: quotes are sorted by start, and the running
    # maximum of their ends says whether any quote opened before p is still open.
    q_starts = [q.inner_start for q in quotes]
    q_max_end: list[int] = []
    for q in quotes:
        q_max_end.append(max(q.inner_end, q_max_end[-1] if q_max_end else 0))

    def in_quote(p: int) -> bool:
        i = bisect_right(q_starts, p) - 1
        return i >= 0 and q_max_end[i] > p

    # Read once per segment, not per sentence: the loop below is the hot path.
    trigger_words, triggers = V.TRIGGER_RE.findall, V.TRIGGERS
    for k, (sidx, sent) in enumerate(sents):
        s0, s1 = sent.start, sent.end
        if not q_starts or not in_quote(s0):
            # A sentence inside a quotation ("Decisions are made ...") is the
            # speaker's, so its subject is no antecedent for a later "she".
            cands.add_subject(s0, s1)
        # Only the patterns that the sentence's words can trigger are run.
        flags = 0
        for w in trigger_words(text, s0, s1):
            flags |= triggers[w]
        if not flags & T_PATTERNS:
            continue
        taken: list[tuple[int, int]] = []
        sent_frames: list[Frame] = []

        def free(a: int, b: int) -> bool:
            return not any(a < y and x < b for x, y in taken)

        def keep(fr: Frame, span: tuple[int, int]) -> None:
            sent_frames.append(fr)
            taken.append(span)
            if fr.source.kind != "vague" or fr.source.text:
                cands.add(fr.start, fr.source)

        # Impersonal first, so "It is noted" is not read as "it" + "noted".
        for m in (IMPERSONAL_RE.finditer(text, s0, s1) if flags & T_IMPERS and flags & T_IT else ()):
            if in_quote(m.start()):
                continue
            after = text[m.end():s1]
            if BY_IN_RE.match(after):
                continue  # "it was reported by TASS" is a sourced passive
            src = Source("", "vague", "", False)
            verb = norm(m.group("verb")).lower()
            tm = THAT_RE.match(after)
            if tm:
                rs, re_ = m.end() + tm.end(), s1
            elif END_RE.match(after):
                rs, re_ = s0, m.start()
            else:
                rs, re_ = m.end(), s1
            keep(Frame(sidx, m.start(), m.end(), verb, src, *trim(text, rs, re_),
                        kind="impersonal"), (m.start(), m.end()))

        # Prepositional and passive frames: the source follows.
        for rx, kind, flag, word in ((PREP_RE, "prep", T_PREP, T_PREP_WORD),
                                     (PASSIVE_RE, "passive", T_PASSIVE, T_BE)):
            for m in (rx.finditer(text, s0, s1) if flags & flag and flags & word else ()):
                if in_quote(m.start()) or not free(m.start(), m.end()):
                    continue
                np_s, np_e = _np_after(text, m.end(), s1)
                if np_e <= np_s:
                    continue
                found = classify_source(text[np_s:np_e], np_s, persons, cands, seg)
                if found is None:
                    continue
                verb = norm(m.group("verb"))
                verb = verb[0].lower() + verb[1:]
                fstart = m.start()
                if kind == "passive":
                    # "This was reported in X": the subject is part of the frame
                    # and the content is the paragraph before it.
                    subj_s = _clause_start(text, s0, m.start())
                    subj_txt = text[subj_s:m.start()].strip().lower()
                    that = THAT_RE.match(text, np_e, s1)
                    back = True
                    if that:
                        # "It was reported by TASS that ...": the clause follows.
                        rs, re_, back = np_e + that.end(), s1, False
                        fstart = subj_s if subj_txt == "it" else m.start()
                    elif subj_txt in V.DEMONSTRATIVE_SUBJECTS:
                        fstart = subj_s
                        ps = max(text.rfind("\n", seg.start, s0) + 1, seg.start)
                        if ps >= s0 and k > 0:
                            ps = sents[k - 1][1].start
                        rs, re_ = ps, s0
                    else:
                        rs, re_ = s0, s1  # "The attack was confirmed by TASS."
                else:
                    before = TOKEN_RE.findall(text, s0, m.start())
                    after_toks = TOKEN_RE.findall(text, np_e, s1)
                    if len(after_toks) <= 1:
                        rs, re_, back = s0, m.start(), True
                    elif len(before) <= 3:
                        # Content starts after the comma closing the frame
                        # ("As announced by X in early June, Putin ...").
                        comma = text.find(",", np_e, min(s1, np_e + 80))
                        rs, re_, back = (comma + 1 if comma >= 0 else np_e), s1, False
                    else:
                        rs, re_, back = s0, s1, False
                fkind = kind
                ref = REFERENCE_AFTER_RE.match(text, np_e, s1)
                if ref:
                    # "This was reported by UNN with reference to the Ministry of
                    # Foreign Affairs": the ministry is the source; the outlet relays.
                    r_s, r_e = _np_after(text, ref.end(), s1)
                    origin = classify_source(text[r_s:r_e], r_s, persons, cands, seg) \
                        if r_e > r_s else None
                    if origin is not None and origin.named:
                        found, np_e, fkind = origin, r_e, "reference"
                        if back and re_ > np_e:
                            re_ = np_e
                keep(Frame(sidx, fstart, np_e, verb, found, *trim(text, rs, re_),
                            backward=back, kind=fkind), (m.start(), np_e))

        # Subject + reporting verb (and inverted "said X").
        for m in (V.VERB_RE.finditer(text, s0, s1) if flags & T_VERB else ()):
            vs, ve = m.span()
            if in_quote(vs) or not free(vs, ve):
                continue
            verb = norm(m.group("verb"))
            fr = _subject_frame(text, seg, sidx, s0, s1, vs, ve, verb, verb in V.PERSON_ONLY_VERBS,
                                persons, cands, sents, k)
            if fr is not None:
                keep(fr, (fr.start, fr.end))

        # Participles continue the main clause's subject.
        for m in (V.PARTICIPLE_RE.finditer(text, s0, s1) if flags & T_PART else ()):
            vs, ve = m.span("verb")
            if in_quote(vs) or not free(vs, ve):
                continue
            prior = [f for f in sent_frames if f.start < vs and f.kind in ("subject", "inverted")]
            if prior:
                src = max(prior, key=lambda f: f.start).source
            else:
                subj = _sentence_subject(text, s0, s1, persons, cands, seg)
                if subj is None or subj[0] >= vs:
                    continue
                src = subj[1]
            after = text[ve:s1]
            tm = THAT_RE.match(after)
            rs = ve + tm.end() if tm else ve
            keep(Frame(sidx, vs, ve, norm(m.group("verb")), src, *trim(text, rs, s1),
                        kind="participle"), (vs, ve))

        sent_frames.sort(key=lambda f: f.start)
        for g in sent_frames if len(sent_frames) > 1 else ():
            if not g.backward:
                continue
            for f in sent_frames:
                if f is not g and not f.backward and f.rstart < g.start < f.rend:
                    # "Putin said it was vital ..., the Kremlin said": Putin's
                    # words end where the frame that reports them begins.
                    f.rend = max(f.rstart, _strip_back(text, f.rstart, g.start))
        frames.extend(sent_frames)
    return frames


def _subject_frame(text: str, seg: Segment, sidx: int, s0: int, s1: int, vs: int, ve: int,
                   verb: str, person_only: bool, persons: Persons,
                   cands: Cands, sents: list[tuple[int, Sentence]],
                   k: int) -> Frame | None:
    """Return the frame for the reporting verb at ``vs:ve``, or None when it has no subject."""
    lo = max(s0, vs - MAX_LOOKBACK_CHARS)
    prev = PREV_WORD_RE.search(text, max(lo, vs - 12), vs)
    if prev and prev.group(1).lower() in V.NOUN_MARKERS:
        return None  # "the report", "to say", "his claims": not a finite verb
    # Strip fillers between subject and verb ("has also said").
    end = vs
    passive_aux = False
    aux = False
    fillers, auxiliaries = V.SUBJECT_VERB_FILLERS, V.AUXILIARIES
    while True:
        j = end
        while j > lo and text[j - 1].isspace():
            j -= 1
        w_end = j
        while j > lo and (text[j - 1].isalpha()):
            j -= 1
        word = text[j:w_end]
        glued = j > lo and text[j - 1] in "-'\u2019"  # part of "so-called", "it's"
        if word and word.lower() in fillers and not glued:
            if word.lower() in ("was", "were", "is", "are", "been", "be"):
                passive_aux = True
            if word.lower() in auxiliaries:
                aux = True
            end = j
            continue
        if word and word.islower() and word.endswith("ly") and len(word) > 4:
            end = j
            continue
        break
    if aux and verb in V.BASE_FORM_VERBS:
        return None  # "Russia will respond", "they could say": not a report
    if passive_aux and not (verb in ("quoted", "cited") and AS_RE.match(text, ve, s1)):
        # "He was told to leave", "was reported by" (a sourced passive, handled
        # elsewhere); only "X was quoted as saying" keeps X as the speaker.
        return None
    cstart = _clause_start(text, lo, end)
    chunk = text[cstart:end]
    src = None
    fstart = cstart
    if not chunk.strip():
        # Appositive or relative clause before the verb: "The treaty, which was
        # ratified ..., stipulates"; "The head of the CNS, Ivan X, said".
        fstart, src = _subject_across_comma(text, lo, cstart, persons, cands, seg)
        if src is None and verb in V.INVERTIBLE_VERBS and cstart > s0 \
                and text[cstart - 1] in ",\"\u201d":
            inv = inverted_frame(text, ve, s1, persons, cands, seg)
            if inv is not None:
                np_e, src = inv
                content = trim(text, s0, _strip_back(text, s0, cstart))
                return Frame(sidx, vs, np_e, verb, src, *content, backward=True,
                              kind="inverted")
        if src is None:
            return None
    else:
        lead = len(chunk) - len(chunk.lstrip())
        fstart = cstart + lead
        src = classify_source(chunk, fstart, persons, cands, seg)
        if src is not None and src.text:
            off = chunk.strip().translate(APOS_FOLD).find(src.text.split()[0])
            fstart = cstart + lead + max(off, 0)
    if src is None:
        return None
    if person_only and src.kind not in ("person", "pronoun") and not (src.kind == "name" and
                                                                       not is_place(src.text)):
        return None
    if src.kind == "pronoun" and src.text.lower() in ("it", "they") and person_only:
        return None
    # Content direction.
    after = text[ve:s1]
    quote_at = -1
    qm = AFTER_VERB_QUOTE_RE.match(after)
    tm = THAT_SOON_RE.match(after)
    back = False
    if qm and text[ve + qm.end() - 1] in "\"\u201c\u201e\u00ab":
        # "Putin said, “...”": the quote is the content.
        quote_at = ve + qm.end() - 1
        rs, re_ = quote_at, s1
    elif tm:
        rs, re_ = ve + tm.end(), s1
    elif V.TAIL_RE.match(after):
        # "..., a Kremlin spokesman said on Tuesday." / "“...,” she said,
        # adding ...": the content precedes the frame.
        back = True
        stop = _strip_back(text, s0, fstart)
        rs, re_ = s0, stop
        if len(TOKEN_RE.findall(text, s0, stop)) < 2:
            if k > 0 and not after.strip(" \t\n.!?;\u2026"):
                prev_sent = sents[k - 1][1]  # "she stated." after a quote-only sentence
                rs, re_ = prev_sent.start, prev_sent.end
            else:
                back = False
                rs, re_ = ve, s1
    else:
        rs, re_ = ve, s1
    return Frame(sidx, fstart, ve, verb, src, *trim(text, rs, re_), backward=back,
                  quote_at=quote_at)


def _subject_across_comma(text: str, lo: int, cstart: int, persons: Persons,
                          cands: Cands, seg: Segment) -> tuple[int, Source | None]:
    """Return ``(start, source)`` for a subject separated from its verb by commas.

    Walks back over comma-delimited pieces: a relative clause ("The treaty,
    which was ratified ..., stipulates") or a lower-case parenthetical
    ("Peskov, speaking to reporters, said"; "Officials in Kyiv, however,
    said") is skipped; an appositive name ("The head of the CNS, Ivan
    Petrenko, said") is the source.
    """
    comma = cstart - 1
    for _ in range(3):
        if comma < lo or text[comma] != ",":
            return cstart, None
        b = _last_boundary(text, lo, comma)
        if b is not None and b.group(0).lower() in ("which", "who", "whose", "whom"):
            c2 = b.start() - 1
            while c2 >= lo and text[c2].isspace():
                c2 -= 1
            comma = c2
            continue
        s2 = b.end() if b is not None else lo
        piece = text[s2:comma]
        stripped = piece.strip()
        if not stripped:
            return cstart, None
        if stripped[0].islower() and stripped.split()[0] not in V.DETERMINERS \
                and b is not None and b.group(0) == ",":
            comma = b.start()  # a parenthetical: look before it
            continue
        src = classify_source(piece, s2, persons, cands, seg)
        if src is None:
            return cstart, None
        return s2 + len(piece) - len(piece.lstrip()), src
    return cstart, None


def inverted_frame(text: str, ve: int, s1: int, persons: Persons, cands: Cands,
              seg: Segment) -> tuple[int, Source] | None:
    """Return ``(np_end, source)`` for an inverted frame ``, said X.``, else None."""
    np_s = skip_space(text, ve, s1)
    np_s2, np_e = _np_after(text, np_s, s1)
    if np_e <= np_s2 or not END_RE.match(text[np_e:s1]) and not text[np_e:np_e + 1] == ",":
        return None
    src = classify_source(text[np_s2:np_e], np_s2, persons, cands, seg)
    if src is None or src.kind == "pronoun":
        return None
    return np_e, src


def _last_boundary(text: str, lo: int, end: int) -> re.Match[str] | None:
    """Return the last clause boundary in ``text[lo:end]``, or None."""
    last = None
    for m in BOUNDARY_RE.finditer(text, lo, end):
        last = m
    return last


def _clause_start(text: str, lo: int, end: int) -> int:
    """Return the offset just after the last clause boundary in ``text[lo:end]`` (or ``lo``)."""
    b = _last_boundary(text, lo, end)
    return b.end() if b is not None else lo


def _strip_back(text: str, s0: int, pos: int) -> int:
    """Return ``pos`` moved left over spaces and commas (end of backward content)."""
    while pos > s0 and text[pos - 1] in " \t\n,":
        pos -= 1
    return pos


def _np_after(text: str, pos: int, s1: int) -> tuple[int, int]:
    """Return the span of the noun phrase starting at ``pos`` (source after a preposition)."""
    pos = skip_space(text, pos, s1)
    m = NP_AFTER_RE.match(text, pos, s1)
    if not m:
        return pos, pos
    e = m.end()
    stop = NP_STOP_RE.search(text, pos, e)
    if stop:
        e = stop.start()
    while e > pos and text[e - 1].isspace():
        e -= 1
    if len(TOKEN_RE.findall(text, pos, e)) > MAX_SOURCE_WORDS:
        return pos, pos
    return pos, e


def _sentence_subject(text: str, s0: int, s1: int, persons: Persons,
                      cands: Cands, seg: Segment
                      ) -> tuple[int, Source] | None:
    """Return ``(offset, source)`` for a capitalised or pronoun subject opening the sentence.

    After a discourse opener or an introductory clause ("In his opening
    statements, Lavrov ...") the subject is looked for after the first comma.
    """
    p = skip_space(text, s0, s1)
    first = WORD_AT_RE.match(text, p, s1)
    if not first:
        return None
    w = first.group(0)
    lw = w.lower()
    if lw in PRONOUNS:
        src = classify_source(w, p, persons, cands, seg)
        return (p, src) if src is not None else None
    intro = lw in V.DISCOURSE_OPENERS or w[:1].islower() or lw in V.CONNECTORS \
        or lw in V.FUNCTION_OPENERS
    if intro:
        comma = text.find(",", p, min(s1, p + MAX_INTRO_CHARS))
        if comma < 0:
            return None
        p = skip_space(text, comma + 1, s1)
        nxt = WORD_AT_RE.match(text, p, s1)
        if nxt and nxt.group(0).lower() in PRONOUNS:
            src = classify_source(nxt.group(0), p, persons, cands, seg)
            return (p, src) if src is not None else None
    m = CAPRUN_RE.match(text, p, s1)
    if not m:
        return None
    src = classify_source(m.group(0), p, persons, cands, seg)
    if src is None or src.kind not in ("person", "name", "org"):
        return None
    return (p, src)
