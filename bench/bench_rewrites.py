"""Generate every model rewrite the seeds and framing-dev allow, and look for defects with checks of its own.

    PYTHONPATH=$PWD/src python bench/bench_rewrites.py [--dev DIR] [--show]

Every candidate passage window of every level (not only those one worksheet
picks) goes through the ``rewrite`` builder; each distinct model rewrite
(passage, substitutions) is then checked here, independently of
:mod:`framing.present.exercises.rewrite_check`:

* no word doubled that the original did not double ("Russian Russian");
* every new word is English (in lemminflect's tables, or wordfreq Zipf >= 2,
  or a capitalised name the lexicon wrote);
* every quotation of the original is still there, character for character;
* no substitution only deletes words or drops a prefix ("pseudo-diplomatic" ->
  "diplomatic").

Prints the counts and every defect; exit status 1 when a defect is found.
:func:`all_rewrites` is what ``tests/test_exercises.py`` runs too.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
from pathlib import Path

from framing.api import analyze
from framing.present.exercises.rewrite import make_rewrite
from framing.present.exercises.settings import LEVELS
from framing.present.exercises.view import CorpusView

DEFAULT_DEV = Path(__file__).resolve().parents[1] / ".." / "shared" / "reference" / "framing-dev"
if not DEFAULT_DEV.exists():
    DEFAULT_DEV = Path("/work/shared/reference/framing-dev")

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_QUOTE = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"|«[^»\n]*»")


def all_rewrites(data) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """Return ``(original, model, [(old, new), ...])`` for every distinct model rewrite of ``data``."""
    view = CorpusView(data)
    out, seen = [], set()
    for lv in LEVELS.values():
        for w in view.windows(lv.sentences):
            ex = make_rewrite(view, data, w, 0, lv, random.Random(0))
            if ex is None:
                continue
            p = ex.passage
            subs = [(a.text, a.neutral_alternative) for a in ex.answers if a.neutral_alternative]
            key = (p.doc_id, p.start, p.end)
            if key not in seen:
                seen.add(key)
                out.append((p.text, ex.model_answer, subs))
    return out


def defects(original: str, model: str, subs: list[tuple[str, str]]) -> list[str]:
    """Return what is wrong with one model rewrite (independent of the library's checker)."""
    from lemminflect import getAllLemmas
    from wordfreq import zipf_frequency
    out = []
    ow = [w.lower() for w in _WORD.findall(original)]
    mw = [w.lower() for w in _WORD.findall(model)]
    doubled_o = {a for a, b in zip(ow, ow[1:]) if a == b}
    for a, b in zip(mw, mw[1:]):
        if a == b and a not in doubled_o and len(a) > 1:
            out.append(f"doubled {a!r}")
    known = set(ow)
    for w in _WORD.findall(model):
        if w.lower() in known:
            continue
        for part in filter(None, re.split(r"[-’']", w)):
            if part[:1].isupper() or part.lower() == "s":
                continue
            if zipf_frequency(part.lower(), "en") < 2.0 and not getAllLemmas(part.lower()):
                out.append(f"non-word {w!r}")
    for q in _QUOTE.findall(original):
        if q not in model:
            out.append(f"quote changed {q!r}")
    for old, new in subs:
        if not new.strip() or (old.lower() != new.lower() and old.lower().endswith(new.lower())):
            out.append(f"deletes words {old!r} -> {new!r}")
    return out


def corpora(dev: Path) -> list:
    """Return the analyses to read: the bundled seeds, and framing-dev's English texts when present."""
    out = [analyze(sentiment=False)]
    if (dev / "manifest.csv").is_file():
        from framing.text.manifest import catalog_from_manifest
        with tempfile.TemporaryDirectory() as tmp:
            cat = catalog_from_manifest(dev / "manifest.csv", Path(tmp) / "catalog.csv")
            out.append(analyze([dev / "articles"], catalog=cat, sentiment=False))
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the generation and the checks; return 1 when a defect is found."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    ap.add_argument("--show", action="store_true", help="print every substitution")
    args = ap.parse_args(argv)
    n_rw = n_sub = n_bad = 0
    for a in corpora(args.dev):
        for original, model, subs in all_rewrites(a.data):
            n_rw += 1
            n_sub += len(subs)
            bad = defects(original, model, subs)
            n_bad += bool(bad)
            if bad or args.show:
                print(("DEFECT " if bad else "") + "; ".join(f"{o!r} -> {n!r}" for o, n in subs), bad or "")
    print(f"{n_rw} model rewrites ({n_sub} substitutions), {n_bad} with a defect")
    return 1 if n_bad else 0


if __name__ == "__main__":
    sys.exit(main())
