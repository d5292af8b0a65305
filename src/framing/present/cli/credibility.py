"""``framing credibility`` (indicators with evidence) and ``framing provenance`` (who cites whom)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from framing.core.errors import FramingError
from framing.core.export import write_frame
from framing.present.cli.common import add_format, add_lexicons, add_paths, formatter, report_problems

if TYPE_CHECKING:
    from framing.analyze.corpus_analysis import CorpusAnalysis

CREDIBILITY_EXAMPLES = """examples:
  framing credibility                              indicators per seed document (table)
  framing credibility --by stance                  ... per stance; --by outlet, --by segment
  framing credibility --evidence --doc 003         the sentences behind each indicator of seed 003
  framing credibility --evidence --indicator relay --format csv --out relay.csv
  framing credibility --weights sourcing=2,relay=1,loaded=0 --format csv --out cred.csv
  framing credibility --endnotes                   seed 002's endnotes with resolved outlets
  framing credibility --validate --dev ../shared/reference/framing-dev
                                                   rank correlation of the composite with the
                                                   outlet ratings in lexicons/sources/ratings.csv

Indicators, thresholds and what they cannot tell: docs/credibility.md.
The composite is shown only with --weights (or --composite); its components,
weights and contributions are columns next to it.  Catalog ratings (rating,
rating_source, rating_date) are shown as cited metadata and never scored."""

PROVENANCE_EXAMPLES = """examples:
  framing provenance                               who cites whom in the seeds (CSV edge list)
  framing provenance --format dot --out cites.dot  Graphviz DOT (dot -Tsvg cites.dot > cites.svg)
  framing provenance --format dot --by outlet      one node per citing outlet instead of document
  framing provenance news/ --format json --out edges.json

