"""framing.detect.sentiment agrees with vaderSentiment (a test dependency) and keeps its API.

Agreement is measured on every seed sentence, on the PTC train sentences when
``../shared/reference/ptc-train`` exists beside the checkout (skipped
otherwise), on hand-written sentences for each VADER rule and on random
sentences built from rule words.
"""

from __future__ import annotations

import math
import random
import re
from pathlib import Path

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from framing.detect import sentiment as sentiment_mod
from framing.detect.sentiment import Scores, SentimentScorer, score_sentence

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
# The shared folder sits beside the checkout (REPO.parent / "shared").
PTC_ARTICLES = REPO.parent / "shared" / "reference" / "ptc-train" / "articles"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@pytest.fixture(scope="module")
def vader() -> SentimentIntensityAnalyzer:
    """The reference analyzer."""
    return SentimentIntensityAnalyzer()


@pytest.fixture(scope="module")
def scorer() -> SentimentScorer:
    """One scorer shared by the tests of this module."""
    return SentimentScorer()


def reference(vader: SentimentIntensityAnalyzer, text: str) -> Scores:
    """Return vaderSentiment's scores of ``text`` as a :class:`Scores`."""
    d = vader.polarity_scores(text)
    return Scores(d["neg"], d["neu"], d["pos"], d["compound"])


def seed_sentences() -> list[str]:
    """Return every sentence of the seed files, split on sentence-final punctuation + whitespace."""
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        out.extend(s for s in _SENTENCE_END.split(path.read_text(encoding="utf-8")) if s.strip())
    return out


def ptc_sentences() -> list[str]:
    """Return the PTC train sentences (one per line after the title and a blank line)."""
    out = []
    for path in sorted(PTC_ARTICLES.glob("*.txt")):
        out.extend(line for line in path.read_text(encoding="utf-8").split("\n")[2:] if line.strip())
    return out


def agreement(vader: SentimentIntensityAnalyzer, scorer: SentimentScorer,
              sentences: list[str]) -> tuple[float, float, list[str]]:
    """Return (share with compound within 0.01, share identical, first disagreeing sentences)."""
    close = exact = 0
    bad = []
    for s in sentences:
        mine, ref = scorer.score(s), reference(vader, s)
        close += abs(mine.compound - ref.compound) <= 0.01
        exact += mine == ref
        if mine != ref and len(bad) < 5:
            bad.append(f"{s!r}: ours {mine} vader {ref}")
    return close / len(sentences), exact / len(sentences), bad


# -- corpus agreement ------------------------------------------------------------

def test_seed_sentences_agree_with_vader(vader, scorer):
    sentences = seed_sentences()
    assert len(sentences) > 100
    close, exact, bad = agreement(vader, scorer, sentences)
    assert close >= 0.99, bad
    # The rules are reproduced operation by operation, so all four scores match.
    assert exact >= 0.99, bad


@pytest.mark.ptc
@pytest.mark.skipif(not PTC_ARTICLES.is_dir(), reason="PTC reference data not present beside the checkout")
def test_ptc_sentences_agree_with_vader(vader, scorer):
    sentences = ptc_sentences()
    assert len(sentences) > 1000
    close, exact, bad = agreement(vader, scorer, sentences)
    assert close >= 0.99, bad
    assert exact >= 0.99, bad


# -- one rule at a time ------------------------------------------------------------

