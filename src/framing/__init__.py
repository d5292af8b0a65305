"""framing: source-credibility and propaganda-framing analysis for news, explainable end to end."""

__version__ = "0.1.0"
