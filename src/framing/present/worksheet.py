"""Render exercises as printable worksheets and answer keys, in HTML and Markdown.

A worksheet and its answer key are separate documents, so a teacher can print
the sheet for students and keep the key.  :func:`write_worksheet` writes all
four files from one ``--out`` name::

    --out week3.html   ->  week3.html  week3.key.html  week3.md  week3.key.md

(``.htm``, ``.md`` and ``.markdown`` are stripped the same way; any other name
is used as the stem as given).  The HTML is self-contained (inline CSS, no
scripts, nothing fetched), prints one exercise per page (``@media print``,
page breaks between exercises), and uses no dark backgrounds.  Every piece of
corpus text (passages, phrases, outlet names, titles, explanations built from
them) goes through :func:`html.escape`; Markdown output escapes HTML and the
Markdown punctuation that would change rendering.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from framing.core.escape import html_escape, md_escape
from framing.core.files import write_text_atomic
from framing.present.render import mark_pieces
from framing.present.exercises import (OWN_CHOICE, Answer, Exercise, Passage, category_colours)
from framing.present.exercises.glossary import glossary_for
from framing.present.exercises.pedagogy import minutes, rubric, sample_answer, total_minutes
from framing.present.exercises.classset import StudentSheet

__all__ = ["render_html", "render_markdown", "exercise_html", "passage_html", "output_paths",
           "write_worksheet", "md_escape", "category_label"]

#: Rows of blank answer lines under open questions, by kind: enough room to
#: write in by hand on paper.
ANSWER_LINES = {"spot": 6, "voice": 0, "rewrite": 8, "sourcing": 0, "source": 4, "frames": 4}

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
#: Highlight colour when a category has none (a pale yellow, like a marker pen).
DEFAULT_MARK = "#fff3a3"

CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: Georgia, "Times New Roman", serif; color: #111; background: #fff;
       max-width: 50rem; margin: 0 auto; padding: 1.5rem; line-height: 1.5; font-size: 11.5pt; }
header.doc { border-bottom: 2px solid #333; margin-bottom: 1rem; }
header.doc h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
.meta, .small { font-size: .85rem; color: #444; }
.student { display: flex; gap: 2rem; margin: .5rem 0 1rem; }
.student span { flex: 1; border-bottom: 1px solid #555; padding-top: 1rem; font-size: .85rem; }
section.exercise { margin: 0 0 2rem; }
section.exercise + section.exercise { border-top: 1px dashed #999; padding-top: 1rem; }
h2 { font-size: 1.25rem; margin: .5rem 0; }
h3 { font-size: 1.05rem; margin: 1rem 0 .25rem; }
.instructions { font-style: italic; }
.claim { border-left: 4px solid #888; padding: .25rem .75rem; background: #f6f6f6; }
.passage { border: 1px solid #bbb; border-radius: 4px; padding: .5rem 1rem; margin: .75rem 0;
           background: #fff; }
.passage .label { font-weight: bold; margin: 0; }
.passage .source { font-size: .85rem; color: #444; margin: 0 0 .25rem; }
.passage p.text { margin: .4rem 0; }
ol.sentences li { margin: .3rem 0; }
mark { padding: 0 .1em; border-bottom: 2px solid #333; color: #111;
       -webkit-print-color-adjust: exact; print-color-adjust: exact; }
sup.n { font-size: .7em; font-weight: bold; margin-left: 1px; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; font-size: .92rem; }
th, td { border: 1px solid #999; padding: .3rem .45rem; text-align: left; vertical-align: top; }
th { background: #eee; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.box { display: inline-block; width: .9em; height: .9em; border: 1.5px solid #222; margin-right: .3em;
       vertical-align: -0.1em; }
.choices { list-style: none; padding-left: .25rem; margin: 0; }
.choices li { margin: .15rem 0; }
table.sourcing td:first-child, table.sourcing th:first-child { width: 6rem; }
table.sourcing td { height: 2.2em; }
.lines .line { border-bottom: 1px solid #888; height: 2em; }
.answer { font-weight: bold; }
.model { border: 1px solid #6a6; background: #f3fbf3; padding: .5rem 1rem; border-radius: 4px;
         -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.model p.text:first-child { margin-top: 0; }
.model p.text:last-child { margin-bottom: 0; }
.notes li { margin: .2rem 0; }
footer.doc { margin-top: 2rem; font-size: .8rem; color: #555; border-top: 1px solid #ccc; }
.runhead { display: none; }
.time { font-size: .85rem; color: #333; }
.rubric td:nth-child(2) { width: 4rem; text-align: center; }
.bank { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; }
.bank li { border: 1px solid #888; border-radius: 1em; padding: .1rem .7rem; }
.glossary dt { font-weight: bold; margin-top: .4rem; }
.glossary dd { margin-left: 1rem; }
@page { size: A4; margin: 20mm 15mm 18mm;
        @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 9pt; }
        @bottom-left { font-size: 9pt; } }
@media print {
  .runhead { display: block; position: fixed; top: -14mm; left: 0; right: 0; font-size: 9pt;
             border-bottom: 1px solid #999; padding-bottom: 1mm; }
  .key .runhead { display: none; }
  section.glossary { break-before: page; page-break-before: always; }
  body { max-width: none; padding: 0; font-size: 11pt; }
  section.exercise { break-before: page; page-break-before: always; }
  section.exercise:first-of-type { break-before: auto; page-break-before: auto; }
  section.exercise + section.exercise { border-top: none; padding-top: 0; }
  .passage, table, .model, li { break-inside: avoid; page-break-inside: avoid; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


_e = html_escape


def _colour(colours: Mapping[str, str], category: str) -> str:
    c = colours.get(category, "")
    return c if _HEX.match(c or "") else DEFAULT_MARK


# --------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------

def _marked_html(text: str, spans: Sequence[tuple[int, int, str, str, int]], colours: Mapping[str, str]) -> str:
    """Return ``text`` escaped, one ``<p>`` per line, with ``(start, end, category, title, number)`` spans marked.

    Overlapping spans keep the first (earliest, then longest); a span across a
    line break is marked on both lines.
    """
    placed: list[tuple[int, int, str, str, int]] = []
    for sp in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if sp[0] < 0 or sp[1] > len(text) or sp[1] <= sp[0]:
            continue
        if any(sp[0] < q[1] and q[0] < sp[1] for q in placed):
            continue
        placed.append(sp)

    def wrap(piece: str, cover: list[tuple[int, int, str, str, int]], a: int, b: int) -> str:
        _s, e, cat, title, num = cover[0]  # placed spans never overlap: one covers the piece
        tip = f' title="{_e(title)}"' if title else ""
        sup = f'<sup class="n">{num}</sup>' if num and b == e else ""
        return f'<mark class="cat-{_e(cat)}" style="background:{_colour(colours, cat)}"{tip}>{piece}</mark>{sup}'

    marked = [(sp[0], sp[1], sp) for sp in placed]
    out: list[str] = []
    pos = 0
    for line in text.split("\n"):
        lo = pos
        pos += len(line) + 1
        if line.strip():
            out.append(f'<p class="text">{mark_pieces(line, marked, wrap, lo)}</p>')
    return "\n".join(out)


def passage_html(passage: Passage, answers: Iterable[Answer] = (), colours: Mapping[str, str] | None = None,
                 show_source: bool = True, numbered: bool = False) -> str:
    """Return one passage as an HTML block: label, source line, text (answers marked, numbered 1..n).

    ``numbered`` lists the sentences as a numbered list (sourcing exercises).
    """
    colours = colours or {}
    spans = [(a.start, a.end, a.category, a.explanation, i)
             for i, a in enumerate(answers, 1) if a.start >= 0]
    head = f'<p class="label">{_e(passage.label)}</p>' if passage.label else ""
    src = f'<p class="source">Source: {_e(passage.source_line)}</p>' if show_source else ""
    if numbered:
        items = []
        for s, e in passage.sentences:
            sub = [(a - s, b - s, c, t, n) for a, b, c, t, n in spans if s <= a and b <= e]
            items.append(f"<li>{_marked_html(passage.text[s:e], sub, colours)}</li>")
        body = f'<ol class="sentences">{"".join(items)}</ol>'
    else:
        body = _marked_html(passage.text, spans, colours)
    if passage.endnotes:
        body += '<p class="source">Endnotes: ' + " · ".join(_e(n) for n in passage.endnotes) + "</p>"
    return f'<div class="passage">{head}{src}{body}</div>'


def _lines(n: int) -> str:
    return f'<div class="lines">{"".join(chr(10) + "<div class=line></div>" for _ in range(n))}</div>' if n else ""


def _box() -> str:
    return '<span class="box" aria-hidden="true"></span>'


def _sheet_body(ex: Exercise) -> str:
    """Return the student part of one exercise: passages and blank spaces to answer in."""
    k = ex.kind
    out: list[str] = []
    if k == "frames":
        out.append(f'<p class="claim"><strong>Claim:</strong> {_e(ex.claim_statement)}</p>')
        out.extend(passage_html(p) for p in ex.passages)
        for q in ex.questions:
            out.append(f"<h3>{_e(q.prompt)}</h3>{_lines(ANSWER_LINES['frames'])}")
        out.append(_rubric_html(ex))
        return "\n".join(out)
    if k == "sourcing":
        # the passage as numbered sentences, then one row per number to answer in
        out.append(passage_html(ex.passage, numbered=True))
        rows = "".join(f"<tr><td>{i}</td><td>{_box()}yes</td><td></td></tr>"
                       for i, _ in enumerate(ex.questions, 1))
        out.append("<table class=\"sourcing\"><thead><tr><th>Sentence</th><th>Names its source?</th>"
                   f"<th>Who or what is the source?</th></tr></thead><tbody>{rows}</tbody></table>")
        return "\n".join(out)
    out.append(passage_html(ex.passage, show_source=(k != "source")))
    if k == "spot":
        bank = "".join(f"<li>{_e(c)}</li>" for c in ex.questions[0].choices)
        out.append(f"<h3>{_e(ex.questions[0].prompt)} Circle them.</h3><ul class=\"bank\">{bank}</ul>")
        rows = "".join("<tr><td>&nbsp;</td><td></td></tr>" for _ in range(ANSWER_LINES["spot"]))
        out.append("<table class=\"write\"><thead><tr><th>Loaded word or phrase</th><th>A more neutral word"
                   f"</th></tr></thead><tbody>{rows}</tbody></table>")
    elif k == "voice":
        voice_rows: list[str] = []
        for i, q in enumerate(ex.questions, 1):
            opts = "".join(f"<li>{_box()}{_e(c)}</li>" for c in q.choices)
            voice_rows.append(f"<tr><td>{i}</td><td>“{_e(q.target)}”</td>"
                              f"<td><ul class=\"choices\">{opts}</ul></td></tr>")
        out.append("<table class=\"voice\"><thead><tr><th>#</th><th>Phrase</th><th>Who says it?</th></tr></thead>"
                   f"<tbody>{''.join(voice_rows)}</tbody></table>")
    elif k == "rewrite":
        out.append(f"<h3>{_e(ex.questions[0].prompt)}</h3>{_lines(ANSWER_LINES['rewrite'])}")
    elif k == "source":
        q1, q2 = ex.questions[0], ex.questions[1]
        opts = "".join(f"<li>{_box()}{_e(c)}</li>" for c in q1.choices)
        out.append(f"<h3>{_e(q1.prompt)}</h3><ul class=\"choices stances\">{opts}</ul>")
        out.append(f"<h3>{_e(q2.prompt)}</h3>{_lines(ANSWER_LINES['source'])}")
    out.append(_rubric_html(ex))
    return "\n".join(out)


def _rubric_html(ex: Exercise) -> str:
    """Return the rubric table of a free-text task ('' when the kind has none)."""
    crit = rubric(ex.kind, ex.lexicon_dir or None)
    if not crit:
        return ""
    rows = "".join(f"<tr><td>{_e(c.criterion)}</td><td>{c.points}</td><td>{_e(c.full_marks)}</td></tr>"
                   for c in crit)
    return ('<table class="rubric"><thead><tr><th>How it is marked</th><th>Points</th><th>Full marks when'
            f"</th></tr></thead><tbody>{rows}</tbody></table>")


def _answers_table(answers: Sequence[Answer], columns: Sequence[tuple[str, str]],
                   labels: Mapping[int, str] | None = None) -> str:
    """Return an HTML table of answers; ``columns`` are ``(heading, field)`` with the special fields
    ``#`` (row number), ``who`` (voice and speaker) and ``passage`` (the passage label from ``labels``)."""
    head = "".join(f"<th>{_e(h)}</th>" for h, _ in columns)
    rows = []
    for i, a in enumerate(answers, 1):
        cells = []
        for _, attr in columns:
            if attr == "#":
                cells.append(f"<td>{i}</td>")
            elif attr == "passage":
                cells.append(f"<td>{_e((labels or {}).get(a.passage, ''))}</td>")
            elif attr == "who":
                cells.append(f"<td>{_e(_who(a))}</td>")
            elif attr == "category":
                cells.append(f"<td>{_e(category_label(a.category))}</td>")
            elif attr == "neutral_alternative":
                cells.append(f"<td>{_e(a.neutral_alternative or '(none in the lexicon)')}</td>")
            else:
                cells.append(f"<td>{_e(getattr(a, attr))}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f'<table class="answers"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


#: How answer categories that are not lexicon categories read in a key.
CATEGORY_LABELS = {
    "source_named": "named source", "source_vague": "vague source", "source_none": "no source",
    "named": "names its source", "vague": "vague source only", "none": "no source",
    "loaded_own": "loaded, own voice", "loaded_quoted": "loaded, quoted", "not_covered": "not covered",
    "distinctive": "distinctive word", "source": "source cited", "stance": "stance",
}


def category_label(category: str) -> str:
    """Return the reader-facing label of an answer category ("source_vague" -> "vague source")."""
    return CATEGORY_LABELS.get(category, category.replace("_", " "))


def _who(a: Answer) -> str:
    if a.voice == "own":
        return OWN_CHOICE
    if a.voice == "quoted":
        return f"quoted: {a.speaker}" if a.speaker else "quoted"
    return a.speaker


def _key_body(ex: Exercise, colours: Mapping[str, str]) -> str:
    """Return the answer-key part of one exercise: marked passages, answer tables, model answer, notes."""
    k = ex.kind
    out: list[str] = []
    ans = list(ex.answers)
    if k == "spot":
        out.append(passage_html(ex.passage, ans, colours))
        out.append(_answers_table(ans, [("#", "#"), ("Phrase", "text"), ("Category", "category"),
                                        ("Why it is loaded", "explanation"),
                                        ("Neutral alternative", "neutral_alternative"), ("Voice", "who")]))
    elif k == "voice":
        out.append(passage_html(ex.passage, ans, colours))
        out.append(_answers_table(ans, [("#", "#"), ("Phrase", "text"), ("Who says it", "who"),
                                        ("Why", "explanation")]))
    elif k == "rewrite":
        out.append(passage_html(ex.passage, ans, colours))
        out.append("<h3>Model rewrite</h3>")
        changed = [(a, b, "rewrite", "", 0) for a, b in ex.model_spans]
        out.append(f'<div class="model">{_marked_html(ex.model_answer, changed, colours)}</div>')
        out.append(_answers_table(ans, [("#", "#"), ("Phrase", "text"), ("Category", "category"),
                                        ("Model wording", "neutral_alternative"), ("Note", "explanation")]))
    elif k == "sourcing":
        out.append(passage_html(ex.passage, colours=colours, numbered=True))
        out.append(_answers_table(ans, [("#", "#"), ("Sentence", "text"), ("Sourcing", "category"),
                                        ("Source", "speaker"), ("Why", "explanation")]))
    elif k == "source":
        truth, cues = ans[0], ans[1:]
        out.append(f'<p class="answer">Answer: {_e(truth.text)}. {_e(truth.explanation)}</p>')
        out.append(passage_html(ex.passage, [c for c in cues], colours, show_source=False))
        out.append("<h3>Clues the tool found</h3>")
        out.append(_answers_table(cues, [("#", "#"), ("Clue", "text"), ("Kind", "category"),
                                         ("What it suggests", "explanation")]))
        if ex.passage.redacted:
            removed = ", ".join(dict.fromkeys(ex.passage.redacted))
            out.append(f'<p class="small">Removed from the passage: {_e(removed)}.</p>')
    elif k == "frames":
        out.append(f'<p class="claim"><strong>Claim:</strong> {_e(ex.claim_statement)}</p>')
        for pi, p in enumerate(ex.passages):
            mine = [a for a in ans if a.passage == pi and a.start >= 0 and a.category.startswith("loaded")]
            out.append(passage_html(p, mine, colours))
        groups = [("q1", "Word choice: loaded words, own voice or quoted",
                   [("Passage", "passage"), ("Phrase", "text"), ("Voice", "who"), ("Why", "explanation")]),
                  ("q2", "Sourcing", [("Passage", "passage"), ("Source", "text"), ("Kind", "category"),
                                      ("Evidence", "explanation")]),
                  ("q3", "Left out: stances that do not cover this claim", [("Stance", "text"),
                                                                           ("Why it matters", "explanation")]),
                  ("q4", "Words one passage uses", [("Passage", "passage"), ("Term", "text"),
                                                    ("Why", "explanation")])]
        labels = {i: (p.label or f"Passage {i + 1}") for i, p in enumerate(ex.passages)}
        for qid, heading, cols in groups:
            items = [a for a in ans if a.question == qid]
            if not items:
                continue
            out.append(f"<h3>{_e(heading)}</h3>")
            out.append(_answers_table(items, cols, labels))
    sample = sample_answer(ex)
    if sample and k != "rewrite":
        out.append(f'<h3>Sample answer</h3><div class="model">{_marked_html(sample, [], colours)}</div>')
    out.append(_rubric_html(ex))
    if ex.notes:
        out.append("<h3>Notes for the teacher</h3><ul class=\"notes\">"
                   + "".join(f"<li>{_e(n)}</li>" for n in ex.notes) + "</ul>")
    return "\n".join(out)


def exercise_html(ex: Exercise, key: bool = False, colours: Mapping[str, str] | None = None,
                  heading_level: int = 2) -> str:
    """Return one exercise as an HTML ``<section>``: the student sheet, or with ``key`` the answer key."""
    colours = category_colours(ex) if colours is None and key else (colours or {})
    h = f"h{heading_level}"
    head = (f'<section class="exercise" id="ex-{ex.number}" data-kind="{_e(ex.kind)}">'
            f"<{h}>{_e(ex.title)}</{h}>"
            f'<p class="small">Level: {_e(ex.level)} · about {minutes(ex)} min</p>'
            f'<p class="instructions">{_e(ex.instructions)}</p>')
    body = _key_body(ex, colours) if key else _sheet_body(ex)
    return f"{head}\n{body}\n</section>"


def glossary_html(exercises: Sequence[Exercise]) -> str:
    """Return the glossary section for the categories, stances and terms the exercises use ('' if none)."""
    terms: list[str] = ["loaded language"]
    for ex in exercises:
        if ex.kind in ("voice", "frames"):
            terms += ["own voice", "quoted"]
        if ex.kind in ("sourcing", "frames", "source"):
            terms += ["named source", "vague source"]
        terms += [a.category for a in ex.answers if a.category]
        if ex.kind == "source":
            terms += list(ex.questions[0].choices)
        terms += [p.stance for p in ex.passages if ex.kind != "source"]
    lexicon_dir = next((ex.lexicon_dir for ex in exercises if ex.lexicon_dir), None)
    entries = glossary_for(terms, lexicon_dir)
    if not entries:
        return ""
    items = "".join(f"<dt>{_e(e.term.replace('_', ' '))}</dt><dd>{_e(e.definition)}"
                    + (f" <em>Example: {_e(e.example)}</em>" if e.example else "") + "</dd>" for e in entries)
    return f'<section class="glossary"><h2>Glossary</h2><dl class="glossary">{items}</dl></section>'


def _css_string(text: str) -> str:
    """Return ``text`` as a CSS string literal (for the printed page footer)."""
    return '"' + "".join(c if c.isalnum() or c in " .,:;-_()'" else f"\\{ord(c):x} " for c in text) + '"'


def render_html(exercises: Sequence[Exercise], key: bool = False, title: str = "Media-literacy worksheet",
                note: str = "", student: str = "") -> str:
    """Return a complete, self-contained HTML document: the worksheet, or with ``key`` the answer key.

    The student sheet never holds any part of the key.  ``student`` fills
    the name line (a class-set version); printed, every page repeats the
    name line at the top and numbers the pages ("Page 2 of 5") at the bottom.
    """
    colours = category_colours(exercises[0]) if exercises and key else {}
    doc_title = f"{title} — answer key" if key else title
    name = _e(student) if student else ""
    student_line = ("" if key else f'<div class="student"><span>Name: {name}</span><span>Class</span>'
                                   '<span>Date</span></div>')
    runhead = ("" if key else f'<div class="runhead">Name: {name or "_" * 28} · {_e(title)}</div>')
    kinds = ", ".join(dict.fromkeys(ex.kind for ex in exercises))
    levels = ", ".join(dict.fromkeys(ex.level for ex in exercises))
    seed = exercises[0].seed if exercises else 0
    meta = (f"{len(exercises)} exercise(s) · kind: {kinds} · level: {levels} · about {total_minutes(exercises)} min"
            + ("" if not key else f" · seed {seed}"))
    sections = "\n".join(exercise_html(ex, key, colours) for ex in exercises)
    foot = ("Generated by framing from an analysed news corpus. Loaded phrases, voices and sources are "
            "found by transparent rules, lexicons and a span model; only what they agree on is scored."
            + (" Check the key before class." if key else "") + (f" {note}" if note else ""))
    page_title = _css_string(f"{doc_title}" + (f" — {student}" if student else ""))
    return ("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{_e(doc_title)}</title>\n<style>{CSS}\n@page {{ @bottom-left {{ content: {page_title}; }} }}</style>\n"
            "</head>\n"
            f"<body class=\"{'key' if key else 'sheet'}\">\n{runhead}\n"
            f'<header class="doc"><h1>{_e(doc_title)}</h1><p class="meta">{_e(meta)}</p>{student_line}</header>\n'
            f"{sections}\n{glossary_html(exercises)}\n<footer class=\"doc\"><p>{_e(foot)}</p></footer>\n"
            "</body>\n</html>\n")


# --------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------

def _md_passage(p: Passage, answers: Sequence[Answer] = (), show_source: bool = True) -> list[str]:
    """Return a passage as Markdown block-quote lines; answers are **bold** with their number."""
    spans = sorted([(a.start, a.end, i) for i, a in enumerate(answers, 1) if 0 <= a.start < a.end <= len(p.text)])
    placed: list[tuple[int, int, int]] = []
    for sp in spans:
        if not any(sp[0] < q[1] and q[0] < sp[1] for q in placed):
            placed.append(sp)
    out = []
    if p.label:
        out.append(f"**{md_escape(p.label)}**  ")
    if show_source:
        out.append(f"*Source: {md_escape(p.source_line)}*")
        out.append("")
    pos = 0
    for line in p.text.split("\n"):
        lo, hi = pos, pos + len(line)
        pos = hi + 1
        if not line.strip():
            continue
        parts, cur = [], lo
        for s, e, n in placed:
            s2, e2 = max(s, lo), min(e, hi)
            if s2 >= e2:
                continue
            parts.append(md_escape(p.text[cur:s2]))
            parts.append(f"**{md_escape(p.text[s2:e2])}**" + (f"<sup>{n}</sup>" if e2 == e else ""))
            cur = e2
        parts.append(md_escape(p.text[cur:hi]))
        out.append("> " + "".join(parts))
        out.append(">")
    if out and out[-1] == ">":
        out.pop()
    out.append("")
    return out


def _md_table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    out = ["| " + " | ".join(md_escape(h, inline=True) for h in headers) + " |",
           "|" + "|".join("---" for _ in headers) + "|"]
    for r in rows:
        out.append("| " + " | ".join(md_escape(str(c).replace("\n", " "), inline=True) for c in r) + " |")
    out.append("")
    return out


def _md_exercise(ex: Exercise, key: bool) -> list[str]:
    out = [f"## {md_escape(ex.title)}", "", f"*Level: {md_escape(ex.level)} · about {minutes(ex)} min*", "",
           md_escape(ex.instructions), ""]
    k = ex.kind
    ans = list(ex.answers)
    if k == "frames":
        out += [f"**Claim:** {md_escape(ex.claim_statement)}", ""]
        for pi, p in enumerate(ex.passages):
            mine = [a for a in ans if key and a.passage == pi and a.start >= 0 and a.category.startswith("loaded")]
            out += _md_passage(p, mine)
        if not key:
            for q in ex.questions:
                out += [f"**{md_escape(q.prompt)}**", "", "_" * 60, "", "_" * 60, ""]
        else:
            labels = {i: (p.label or f"Passage {i + 1}") for i, p in enumerate(ex.passages)}
            for qid, heading in (("q1", "Word choice"), ("q2", "Sourcing"), ("q3", "Left out"),
                                 ("q4", "Words one passage uses")):
                items = [a for a in ans if a.question == qid]
                if items:
                    out += [f"### {heading}", ""]
                    out += _md_table(["Passage", "Item", "Why"],
                                     [(labels.get(a.passage, "") if qid != "q3" else "", a.text, a.explanation)
                                      for a in items])
    elif k == "sourcing":
        out += _md_passage(ex.passage, ())
        if key:
            out += _md_table(["#", "Sentence", "Sourcing", "Source", "Why"],
                             [(i, a.text, category_label(a.category), a.speaker, a.explanation)
                              for i, a in enumerate(ans, 1)])
        else:
            out += _md_table(["#", "Sentence", "Names its source? (yes/no)", "Who or what?"],
                             [(i, q.target, "", "") for i, q in enumerate(ex.questions, 1)])
    else:
        show = k != "source"
        marks = [] if not key else (ans[1:] if k == "source" else ans)
        if key and k == "source":
            out += [f"**Answer: {md_escape(ans[0].text)}.** {md_escape(ans[0].explanation)}", ""]
        out += _md_passage(ex.passage, marks, show_source=show)
        if not key:
            if k == "spot":
                out += _md_table(["Loaded word or phrase", "A more neutral word"], [("", "")] * 4)
            elif k == "voice":
                out += _md_table(["#", "Phrase", "Who says it? (circle one)"],
                                 [(i, q.target, " / ".join(q.choices)) for i, q in enumerate(ex.questions, 1)])
            elif k == "rewrite":
                out += [f"**{md_escape(ex.questions[0].prompt)}**", ""] + ["_" * 60, ""] * 6
            elif k == "source":
                out += [f"**{md_escape(ex.questions[0].prompt)}**", ""]
                out += [f"- [ ] {md_escape(c)}" for c in ex.questions[0].choices] + [""]
                out += [f"**{md_escape(ex.questions[1].prompt)}**", "", "_" * 60, "", "_" * 60, ""]
        else:
            if k == "spot":
                out += _md_table(["#", "Phrase", "Category", "Why it is loaded", "Neutral alternative", "Voice"],
                                 [(i, a.text, category_label(a.category), a.explanation, a.neutral_alternative or "(none)",
                                   _who(a)) for i, a in enumerate(ans, 1)])
            elif k == "voice":
                out += _md_table(["#", "Phrase", "Who says it", "Why"],
                                 [(i, a.text, _who(a), a.explanation) for i, a in enumerate(ans, 1)])
            elif k == "rewrite":
                out += ["### Model rewrite", ""] + [f"> {md_escape(line)}" if line.strip() else ">"
                                                    for line in ex.model_answer.split("\n")] + [""]
                out += _md_table(["#", "Phrase", "Model wording", "Note"],
                                 [(i, a.text, a.neutral_alternative or "(kept)", a.explanation)
                                  for i, a in enumerate(ans, 1)])
            elif k == "source":
                out += _md_table(["#", "Clue", "Kind", "What it suggests"],
                                 [(i, a.text, category_label(a.category), a.explanation)
                                  for i, a in enumerate(ans[1:], 1)])
                if ex.passage.redacted:
                    out += [f"*Removed from the passage: {md_escape(', '.join(dict.fromkeys(ex.passage.redacted)))}.*",
                            ""]
    if k == "spot" and not key:
        out += ["**Word bank (circle the loaded ones):** " + " · ".join(md_escape(c, inline=True)
                                                                        for c in ex.questions[0].choices), ""]
    crit = rubric(k, ex.lexicon_dir or None)
    if crit:
        out += _md_table(["How it is marked", "Points", "Full marks when"],
                         [(c.criterion, c.points, c.full_marks) for c in crit])
    sample = sample_answer(ex) if key and k != "rewrite" else ""
    if sample:
        out += ["**Sample answer**", "", md_escape(sample), ""]
    if key and ex.notes:
        out += ["**Notes for the teacher**", ""] + [f"- {md_escape(n)}" for n in ex.notes] + [""]
    return out


def render_markdown(exercises: Sequence[Exercise], key: bool = False,
                    title: str = "Media-literacy worksheet", student: str = "") -> str:
    """Return the worksheet (or with ``key`` the answer key) as Markdown; exercises are separated by rules."""
    doc_title = f"{title} — answer key" if key else title
    out = [f"# {md_escape(doc_title)}", ""]
    if not key:
        out += [f"Name: {md_escape(student) if student else '______________________'}  Class: ____________  "
                "Date: ____________", ""]
    for i, ex in enumerate(exercises):
        if i:
            out += ["---", ""]
        out += _md_exercise(ex, key)
    return "\n".join(out).rstrip() + "\n"


# --------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------

def output_paths(out: str | Path) -> dict[str, Path]:
    """Return the four file paths for ``--out``: ``sheet_html``, ``key_html``, ``sheet_md``, ``key_md``.

    ``sheet.html``, ``sheet.md`` and ``sheet`` all give ``sheet.html``,
    ``sheet.key.html``, ``sheet.md`` and ``sheet.key.md`` beside each other.
    """
    out = Path(out)
    stem = out.name
    for suf in (".html", ".htm", ".markdown", ".md"):
        if stem.lower().endswith(suf) and len(stem) > len(suf):
            stem = stem[: -len(suf)]
            break
    base = out.with_name(stem)
    return {"sheet_html": base.with_name(stem + ".html"), "key_html": base.with_name(stem + ".key.html"),
            "sheet_md": base.with_name(stem + ".md"), "key_md": base.with_name(stem + ".key.md")}


_write = write_text_atomic  # a crash never leaves half a worksheet


def write_worksheet(exercises: Sequence[Exercise], out: str | Path,
                    title: str = "Media-literacy worksheet") -> list[Path]:
    """Write the worksheet and answer key as HTML and Markdown (see :func:`output_paths`); return the paths written."""
    paths = output_paths(out)
    _write(paths["sheet_html"], render_html(exercises, key=False, title=title))
    _write(paths["key_html"], render_html(exercises, key=True, title=title))
    _write(paths["sheet_md"], render_markdown(exercises, key=False, title=title))
    _write(paths["key_md"], render_markdown(exercises, key=True, title=title))
    return [paths["sheet_html"], paths["key_html"], paths["sheet_md"], paths["key_md"]]


def write_class_set(versions: Sequence["StudentSheet"], out: str | Path,
                    title: str = "Media-literacy worksheet") -> list[Path]:
    """Write one student sheet per version (``NAME.<student>.html`` and ``.md``, name line filled); return the paths.

    The versions share one answer key (same items), written by :func:`write_worksheet`.
    """
    paths = output_paths(out)
    written = []
    for v in versions:
        html_p = paths["sheet_html"].with_name(f"{paths['sheet_html'].stem}.{v.slug}.html")
        md_p = paths["sheet_md"].with_name(f"{paths['sheet_md'].stem}.{v.slug}.md")
        _write(html_p, render_html(v.exercises, key=False, title=title, student=v.student))
        _write(md_p, render_markdown(v.exercises, key=False, title=title, student=v.student))
        written += [html_p, md_p]
    return written


def write_lms(exercises: Sequence[Exercise], out: str | Path, formats: Iterable[str],
              title: str = "Media-literacy worksheet") -> list[Path]:
    """Write the exercises for a learning platform: ``gift`` -> ``NAME.gift.txt``, ``qti`` -> ``NAME.qti.zip``."""
    from framing.present.exercises.lms import to_gift, to_qti_zip
    from framing.core.files import atomic_path
    base = output_paths(out)["sheet_html"]
    written = []
    for f in formats:
        if f == "gift":
            p = base.with_name(base.stem + ".gift.txt")
            _write(p, to_gift(exercises, category=title))
        else:
            p = base.with_name(base.stem + ".qti.zip")
            with atomic_path(p) as tmp:
                tmp.write_bytes(to_qti_zip(exercises, title))
        written.append(p)
    return written
