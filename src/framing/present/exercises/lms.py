"""Exercises for a learning platform: Moodle GIFT text and an IMS QTI 2.1 content package.

Mapping (both formats): ``spot`` is a multiple-answer question over the word
bank (each loaded phrase earns an equal share, each distractor takes one
away); each ``voice`` phrase and the ``source`` guess are single-choice
questions; each ``sourcing`` sentence is true/false ("names its source");
``rewrite`` and ``frames`` are essays whose general feedback is the model
answer or the key.  The passage is part of every question's text.

GIFT escaping follows Moodle's documentation: ``~ = # { } :`` and the
backslash are escaped with a backslash, and a line break inside a question
is written ``\\n`` (a blank line ends a question).  QTI items are written with
:mod:`xml.etree.ElementTree`, which escapes ``& < > "`` itself.
"""

from __future__ import annotations

import io
import re
import zipfile
import xml.etree.ElementTree as ET
from typing import Sequence

from framing.present.exercises.records import Exercise
from framing.present.exercises.settings import OWN_CHOICE, QUOTED_PREFIX, UNNAMED_SPEAKER

#: The answer weights Moodle accepts in GIFT, as it writes them.
MOODLE_WEIGHTS = (100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667,
                  14.28571, 12.5, 11.11111, 10, 5)
QTI_NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"


def gift_escape(text: str) -> str:
    """Return ``text`` safe inside GIFT: the special characters backslash-escaped, line breaks as ``\\n``."""
    out = re.sub(r"([\\~=#{}:])", r"\\\1", text)
    return "\\n".join(line.strip() for line in out.splitlines() if line.strip())


def _weight(n: int) -> str:
    """Return the Moodle weight nearest to 100/n, as GIFT writes it."""
    w = min(MOODLE_WEIGHTS, key=lambda x: abs(x - 100 / max(1, n)))
    return f"{w:g}"


def _truth(a) -> str:
    return OWN_CHOICE if a.voice == "own" else QUOTED_PREFIX + (a.speaker or UNNAMED_SPEAKER)


def _lead(ex: Exercise) -> str:
    parts = [ex.instructions]
    if ex.kind == "frames":
        parts.append(f"Claim: {ex.claim_statement}")
    for p in ex.passages:
        label = f"{p.label}: " if p.label else ""
        src = "" if ex.kind == "source" else f" ({p.source_line})"
        parts.append(f"{label}{p.text}{src}")
    return "\n".join(parts)


def _key_text(ex: Exercise) -> str:
    if ex.kind == "rewrite":
        return "Model rewrite: " + ex.model_answer
    return " ".join(f"{a.text}: {a.explanation}" for a in ex.answers[:12])


