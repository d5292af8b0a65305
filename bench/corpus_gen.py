"""Generate a deterministic, realistic synthetic news corpus for benchmarks and tests.

Every document is assembled from sentence templates and vocabulary lists, so
it contains what the framing pipeline looks for: loaded phrases and labels,
direct quotes with speakers, attributions ("according to TASS", "officials
said"), vague sources, hedges and boosters, scare quotes, numbers and dates,
with a headline and a byline.  Outlets and stances are written to a
``catalog.csv`` beside the files, as a real corpus would have.

The text is our own; no article is copied.  The same ``seed`` and document
number always give the same bytes (each document has its own
``random.Random`` seeded from ``(seed, number)``), so a benchmark can be
rerun on identical input and a test can regenerate one document.

Usage::

    python bench/corpus_gen.py OUT_DIR --docs 10000 [--seed 7] [--kb 6] [--jsonl]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sys
from pathlib import Path

# ----------------------------------------------------------------- vocabulary

OUTLETS = [  # (outlet, stance)
    ("Northern Wire Service", "wire"),
    ("Daily Ledger", "western_press"),
    ("Global Courier", "western_press"),
    ("State Broadcast Network", "state_media"),
    ("Patriot Herald", "state_media"),
    ("Institute for Strategic Review", "think_tank"),
    ("Frontline Blog", "blog"),
    ("Regional Digest", "unknown"),
]

PLACES = ["Kyiv", "Moscow", "Pyongyang", "Seoul", "Kursk", "Wonsan", "Donetsk", "Kharkiv",
          "Vladivostok", "Brussels", "Washington", "Beijing", "Odesa", "Zaporizhzhia", "Tokyo"]
ACTORS = ["the Kremlin", "Kyiv", "Pyongyang", "the alliance", "the ministry", "the government",
          "the regime", "the delegation", "the army", "the opposition", "Western capitals",
          "the foreign ministry", "the defence ministry", "the security council"]
PEOPLE = [("Sergei Lavrov", "the Russian foreign minister"), ("Choe Son-hui", "North Korea's foreign minister"),
          ("Maria Kowalska", "a spokeswoman for the ministry"), ("John Harris", "a senior analyst"),
          ("Oleksandr Petrenko", "a regional governor"), ("Kim Min-jun", "a defence official"),
          ("Anna Weber", "an EU diplomat"), ("Dmitry Volkov", "a member of parliament"),
          ("Laura Chen", "a researcher at a security institute"), ("Pavel Orlov", "a Kremlin spokesman")]
AGENCIES = ["TASS", "Yonhap", "Reuters", "KCNA", "RIA Novosti", "Ukrinform", "AP", "Interfax", "AFP"]
VAGUE = ["observers", "some experts", "critics", "sources familiar with the matter", "many people",
         "analysts", "insiders", "local residents", "commentators"]
REPORT_VERBS = ["said", "stated", "claimed", "noted", "argued", "insisted", "pointed out", "warned",
                "alleged", "told reporters", "added", "stressed"]
NOUNS = ["treaty", "agreement", "offensive", "shipment", "summit", "sanctions", "exercise", "deployment",
         "partnership", "operation", "delegation", "visit", "resolution", "ceasefire", "referendum",
         "border", "missile test", "convoy", "negotiations", "aid package", "tourist zone"]
NEUTRAL_ADJ = ["new", "bilateral", "military", "economic", "regional", "joint", "strategic", "recent",
               "official", "diplomatic", "annual", "formal", "planned", "second"]
LOADED_ADJ = ["brutal", "criminal", "barbaric", "heroic", "shameful", "sinister", "so-called", "illegitimate",
              "aggressive", "puppet", "fascist", "treacherous", "glorious", "unbreakable", "invincible",
              "hysterical", "reckless", "terrorist", "genocidal", "neo-Nazi"]
LABELS = ["the Kyiv regime", "the Nazi junta", "the puppet government", "Western warmongers",
          "the collective West", "the occupiers", "the terrorist state", "the invaders", "the aggressor",
          "the criminal regime", "the orcs", "a rogue state", "the Axis of evil", "foreign agents",
          "Russophobes", "NATO hawks"]
LOADED_PHRASES = ["a campaign of terror", "a bloodthirsty assault", "a blatant provocation",
                  "a flagrant violation of international law", "a genocide against our people",
                  "an act of aggression", "a sham referendum", "hysterical propaganda",
                  "a shameful betrayal", "an invincible military brotherhood", "an existential threat",
                  "a barbaric attack on civilians", "unprecedented aggression", "the evil empire",
                  "a stab in the back", "mass hysteria", "a crusade against", "total victory"]
HEDGES = ["reportedly", "allegedly", "apparently", "possibly", "perhaps", "presumably", "seemingly",
          "probably", "likely"]
HEDGE_CLAUSES = ["It is believed that", "It appears that", "According to some estimates,",
                 "It is not clear whether", "It may be that", "It seems likely that", "Reportedly,"]
BOOSTERS = ["clearly", "undoubtedly", "certainly", "obviously", "without any doubt", "definitely",
            "beyond question", "in fact", "indeed", "it is evident that"]
SCARE = ["liberation", "peacekeepers", "special military operation", "referendum", "elections",
         "denazification", "volunteers", "humanitarian aid", "experts", "journalists", "defensive measures"]
EMOTIVE = ["outrage", "fear", "panic", "grief", "anger", "hope", "pride", "shame", "terror", "despair"]
CONNECTIVES = ["Meanwhile,", "However,", "At the same time,", "Earlier,", "In addition,", "Separately,",
               "On Monday,", "Last week,", "Later,", "By contrast,"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]

TEMPLATES = [
    "{Conn} {actor} {verb} that the {nadj} {noun} in {place} would go ahead as planned.",
    "{Hedge_cap} the {noun} was agreed during a {nadj} meeting in {place} on {date}.",
    "According to {agency}, {actor} described the {noun} as {loaded}.",
    "{agency} reported that {number} people had been evacuated from {place} after {loaded}.",
    "“{quote_text},” {verb} {person}, {role}.",
    "{person}, {role}, {verb}: “{quote_text}.”",
    "{Vague} say the {noun} is {hedge} linked to {label}.",
    "The {nadj} {noun} was {booster} {ladj}, {person} {verb} in an interview with {agency}.",
    "{Conn} {label} launched what officials called {loaded} near {place}.",
    "Critics dismissed the “{scare}” as a cover for {loaded}.",
    "The so-called “{scare}” in {place} was, {vague} said, {hedge} staged.",
    "Officials in {place} said {number} troops took part in the {nadj} {noun}.",
    "The {noun}, signed in {place} in {month} {year}, entered into force on {date}.",
    "{Booster_cap} {label} bears full responsibility for the {ladj} {noun}, the statement said.",
    "Residents of {place} described a mood of {emotive} as the {noun} began.",
    "{Hedge_cap} {actor} will {hedge} respond to the {noun} within {number} days.",
    "The {nadj} {noun} {hedge} involves {number} tonnes of equipment, {agency} said, citing unnamed sources.",
    "{person} told {agency} that the {noun} was “{ladj}” and “{ladj2}”.",
    "No independent confirmation of the figures was available, and {agency} could not verify the claims.",
    "{Conn} the ministry denied the reports, calling them {loaded} spread by {label}.",
    "The {noun} marks the {ordinal} such event this year, {agency} noted.",
    "Some {vague} warned that {label} could exploit the {nadj} {noun} to spread {emotive}.",
]
QUOTES = [
    "We will never accept {loaded}",
    "This {noun} is {booster} a turning point for the whole region",
    "{label} must answer for {loaded}",
    "Our partnership is stronger than ever and the {noun} proves it",
    "There is no evidence that the {noun} violates any agreement",
    "The {ladj} actions of {label} leave us no choice",
    "We are {hedge} ready to discuss the {noun} if the other side is serious",
    "It is {booster} a matter of national survival",
    "Nobody in {place} believes the {scare} story any more",
]
ORDINALS = ["second", "third", "fourth", "fifth", "sixth"]


def _fill(rng: random.Random, template: str) -> str:
    """Return ``template`` with every field filled from the vocabulary."""
    person, role = rng.choice(PEOPLE)
    hedge = rng.choice(HEDGES)
    booster = rng.choice(BOOSTERS)
    values = {
        "Conn": rng.choice(CONNECTIVES), "actor": rng.choice(ACTORS), "verb": rng.choice(REPORT_VERBS),
        "nadj": rng.choice(NEUTRAL_ADJ), "noun": rng.choice(NOUNS), "place": rng.choice(PLACES),
        "agency": rng.choice(AGENCIES), "loaded": rng.choice(LOADED_PHRASES), "label": rng.choice(LABELS),
        "person": person, "role": role, "hedge": hedge, "Hedge_cap": rng.choice(HEDGE_CLAUSES),
        "booster": booster, "Booster_cap": booster[0].upper() + booster[1:],
        "Vague": rng.choice(VAGUE).capitalize(), "vague": rng.choice(VAGUE),
        "ladj": rng.choice(LOADED_ADJ), "ladj2": rng.choice(LOADED_ADJ), "scare": rng.choice(SCARE),
        "emotive": rng.choice(EMOTIVE), "number": f"{rng.randint(2, 4000):,}",
        "date": f"{rng.randint(1, 28)} {rng.choice(MONTHS)}", "month": rng.choice(MONTHS),
        "year": str(rng.randint(2019, 2025)), "ordinal": rng.choice(ORDINALS),
    }
    if "{quote_text}" in template:
        values["quote_text"] = _fill(rng, rng.choice(QUOTES))
    return template.format(**values)


def make_document(seed: int, number: int, target_bytes: int = 6000) -> tuple[str, str, str]:
    """Return ``(text, outlet, stance)`` of synthetic document ``number`` (deterministic).

    The text has a headline, a dateline and byline, then paragraphs of 2-5
    sentences until it reaches about ``target_bytes`` UTF-8 bytes.
    """
    rng = random.Random(f"framing-bench:{seed}:{number}")
    outlet, stance = OUTLETS[rng.randrange(len(OUTLETS))]
    # State media and blogs use more loaded templates: stances should differ,
    # as they do in real corpora, so aggregates by stance are not all equal.
    loaded_bias = stance in ("state_media", "blog")
    headline = _fill(rng, rng.choice(TEMPLATES)).rstrip(".")
    parts = [headline, f"{rng.choice(PLACES)}, {rng.randint(1, 28)} {rng.choice(MONTHS)} ({outlet})"]
    size = sum(len(p) for p in parts)
    while size < target_bytes:
        n = rng.randint(2, 5)
        sents = []
        for _ in range(n):
            t = rng.choice(TEMPLATES)
            if loaded_bias and rng.random() < 0.3:
                t = rng.choice(TEMPLATES[7:10] + TEMPLATES[13:14] + TEMPLATES[19:20])
            sents.append(_fill(rng, t))
        para = " ".join(sents)
        parts.append(para)
        size += len(para.encode("utf-8")) + 2
    return "\n\n".join(parts) + "\n", outlet, stance


def generate(out_dir: str | Path, docs: int, seed: int = 7, kb: float = 6.0, jsonl: bool = False,
             per_folder: int = 1000, quiet: bool = True) -> Path:
    """Write ``docs`` documents under ``out_dir`` and return the folder.

    Text files go into sub-folders of ``per_folder`` files (file systems and
    ``ls`` dislike 100,000 entries in one folder) with one ``catalog.csv`` at
    the top; with ``jsonl=True`` one ``corpus.jsonl`` holds every record with
    its outlet and stance.  Existing output with the same parameters is kept
    (a ``.complete`` marker records them), so benchmarks regenerate only once.
    """
    out = Path(out_dir)
    marker = out / ".complete"
    params = json.dumps({"docs": docs, "seed": seed, "kb": kb, "jsonl": jsonl, "per_folder": per_folder})
    if marker.is_file() and marker.read_text() == params:
        return out
    out.mkdir(parents=True, exist_ok=True)
    target = int(kb * 1000)
    if jsonl:
        tmp = out / "corpus.jsonl.partial"
        with tmp.open("w", encoding="utf-8") as fh:
            for i in range(docs):
                text, outlet, stance = make_document(seed, i, target)
                fh.write(json.dumps({"id": f"gen{i:06d}", "text": text, "outlet": outlet,
                                     "stance": stance}, ensure_ascii=False) + "\n")
        os.replace(tmp, out / "corpus.jsonl")
    else:
        rows = []
        for i in range(docs):
            text, outlet, stance = make_document(seed, i, target)
            folder = out / f"part{i // per_folder:03d}"
            if i % per_folder == 0:
                folder.mkdir(exist_ok=True)
                if not quiet:
                    print(f"  generated {i} documents", file=sys.stderr)
            name = f"gen{i:06d}.txt"
            (folder / name).write_text(text, encoding="utf-8")
            rows.append((name, outlet, stance))
        with (out / "catalog.csv").open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["file", "outlet", "stance", "genre"])
            for name, outlet, stance in rows:
                w.writerow([name, outlet, stance, "news"])
    marker.write_text(params)
    return out


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, generate the corpus and return 0."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out", help="output folder")
    p.add_argument("--docs", type=int, default=1000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--kb", type=float, default=6.0, help="approximate size of one document in kB")
    p.add_argument("--jsonl", action="store_true", help="write one corpus.jsonl instead of .txt files")
    a = p.parse_args(argv)
    generate(a.out, a.docs, a.seed, a.kb, a.jsonl, quiet=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
