"""Wording helpers: lexicon rationales as a student reads them, phrase normalisation, speaker names, links."""

from __future__ import annotations

import re
from collections import Counter

from framing.text.tokens import TOKEN_RE
from framing.detect.outlets import URL_RE  # noqa: F401 - one URL pattern for the whole tool (re-exported)

#: A web address in running text (links are sources, never loaded words).


def dedupe_label(text: str, seen: Counter) -> str:
    """Return ``text`` made unique among phrases already seen ("WOT", "WOT (2nd)")."""
    key = text.lower()
    seen[key] += 1
    n = seen[key]
    if n == 1:
        return text
    suffix = {2: "2nd", 3: "3rd"}.get(n, f"{n}th")
    return f"{text} ({suffix})"


def norm_phrase(s: str) -> str:
    """Return a phrase lower-cased, with curly apostrophes straightened and spaces collapsed (for comparing)."""
    return " ".join(s.lower().replace("\u2019", "'").split())


# Clauses of a lexicon rationale that talk about how the pattern matches
# ("the prefix covers liberate, liberated..."), useful to a lexicon editor but
# noise to a student.
_MECHANICS = re.compile(r"\b(prefix|stem(?:s|mer)?|match(?:es|ing)?|pattern|entry|entries|written as a phrase|"
                        r"covers|wildcard|case-sensitive)\b", re.IGNORECASE)
# "seed 004" in a rationale names a bundled example file: as a citation
# ('("holy war", seed 004)', "in seed 004", "(seed 000)") it is dropped; as the
# subject of a clause ("seed 000 applies it to both") it becomes "an example article".
_SEED_CITE = re.compile(r"(?:,\s*|\s+(?:in|of|from)\s+(?:the\s+)?)seeds? \d{3}\b|\(seeds? \d{3}\)",
                        re.IGNORECASE)
_SEED_SUBJ = re.compile(r"\bseeds? \d{3}\b", re.IGNORECASE)


def student_text(rationale: str) -> str:
    """Return a lexicon rationale as a student reads it: no pattern mechanics, no seed file numbers.

    "Presents a win as certain ("will emerge victorious", seed 004); prefix
    keeps it apart from the neutral noun "victory"." becomes "Presents a win
    as certain ("will emerge victorious")."  The first clause is always kept.
    """
    text = (rationale or "").strip()
    if not text:
        return ""
    clauses = re.split(r"(?<=[.;])\s+", text)
    kept = [c for i, c in enumerate(clauses) if i == 0 or not _MECHANICS.search(c)]
    out = " ".join(kept).strip()
    out = _SEED_CITE.sub("", out)
    out = _SEED_SUBJ.sub("an example article", out)
    out = re.sub(r"(^|\.\s+)an example article", r"\1An example article", out)
    out = re.sub(r"\(\s*\)", "", out)
    out = re.sub(r"\s+([,.;)])", r"\1", out)
    out = re.sub(r"\s{2,}", " ", out).strip()
    if out.endswith(";"):
        out = out[:-1] + "."
    if out and out[-1] not in ".!?\"”)":
        out += "."
    return out


def _name_tokens(s: str) -> set[str]:
    return {t.lower() for t in TOKEN_RE.findall(s) if len(t) >= 3 and t[0].isupper()}


def same_speaker(a: str, b: str) -> bool:
    """True when two speaker labels share a name ("Choe" vs "Choe Son-hui (relaying Kim Jong-un)")."""
    if norm_phrase(a) == norm_phrase(b):
        return True
    ta, tb = _name_tokens(a), _name_tokens(b)
    return bool(ta & tb)
