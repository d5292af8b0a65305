"""The composite: indicator scores combined with visible, changeable weights; the components stay in the output."""

from __future__ import annotations

import math
from typing import Mapping

import pandas as pd

from framing.core.errors import FramingError

#: Loaded-language score: ``1 / (1 + loaded_own / LOADED_HALF)``, so a text
#: whose own voice carries LOADED_HALF loaded-weight per 1,000 tokens scores
#: 0.5.  10 sits between the seeds' own-voice loadedness of the brief (002) and
#: of the CNS report (000), so the scale separates them without saturating.
LOADED_HALF = 10.0

#: Composite components: the indicator column each reads and its direction.
#: Every score is in [0, 1] and higher means more of what the literature
#: treats as careful practice; see docs/credibility.md for each definition.
COMPONENTS: Mapping[str, str] = {
    "sourcing": "sourced_share (share of factual sentences with a named source, endnote or link)",
    "specificity": "named / (named + vague) attributions",
    "relay": "1 - relay_share (originality: share not relayed from one outlet)",
    "state_reliance": "1 - state_reliance (share of cited items not from a party's state or officials)",
    "calibration": "1 - unattributed_claim_share (claims stated as fact with no source)",
    "loaded": "1 / (1 + loaded_own / LOADED_HALF) (loaded language in the outlet's own voice)",
    "transparency": "share of byline/authors, date and ownership present",
}

#: Default weights.  Sourcing counts double because it is the indicator most
#: directly observed in the text and the one every framework shares (Zhang et
#: al.'s source indicators, NewsGuard's "regularly... attributes"); the rest
#: count once.  These are a starting point, not a validated model: change them
#: with ``--weights`` or ``composite(df, weights)``.
DEFAULT_WEIGHTS: Mapping[str, float] = {
    "sourcing": 2.0, "specificity": 1.0, "relay": 1.0, "state_reliance": 1.0,
    "calibration": 1.0, "loaded": 1.0, "transparency": 1.0,
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
    return {
        "sourcing": col("sourced_share"),
        "specificity": col("specificity"),
        "relay": 1 - col("relay_share"),
        "state_reliance": 1 - col("state_reliance"),
        "calibration": 1 - col("unattributed_claim_share"),
        "loaded": 1 / (1 + col("loaded_own") / LOADED_HALF),
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
