"""The composite: indicator scores combined with visible, changeable weights; the components stay in the output."""

from __future__ import annotations

import math
from typing import Mapping

import pandas as pd

from framing.analyze.credibility.independence import sides_score
from framing.core.errors import FramingError

#: Loaded-language score: ``1 / (1 + loaded_own / LOADED_HALF)``, so a text
#: whose own voice carries LOADED_HALF loaded-weight per 1,000 tokens scores
#: 0.5.  10 sits between the seeds' own-voice loadedness of the brief (002) and
#: of the CNS report (000), so the scale separates them without saturating.
LOADED_HALF = 10.0

#: Hedging score: ``(hedge_rate - booster_rate) / HEDGE_FULL`` clipped to
#: [0, 1], rates per 1,000 tokens.  One hedge ("likely", "according to
#: estimates") in a 200-token news item is a rate of 5: a text that qualifies
#: its uncertain claims at that rate, and does not boost them, scores 1.
HEDGE_FULL = 5.0

#: Sources a text must cite before its independence score counts in full;
#: fewer scale it down (``n / MIN_SOURCES``): one link in a forum comment is
#: not a diversity of sources.  A 300-word wire item typically names three.
MIN_SOURCES = 3

#: Composite components: the indicator column each reads and its direction.
#: Every score is in [0, 1] and higher means more of what the literature
#: treats as careful practice; see docs/credibility.md for each definition.
COMPONENTS: Mapping[str, str] = {
    "sourcing": "verified_share (statements with a link, endnote or independent source; 0.25 for "
                "government sources only)",
    "specificity": "named / (named + vague) attributions",
    "independence": "independence (share of cited sources not officials, government bodies or state media)",
    "sides": "(sides - 1) / 2 (distinct governments among the sources, plus one for independent sources)",
    "one_government": "1 - top_government_share (reliance on one government's officials and media)",
    "home_government": "1 - home_government_share (sources from the government of the outlet's own country)",
    "relay": "1 - relay_share (originality: share not relayed from one outlet)",
    "state_relay": "1 - state_relay_share (statements relayed from state media or government bodies)",
    "state_reliance": "1 - state_reliance (share of cited items not from a party's state or officials)",
    "calibration": "1 - unattributed_claim_share (claims stated as fact with no source)",
    "hedging": "(hedge_rate_own - booster_rate_own) / HEDGE_FULL (the outlet's own voice marks "
               "uncertainty rather than boosting)",
    "loaded": "1 / (1 + loaded_own_plain / LOADED_HALF) (loaded language in the outlet's own voice, "
              "outside scare quotes)",
    "transparency": "share of byline, date, dateline, links and ownership present",
}

#: Default weights.  What a media researcher checks first in a news item
#: counts double: whether its sources are independent of the government
#: concerned (``independence``, ``home_government``) and whether the outlet's
#: own voice is loaded (Zhang et al. 2018's content indicators; NewsGuard's
#: "gathers and presents information responsibly").  Reliance on one
#: government, relay of state media, verification and hedging count once;
#: relay, state reliance, specificity, calibration, sides heard and
#: transparency count half: on excerpts of a few hundred words they rest on
#: one or two sentences or on metadata the excerpt lacks.  The weights were
#: chosen on the seeds and framing-dev, the same texts the validation uses
#: (in-sample; docs/credibility.md gives the figures and the alternatives
#: tried): change them with ``--weights`` or ``composite(df, weights)``.
DEFAULT_WEIGHTS: Mapping[str, float] = {
    "sourcing": 1.0, "specificity": 0.5, "independence": 2.0, "sides": 0.5, "one_government": 1.0,
    "home_government": 2.0, "relay": 0.5, "state_relay": 1.0, "state_reliance": 0.5, "calibration": 0.5,
    "hedging": 1.0, "loaded": 2.0, "transparency": 0.5,
}


