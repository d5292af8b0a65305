"""Relay detection (framing.detect.relays): wire credits, credit lines, house style, rewrites, self-citation.

Passages are written for these tests (none is copied from an article).
"""

from __future__ import annotations

from framing.api import analyze
from framing.analyze.provenance import RELAY_COLUMNS, relay_rows
from framing.core.types import Document, frozen_map
from framing.detect.relays import find_relays
from framing.detect.voice import analyze_voice
from framing.text.parse import parse_document


def parse(text: str, **meta: str):
    return parse_document(Document("t", "t.txt", "0" * 64, text, frozen_map(meta)))


def originals(text: str, **meta: str) -> dict[str, str]:
    return {r.original: r.kind for r in find_relays(parse(text, **meta))}


def test_wire_credits_in_the_lead():
    assert originals("MOSCOW, March 3. /TASS/. Russian air defences downed six drones overnight over "
                     "the Belgorod region, the Defence Ministry said.\n") == {"TASS": "credit"}
    assert originals("KYIV, Ukraine (AP) \u2014 Russian forces struck a power plant in central Ukraine "
                     "overnight, officials said on Friday.\n") == {"AP": "credit"}
    assert originals("(Bloomberg) -- European gas prices rose for a third day as traders weighed "
                     "the risk of new supply cuts.\n") == {"Bloomberg": "credit"}
    assert originals("PYONGYANG, June 19 (Xinhua) -- The two leaders signed a treaty on comprehensive "
                     "strategic partnership, state media said.\n") == {"Xinhua": "credit"}


def test_header_and_source_lines():
    got = originals("Reuters | Kyiv | Updated: 12-03-2024 10:15 IST | Created: 12-03-2024 10:15 IST\n"
                    "Ukraine said it had struck an oil refinery deep inside Russia.\n")
    assert got == {"Reuters": "credit"}
    got = originals("Residents say they fear for their safety after the mercenaries arrived in the "
                    "north of the country last year and took over the gold mines.\n\nSOURCE: DW\n")
    assert got == {"DW": "source_line"}
    # A Source line naming nobody listed is no relay.
    assert originals("Source: a resident of the village\n\nThe shelling lasted all night.\n") == {}


def test_house_style_sign_offs():
    text = ("Ukraine and Russia swapped prisoners on Friday, the Ukrainian president said. "
            "(Reporting by Anna Petrenko; Editing by Mark Jones)\n")
    assert originals(text, url="https://nationalnewsdaily.example/world/swap") == {"Reuters": "house_style"}


def test_rewrite_of_a_news_outlet_needs_repeated_citation():
    text = ("Russian drones hit an energy facility in Odesa overnight, the regional governor said on "
            "Telegram, Ukrinform reports.\n\n"
            "As Ukrinform reported earlier, the city was attacked twice last week.\n")
    assert originals(text, url="https://mirror-news.example/go/1") == {"Ukrinform": "rewrite"}
    # One citation of an outlet in the body is sourcing, not a rewrite.
    one = ("The minister met his Chinese counterpart in Beijing on Tuesday, Reuters reported, "
           "and the two discussed trade.\n")
    assert originals(one) == {}


def test_self_citation_never_counts():
    text = ("MOSCOW, March 3. /TASS/. The Kremlin spokesman told TASS that the talks would continue. "
            "According to TASS, the delegations will meet again in Istanbul, TASS reported.\n")
    assert originals(text, url="https://tass.com/politics/123") == {}
    assert originals(text, outlet="TASS") == {}
    assert "TASS" in originals(text, url="https://aggregator.example/item/5")


def test_relay_rows_carry_evidence_offsets():
    p = parse("BEIJING, May 2 (Xinhua) -- China and Russia held talks in Beijing.\n",
              url="https://bignews.example/x")
    (r,) = find_relays(p, voice=analyze_voice(p))
    assert r.kind == "credit" and p.text[r.start:r.end].startswith("(Xinhua)")
    assert "(Xinhua) --" in r.evidence


def test_seed_relay_rows():
    rows = relay_rows(analyze().data)
    assert list(rows.columns) == RELAY_COLUMNS
    by_doc = {d[:3]: set(g["original"]) for d, g in rows.groupby("doc_id")}
    assert by_doc.get("003") == {"TASS"}     # NationPress rewriting TASS copy
    assert by_doc.get("004") == {"RT"}       # the first post pastes the RT article
    assert "002" not in by_doc               # the ISDP paper cites, it does not relay
