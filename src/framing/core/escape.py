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

#: Characters that are Markdown syntax wherever they stand: emphasis (``* _``),
#: code, links and images (``[ ]``; ``!`` and ``( )`` only act after them),
#: tables (``|``), strikethrough (``~``), maths (``$``), and a colon before a
#: word or ``/``: Streamlit's ``:red[...]`` directives, ``:material/...:``
#: icons and emoji shortcodes, and ``https://`` autolinks.  ``& < >`` are
#: handled by HTML escaping.  Everything else (``. - + # ( )``, "said: ")
#: stays as typed, so a worksheet's Markdown file reads like the article.
_MD_INLINE = re.compile(r"([\\`*_\[\]|~$]|:(?=[\w/]))")
#: ``www.`` starts a GFM autolink even without ``://``.
_MD_WWW = re.compile(r"\b(www)\.", re.IGNORECASE)
#: What makes a line a heading, list item or rule, only at its start (a quote's ``>`` is
#: already ``&gt;``).
_MD_LINE_START = re.compile(r"^(\s*)(?:([#+\-=])|(\d+)([.)]))")
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


def md_escape(value: object, inline: bool = False) -> str:
    """Return ``value`` as one line of Markdown that shows exactly the text typed: no formatting, link or HTML.

    Line breaks become spaces (a caption, a message, a table cell or a piece
    of a line); ``& < >`` become HTML character references (a renderer that
    passes HTML through shows them as text); Markdown's inline syntax
    characters are backslash-escaped wherever they stand.  Unless ``inline``
    (the text goes after other text on its line), a start that would make a
    heading, list item or rule (``# + - =``, ``1.``) is escaped too.
    ``None`` becomes ``""``.
    """
    text = "" if value is None else str(value)
    out = _MD_INLINE.sub(r"\\\1", html.escape(_NEWLINES.sub(" ", text), quote=False))
    out = _MD_WWW.sub(r"\1\\.", out)
    if inline:
        return out
    return _MD_LINE_START.sub(lambda m: m.group(1) + (f"\\{m.group(2)}" if m.group(2) else
                                                      f"{m.group(3)}\\{m.group(4)}"), out, count=1)


__all__ = ["html_escape", "md_escape"]
