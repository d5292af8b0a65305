"""``framing evaluate``: precision/recall of detected spans against PTC (SemEval-2020 Task 11) or guideline spans."""

from __future__ import annotations

import argparse
from pathlib import Path

from framing.core.errors import FramingError
from framing.core.export import write_frame
from framing.present.cli.common import add_detector, add_lexicons, formatter

EXAMPLES = """examples:
  framing evaluate --articles ../shared/reference/ptc-train/articles --labels ../shared/reference/ptc-train/labels
  framing evaluate --articles PTC/articles --labels PTC/labels --split heldout --output csv
  framing evaluate --format guideline --spans framing-dev/spans.csv --articles framing-dev/articles
  framing evaluate --format guideline --spans framing-dev/spans.csv --articles framing-dev/articles --cv 5

--format guideline scores every span row (lexicon, scare quotes, span model; --detector chooses) against a
file,start,end,text,category,voice,speaker CSV: overall, per guideline category, and voice accuracy.
--cv K instead trains the span model K times, each time on all files but one fold (folds by file), and scores
the pooled held-out predictions of the lexicon, the model and both."""

OUTPUTS = ["table", "csv", "json", "jsonl"]


def register(sub: argparse._SubParsersAction) -> None:
    """Register the ``evaluate`` command."""
    p = sub.add_parser("evaluate", help="score detected spans against PTC labels or guideline-format annotations",
                       description="Precision, recall and F1 with partial-overlap credit (predicted spans merged "
                                   "per file): for PTC overall, Loaded_Language+Name_Calling,Labeling and per "
                                   "technique; for the guideline format overall, per category and voice accuracy.",
                       epilog=EXAMPLES, formatter_class=formatter())
    p.add_argument("--articles", required=True, metavar="DIR", help="folder of the texts")
    p.add_argument("--labels", metavar="DIR", help="PTC: folder of article<ID>.task-flc-tc.labels")
    p.add_argument("--spans", metavar="FILE.csv", help="guideline: the span annotations")
    p.add_argument("--split", choices=["all", "study", "heldout"], default="all",
                   help="PTC: study = first 300 ids, heldout = the rest (see docs/evaluation.md)")
    p.add_argument("--cv", type=int, metavar="K", help="guideline: K-fold cross-validation by file of the span model")
    add_lexicons(p)
    add_detector(p)
    p.add_argument("--format", choices=["ptc", "guideline", *OUTPUTS], default=None,
                   help="annotation format: ptc (default, or guideline when --spans is given); the output "
                        "formats are accepted here too for compatibility (prefer --output)")
    p.add_argument("--output", choices=OUTPUTS, default=None, help="output format (default: table)")
    p.add_argument("--out", metavar="FILE")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the evaluation; return 0."""
    from framing.detect.lexicon import load_lexicon
    kind = args.format if args.format in ("ptc", "guideline") else ("guideline" if args.spans else "ptc")
    output = args.output or (args.format if args.format in OUTPUTS else "table")
    arts = Path(args.articles)
    if not arts.is_dir():
        raise FramingError("folder not found", arts, fix="give --articles the folder of texts")
    lexicon = load_lexicon(args.lexicons)
    if kind == "guideline":
        if not args.spans or not Path(args.spans).is_file():
            raise FramingError("--spans FILE.csv is required with --format guideline", args.spans,
                               fix="give the file,start,end,text,category,voice,speaker CSV")
        if args.cv:
            from framing.analyze.crossval import cross_validate
            df = cross_validate(args.spans, arts, k=args.cv, lexicon=lexicon)
        else:
            from framing.analyze.guideline import evaluate_guideline, span_predictor
            model = None
            if args.detector != "lexicon":
                from framing.detect.spanmodel.model import load_model
                model = load_model(args.model)
            df = evaluate_guideline(args.spans, arts, span_predictor(lexicon, args.detector, model))
        write_frame(df, output, args.out)
        return 0
    from framing.analyze.evaluate import evaluate, split_ids
    labels = Path(args.labels) if args.labels else None
    if labels is None or not labels.is_dir():
        raise FramingError("folder not found", labels, fix="give --labels the PTC labels folder")
    ids = None
    if args.split != "all":
        study, held = split_ids(arts)
        ids = study if args.split == "study" else held
    df = evaluate(arts, labels, lexicon, ids=ids)
    write_frame(df, output, args.out)
    return 0
