"""Scatter labels that never overprint and scale domains that never cut off the top point."""

from __future__ import annotations

from framing.present.chartlayout import CHAR_PX, non_overlapping_labels, padded_domain


def test_padded_domain_keeps_extremes_inside():
    lo, hi = padded_domain([0.0, 2.68])
    assert lo < 0.0 and hi > 2.68
    llo, lhi = padded_domain([2, 200], log=True)
    assert llo < 2 and lhi > 200
    assert padded_domain([]) == (0.0, 1.0)


def test_labels_of_coincident_points_are_not_all_drawn():
    # five terms at the same spot (the seeds' ties: count 3, z 3.097 for several ua_gov terms)
    xs, ys = [3, 3, 3, 3, 50], [3.1, 3.1, 3.1, 3.1, 0.5]
    texts = ["workers", "CNS", "WOT", "Federation", "said"]
    flags = non_overlapping_labels(xs, ys, texts, ys, (1, 100), (0, 3.5))
    assert sum(flags[:4]) == 1 and flags[4]


def test_kept_labels_do_not_overlap_and_respect_the_limit():
    xs = [2 + i for i in range(40)]
    ys = [3 - i * 0.01 for i in range(40)]
    texts = [f"term{i:02d}" for i in range(40)]
    flags = non_overlapping_labels(xs, ys, texts, ys, (1, 50), (0, 3.5), max_labels=5)
    assert 1 <= sum(flags) <= 5
    import math
    kept = [i for i, f in enumerate(flags) if f]
    for a in kept:
        for b in kept:
            if a < b:  # boxes are len*CHAR_PX wide: distinct x pixels must exceed the first box width
                ua = math.log10(xs[a]) / math.log10(50) * 800
                ub = math.log10(xs[b]) / math.log10(50) * 800
                va, vb = (1 - ys[a] / 3.5) * 460, (1 - ys[b] / 3.5) * 460
                assert abs(ua - ub) > len(texts[a]) * CHAR_PX or abs(va - vb) > 14
