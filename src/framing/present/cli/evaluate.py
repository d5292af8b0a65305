"""``framing evaluate``: precision/recall of lexicon matches against SemEval-2020 Task 11 spans."""

from __future__ import annotations

import argparse
from pathlib import Path

from framing.core.errors import FramingError
from framing.core.export import write_frame
from framing.present.cli.common import add_lexicons, formatter

EXAMPLES = """examples:
  framing evaluate --articles ../shared/reference/ptc-train/articles --labels ../shared/reference/ptc-train/labels
  framing evaluate --articles PTC/articles --labels PTC/labels --split heldout --format csv"""


def register(sub: argparse._SubParsersAction) -> None:
    """Register the ``evaluate`` command."""
    p = sub.add_parser("evaluate", help="score lexicon matches against PTC / SemEval-2020 Task 11 span labels",
                       description="Precision, recall and F1 with partial-overlap credit, overall, for "
                                   "Loaded_Language+Name_Calling,Labeling and per technique.",
                       epilog=EXAMPLES, formatter_class=formatter())
    p.add_argument("--articles", required=True, metavar="DIR", help="folder of article<ID>.txt")
    p.add_argument("--labels", required=True, metavar="DIR", help="folder of article<ID>.task-flc-tc.labels")
    p.add_argument("--split", choices=["all", "study", "heldout"], default="all",
                   help="study = first 300 ids, heldout = the rest (see docs/evaluation.md)")
    add_lexicons(p)
    p.add_argument("--format", choices=["table", "csv", "json", "jsonl"], default="table")
    p.add_argument("--out", metavar="FILE")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the evaluation; return 0."""
    from framing.analyze.evaluate import evaluate, split_ids
    from framing.detect.lexicon import load_lexicon
    arts, labels = Path(args.articles), Path(args.labels)
    for d, what in ((arts, "--articles"), (labels, "--labels")):
        if not d.is_dir():
            raise FramingError("folder not found", d, fix=f"give {what} the PTC folder")
    ids = None
    if args.split != "all":
        study, held = split_ids(arts)
        ids = study if args.split == "study" else held
    df = evaluate(arts, labels, load_lexicon(args.lexicons), ids=ids)
    write_frame(df, args.format, args.out)
    return 0
