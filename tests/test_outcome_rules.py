"""The outcome rules: what a playback says about taste. These pin the documented table."""

import pytest

from avrec_desktop.errors import AvrecError
from avrec_desktop.recommend.outcomes import OutcomeRules, judge_end, outcomes_from_events

RULES = OutcomeRules()


def end(position, duration=200.0, reason="skipped", auto=True):
    return {"type": "end", "position": position, "duration": duration, "reason": reason, "auto": auto}


@pytest.mark.parametrize("event, kind, expected", [
    (end(200, reason="finished"), "audio", ("finished", 1.0)),
    (end(185, reason="skipped"), "audio", ("finished", 1.0)),      # within the last 10 %
    (end(195, reason="next"), "audio", ("finished", 1.0)),
    (end(5.2, duration=12), "audio", ("early-skip", -1.0)),       # a short track skipped at 5 s
    (end(5), "audio", ("early-skip", -1.0)),                       # a skip after 5 s
    (end(29), "audio", ("early-skip", -1.0)),
    (end(2.5, auto=True), "audio", ("grace", 0.0)),                # flicked past an automatic start
    (end(2.5, auto=False), "audio", ("early-skip", -1.0)),         # picked by hand, then skipped
    (end(0.5, auto=False), "audio", ("grace", 0.0)),               # a misclick
    (end(60), "audio", ("late-skip", -0.3)),
    (end(120), "audio", ("late-skip", 0.3)),
    (end(15, duration=40), "audio", ("early-skip", -1.0)),         # short track: window is half of it
    (end(25, duration=40), "audio", ("late-skip", 0.3)),
    (end(100, duration=600), "video", ("early-skip", -1.0)),       # first 20 % of a video
    (end(130, duration=600), "video", ("late-skip", -0.3)),
    (end(50, reason="error"), "audio", ("neutral", 0.0)),
    (end(50, reason="app-closed"), "audio", ("neutral", 0.0)),     # closing the app is not a skip
    (end(50, reason="previous"), "audio", ("neutral", 0.0)),
    (end(50, reason="stopped"), "audio", ("neutral", 0.0)),
    (end(199, reason="stopped"), "audio", ("finished", 1.0)),
])
def test_end_rules(event, kind, expected):
    assert judge_end(event, RULES, kind) == expected


def test_thresholds_are_settings(store):
    rules = RULES.with_values(early_skip_seconds=10, auto_grace_seconds=1)
    rules.save(store)
    loaded = OutcomeRules.load(store)
    assert loaded == rules
    assert judge_end(end(12), loaded) == ("late-skip", -0.3)
    assert judge_end(end(2), loaded) == ("early-skip", -1.0)


def test_feedback_events_and_repeats_add_up(store, tmp_path):
    a = store.insert_media(path=str(tmp_path / "a.mp3"), kind="audio", status="ready")
    for _ in range(2):
        store.add_event(a, "start", auto=True, session="s")
        store.add_event(a, "end", position=200, duration=200, reason="finished", session="s", seed_id=7,
                        source="up-next", auto=True)
    store.add_event(a, "like")
    store.add_event(a, "unlike")
    store.add_event(a, "less-like", seed_id=7)
    store.add_event(a, "removed", source="up-next")
    outcomes = outcomes_from_events(store.events_after(0), RULES)
    assert [(o.label, o.weight) for o in outcomes] == [
        ("finished", 1.0), ("finished", 1.0), ("like", 2.0), ("unlike", -2.0), ("less-like", -1.0),
        ("removed", -0.5)]
    assert outcomes[0].seed_id == 7 and outcomes[0].source == "up-next" and outcomes[0].auto
    assert sum(o.weight for o in outcomes[:2]) == 2.0  # finishing twice counts twice


def test_bad_events_are_refused(store, tmp_path):
    a = store.insert_media(path=str(tmp_path / "a.mp3"), kind="audio")
    with pytest.raises(AvrecError, match="unknown event type"):
        store.add_event(a, "played")
    with pytest.raises(AvrecError, match="needs a reason"):
        store.add_event(a, "end", position=3)
    with pytest.raises(AvrecError, match="negative"):
        store.add_event(a, "start", position=-1)
