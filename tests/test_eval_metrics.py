"""Metrics of a session, computed by hand on small made-up sessions."""

import numpy as np
import pytest

from avrec_desktop.evaluation.metrics import aggregate, session_metrics, skip_rate, window_diversity
from avrec_desktop.evaluation.simulate import Play, Session


def play(n, media_id, *, skipped=False, attitude="neutral", suggestion=None):
    return Play(step=n, media_id=media_id, label="x", attitude=attitude,
                suggestion=n if suggestion is None else suggestion, finished=not skipped,
                position=10.0 if skipped else 100.0, duration=100.0, start_ts=float(n))


def test_skip_rates_by_bucket_count_suggestions_only():
    plays = [play(0, 99, skipped=True, suggestion=0)]  # a hand pick: never counted
    plays += [play(n, n, skipped=n <= 5) for n in range(1, 11)]  # 1-10: half skipped
    plays += [play(n, n, skipped=n % 4 == 0) for n in range(11, 31)]  # 11-30: 5 of 20
    plays += [play(n, n, skipped=False) for n in range(31, 41)]  # 31-40 only (short session)
    s = Session("x", "s", plays)
    m = session_metrics(s, {}, library_size=100)
    assert m["skip_1_10"] == 0.5
    assert m["skip_11_30"] == 0.25
    assert m["skip_31_60"] == 0.0
    assert m["skip_all"] == pytest.approx(10 / 40)
    assert m["suggestions"] == 40 and m["hand_picks"] == 1
    assert m["coverage"] == 0.4
    assert skip_rate(Session("x", "s", []), 1, 10) is None


def test_loved_share_and_coverage_with_replays():
    plays = [play(n, n % 5, attitude="love" if n % 2 else "dislike") for n in range(1, 41)]
    m = session_metrics(Session("x", "s", plays), {}, library_size=10)
    assert m["loved_share"] == 0.5 and m["disliked_share"] == 0.5
    assert m["loved_share_31_60"] == 0.5
    assert m["coverage"] == 0.5  # 5 distinct of 10


def test_window_diversity():
    e = np.eye(4, dtype=np.float32)
    same = {i: e[0] for i in range(10)}
    assert window_diversity(list(range(10)), same) == pytest.approx(0.0, abs=1e-9)
    orth = {i: e[i] for i in range(4)}
    assert window_diversity([0, 1, 2, 3], orth) == pytest.approx(1.0)
    opposite = {0: e[0], 1: -e[0]}
    assert window_diversity([0, 1], opposite) == pytest.approx(2.0)
    # two windows of 10: identical items in the first, two orthogonal groups in the second
    vecs = {i: e[0] for i in range(10)}
    vecs.update({i: e[1] if i % 2 else e[2] for i in range(10, 20)})
    second = (50 * 1.0) / 90  # 5×5×2 cross pairs at distance 1 out of 10×9 ordered pairs
    assert window_diversity(list(range(20)), vecs) == pytest.approx((0.0 + second) / 2)
    assert window_diversity([0], same) is None


def test_aggregate_mean_std_and_undefined_values():
    runs = [{"a": 0.2, "b": None, "c": True}, {"a": 0.4, "b": 1.0}, {"a": 0.6}]
    agg = aggregate(runs)
    assert agg["a"] == {"mean": 0.4, "std": pytest.approx(np.std([0.2, 0.4, 0.6]), abs=1e-4), "n": 3}
    assert agg["b"] == {"mean": 1.0, "std": 0.0, "n": 1}
    assert "c" not in agg