RULE_SENTENCES = {
    "plain": ["The book was good.", "The attack was brutal and cowardly.", "It rained on Tuesday."],
    "negation": ["The book was not good.", "It isn't a horrible book.", "He never said it was great.",
                 "Nobody doesn't like the plan, it is not without merit.",
                 "She won't be happy", "They cannot possibly win", "It ain't bad at all",
                 "Nothing about it was good", "Without any support, the plan failed badly."],
    "n't words": ["It wasn’t good.", "It mustn't fail.", "He SHOULDN'T be happy about it.",
                  "They ain't never gonna succeed", "We weren't even slightly amused",
                  "It couldn't've been good", "He mayn't be happy", "Y'all mightn't've liked it"],
    "never so / without doubt": ["Sentiment analysis has never been this good!",
                                 "It has never so good been.", "This is never so bad",
                                 "Without a doubt, excellent idea.", "Without doubt a great result.",
                                 "I feel so happy this good day."],
    "no": ["There is no hope.", "No problem at all", "no good deed goes unpunished",
           "He had no money or love", "No, no, NO good!", "there was no fun nor joy"],
    "boosters": ["The book was very good.", "It was extremely bad.", "She is kind of happy.",
                 "It is sort of nice", "It was barely acceptable", "He was hardly a hero",
                 "They were just enough happy.", "An utterly, completely terrible idea."],
    "kind of": ["The book was only kind of good.", "A kind of magic", "He was kind.",
                "This was kind of a disaster, kind of funny", "Kind of great!",
                "It was sort of a good idea", "They had just enough for good measure",
                "It is sort of the best"],
    "caps": ["VADER is VERY SMART, handsome, and FUNNY.", "Today SUX!", "This is GREAT news",
             "ALL CAPS ARE GOOD", "the war was NOT good", "He is REALLY bad at it", "NO way this is GOOD"],
    "but": ["The plot was good, but the characters are uncompelling and the dialog is not great.",
            "It was nice but terrible", "Good good good but bad bad", "I like it, but it is bad, but good",
            "But nothing was lost", "It was good, BUT ugly and good"],
    "least": ["Roger Dodger is one of the least compelling variations on this theme.",
              "At least it isn't a horrible book.", "The very least helpful answer",
              "least happy", "Least happy at", "not the least bit happy"],
    "punctuation": ["It is good!", "It is good!!!", "It is good!!!!!!!", "Is it good??", "Is it bad???",
                    "Is it good????", "What?!", "Great!?!?", "Terrible?"],
    "idioms": ["With VADER, sentiment analysis is the shit!", "On the other hand, VADER is quite bad ass",
               "That was the bomb", "yeah right, like that helped", "It was the kiss of death for the bill",
               "a cake to die for", "we stood at the bus stop", "The beating heart of the city",
               "It is a real bad ass movie", "He gave it the kiss of death today"],
    "emoticons and emoji": ["Make sure you :) or :D today!", "Catch utf-8 emoji such as 💘 and 💋 and 😁",
                            "Made in USA®, the best", "nice:)", "😁😁 great"],
    "edge cases": ["", "   ", "!!!", "?", "good", "GOOD", "no", "a, b, c.", ":(", "--", "Good.\nBad.",
                   "ok ok ok", "this this this good"],
}


@pytest.mark.parametrize("rule", sorted(RULE_SENTENCES))
def test_rule_sentences_match_vader_exactly(vader, scorer, rule):
    for text in RULE_SENTENCES[rule]:
        assert scorer.score(text) == reference(vader, text), text


def test_rules_change_the_score(scorer):
    """The rules are not no-ops: each moves the compound the documented way."""
    base = scorer.score("The book was good.").compound
    assert base > 0
    assert scorer.score("The book was not good.").compound < 0
    assert scorer.score("The book was very good.").compound > base
    assert 0 < scorer.score("The book was kind of good.").compound < base
    assert scorer.score("The book was good!!!").compound > scorer.score("The book was good!").compound > base
    assert scorer.score("The book was GOOD.").compound > base
    assert scorer.score("It was good, but bad").compound < 0
    assert scorer.score("It has never been this good.").compound > base


