"""Digest every stage's output over a corpus, to show a speed-up changed no result.

Before an optimization, save the digests; after it, compare::

    python bench/digest.py save /tmp/before.json
    # ... change the code ...
    python bench/digest.py compare /tmp/before.json

Per document it hashes the repaired text, regions, segments, sentences (with
token spans), quotes, attribution frames, matches (with voice), sentence
sentiment, segment signals and the analysis JSON, and ``compare`` lists the
documents whose digest of any of those changed (exit 1 if any did).  The
corpus: 300 generated articles (``bench/corpus_gen.py``, seed 7), the
bundled seeds with their catalog, and the real articles of ``--real`` (by
default the PTC training split in ``../shared/reference``, read in place,
when present).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import corpus_gen  # noqa: E402
from run import REAL_DEFAULT  # noqa: E402

PARTS = ("text", "regions", "segments", "sentences", "quotes", "attributions", "matches", "sentiment",
         "signals", "json")


def _digest(x: object) -> str:
    return hashlib.sha1(repr(x).encode("utf-8")).hexdigest()[:16]


def digests(folders: dict[str, Path]) -> dict[str, list[str]]:
    """Return ``{label/relative path: [digest per part of PARTS]}`` for every document under ``folders``."""
    from framing.detect.document import detect_document
    from framing.text.corpus import load_corpus
    from framing.detect.lexicon import load_lexicon
    from framing.detect.matcher import compile_matcher
    from framing.text.parse import parse_document
    from framing.analyze.scoring import segment_signals
    from framing.store.serialize import analysis_to_json
    lex = load_lexicon()
    matcher = compile_matcher(lex)
    cats = sorted(lex.categories)
    out: dict[str, list[str]] = {}
    for label, folder in folders.items():
        corpus = load_corpus([folder])
        for doc in corpus.documents:
            parsed = parse_document(doc, corpus.rules_for(doc))
            a = detect_document(parsed, lex, matcher)
            stored = json.loads(analysis_to_json(a))
            stored["doc"][1] = ""  # the path: generated files live in a new temporary folder each time
            # The lexicon version hashes every lexicon file, so adding or moving a data file changes it
            # without changing any result; the parts above and the rest of the JSON show the results.
            stored["lexicon_version"] = ""
            out[f"{label}/{Path(doc.path).relative_to(folder)}"] = [_digest(v) for v in (
                parsed.repaired.text, parsed.repaired.regions, parsed.segments, parsed.sentences,
                a.voice.quotes, a.voice.attributions, a.matches, a.sentiment, segment_signals(a, cats),
                stored)]
    return out


def main(argv: list[str] | None = None) -> int:
    """Save or compare digests; return 1 when ``compare`` finds a changed document."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("action", choices=["save", "compare"])
    ap.add_argument("file", help="JSON file of saved digests")
    ap.add_argument("--real", default=str(REAL_DEFAULT) if REAL_DEFAULT.is_dir() else "", metavar="DIR",
                    help="a folder of real articles to include ('' to skip)")
    a = ap.parse_args(argv)
    from framing.core.config import seeds_dir
    with tempfile.TemporaryDirectory() as tmp:
        generated = Path(tmp) / "generated"
        corpus_gen.generate(generated, 300, seed=7, kb=6.2)
        folders = {"generated": generated, "seeds": Path(seeds_dir())}
        if a.real:
            folders["real"] = Path(a.real)
        now = digests(folders)
    if a.action == "save":
        Path(a.file).write_text(json.dumps(now, indent=0), encoding="utf-8")
        print(f"saved digests of {len(now)} documents to {a.file}")
        return 0
    before = json.loads(Path(a.file).read_text(encoding="utf-8"))
    changed: dict[str, list[str]] = {}
    for path in sorted(set(before) | set(now)):
        old, new = before.get(path), now.get(path)
        if old is None or new is None:
            changed.setdefault("present", []).append(path)
            continue
        for part, x, y in zip(PARTS, old, new):
            if x != y:
                changed.setdefault(part, []).append(path)
    print(f"compared {len(now)} documents with {a.file}")
    for part, paths in changed.items():
        print(f"  {part}: {len(paths)} document(s) differ, e.g. {paths[0]}")
    if not changed:
        print("  no differences")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
