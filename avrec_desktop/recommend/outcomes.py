"""What a playback means: the one place where events become likes and dislikes.

The player only reports facts (start, position, end and why); these rules decide what they say about the
user's taste. Every threshold is a setting (``OutcomeRules``, stored in the settings table) with these
defaults:

| what happened | outcome | weight |
|---|---|---|
| played to the end (``finished``, or stopped/skipped in the last 10 %) | ``finished`` | +1.0 (each time: repeats add up) |
| skipped (skip/next) in the first 30 s of a track (at most half of it), or the first 20 % of a video | ``early-skip`` | −1.0 |
| skipped later, having heard less than half | ``late-skip`` | −0.3 |
| skipped later, having heard half or more | ``late-skip`` | +0.3 |
| skipped within 3 s of an *automatic* start (the player moved on by itself and the user flicked past), or within 1 s of starting it by hand (a misclick) | ``grace`` | 0 |
| ended by an error, by closing the app, by going back (previous), or stopped early | ``neutral`` | 0 |
| like / dislike | ``like`` / ``dislike`` | +2.0 / −2.0 |
| "less like this" | ``less-like`` | −1.0 |
| an automatic suggestion removed from Up next | ``removed`` | −0.5 |
| a like or dislike taken back | ``unlike`` | minus that like or dislike |

The taste model (``recommend/taste.py``) counts every ``early-skip`` and ``late-skip`` as −1, however far
in it came (``TasteParams.skip_weight``; 0 makes it use the weights above): on the dev corpora, where a
listener's skip times do not depend on why it skips, that lowered later skips (``eval/taste-variants.md``).
The labels and the weights above still hold for everything else (history, facets, stations).

Outcomes keep the event's ``seed_id`` and ``source``, so the taste model can also learn which kind of
similarity (timbre, rhythm, metadata...) makes good suggestions for this user.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from typing import Iterable

SETTINGS_KEY = "outcome_rules"


@dataclass(frozen=True)
class OutcomeRules:
    """The thresholds that turn play events into outcomes."""
    early_skip_seconds: float = 30.0
    early_skip_max_fraction: float = 0.5  # of a short track: a 40 s track's early window is 20 s
    early_skip_video_fraction: float = 0.20
    finished_fraction: float = 0.90
    auto_grace_seconds: float = 3.0
    misclick_seconds: float = 1.0
    finished_weight: float = 1.0
    early_skip_weight: float = -1.0
    late_skip_weight: float = 0.3  # minus below half heard, plus from half on
    like_weight: float = 2.0
    less_like_weight: float = -1.0
    removed_weight: float = -0.5

    @classmethod
    def load(cls, store) -> "OutcomeRules":
        raw = store.get_setting(SETTINGS_KEY)
        if not raw:
            return cls()
        known = {f.name for f in fields(cls)}
        values = {k: float(v) for k, v in json.loads(raw).items() if k in known}
        return cls(**values)

    def save(self, store) -> None:
        store.set_setting(SETTINGS_KEY, json.dumps(asdict(self)))

    def with_values(self, **values) -> "OutcomeRules":
        return replace(self, **{k: float(v) for k, v in values.items()})


@dataclass(frozen=True)
class Outcome:
    """What one event says about the user's taste (a signed weight)."""
    event_id: int
    media_id: int
    ts: float
    label: str
    weight: float
    seed_id: int | None = None
    source: str | None = None
    session: str | None = None
    auto: bool = False
    position: float | None = None
    duration: float | None = None

    @property
    def positive(self) -> bool:
        return self.weight > 0

    @property
    def negative(self) -> bool:
        return self.weight < 0


def judge_end(event: dict, rules: OutcomeRules, kind: str = "audio") -> tuple[str, float]:
    """(label, weight) of one ``end`` event."""
    reason = event.get("reason")
    position = float(event.get("position") or 0.0)
    duration = event.get("duration")
    duration = float(duration) if duration else None
    if reason in ("error", "app-closed", "previous"):
        return "neutral", 0.0
    near_end = duration is not None and position >= rules.finished_fraction * duration
    if reason == "finished" or (near_end and reason in ("skipped", "next", "stopped")):
        return "finished", rules.finished_weight
    if reason == "stopped":
        return "neutral", 0.0
    # skipped / next, before the end
    grace = rules.auto_grace_seconds if event.get("auto") else rules.misclick_seconds
    if position < grace:
        return "grace", 0.0
    if kind == "video" and duration:
        early = position < rules.early_skip_video_fraction * duration
    else:
        window = rules.early_skip_seconds
        if duration:
            window = min(window, rules.early_skip_max_fraction * duration)
        early = position < window
    if early:
        return "early-skip", rules.early_skip_weight
    heard = position / duration if duration else 0.0
    return "late-skip", rules.late_skip_weight if heard >= 0.5 else -rules.late_skip_weight


def outcomes_from_events(events: Iterable[dict], rules: OutcomeRules,
                         kinds: dict[int, str] | None = None) -> list[Outcome]:
    """Outcomes of events in recorded order. ``kinds`` maps media id → "audio"/"video" (default audio).

    Only ``end`` and feedback events make outcomes; ``start``, ``progress`` and ``seek`` are facts the
    player keeps for the history. Neutral outcomes are kept (weight 0) so counts can say "skipped, but
    not held against it".
    """
    kinds = kinds or {}
    last_feedback: dict[int, float] = {}
    out: list[Outcome] = []
    for e in events:
        etype = e["type"]
        mid = e["media_id"]
        if etype == "end":
            label, weight = judge_end(e, rules, kinds.get(mid, "audio"))
        elif etype == "like":
            label, weight = "like", rules.like_weight
            last_feedback[mid] = weight
        elif etype == "dislike":
            label, weight = "dislike", -rules.like_weight
            last_feedback[mid] = weight
        elif etype == "unlike":
            label, weight = "unlike", -last_feedback.pop(mid, 0.0)
        elif etype == "less-like":
            label, weight = "less-like", rules.less_like_weight
        elif etype == "removed":
            label, weight = "removed", rules.removed_weight
        else:
            continue
        out.append(Outcome(event_id=e["id"], media_id=mid, ts=e["ts"], label=label, weight=weight,
                           seed_id=e.get("seed_id"), source=e.get("source"), session=e.get("session"),
                           auto=bool(e.get("auto")), position=e.get("position"), duration=e.get("duration")))
    return out
