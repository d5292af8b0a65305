"""framing.present.render: escaped highlight HTML (hostile strings, overlaps, offsets) and tidy chart frames."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pandas as pd
import pytest

from framing.present import render
from framing.present.render import Block, Span, highlight_html

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "\"><svg onload=alert(1)>",
    "' onmouseover='alert(1)",
    "&lt;script&gt; already-escaped & raw &amp;",
    "<style>body{display:none}</style>",
    "<!-- comment --> <![CDATA[x]]>",
]
COLOURS = {"sacralization": "#fff0a0", "name_calling": "#ffc2c2"}


class _Collector(HTMLParser):
    """Parse our HTML: collect text (entities decoded), tags, attributes, and each mark's own text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.stack: list[tuple[str, dict, int]] = []
        self.pieces: list[tuple[dict, str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        self.stack.append((tag, a, len("".join(self.text))))

    def handle_endtag(self, tag):
        t, a, start = self.stack.pop()
        assert t == tag, f"badly nested: </{tag}> closes <{t}>"
        if tag in ("mark", "span") and "data-start" in a:
            self.pieces.append((a, "".join(self.text)[start:]))

    def handle_data(self, data):
        self.text.append(data)


def parse(fragment: str) -> _Collector:
    c = _Collector()
    c.feed(fragment)
    c.close()
    assert not c.stack, "unclosed tags"
    return c


def visible_text(fragment: str) -> str:
    """Return the text a browser would show for a highlight fragment (style blocks removed)."""
    return "".join(parse(re.sub(r"<style>.*?</style>", "", fragment)).text)


# ------------------------------------------------------------------ escaping


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_is_escaped_and_round_trips(hostile):
    text = f"Before {hostile} holy war after"
    i = text.index("holy war")
    out = highlight_html(text, [Span(i, i + 8, category="sacralization", entry_id="sc.holy_war")], COLOURS)
    assert "<script" not in out and "<img" not in out and "<svg" not in out and "<a " not in out
    assert "<style" not in out and "<!--" not in out
    # The only tags are the ones we write.
    assert {t for t, _ in parse(out).tags} <= {"mark", "span"}
    assert visible_text(out) == text


def test_script_img_javascript_render_as_visible_escaped_text():
    text = '<script>alert(1)</script> <img src=x onerror=alert(1)> <a href="javascript:alert(1)">x</a>'
    out = highlight_html(text, [])
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&lt;img src=x onerror=alert(1)&gt;" in out
    assert "&lt;a href=&quot;javascript:alert(1)&quot;&gt;" in out
    assert "<" not in out and ">" not in out


@pytest.mark.parametrize("hostile", HOSTILE)
def test_attribute_values_cannot_break_out(hostile):
    # Everything shown in a tooltip comes from lexicon files or the voice
    # analysis, which may quote article text: quotes must be escaped too.
    span = Span(0, 4, category=hostile, entry_id=hostile, rationale=hostile, neutral_alternative=hostile,
                speaker=hostile, voice="quoted", technique=hostile)
    out = highlight_html("text", [span], {hostile: hostile})
    tags = parse(out).tags
    assert [t for t, _ in tags] == ["mark"]
    attrs = tags[0][1]
    assert set(attrs) == {"class", "style", "title", "data-entry", "data-category", "data-voice",
                          "data-start", "data-end"}
    assert hostile in attrs["title"] and attrs["data-entry"] == hostile
    # A hostile colour never reaches the style attribute; a hostile category never reaches a class name.
    assert attrs["style"].startswith(f"background:{render.DEFAULT_COLOUR};")
    assert re.fullmatch(r"[a-z0-9 _-]+", attrs["class"])


def test_segment_blocks_escape_labels_and_text():
    text = "<b>Title</b>\n<script>alert(1)</script> body"
    blocks = [Block(0, 12, "title", "<i>st</i>", '"><img src=x>', "", "d#0"),
              Block(13, len(text), "<kind>", "s", "o", "", "d#1")]
    out = render.segment_blocks_html(text, blocks, [])
    body = re.sub(r"<style>.*?</style>", "", out)
    assert "<script" not in body and "<img" not in body and "<b>" not in body and "<i>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "\n" not in out, "one line, so Markdown never re-parses it"
    tags = parse(body).tags
    assert {t for t, _ in tags} <= {"div", "span", "mark"}
    kinds = [a.get("data-kind") for t, a in tags if t == "div" and "data-kind" in a]
    assert kinds == ["title", "<kind>"]


def test_newlines_become_entities_and_markdown_stays_text():
    text = "# not a heading\n\n    not code\n* not a list $x$"
    out = highlight_html(text, [])
    assert "\n" not in out and "&#10;&#10;" in out
    assert visible_text(out) == text


def test_md_escape_neutralises_markdown():
    s = render.md_escape("[x](javascript:alert(1)) *b* :red[c] <i> $x$ ~~y~~ www.rt.com a|b")
    assert "\\[x\\](javascript\\:alert(1))" in s  # no link: the brackets and the scheme are escaped
    assert "\\*b\\*" in s and "\\:red\\[c\\]" in s and "\\$x\\$" in s and "\\~\\~y\\~\\~" in s
    assert "&lt;i&gt;" in s and "<i>" not in s and "www\\.rt.com" in s and "a\\|b" in s
    # a line start that would be a heading, quote, list or rule, unless the text goes mid-line
    assert [render.md_escape(t) for t in ("# h", "> q", "- l", "12. n", "3) n")] == \
        ["\\# h", "&gt; q", "\\- l", "12\\. n", "3\\) n"]
    assert render.md_escape("# h", inline=True) == "# h"
    # ordinary prose stays readable, on one line
    assert render.md_escape("U.S.-led (2023)\nsecond line") == "U.S.-led (2023) second line"
    assert render.md_escape(None) == ""


def test_safe_colour_and_css_ident():
    assert render.safe_colour("#AbCdEf") == "#abcdef"
    for bad in ("red", "#fff", "#ffffff;background:url(x)", None, 3):
        assert render.safe_colour(bad) == render.DEFAULT_COLOUR
    assert render.css_ident('a"b <c>') == "a-b-c"
    assert render.css_ident("") == "x"


# ------------------------------------------------------------------ spans and offsets


def _pieces(out: str) -> list[tuple[dict, str]]:
    return parse(out).pieces


def test_offsets_preserved_with_window_offset():
    doc = "xxxxx The holy war and the regime. yyyyy"
    lo, hi = 6, 35
    window = doc[lo:hi]
    spans = [Span(doc.index("holy war"), doc.index("holy war") + 8, category="sacralization", entry_id="a"),
             Span(doc.index("regime"), doc.index("regime") + 6, category="name_calling", entry_id="b"),
             Span(0, 3, category="x", entry_id="outside"), Span(37, 40, category="x", entry_id="outside")]
    out = highlight_html(window, spans, COLOURS, offset=lo)
    assert visible_text(out) == window
    marks = [(a, t) for a, t in _pieces(out) if "data-entry" in a]
    assert [a["data-entry"] for a, _ in marks] == ["a", "b"]
    for a, t in marks:
        assert doc[int(a["data-start"]):int(a["data-end"])] == t


def test_span_clipped_at_window_edges():
    doc = "holy war here"
    out = highlight_html(doc[2:10], [Span(0, 8, category="sacralization", entry_id="e")], COLOURS, offset=2)
    (a, t), = _pieces(out)
    assert (int(a["data-start"]), int(a["data-end"]), t) == (2, 8, "ly war")


def test_adjacent_matches_stay_separate():
    text = "holywar"
    spans = [Span(0, 4, category="sacralization", entry_id="a"), Span(4, 7, category="name_calling", entry_id="b")]
    out = highlight_html(text, spans, COLOURS)
    marks = _pieces(out)
    assert [(a["data-entry"], t) for a, t in marks] == [("a", "holy"), ("b", "war")]
    assert visible_text(out) == text


def test_overlapping_and_nested_spans_are_well_nested():
    text = "the so-called holy war began"
    a = Span(4, 22, category="name_calling", entry_id="outer")       # so-called holy war
    b = Span(14, 28, category="sacralization", entry_id="inner")     # holy war began (overlaps a)
    c = Span(14, 18, kind="scare")                                    # holy (nested in both)
    out = highlight_html(text, [a, b, c], COLOURS)
    assert visible_text(out) == text
    pieces = [(x.get("data-entry", "scare"), int(x["data-start"]), int(x["data-end"]), t) for x, t in _pieces(out)]
    for _, s, e, t in pieces:
        assert text[s:e] == t
    covered = {(n, s, e) for n, s, e, _ in pieces}
    # 'holy' (14-18) is covered by all three; 18-22 by both matches; 22-28 by the inner only.
    assert {("outer", 14, 18), ("inner", 14, 18), ("scare", 14, 18)} <= covered
    assert {("outer", 18, 22), ("inner", 18, 22), ("inner", 22, 28), ("outer", 4, 14)} <= covered
    # The innermost tag's tooltip explains every span covering the piece.
    innermost = [x for x, t in _pieces(out) if x.get("data-start") == "14" and x.get("data-entry") == "inner"][0]
    assert "outer" in innermost["title"] and "scare quote" in innermost["title"]


def test_empty_and_degenerate_spans():
    assert highlight_html("", []) == ""
    assert highlight_html("abc", [Span(1, 1, category="x")]) == "abc"
    assert highlight_html("abc", [Span(5, 9, category="x")]) == "abc"


def test_voice_styles_differ_and_scare_marked():
    own = highlight_html("war", [Span(0, 3, category="sacralization", voice="own")], COLOURS)
    quoted = highlight_html("war", [Span(0, 3, category="sacralization", voice="quoted", speaker="Choe")], COLOURS)
    assert "solid" in own and "dashed" not in own and "fr-voice-own" in own
    assert "dashed" in quoted and "fr-voice-quoted" in quoted and "speaker: Choe" in quoted
    scare = highlight_html('"war"', [Span(0, 5, kind="scare")])
    assert render.SCARE_CLASS in scare and "fr-scare-end" in scare


def test_tooltip_lists_entry_category_rationale_alternative_voice_speaker():
    s = Span(0, 1, category="name_calling", voice="quoted", entry_id="nc.regime", rationale="labels a government",
             neutral_alternative="government", speaker="Lavrov", technique="Name_Calling,Labeling")
    t = render.tooltip(s)
    for part in ("nc.regime", "name_calling", "labels a government", "neutral alternative: government",
                 "quoted speech", "Lavrov", "Name_Calling,Labeling"):
        assert part in t


def test_spans_from_matches_uses_raw_offsets_on_request():
    df = pd.DataFrame([{"start": 1, "end": 3, "raw_start": 5, "raw_end": 7, "category": "c", "voice": "own",
                        "entry_id": "e", "rationale": None, "neutral_alternative": float("nan"), "speaker": "",
                        "technique": "", "scare_quote": False, "text": "ab"}])
    (s,) = render.spans_from_matches(df)
    assert (s.start, s.end, s.rationale, s.neutral_alternative) == (1, 3, "", "")
    (r,) = render.spans_from_matches(df, raw=True)
    assert (r.start, r.end) == (5, 7)


def test_real_seed_matches_highlight_at_their_offsets(parsed_seeds):
    from framing.api import analyze
    a = analyze()
    m = a.matches()
    doc = a.parsed[0]
    mine = m[m["doc_id"] == doc.doc.doc_id]
    out = highlight_html(doc.text, render.spans_from_matches(mine))
    assert visible_text(out) == doc.text
    found = {(int(x["data-start"]), int(x["data-end"])) for x, _ in _pieces(out)}
    assert set(zip(mine["start"], mine["end"])) <= found


def test_page_windows_cover_text_and_cut_at_newlines():
    text = ("line of text\n" * 1000)
    wins = render.page_windows(text, 1000)
    assert wins[0][0] == 0 and wins[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(wins, wins[1:]))
    assert all(text[e - 1] == "\n" for _, e in wins)
    assert render.page_windows("short", 1000) == [(0, 5)]


def test_kv_and_heading_and_empty_are_escaped():
    for out in (render.kv_table_html([("<k>", "<script>x</script>")]), render.heading_html("<b>h</b>", "<i>"),
                render.empty_html("<img src=x>"), render.legend_html({"<c>": "#ffffff"}, {"<c>": "<d>"})):
        body = re.sub(r"<style>.*?</style>", "", out)
        assert "<script" not in body and "<img" not in body and "<b>" not in body and "<c>" not in body
        assert "\n" not in out


# ------------------------------------------------------------------ tidy frames


def test_corpus_by_stance_and_loadedness_long():
    corpus = pd.DataFrame([
        {"doc_id": "a", "seg_id": "a#0", "stance": "s1", "outlet": "o1", "kind": "body", "chars": 10,
         "sentences": 2, "tokens": 20},
        {"doc_id": "a", "seg_id": "a#1", "stance": "s1", "outlet": "o1", "kind": "title", "chars": 3,
         "sentences": 1, "tokens": 3},
        {"doc_id": "b", "seg_id": "b#0", "stance": "s2", "outlet": "o2", "kind": "body", "chars": 5,
         "sentences": 1, "tokens": 7}])
    t = render.corpus_by_stance(corpus)
    assert t.to_dict("records")[0] == {"stance": "s1", "outlet": "o1", "documents": 1, "segments": 2,
                                       "sentences": 3, "tokens": 23}
    assert render.corpus_by_stance(corpus.iloc[0:0]).empty
    scores = pd.DataFrame([{"stance": "s1", "loaded_own": 2.5, "loaded_quoted": None, "own_tokens": 10,
                            "quoted_tokens": 0}])
    long = render.loadedness_long(scores)
    assert long[["voice", "loadedness"]].values.tolist() == [["own", 2.5], ["quoted", 0.0]]


def test_top_categories_ranks_within_stance():
    m = pd.DataFrame([{"stance": "s", "category": c, "entry_id": "e", "voice": v, "loaded": l}
                      for c, v, l in [("a", "own", True), ("a", "quoted", True), ("b", "own", False),
                                      ("c", "own", True)]])
    t = render.top_categories(m, n=2)
    assert t["category"].tolist() == ["a", "b"] and t["matches"].tolist() == [2, 1]
    assert t.iloc[0][["own", "quoted"]].tolist() == [1, 1]
    assert render.top_categories(m, loaded_only=True)["category"].tolist() == ["a", "c"]
    assert render.top_categories(m.iloc[0:0]).empty


def test_scatter_frame_and_weights_long():
    terms = pd.DataFrame([{"group": "g", "term": "x", "count": 3, "rest_count": 1, "z": 2.5, "log_odds": 1.0,
                           "in_lexicon": False, "candidate": True},
                          {"group": "h", "term": "y", "count": 2, "rest_count": 0, "z": 0.1, "log_odds": 0.1,
                           "in_lexicon": True, "candidate": False}])
    f = render.scatter_frame(terms, "g")
    assert f[["term", "frequency", "marker"]].values.tolist() == [["x", 4, "lexicon candidate"]]
    assert render.scatter_frame(terms, "zzz").empty
    w = render.weights_long(pd.DataFrame([{"k": "a", "p": 0.5, "q": 1.0}]), ["k"], ["p", "q"], {"p": 2})
    assert w["weighted"].tolist() == [1.0, 1.0]


def test_csv_bytes_neutralises_formulas():
    data = render.csv_bytes(pd.DataFrame([{"a": "=HYPERLINK(\"x\")", "b": "ok"}])).decode()
    assert "'=HYPERLINK" in data


# ------------------------------------------------------------------ click-to-explain, legend, search hits


@pytest.mark.parametrize("hostile", HOSTILE)
def test_popover_highlights_escape_text_and_explanation(hostile):
    text = f"before {hostile} after"
    s, e = 7, 7 + len(hostile)
    span = Span(s, e, category="name_calling", voice="quoted", entry_id="nc.x", rationale=hostile,
                speaker=hostile, source=hostile, guideline_category="name_calling", detector="model",
                why=f"w={hostile} +1.2")
    html = highlight_html(text, [span], COLOURS, popover=True)
    c = parse(html)
    assert "".join(c.text) == text  # the explanation is an attribute, never part of the article text
    marks = [a for t, a in c.tags if t == "mark"]
    assert len(marks) == 1 and marks[0]["tabindex"] == "0" and render.POPOVER_CLASS in marks[0]["class"]
    tip = marks[0]["data-tip"]
    for part in (f"why: {hostile}", f"source: {hostile}", "guideline category: name_calling",
                 f"speaker: {hostile}", "found by: span model", f"model's top features: w={hostile} +1.2"):
        assert part in tip
    assert {t for t, _ in c.tags} == {"mark"} and "title" not in marks[0]


def test_popover_goes_on_the_innermost_piece_and_explains_every_cover():
    text = '"so-called regime" here'
    spans = [Span(0, 18, kind="scare"), Span(1, 17, category="name_calling", entry_id="dl.so_called"),
             Span(11, 17, category="sacralization", entry_id="nc.regime", detector="both")]
    html = highlight_html(text, spans, COLOURS, popover=True)
    c = parse(html)
    pops = [a for _, a in c.tags if "tabindex" in a]
    # one focusable element per piece, and only the innermost one
    pieces = {(a["data-start"], a["data-end"]) for _, a in c.tags}
    assert len(pops) == len(pieces)
    inner = next(a for a in pops if a["data-start"] == "11")
    assert "nc.regime" in inner["data-tip"] and "dl.so_called" in inner["data-tip"] and "scare quote" in inner["data-tip"]
    assert visible_text(html) == text
    # without popover nothing is focusable and the explanation is a title
    plain = parse(highlight_html(text, spans, COLOURS))
    assert not any("tabindex" in a for _, a in plain.tags) and all("title" in a for _, a in plain.tags)


def test_legend_draws_the_voices_with_the_text_styles():
    legend = render.legend_html(COLOURS, categories=["sacralization"])
    own = highlight_html("w", [Span(0, 1, category="sacralization", voice="own")], COLOURS)
    quoted = highlight_html("w", [Span(0, 1, category="sacralization", voice="quoted")], COLOURS)
    style = lambda html, voice: re.search(rf'fr-voice-{voice}[^>]*style="([^"]*)"', html).group(1)  # noqa: E731
    # the same line style as the text; only the colour differs (the legend's sample is neutral grey)
    assert re.sub(r"#[0-9a-f]{6}", "C", style(legend, "own")).startswith(re.sub(r"#[0-9a-f]{6}", "C", style(own, "own")))
    assert re.sub(r"#[0-9a-f]{6}", "C", style(legend, "quoted")).startswith(
        re.sub(r"#[0-9a-f]{6}", "C", style(quoted, "quoted")))
    assert "solid" in style(legend, "own") and "dashed" in style(legend, "quoted")
    assert f'class="{render.SCARE_CLASS} fr-scare-end' in legend  # the scare mark uses the text's classes


@pytest.mark.parametrize("hostile", HOSTILE)
def test_search_hits_are_escaped_marks(hostile):
    sentence = f"The {hostile} regime and the Regime."
    start = 100
    hits = [(start + m.start(), start + m.end()) for m in re.finditer("regime", sentence, re.I)]
    html = render.hits_html(sentence, start, hits, meta=hostile)
    c = parse(re.sub(r"<style>.*?</style>", "", html))
    assert "".join(c.text) == sentence + hostile
    marks = [t for t, a in c.tags if t == "mark"]
    assert len(marks) == 2 and not {t for t, _ in c.tags} - {"div", "mark"}
