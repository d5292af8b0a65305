"""The word lists of the voice rules, read from the lexicon folder (``lexicons/README.md``, "Voice words").

* reporting verbs: the ``voice`` column of ``attribution.csv`` (verbs the
  lexicon also counts) and ``voice/verbs.csv`` (verbs only the voice rules
  use), both as ``role: form|form; role: form`` cells;
* ``voice/vague_sources.csv`` (observers, sources ... ``vague``/``anonymous``),
  ``voice/heads.csv`` (head nouns of person and organisation descriptions),
  ``voice/titles.csv`` (titles before a name, with gender cues),
  ``voice/function_words.csv`` (fillers, determiners, connectors ...) and
  ``gazetteer/places.csv`` (place names that head capitalised subjects),
  ``voice/description_heads.csv`` (descriptions such as "the newspaper",
  "the Center", "the head of state" and what they resolve to),
  ``voice/own_labels.csv`` (lexicon categories that stay the outlet's own
  inside indirect speech: always, or when they name the speaker's side).

A file missing from the folder (or an ``attribution.csv`` without a
``voice`` column) is read from the bundled lexicons instead, so an older
custom folder keeps working.  :func:`load_words` caches per folder (and
files' modification times): the files are read once per process and edit,
never per document.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from framing.core.config import _bundled as bundled
from framing.core.errors import LexiconError

#: Roles a verb form may have in a ``voice`` cell (see :class:`VoiceWords`).
VERB_ROLES = ("any", "base", "person", "participle", "inverted")

ATTRIBUTION_FILE = "attribution.csv"
VERBS_FILE = "voice/verbs.csv"
VAGUE_FILE = "voice/vague_sources.csv"
HEADS_FILE = "voice/heads.csv"
TITLES_FILE = "voice/titles.csv"
FUNCTION_WORDS_FILE = "voice/function_words.csv"
PLACES_FILE = "gazetteer/places.csv"
OWN_LABELS_FILE = "voice/own_labels.csv"
DESCRIPTION_HEADS_FILE = "voice/description_heads.csv"
#: When a lexicon category inside indirect speech stays the outlet's own (``own_labels.csv`` ``when``).
OWN_LABEL_RULES = ("always", "speaker_side")

#: Classes of ``function_words.csv`` (each becomes one set of :class:`VoiceWords`).
FUNCTION_CLASSES = ("filler", "auxiliary", "discourse_opener", "determiner", "connector",
                    "function_opener", "noun_marker", "demonstrative_subject", "headline_label")


@dataclass(frozen=True, eq=False)
class VoiceWords:
    """Every word list the voice rules read, as frozensets (titles keep their file order).

    Verbs: ``reporting`` frame with any subject; ``base_form`` ("Sources say")
    only with no auxiliary before them; ``person_only`` only with a person
    as subject; ``participles`` continue the main clause's subject; ``invertible``
    may follow their subject inverted ("“...,” said Peskov").
    """

    directory: str
    reporting: frozenset[str]
    base_form: frozenset[str]
    person_only: frozenset[str]
    participles: frozenset[str]
    invertible: frozenset[str]
    vague: frozenset[str]
    anonymous: frozenset[str]
    person_heads: frozenset[str]
    org_heads: frozenset[str]
    titles: tuple[str, ...]
    male_titles: frozenset[str]
    female_titles: frozenset[str]
    places: frozenset[str]
    fillers: frozenset[str]
    auxiliaries: frozenset[str]
    discourse_openers: frozenset[str]
    determiners: frozenset[str]
    connectors: frozenset[str]
    function_openers: frozenset[str]
    noun_markers: frozenset[str]
    demonstrative_subjects: frozenset[str]
    headline_labels: frozenset[str] = frozenset()
    #: description head -> what it resolves to: "outlet", "same_head", "document" or titles ("title: a|b")
    description_heads: tuple[tuple[str, str], ...] = ()
    own_label_always: frozenset[str] = frozenset()
    own_label_speaker_side: frozenset[str] = frozenset()


def parse_voice_cell(cell: str, where: str) -> dict[str, list[str]]:
    """Return ``{role: [forms]}`` for a ``voice`` cell such as ``any: said|says; inverted: said``.

    Raises :class:`LexiconError` naming ``where`` for an unknown role or an
    item without ``role:``.
    """
    out: dict[str, list[str]] = {}
    for item in cell.split(";"):
        if not item.strip():
            continue
        role, sep, forms = item.partition(":")
        role = role.strip()
        if not sep or role not in VERB_ROLES:
            raise LexiconError(f"bad voice cell item {item.strip()!r}", where,
                               fix="write role: form|form; ... with a role of " + ", ".join(VERB_ROLES))
        # Spaces inside a phrase ("pointed out") are one space in the patterns.
        out.setdefault(role, []).extend(" ".join(f.split()) for f in forms.split("|") if f.strip())
    return out


def word_files(directory: str) -> list[Path]:
    """Return the files the word lists of lexicon folder ``directory`` are read from (bundled ones if absent)."""
    d = Path(directory)
    out = []
    for rel in (ATTRIBUTION_FILE, VERBS_FILE, VAGUE_FILE, HEADS_FILE, TITLES_FILE, FUNCTION_WORDS_FILE,
                PLACES_FILE, OWN_LABELS_FILE, DESCRIPTION_HEADS_FILE):
        path = d / rel
        out.append(path if path.is_file() else bundled("lexicons") / rel)
    return out


def _rows(directory: Path, rel: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """Return the rows of ``directory/rel`` (bundled file if absent) as dicts of ``columns``.

    Blank lines and lines whose first field starts with ``#`` are skipped, as in entry files.
    """
    path = directory / rel
    if not path.is_file():
        path = bundled("lexicons") / rel
    reader = csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")))
    header = [c.strip().lower() for c in next(reader, [])]
    missing = [c for c in columns if c not in header]
    if missing:
        raise LexiconError(f"bad header: missing column(s) {', '.join(missing)}", str(path), 1,
                           fix="the first line must name: " + ",".join(columns))
    idx = [header.index(c) for c in columns]
    out = []
    for row in reader:
        if not row or row[0].lstrip().startswith("#") or not any(c.strip() for c in row):
            continue
        out.append({c: (row[i].strip() if i < len(row) else "") for c, i in zip(columns, idx)})
    return out


def _verb_cells(directory: Path) -> list[tuple[str, str]]:
    """Return ``(where, voice cell)`` of every verb row: attribution.csv's, then voice/verbs.csv's."""
    attr = directory / ATTRIBUTION_FILE
    if not attr.is_file() or "voice" not in attr.read_text(encoding="utf-8-sig").split("\n", 1)[0]:
        attr_dir = bundled("lexicons")
    else:
        attr_dir = directory
    cells = [(f"{ATTRIBUTION_FILE} {r['id']}", r["voice"])
             for r in _rows(attr_dir, ATTRIBUTION_FILE, ("id", "voice"))]
    cells += [(f"{VERBS_FILE} {r['verb']}", r["voice"]) for r in _rows(directory, VERBS_FILE, ("verb", "voice"))]
    return cells


@lru_cache(maxsize=8)
def load_words(directory: str, stamp: tuple = ()) -> VoiceWords:
    """Return the :class:`VoiceWords` of the lexicon folder ``directory`` (read once, then cached).

    ``stamp`` only keys the cache: pass the files' modification times
    (see :func:`framing.detect.voice.patterns.use_folder_in_use`) to read
    edited files again.  Raises :class:`LexiconError` for a file with a bad
    header or a bad ``voice`` cell.
    """
    d = Path(directory)
    verbs: dict[str, set[str]] = {r: set() for r in VERB_ROLES}
    for where, cell in _verb_cells(d):
        for role, forms in parse_voice_cell(cell, where).items():
            verbs[role].update(forms)
    vague = _rows(d, VAGUE_FILE, ("word", "kind"))
    heads = _rows(d, HEADS_FILE, ("word", "kind"))
    titles = _rows(d, TITLES_FILE, ("title", "gender"))
    func: dict[str, set[str]] = {c: set() for c in FUNCTION_CLASSES}
    for r in _rows(d, FUNCTION_WORDS_FILE, ("word", "class")):
        if r["class"] in func:
            func[r["class"]].add(r["word"])
    places = _rows(d, PLACES_FILE, ("name",))
    labels = _rows(d, OWN_LABELS_FILE, ("category", "when"))
    descriptions = tuple((r["word"].lower(), r["resolves_to"].strip())
                         for r in _rows(d, DESCRIPTION_HEADS_FILE, ("word", "resolves_to")))
    for r in labels:
        if r["when"] not in OWN_LABEL_RULES:
            raise LexiconError(f"bad 'when' value {r['when']!r} for {r['category']!r}", OWN_LABELS_FILE,
                               fix="use one of: " + ", ".join(OWN_LABEL_RULES))
    return VoiceWords(
        directory=directory,
        reporting=frozenset(verbs["any"]), base_form=frozenset(verbs["base"]),
        person_only=frozenset(verbs["person"]), participles=frozenset(verbs["participle"]),
        invertible=frozenset(verbs["inverted"]),
        vague=frozenset(r["word"] for r in vague if r["kind"] in ("vague", "anonymous")),
        anonymous=frozenset(r["word"] for r in vague if r["kind"] == "anonymous"),
        person_heads=frozenset(r["word"] for r in heads if r["kind"] == "person"),
        org_heads=frozenset(r["word"] for r in heads if r["kind"] == "org"),
        titles=tuple(r["title"] for r in titles),
        male_titles=frozenset(r["title"].lower() for r in titles if r["gender"] == "m"),
        female_titles=frozenset(r["title"].lower() for r in titles if r["gender"] == "f"),
        places=frozenset(r["name"] for r in places),
        fillers=frozenset(func["filler"]), auxiliaries=frozenset(func["auxiliary"]),
        discourse_openers=frozenset(func["discourse_opener"]),
        determiners=frozenset(func["determiner"]), connectors=frozenset(func["connector"]),
        function_openers=frozenset(func["function_opener"]),
        noun_markers=frozenset(func["noun_marker"]),
        demonstrative_subjects=frozenset(func["demonstrative_subject"]),
        headline_labels=frozenset(func["headline_label"]),
        description_heads=descriptions,
        own_label_always=frozenset(r["category"] for r in labels if r["when"] == "always"),
        own_label_speaker_side=frozenset(r["category"] for r in labels if r["when"] == "speaker_side"))
