"""Measure voice, speaker and relay detection against framing-dev (read in place, never copied).

    PYTHONPATH=$PWD/src python bench/eval_voice.py [--dev DIR] [--show]

* voice accuracy: every English gold span (``articles/``) read at its offsets with
  :meth:`VoiceResult.voice_of_label` (the voice framing gives a match of that
  category at that offset: the voice of the text there, with the outlet's own
  labels inside indirect speech kept own), against the gold ``voice`` column;
  the plain :meth:`VoiceResult.voice_of` figure is printed too;
* speaker accuracy: gold spans with voice ``quoted`` and a non-empty gold speaker,
  counted right when the predicted speaker matches after normalisation (case,
  apostrophes, a leading "the", titles; either contains the other, or the
  outlet/official lists resolve both to the same name);
* relays: the texts whose manifest ``outlet`` says they are a copy of another
  outlet's text ("X (via Y)", "X (repost on Y)", "republished") or whose notes
  say "Rewrite of X" must be flagged by :func:`framing.detect.relays.find_relays`
  with the right original; a relay flag on any other text is a false flag.
  Texts whose attribution the manifest marks as *inferred* (not stated in the
  text) are reported apart.

Only the manifest ``url`` is given to framing as metadata (the site a text was
found on); the outlet column is the answer key.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from pathlib import Path

from framing.detect.outlets import load_officials, load_outlets
from framing.detect.voice import analyze_voice
from framing.text.corpus import document_from_text
from framing.text.parse import parse_document

DEFAULT_DEV = Path(__file__).resolve().parents[1] / ".." / "shared" / "reference" / "framing-dev"
if not DEFAULT_DEV.exists():
    DEFAULT_DEV = Path("/work/shared/reference/framing-dev")

#: Gold categories as framing's lexicon categories (for voice_of_label).
GOLD_CATEGORY = {"delegitimization": "delegitimizing", "loaded_language": "emotive",
                 "glorification": "sacralization", "scare_quotes": "scare_quotes"}

_TITLES = re.compile(r"\b(president|minister|foreign|spokesman|spokeswoman|spokesperson|mr|ms|mrs|dr)\.?\s+", re.I)


def norm_speaker(s: str) -> str:
    """Return a speaker label folded for comparison."""
    s = s.replace("\u2019", "'").lower()
    s = re.sub(r"\(relaying[^)]*\)", "", s)
    s = re.sub(r"^the\s+", "", s.strip())
    s = _TITLES.sub("", s)
    return re.sub(r"[^a-z0-9' ]+", " ", s).split() and " ".join(re.sub(r"[^a-z0-9' ]+", " ", s).split()) or ""


def speaker_match(pred: str, gold: str, outlets, officials) -> bool:
    """Return True when ``pred`` names the same speaker as ``gold``."""
    p, g = norm_speaker(pred), norm_speaker(gold)
    if not p or not g:
        return False
    if p == g or p in g.split(" (")[0] or g in p:
        return True
    if len(p) >= 4 and (p in g or g in p):
        return True
    for lst in (outlets, officials):
        a, b = lst.resolve(pred), lst.resolve(gold)
        if a is not None and b is not None and a.name == b.name:
            return True
    pl, gl = p.split()[-1], g.split()[-1]
    return len(pl) >= 4 and pl == gl


def _relay_gold(row: dict) -> tuple[str, bool] | None:
    """Return ``(original outlet, stated_in_text)`` for a repost/rewrite, else None."""
    outlet, notes = row["outlet"], row["notes"]
    if row["outlet_family"] == "forum":
        return None  # mirrors of forum threads copy no outlet
    m = re.match(r"(.+?)\s*\((?:repost on|via|republished on|RSS item via)\b", outlet)
    rew = re.search(r"Rewrite of an? (\w[\w ]*?) report", notes)
    if m:
        original = m.group(1)
    elif "republished" in outlet:
        original = outlet.split("(")[0].strip()
    elif rew:
        original = rew.group(1)
    else:
        return None
    original = original.replace("Russian MFA statement", "Russian Foreign Ministry")
    original = original.split(" (")[0]
    inferred = "inferred" in notes and ("attribution inferred" in notes or "(attribution" in notes
                                        or "attribution to" in notes)
    return original, not inferred


def _raw_to_repaired(parsed, raw: str, start: int, end: int, gold_text: str) -> tuple[int, int]:
    text = parsed.text
    if text == raw:
        return start, end
    # Repair changed the text: take the occurrence of the gold text nearest the raw offset.
    best, best_d = (start, end), None
    for m in re.finditer(re.escape(gold_text), text):
        d = abs(m.start() - start)
        if best_d is None or d < best_d:
            best, best_d = (m.start(), m.end()), d
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    ap.add_argument("--show", action="store_true", help="print every wrong span and relay")
    args = ap.parse_args(argv)
    dev = args.dev
    manifest = {r["file"]: r for r in csv.DictReader(open(dev / "manifest.csv", encoding="utf-8"))}
    spans: dict[str, list[dict]] = {}
    for r in csv.DictReader(open(dev / "spans.csv", encoding="utf-8")):
        if r["file"].startswith("articles/"):
            spans.setdefault(r["file"], []).append(r)
    outlets, officials = load_outlets(), load_officials()
    try:
        from framing.detect.relays import find_relays  # type: ignore[attr-defined]
    except ImportError:
        find_relays = None

    n = ok = plain_ok = sq = sok = 0
    relay_hits: list[str] = []
    relay_miss: list[str] = []
    false_flags: list[str] = []
    cpu = 0.0
    for f, row in manifest.items():
        if not f.startswith("articles/"):
            continue
        raw = open(dev / f, encoding="utf-8", newline="").read()
        doc = document_from_text(raw, Path(f).stem, f, {"url": row["url"]})
        parsed = parse_document(doc)
        t0 = time.process_time()
        voice = analyze_voice(parsed)
        cpu += time.process_time() - t0
        for s in spans.get(f, []):
            a, b = _raw_to_repaired(parsed, raw, int(s["start"]), int(s["end"]), s["text"])
            seg = next((g for g in parsed.segments if g.start <= a < g.end), None)
            cat = GOLD_CATEGORY.get(s["category"], s["category"])
            v, spk = ("own", "") if seg is None else voice.voice_of_label(seg, a, b, s["text"], cat)[:2]
            plain_ok += seg is not None and voice.voice_of(seg, a, b)[0] == s["voice"] or (
                seg is None and s["voice"] == "own")
            n += 1
            good = v == s["voice"]
            ok += good
            if s["voice"] == "quoted" and s["speaker"]:
                sq += 1
                sgood = v == "quoted" and speaker_match(spk, s["speaker"], outlets, officials)
                sok += sgood
            else:
                sgood = True
            if args.show and (not good or not sgood):
                print(f"  {f[9:40]:32} {s['text'][:30]!r:34} gold={s['voice']}/{s['speaker'][:28]!r} "
                      f"got={v}/{spk[:40]!r}")
        gold = _relay_gold(row)
        rows = find_relays(parsed, outlets) if find_relays is not None else []
        originals = [r.original for r in rows]
        if gold is not None:
            o = outlets.resolve(gold[0]) or officials.resolve(gold[0])
            want = o.name if o is not None else gold[0]
            tag = f"{f[9:45]} want={want} stated={gold[1]} got={originals}"
            if want in originals:
                relay_hits.append(tag)
            else:
                relay_miss.append(tag)
        elif originals:
            false_flags.append(f"{f[9:45]} got={originals}")
    stated = [x for x in relay_hits + relay_miss if "stated=True" in x]
    stated_hits = [x for x in relay_hits if "stated=True" in x]
    print(f"voice accuracy (all English gold spans): {ok}/{n} = {ok / n:.3f} "
          f"(plain voice_of, no label rule: {plain_ok / n:.3f})")
    print(f"speaker accuracy (quoted gold spans with a speaker): {sok}/{sq} = {sok / max(sq, 1):.3f}")
    total = len(relay_hits) + len(relay_miss)
    print(f"relays flagged with the right original: {len(relay_hits)}/{total} = "
          f"{len(relay_hits) / max(total, 1):.2f} (attribution stated in text: "
          f"{len(stated_hits)}/{len(stated)} = {len(stated_hits) / max(len(stated), 1):.2f})")
    print(f"false relay flags: {len(false_flags)}")
    print(f"analyze_voice CPU over the {len([f for f in manifest if f.startswith('articles/')])} texts: "
          f"{cpu:.2f} s")
    if args.show:
        for x in relay_miss:
            print("  MISS", x)
        for x in false_flags:
            print("  FALSE", x)
        for x in relay_hits:
            print("  HIT", x)
    return 0


if __name__ == "__main__":
    sys.exit(main())