def test_random_rule_heavy_sentences_match_vader_exactly(vader, scorer):
    """Random sentences dense in rule words exercise the rules' interactions."""
    rule_words = ["not", "no", "never", "so", "this", "without", "doubt", "but", "least", "at", "very",
                  "kind", "of", "sort", "just", "enough", "isn't", "don't", "or", "nor", "the", "shit",
                  "bad", "ass", "bomb", "kiss", "death", "to", "die", "for", "bus", "stop", "yeah",
                  "right", "beating", "heart", "more", "most", "barely", "extremely", "kinda"]
    sentiment_words = ["good", "bad", "great", "terrible", "love", "hate", "happy", "sad", "war",
                       "killed", "win", "free", "nice", "ugly", "hope", "fear", "ok"]
    neutral = ["he", "said", "it", "was", "a", "plan", "and", "they", "we", "in", "2019", "U.S."]
    rng = random.Random(20240531)
    for _ in range(3000):
        words = []
        for _ in range(rng.randint(1, 14)):
            pool = rng.choice((rule_words, rule_words, sentiment_words, neutral))
            word = rng.choice(pool)
            r = rng.random()
            if r < 0.12:
                word = word.upper()
            elif r < 0.2:
                word = word.capitalize()
            elif r < 0.28:
                word += rng.choice([",", ".", "!", "?", "\"", ")"])
            elif r < 0.32:
                word = "\"" + word
            words.append(word)
        text = " ".join(words) + rng.choice(["", ".", "!", "!!", "??", "???", "?!"])
        assert scorer.score(text) == reference(vader, text), text


# -- API -----------------------------------------------------------------------------

def test_scores_is_a_namedtuple_rounded_like_vader(scorer):
    s = scorer.score("The plan is a great success, but the cost is terrible!")
    assert isinstance(s, Scores) and s._fields == ("neg", "neu", "pos", "compound")
    assert s.neg == round(s.neg, 3) and s.neu == round(s.neu, 3) and s.pos == round(s.pos, 3)
    assert s.compound == round(s.compound, 4)
    assert -1.0 <= s.compound <= 1.0
    assert abs(s.neg + s.neu + s.pos - 1.0) <= 0.002


def test_neutral_and_empty_texts(scorer):
    assert scorer.score("") == Scores(0.0, 0.0, 0.0, 0.0)
    assert scorer.score(" \n\t ") == Scores(0.0, 0.0, 0.0, 0.0)
    assert scorer.score("He said it on Tuesday.") == Scores(0.0, 1.0, 0.0, 0.0)


def test_score_many_and_score_sentence(scorer):
    texts = ["good", "bad", "", "It is not terrible!"]
    many = scorer.score_many(iter(texts))   # any iterable, results in order
    assert many == [scorer.score(t) for t in texts]
    assert [score_sentence(t) for t in texts] == many
    shared = sentiment_mod._SHARED
    assert isinstance(shared, SentimentScorer)
    score_sentence("fine")
    assert sentiment_mod._SHARED is shared   # one instance, built once


def test_lexicon_comes_from_the_installed_vader_package(vader):
    lexicon, emoji = sentiment_mod._tables()
    assert lexicon == vader.lexicon
    assert all(len(k) == 1 for k in emoji)
    assert emoji["😁"] == vader.emojis["😁"]


def test_token_cache_reset_keeps_scores_right(vader, monkeypatch):
    monkeypatch.setattr(sentiment_mod, "_CACHE_LIMIT", 8)
    small = SentimentScorer()
    for text in RULE_SENTENCES["negation"] + RULE_SENTENCES["but"]:
        assert small.score(text) == reference(vader, text), text
        assert len(small._norm) <= max(8, len(text.split()))


@pytest.mark.parametrize("digits,fast", [(3, sentiment_mod._round3), (4, sentiment_mod._round4)])
def test_fast_rounding_equals_round(digits, fast):
    rng = random.Random(7)
    values = [rng.uniform(-1, 1) for _ in range(50_000)]
    values += [a / b for b in range(1, 120) for a in range(b + 1)]            # shares like neu
    values += [(k + 0.5) / 10 ** digits for k in range(-10 ** digits, 10 ** digits, 7)]  # ties
    values += [0.0, -0.0, 1.0, -1.0, 1e-9, -1e-9, 5e-5, -5e-5, 2.5, -3.75]
    for v in values:
        got, want = fast(v), round(v, digits)
        assert got == want and math.copysign(1, got) == math.copysign(1, want), v


def test_threads_share_one_scorer_while_the_cache_resets(vader, monkeypatch):
    from concurrent.futures import ThreadPoolExecutor

    monkeypatch.setattr(sentiment_mod, "_CACHE_LIMIT", 16)
    shared = SentimentScorer()
    texts = [t for group in RULE_SENTENCES.values() for t in group] * 5
    expected = [reference(vader, t) for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(shared.score, texts))
    assert got == expected
