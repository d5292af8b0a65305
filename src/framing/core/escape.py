"""Escaping untrusted text (article text, catalog values, file names) for HTML and for Markdown.

One escaper per target, used by every page and document writer, so text
reads as typed wherever it is shown:

* :func:`html_escape` for HTML content and quoted attribute values (the
  dashboard's HTML blocks, the printable worksheets);
* :func:`md_escape` for Markdown (Streamlit captions and messages, the
  worksheet's ``.md`` files).
"""

from __future__ import annotations

import html
import re

#: Every ASCII punctuation character that Markdown (CommonMark, GitHub,
#: Streamlit) can give a meaning: emphasis, links and images, code, tables,
#: headings, lists, quotes, rules, maths (``$``), strikethrough (``~``),
#: Streamlit's ``:red[...]`` directives and emoji shortcodes (``:``).
#: CommonMark allows a backslash before any ASCII punctuation, so escaping one
#: that has no meaning in a given place changes nothing on screen.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")
_NEWLINES = re.compile(r"\r\n|\r|\n")


def html_escape(value: object) -> str:
    """Return ``value`` as text safe inside HTML content *and* quoted attributes, on one line.

    ``& < > " '`` become character references (``None`` becomes ``""``).
    Newlines become ``&#10;``, which a browser shows exactly as a newline, so
    the markup stays on one line: Streamlit's Markdown renderer ends a raw HTML
    block at the first blank line, and a single-line block never falls back
    into Markdown parsing.
    """
    text = "" if value is None else str(value)
    return _NEWLINES.sub("&#10;", html.escape(text, quote=True))


def md_escape(value: object, inline: bool = True) -> str:
    """Return ``value`` as Markdown that shows exactly the text typed: never formatting, a link or HTML.

    ``& < >`` become HTML character references (a renderer that passes HTML
    through then shows them as text) and every Markdown punctuation
    character is backslash-escaped wherever it stands, so no position in a
    line (start, table cell, inside ``**...**``) can turn it into syntax.
    With ``inline`` (the default: captions, messages, table cells) line breaks
    become spaces; otherwise they are kept and each line is escaped alike.
    ``None`` becomes ``""``.
    """
    text = "" if value is None else str(value)
    out = _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))
    return _NEWLINES.sub(" ", out) if inline else out


__all__ = ["html_escape", "md_escape"]