def to_gift(exercises: Sequence[Exercise], category: str = "") -> str:
    """Return the exercises as Moodle GIFT text (one or more questions per exercise)."""
    out: list[str] = []
    if category:
        out += [f"$CATEGORY: {category}", ""]
    for ex in exercises:
        lead = gift_escape(_lead(ex))
        name = gift_escape(ex.title)
        out.append(f"// {ex.kind}, level {ex.level}, seed {ex.seed}".replace("\n", " "))
        if ex.kind == "spot":
            right = {a.text for a in ex.answers}
            n = len({t.lower() for t in right})
            opts = []
            for c in ex.questions[0].choices:
                w = _weight(n)
                why = next((a.explanation for a in ex.answers if a.text == c), "not loaded here")
                opts.append(f"~%{w if c in right else '-' + w}%{gift_escape(c)}#{gift_escape(why)}")
            out.append(f"::{name}::{lead}\\n{gift_escape(ex.questions[0].prompt)} {{\n" + "\n".join(opts) + "\n}")
        elif ex.kind == "voice":
            by_q = {a.question: a for a in ex.answers}
            for q in ex.questions:
                a = by_q[q.id]
                truth = _truth(a)
                opts = [("=" if c == truth else "~") + gift_escape(c)
                        + ("#" + gift_escape(a.explanation) if c == truth else "") for c in q.choices]
                out.append(f"::{name} {q.id}::{lead}\\n{gift_escape(q.prompt)} {{\n" + "\n".join(opts) + "\n}")
                out.append("")
        elif ex.kind == "source":
            stance = ex.answers[0]
            opts = [("=" if c == stance.text else "~") + gift_escape(c) for c in ex.questions[0].choices]
            out.append(f"::{name}::{lead}\\n{gift_escape(ex.questions[0].prompt)} {{\n" + "\n".join(opts)
                       + f"\n####{gift_escape(stance.explanation)}\n}}")
        elif ex.kind == "sourcing":
            for q, a in zip(ex.questions, [a for a in ex.answers if a.question.startswith("s")]):
                tf = "T" if a.category == "named" else "F"
                out.append(f"::{name} {q.id}::{lead}\\n{gift_escape(q.prompt)} “{gift_escape(q.target)}” "
                           f"{{{tf}#{gift_escape(a.explanation)}}}")
                out.append("")
        else:  # rewrite, frames: essays with the key as general feedback
            prompts = " ".join(q.prompt for q in ex.questions)
            out.append(f"::{name}::{lead}\\n{gift_escape(prompts)} {{\n####{gift_escape(_key_text(ex))}\n}}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


# --------------------------------------------------------------------------- QTI 2.1


def _q(tag: str) -> str:
    return f"{{{QTI_NS}}}{tag}"


def _item(ident: str, title: str, lead: str, prompt: str, kind: str, choices: Sequence[str] = (),
          correct: Sequence[str] = (), feedback: str = "") -> bytes:
    """Return one QTI 2.1 ``assessmentItem`` document (choice, multiple choice or essay)."""
    ET.register_namespace("", QTI_NS)
    item = ET.Element(_q("assessmentItem"), {"identifier": ident, "title": title, "adaptive": "false",
                                              "timeDependent": "false"})
    multiple = kind == "multiple"
    rd = ET.SubElement(item, _q("responseDeclaration"), {
        "identifier": "RESPONSE", "cardinality": "multiple" if multiple else "single",
        "baseType": "string" if kind == "essay" else "identifier"})
    ids = {c: f"C{i}" for i, c in enumerate(choices, 1)}
    if kind != "essay":
        cr = ET.SubElement(rd, _q("correctResponse"))
        for c in correct:
            ET.SubElement(cr, _q("value")).text = ids[c]
        if multiple:
            mp = ET.SubElement(rd, _q("mapping"), {"lowerBound": "0", "upperBound": "1", "defaultValue": "0"})
            share = 1 / max(1, len(correct))
            for c in choices:
                ET.SubElement(mp, _q("mapEntry"), {"mapKey": ids[c],
                                                   "mappedValue": f"{share if c in correct else -share:.4f}"})
    od = ET.SubElement(item, _q("outcomeDeclaration"), {"identifier": "SCORE", "cardinality": "single",
                                                       "baseType": "float"})
    ET.SubElement(ET.SubElement(od, _q("defaultValue")), _q("value")).text = "0"
    body = ET.SubElement(item, _q("itemBody"))
    for para in lead.split("\n"):
        if para.strip():
            ET.SubElement(body, _q("p")).text = para
    if kind == "essay":
        inter = ET.SubElement(body, _q("extendedTextInteraction"), {"responseIdentifier": "RESPONSE",
                                                                    "expectedLines": "8"})
        ET.SubElement(inter, _q("prompt")).text = prompt
    else:
        inter = ET.SubElement(body, _q("choiceInteraction"), {
            "responseIdentifier": "RESPONSE", "shuffle": "false", "maxChoices": "0" if multiple else "1"})
        ET.SubElement(inter, _q("prompt")).text = prompt
        for c in choices:
            ET.SubElement(inter, _q("simpleChoice"), {"identifier": ids[c]}).text = c
    if kind != "essay":
        template = "map_response" if multiple else "match_correct"
        ET.SubElement(item, _q("responseProcessing"), {
            "template": f"http://www.imsglobal.org/question/qti_v2p1/rptemplates/{template}"})
    if feedback:
        fb = ET.SubElement(item, _q("modalFeedback"), {"outcomeIdentifier": "FEEDBACK", "identifier": "KEY",
                                                        "showHide": "show"})
        fb.text = feedback
        od2 = ET.Element(_q("outcomeDeclaration"), {"identifier": "FEEDBACK", "cardinality": "single",
                                                   "baseType": "identifier"})
        item.insert(list(item).index(od) + 1, od2)
    return ET.tostring(item, encoding="utf-8", xml_declaration=True)


def qti_items(exercises: Sequence[Exercise]) -> list[tuple[str, bytes]]:
    """Return ``(file name, QTI 2.1 assessmentItem XML)`` for every question of the exercises."""
    out: list[tuple[str, bytes]] = []
    for ex in exercises:
        lead = _lead(ex)
        base = f"ex{ex.number:02d}_{ex.kind}"
        if ex.kind == "spot":
            right = [c for c in ex.questions[0].choices if c in {a.text for a in ex.answers}]
            out.append((f"{base}.xml", _item(base, ex.title, lead, ex.questions[0].prompt, "multiple",
                                            ex.questions[0].choices, right)))
        elif ex.kind == "voice":
            by_q = {a.question: a for a in ex.answers}
            for q in ex.questions:
                a = by_q[q.id]
                out.append((f"{base}_{q.id}.xml", _item(f"{base}_{q.id}", f"{ex.title} {q.id}", lead, q.prompt,
                                                        "single", q.choices, [_truth(a)], a.explanation)))
        elif ex.kind == "source":
            t = ex.answers[0]
            out.append((f"{base}.xml", _item(base, ex.title, lead, ex.questions[0].prompt, "single",
                                            ex.questions[0].choices, [t.text], t.explanation)))
        elif ex.kind == "sourcing":
            for q, a in zip(ex.questions, [a for a in ex.answers if a.question.startswith("s")]):
                truth = "yes" if a.category == "named" else "no"
                out.append((f"{base}_{q.id}.xml", _item(f"{base}_{q.id}", f"{ex.title} {q.id}", lead,
                                                        f"{q.prompt} “{q.target}”", "single", ("yes", "no"),
                                                        [truth], a.explanation)))
        else:
            prompt = " ".join(q.prompt for q in ex.questions)
            out.append((f"{base}.xml", _item(base, ex.title, lead, prompt, "essay", feedback=_key_text(ex))))
    return out


def to_qti_zip(exercises: Sequence[Exercise], title: str = "Media-literacy worksheet") -> bytes:
    """Return an IMS content package (zip): ``imsmanifest.xml`` plus one QTI 2.1 item file per question."""
    items = qti_items(exercises)
    ET.register_namespace("", CP_NS)
    man = ET.Element(f"{{{CP_NS}}}manifest", {"identifier": "framing-worksheet"})
    md = ET.SubElement(man, f"{{{CP_NS}}}metadata")
    ET.SubElement(md, f"{{{CP_NS}}}schema").text = "QTIv2.1 Package"
    ET.SubElement(md, f"{{{CP_NS}}}schemaversion").text = "1.0.0"
    ET.SubElement(man, f"{{{CP_NS}}}organizations")
    res = ET.SubElement(man, f"{{{CP_NS}}}resources")
    for name, _ in items:
        r = ET.SubElement(res, f"{{{CP_NS}}}resource", {"identifier": name[:-4], "type": "imsqti_item_xmlv2p1",
                                                        "href": name})
        ET.SubElement(r, f"{{{CP_NS}}}file", {"href": name})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("imsmanifest.xml", ET.tostring(man, encoding="utf-8", xml_declaration=True))
        for name, data in items:
            z.writestr(name, data)
    return buf.getvalue()
