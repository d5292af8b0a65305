"""Which points of a scatter get a text label, so labels never print over each other.

Vega-Lite has no label-collision avoidance for text marks, and the
distinctive-terms scatter used to label every term above the z threshold:
on the seeds' think-tank brief a dozen labels sat on top of each other.
:func:`non_overlapping_labels` picks labels greedily, most important first,
keeping one only when its box (estimated from the text length) does not
touch a box already kept, in the chart's own pixel space.  No Streamlit here.
"""

from __future__ import annotations

import math
from typing import Sequence

#: Estimated width of one character of an 11 px label, and the label's height, in pixels.
CHAR_PX = 6.6
LINE_PX = 14.0


def padded_domain(values: Sequence[float], log: bool = False, pad: float = 0.08) -> tuple[float, float]:
    """Return ``(low, high)`` of ``values`` widened by ``pad`` of the range on each side (in log space with ``log``).

    Used as the chart's scale domain, so the top and bottom points (and their
    labels) are never cut off by the plot's edge.
    """
    vals = [float(v) for v in values if v is not None and not math.isnan(float(v)) and (not log or float(v) > 0)]
    if not vals:
        return (1.0, 10.0) if log else (0.0, 1.0)
    lo, hi = min(vals), max(vals)
    if log:
        lo, hi = math.log10(lo), math.log10(hi)
    span = (hi - lo) or 1.0
    lo, hi = lo - pad * span, hi + pad * span
    return (10 ** lo, 10 ** hi) if log else (lo, hi)


def non_overlapping_labels(xs: Sequence[float], ys: Sequence[float], texts: Sequence[str],
                           priority: Sequence[float], x_domain: tuple[float, float],
                           y_domain: tuple[float, float], width: float = 800, height: float = 460,
                           log_x: bool = True, max_labels: int = 20, dx: float = 6) -> list[bool]:
    """Return one flag per point: True when its label is drawn.

    Points are taken by descending ``priority`` (e.g. z); a label is a box of
    ``len(text) * CHAR_PX`` by ``LINE_PX`` pixels starting ``dx`` right of the
    point, in a ``width`` x ``height`` plot whose scales span ``x_domain``
    (log10 when ``log_x``) and ``y_domain``.  A label is kept when it overlaps
    no kept label, no point's own dot area, and stays inside the plot; at most
    ``max_labels`` are kept.
    """
    def px(x: float, y: float) -> tuple[float, float]:
        x0, x1 = (math.log10(x_domain[0]), math.log10(x_domain[1])) if log_x else x_domain
        xv = math.log10(x) if log_x else x
        u = (xv - x0) / ((x1 - x0) or 1.0) * width
        v = (1 - (y - y_domain[0]) / ((y_domain[1] - y_domain[0]) or 1.0)) * height
        return u, v

    order = sorted(range(len(texts)), key=lambda i: -float(priority[i]))
    kept: list[tuple[float, float, float, float]] = []
    flags = [False] * len(texts)
    for i in order:
        if len(kept) >= max_labels:
            break
        if log_x and not xs[i] > 0:
            continue
        u, v = px(float(xs[i]), float(ys[i]))
        box = (u + dx, v - LINE_PX / 2 - 4, u + dx + len(str(texts[i])) * CHAR_PX, v + LINE_PX / 2 - 4)
        if box[2] > width or box[1] < 0:
            continue
        if any(not (box[2] < k[0] or box[0] > k[2] or box[3] < k[1] or box[1] > k[3]) for k in kept):
            continue
        kept.append(box)
        flags[i] = True
    return flags
