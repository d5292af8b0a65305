"""Benchmark: HTML text extraction on deeply nested pages, before and after the linear walk.

``before`` is the previous :func:`framing.text.html_text.html_to_text` (a
``\\n\\n`` string inserted before and after every block tag, then
``get_text``), kept here verbatim for comparison; ``after`` is the current
function.  Prints seconds per depth for both (``before`` stops once a run
passes ``--budget`` seconds, since it grows with the square of the depth),
then checks that both give the same text on

* the bundled seeds (and the framing-dev reference articles when present)
  wrapped as realistic article pages (title, nav, script,
  headings, paragraphs with inline links and emphasis, a list, a table, a
  comment, ``<br>`` and a footer), and
* ``--pages`` random pages generated from a fixed seed (nested blocks and
  inline tags, comments, CDATA, entities, stray close tags).

Run:  PYTHONPATH=src python bench/bench_hostile.py [--depths 1000 5000 20000] [--budget 30]
"""

from __future__ import annotations

import argparse
import random
import re
import time
from pathlib import Path

from bs4 import BeautifulSoup

from framing.text.html_text import DROP_TAGS, html_to_text

ROOT = Path(__file__).resolve().parents[1]
#: framing-dev beside the checkout (main) or two levels up (a worktree under wt/).
ARTICLES = next((d / "shared" / "reference" / "framing-dev" / "articles" for d in (ROOT.parent, ROOT.parent.parent)
                 if (d / "shared" / "reference" / "framing-dev" / "articles").is_dir()), ROOT / "no-articles")
_OLD_BLOCK = ("p", "div", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote",
              "tr", "br", "pre", "figcaption")


def html_to_text_before(html: str) -> str:
    """Return the text as the previous (quadratic) implementation extracted it."""
    soup = BeautifulSoup(html, "html.parser")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    for tag in soup(DROP_TAGS):
        tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    for tag in root.find_all(_OLD_BLOCK):
        tag.insert_before("\n\n")
        tag.insert_after("\n\n")
    text = root.get_text("")
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if title and not root.find("h1") and not text.startswith(title):
        text = f"{title}\n\n{text}"
    return text


def nested_divs(depth: int) -> str:
    """Return a page of ``depth`` nested ``<div>`` with one sentence in the innermost (11 bytes per level)."""
    return ("<html><body>" + "<div>" * depth + "The regime denied the report." + "</div>" * depth
            + "</body></html>")


def seed_page(text: str, name: str) -> str:
    """Return the seed article ``text`` laid out as a news page with the usual furniture around it."""
    paras = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    head, body = (paras[0], paras[1:]) if len(paras) > 1 else (name, paras)
    out = [f"<!DOCTYPE html><html><head><title>{name} | Daily Ledger</title>",
           "<script>var tracking = '<p>not text</p>';</script><style>p{color:red}</style></head><body>",
           "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>",
           "<header>Daily Ledger</header><!-- ad slot -->", "<article>", f"<h1>{head}</h1>"]
    for i, para in enumerate(body):
        words = para.split(" ")
        if len(words) > 6:
            words[2] = f"<a href='#'>{words[2]}</a>"
            words[5] = f"<em>{words[5]}</em>"
        line = " ".join(words).replace("\n", "<br>\n")
        if i % 5 == 3:
            out.append(f"<blockquote><p>{line}</p></blockquote>")
        elif i % 7 == 4:
            out.append(f"<ul><li>{line}</li><li>second point</li></ul>")
        elif i % 11 == 6:
            out.append(f"<table><tr><td>{line}</td><td>42</td></tr></table>")
        else:
            out.append(f"<p>{line}</p>")
    out += ["<figure><img src='x.jpg'><figcaption>Officials in Seoul, Monday.</figcaption></figure>",
            "</article><aside>Related stories</aside><footer>&copy; 2024 &amp; more</footer></body></html>"]
    return "\n".join(out)


_BLOCKS = ("p", "div", "section", "li", "blockquote", "h2", "pre", "tr", "td", "span", "em", "a", "b", "ul")
_WORDS = "the regime denied so-called experts said reportedly officials heroic puppet sham".split()


def random_page(rng: random.Random, size: int = 300) -> str:
    """Return a random, sometimes malformed page: nested tags, comments, CDATA, entities, stray close tags."""
    out: list[str] = ["<html><body>"]
    stack: list[str] = []
    for _ in range(size):
        r = rng.random()
        if r < 0.3 and len(stack) < 40:
            tag = rng.choice(_BLOCKS)
            stack.append(tag)
            out.append(f"<{tag}>")
        elif r < 0.5 and stack:
            out.append(f"</{stack.pop()}>")
        elif r < 0.53:
            out.append(rng.choice(["<br>", "<!-- c -->", "<![CDATA[raw]]>", "&nbsp;", "&amp;", "</p>",
                                   "<script>x<1</script>", "\t", "\r\n"]))
        else:
            out.append(" ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 6))) + rng.choice(["", " ", "\n"]))
    return "".join(out + [f"</{t}>" for t in reversed(stack)] + ["</body></html>"])


def timed(fn, html: str) -> tuple[float, str]:
    """Return ``(seconds, text)`` of one call."""
    t = time.perf_counter()
    text = fn(html)
    return time.perf_counter() - t, text


def main() -> None:
    """Print the timings and the before/after comparison."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--depths", type=int, nargs="+", default=[1000, 2000, 5000, 10000, 20000])
    ap.add_argument("--budget", type=float, default=30.0, help="stop timing 'before' after a run this long")
    ap.add_argument("--pages", type=int, default=300, help="random pages to compare")
    ap.add_argument("--articles", type=Path, default=ARTICLES,
                    help="more real articles to wrap as pages (read in place; skipped when missing)")
    args = ap.parse_args()

    print(f"{'depth':>7} {'kB':>6} {'before s':>9} {'after s':>8}")
    slow = False
    for depth in args.depths:
        html = nested_divs(depth)
        after, text_after = timed(html_to_text, html)
        before = "skipped"
        if not slow:
            secs, text_before = timed(html_to_text_before, html)
            slow = secs > args.budget
            before = f"{secs:.2f}"
            assert text_before == text_after, f"different text at depth {depth}"
        print(f"{depth:>7} {len(html) / 1000:>6.0f} {before:>9} {after:>8.2f}")

    seeds = sorted((ROOT / "seeds").rglob("*.txt"))
    if args.articles.is_dir():
        seeds += sorted(args.articles.rglob("*.txt"))
    differ = [p.name for p in seeds
              if html_to_text_before(page := seed_page(p.read_text(encoding="utf-8"), p.stem)) != html_to_text(page)]
    print(f"seed and reference article pages: {len(seeds) - len(differ)} of {len(seeds)} identical" + (f"; differ: {differ}" if differ else ""))
    rng = random.Random(16)
    pages = [random_page(rng) for _ in range(args.pages)]
    same = sum(html_to_text_before(p) == html_to_text(p) for p in pages)
    print(f"random pages: {same} of {len(pages)} identical")


if __name__ == "__main__":
    main()
