"""Extract the readable main text of an HTML page; scripts, styles and forms are never kept."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

#: Elements whose content is never article text (and may be hostile).
DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
             "form", "button", "nav", "footer", "header", "aside", "head")
_BLOCK = ("p", "div", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote",
          "tr", "br", "pre", "figcaption")


def html_to_text(html: str) -> str:
    """Return the text of the page's ``<article>`` or ``<main>`` (else ``<body>``), one block per paragraph.

    The page ``<title>`` is prepended as a headline when the body has no ``<h1>``.
    """
    soup = BeautifulSoup(html, "html.parser")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    for tag in soup(DROP_TAGS):
        tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    for tag in root.find_all(_BLOCK):
        tag.insert_before("\n\n")
        tag.insert_after("\n\n")
    text = root.get_text("")
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if title and not root.find("h1") and not text.startswith(title):
        text = f"{title}\n\n{text}"
    return text