def parse_weights(text: str | None) -> dict[str, float]:
    """Return :data:`DEFAULT_WEIGHTS` updated by ``"sourcing=2,relay=1,..."``.

    Unknown components, non-numbers and negative weights raise
    :class:`~framing.core.errors.FramingError` naming the bad item and the fix.
    """
    weights = dict(DEFAULT_WEIGHTS)
    if not text:
        return weights
    for part in text.split(","):
        if not part.strip():
            continue
        name, sep, value = part.partition("=")
        name = name.strip()
        if not sep or name not in COMPONENTS:
            raise FramingError(f"bad weight {part.strip()!r}",
                               fix="write NAME=NUMBER with NAME one of " + ", ".join(COMPONENTS))
        try:
            w = float(value)
        except ValueError:
            raise FramingError(f"weight for {name} is not a number: {value.strip()!r}",
                               fix=f"e.g. {name}=1.5") from None
        if w < 0 or math.isnan(w) or math.isinf(w):
            raise FramingError(f"weight for {name} must be zero or more, got {value.strip()}",
                               fix="use 0 to leave a component out")
        weights[name] = w
    if not any(weights.values()):
        raise FramingError("every weight is zero", fix="give at least one component a positive weight")
    return weights


def _component_scores(df: pd.DataFrame) -> dict[str, pd.Series]:
    def col(name: str) -> pd.Series:
        return pd.to_numeric(df[name], errors="coerce") if name in df.columns else pd.Series(math.nan, index=df.index)
    # One link is not a diversity of sources: independence grows with the
    # number of sources cited, up to MIN_SOURCES.
    enough = ((col("independent_sources") + col("government_sources")) / MIN_SOURCES).clip(upper=1).fillna(0)
    return {
        "sourcing": col("verified_share"),
        "specificity": col("specificity"),
        "independence": (col("independence").fillna(0.0) * enough).where(col("factual_sentences").fillna(0) > 0),
        "sides": col("sides").map(sides_score),
        "one_government": 1 - col("top_government_share"),
        "home_government": 1 - col("home_government_share"),
        "relay": 1 - col("relay_share"),
        "state_relay": 1 - col("state_relay_share"),
        "state_reliance": 1 - col("state_reliance"),
        "calibration": 1 - col("unattributed_claim_share"),
        "hedging": ((col("hedge_rate_own") - col("booster_rate_own")) / HEDGE_FULL).clip(0, 1),
        "loaded": 1 / (1 + col("loaded_own_plain") / LOADED_HALF),
        "transparency": col("transparency"),
    }


def composite(indicators_df: pd.DataFrame, weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Return ``indicators_df`` with, per component, its score, weight and contribution, and ``composite``.

    For each component ``c`` in :data:`COMPONENTS`: ``c_score`` in [0, 1]
    (direction in COMPONENTS), ``c_weight`` and ``c_contribution`` =
    weight x score / (sum of weights of the components the row has a score
    for).  ``composite`` is the sum of contributions, in [0, 1].  A component
    with no evidence in a row (e.g. specificity with no attributions) is left
    out of that row and its weight given to the others, so ``composite_basis``
    lists what the row's composite rests on.  Catalog ratings are never used.
    """
    w = dict(DEFAULT_WEIGHTS)
    if weights:
        unknown = [k for k in weights if k not in COMPONENTS]
        if unknown:
            raise FramingError(f"unknown composite component(s): {', '.join(unknown)}",
                               fix="use " + ", ".join(COMPONENTS))
        w.update({k: float(v) for k, v in weights.items()})
    if any(v < 0 for v in w.values()) or not any(w.values()):
        raise FramingError("weights must be zero or more with at least one positive",
                           fix="e.g. sourcing=2,relay=1")
    out = indicators_df.copy()
    scores = {k: s.clip(0, 1).round(3) for k, s in _component_scores(out).items()}
    have = pd.DataFrame({k: s.notna() for k, s in scores.items()})
    total = sum(have[k] * w[k] for k in COMPONENTS)
    comp = pd.Series(0.0, index=out.index)
    for k in COMPONENTS:
        out[f"{k}_score"] = scores[k]
        out[f"{k}_weight"] = w[k]
        contrib = (scores[k].fillna(0) * w[k] / total.where(total > 0)).where(have[k])
        out[f"{k}_contribution"] = contrib.round(4)
        comp = comp + contrib.fillna(0)
    out["composite"] = comp.where(total > 0).round(3)
    out["composite_basis"] = [", ".join(k for k in COMPONENTS if have.at[i, k] and w[k] > 0) for i in out.index]
    return out


def weights_text(weights: Mapping[str, float]) -> str:
    """Return ``weights`` as ``name=value,...`` (for recording with an export)."""
    return ",".join(f"{k}={v:g}" for k, v in weights.items())