Edges: citing document, stance and outlet -> cited source (resolved with
lexicons/outlets.csv and lexicons/sources/officials.csv), via attribution,
endnote or link, with a count and the first sentence or reference."""

#: Columns the screen table shows (csv/json carry all columns).
TABLE_COLUMNS = ["factual_sentences", "sourced_share", "named_attributions", "vague_attributions",
                 "links", "endnote_works", "primary_share", "relay_share", "rewrite_of",
                 "state_reliance", "unattributed_claims", "loaded_own", "loaded_quoted", "transparency_items"]
KEY_COLUMNS = {"document": ["doc_id", "stance"], "segment": ["seg_id", "kind", "stance"],
               "outlet": ["outlet"], "stance": ["stance"]}
EVIDENCE_TABLE_COLUMNS = ["indicator", "doc_id", "sent_idx", "source", "span", "detail", "text"]


def register(sub: argparse._SubParsersAction) -> None:
    """Register the ``credibility`` and ``provenance`` commands."""
    p = sub.add_parser(
        "credibility", help="transparent credibility indicators per document, outlet or stance, with evidence",
        description="Sourcing, relay (originality), state-media reliance, calibration, loaded language and "
                    "transparency, read from the text; each indicator decomposes into the sentences, spans "
                    "or references behind it (--evidence).",
        epilog=CREDIBILITY_EXAMPLES, formatter_class=formatter())
    add_paths(p)
    add_format(p, ["table", "csv", "json", "jsonl"], "table")
    p.add_argument("--by", choices=["document", "outlet", "stance", "segment"], default="document",
                   help="one row per document (default), outlet, stance or segment")
    p.add_argument("--evidence", action="store_true",
                   help="list the evidence rows (indicator, sentence/span, source, detail) instead")
    p.add_argument("--doc", metavar="DOC_ID", help="with --evidence: only this document (an id prefix works)")
    p.add_argument("--indicator", metavar="NAME",
                   help="with --evidence: only this indicator (attributed, relay, endnote, link, "
                        "unattributed_claim, vague_attribution, state_source, loaded_own, ...)")
    p.add_argument("--endnotes", action="store_true", help="list endnote works with resolved outlets instead")
    p.add_argument("--weights", metavar="K=V,...",
                   help="add the composite with these weights (components: sourcing, specificity, relay, "
                        "state_reliance, calibration, loaded, transparency; unlisted keep their defaults)")
    p.add_argument("--composite", action="store_true", help="add the composite with the default weights")
    add_lexicons(p, "lexicon folder holding outlets.csv and sources/officials.csv (default: bundled)")
    p.add_argument("--validate", action="store_true",
                   help="validate the composite against the cited outlet ratings (docs/credibility.md)")
    p.add_argument("--dev", metavar="DIR", action="append", default=[],
                   help="with --validate: also a reference set with manifest.csv and articles/ (repeatable)")
    p.set_defaults(func=run_credibility)

    q = sub.add_parser(
        "provenance", help="who cites whom: edges from attributions, endnotes and links",
        description="Citation edges from each document to the sources it names, cites in endnotes or links, "
                    "as a CSV/JSON edge list or a Graphviz DOT graph.",
        epilog=PROVENANCE_EXAMPLES, formatter_class=formatter())
    add_paths(q)
    add_format(q, ["csv", "json", "dot", "table"], "csv")
    q.add_argument("--by", choices=["document", "outlet", "stance"], default="document",
                   help="DOT only: one citing node per document (default), outlet or stance")
    add_lexicons(q)
    q.set_defaults(func=run_provenance)


def _analysis(args: argparse.Namespace) -> CorpusAnalysis:
    from framing.orchestrator import analyze_corpus
    return analyze_corpus(args.paths, args.catalog, args.lexicons)


def run_validate(args: argparse.Namespace) -> int:
    """Run ``framing credibility --validate``; return 0 when the targets are met, else 1."""
    import tempfile
    from pathlib import Path

    from framing.analyze.credibility import parse_weights
    from framing.analyze.credibility.validate import validate
    from framing.orchestrator import analyze_corpus
    from framing.text.manifest import catalog_from_manifest
    paths = list(args.paths)
    analyses = [analyze_corpus(paths or None, args.catalog, args.lexicons)]
    with tempfile.TemporaryDirectory() as tmp:
        for k, dev in enumerate(args.dev):
            manifest = Path(dev) / "manifest.csv"
            if not manifest.is_file():
                raise FramingError(f"no manifest.csv in {dev}", fix="give the folder holding manifest.csv and articles/")
            cat = catalog_from_manifest(manifest, Path(tmp) / f"catalog{k}.csv")
            analyses.append(analyze_corpus([Path(dev) / "articles"], cat, args.lexicons))
    weights = parse_weights(args.weights) if args.weights else None
    v = validate(analyses, weights)
    df = v.table[["rank", "outlet", "type", "parts", "composite", "rating_score", "rating", "rating_date"]]
    write_frame(df, args.format if args.format != "jsonl" else "json", args.out)
    print(v.summary(), file=sys.stderr)
    return 0 if v.passed else 1


def run_credibility(args: argparse.Namespace) -> int:
    """Run ``framing credibility``; return the exit code (1 when some input was skipped)."""
    if args.validate:
        return run_validate(args)
    from framing.analyze.credibility import composite, credibility_evidence, credibility_frame, endnote_sources, parse_weights
    if (args.doc or args.indicator) and not args.evidence:
        raise FramingError("--doc and --indicator select evidence rows", fix="add --evidence")
    weights = parse_weights(args.weights) if (args.weights or args.composite) else None
    a = _analysis(args)
    status = report_problems(list(a.problems))
    if args.evidence:
        df = credibility_evidence(a, args.doc, args.indicator)
        if args.indicator and df.empty:
            known = sorted(credibility_evidence(a)["indicator"].unique())
            if args.indicator not in known:
                raise FramingError(f"no indicator named {args.indicator!r}", fix="use one of " + ", ".join(known))
        if args.format == "table":
            df = df[EVIDENCE_TABLE_COLUMNS]
    elif args.endnotes:
        df = endnote_sources(a)
        if args.format == "table":
            df = df[["doc_id", "number", "outlet_raw", "outlet", "type", "state", "primary", "primary_rule",
                     "title"]]
    else:
        df = credibility_frame(a, by=args.by)
        status = max(status, report_problems(df.attrs.get("problems", []), "outlet list"))
        if weights is not None:
            df = composite(df, weights)
        if args.format == "table":
            extra = ["composite", "composite_basis"] if weights is not None else []
            df = df[KEY_COLUMNS[args.by] + TABLE_COLUMNS + extra]
    write_frame(df, args.format, args.out)
    if weights is not None and not args.evidence and not args.endnotes and args.out is None \
            and args.format == "table":
        from framing.analyze.credibility import weights_text
        print(f"weights: {weights_text(weights)}  (components, weights and contributions: --format csv)",
              file=sys.stderr)
    return status


def run_provenance(args: argparse.Namespace) -> int:
    """Run ``framing provenance``; return the exit code (1 when some input was skipped)."""
    from framing.analyze.provenance import provenance_edges, to_dot
    a = _analysis(args)
    status = report_problems(list(a.problems))
    edges = provenance_edges(a)
    status = max(status, report_problems(edges.attrs.get("problems", []), "outlet list"))
    if args.format == "dot":
        dot = to_dot(edges, by=args.by)
        if args.out:
            from framing.core.files import write_text_atomic
            write_text_atomic(args.out, dot)
        else:
            sys.stdout.write(dot)
        return status
    if args.format == "table":
        edges = edges[["citing_doc", "citing_stance", "cited", "cited_type", "via", "count", "details"]]
    write_frame(edges, args.format, args.out)
    return status
