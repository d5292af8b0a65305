"""``framing train``: fit the span model on your own annotations and write it as a JSON model file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from framing.core.errors import FramingError
from framing.present.cli.common import formatter

EXAMPLES = """examples:
  framing train --spans my_spans.csv --articles my_articles/ --out my_model.json
  framing spans news/ --model my_model.json
  framing train --format ptc --articles PTC/articles --labels PTC/labels --out ptc_model.json

The guideline CSV has the columns file,start,end,text,category,voice,speaker (offsets into the
file read as UTF-8 with newlines untranslated); texts with no row train as span-free."""


def register(sub: argparse._SubParsersAction) -> None:
    """Register the ``train`` command."""
    p = sub.add_parser("train", help="train the span model on annotated texts (guideline CSV or PTC labels)",
                       description="Fit the explainable token tagger (features: words, stems, shape, lexicon "
                                   "hits, VADER valence, word frequency, context, quotes) on annotated texts and "
                                   "write it as plain JSON weights for --model.",
                       epilog=EXAMPLES, formatter_class=formatter())
    p.add_argument("--spans", metavar="FILE.csv", help="guideline-format span annotations (--format guideline)")
    p.add_argument("--articles", required=True, metavar="DIR", help="folder of the annotated texts")
    p.add_argument("--labels", metavar="DIR", help="PTC label folder (--format ptc; default: ARTICLES/../labels)")
    p.add_argument("--format", choices=["guideline", "ptc"], default="guideline", help="annotation format")
    p.add_argument("--out", required=True, metavar="MODEL", help="model file to write (JSON)")
    p.add_argument("--lexicons", metavar="DIR", help="lexicon folder whose hits are features (default: bundled)")
    p.add_argument("--c", type=float, default=2.0, help="inverse regularisation strength (default: 2.0)")
    p.add_argument("--threshold", type=float, default=0.25,
                   help="a token is in a span when 1 - P(O) reaches this (default: 0.25)")
    p.add_argument("--min-count", type=int, default=1, help="drop features seen in fewer tokens (default: 1)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Train and write the model; return 0."""
    from framing.detect.lexicon import load_lexicon
    from framing.detect.spanmodel.train import guideline_items, ptc_items, train
    arts = Path(args.articles)
    if not arts.is_dir():
        raise FramingError("folder not found", arts, fix="give --articles the folder of annotated texts")
    lexicon = load_lexicon(args.lexicons)
    if args.format == "guideline":
        if not args.spans:
            raise FramingError("--spans is required with --format guideline", fix="give the spans CSV")
        items = guideline_items(args.spans, arts)
    else:
        root = Path(args.labels).parent if args.labels else arts.parent
        ids = [q.name[len("article"):-len(".txt")] for q in sorted(arts.glob("article*.txt"))]
        items = ptc_items(root, ids, 1.0)
    if not items:
        raise FramingError("no texts to train on", arts, fix="put the annotated .txt files in --articles")
    model = train(items, lexicon, c=args.c, threshold=args.threshold, min_count=args.min_count, o_weight=0.5,
                  meta={"trained_on": f"{len(items)} texts ({args.format})", "lexicon_version": lexicon.version})
    path = model.save(args.out)
    print(f"framing: wrote {path} ({len(model.weights):,} features, {model.meta['examples']:,} tokens)",
          file=sys.stderr)
    return 0
