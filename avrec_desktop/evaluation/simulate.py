"""One listening session in simulated time: a strategy suggests, the listener plays, the store records.

The session opens with an item the listener picks by hand. Then, until ``steps`` suggestions have
been played: the listener may pick something by hand instead (its picks come on top of the
``steps`` suggestions and are not scored), otherwise the strategy's next suggestion after the item
just played is played. Every play is written the way the desktop player will write it:

- ``start`` — a suggestion: ``auto=True``, ``source="up-next"``, ``seed_id`` = the item it followed;
  a hand pick: ``auto=False``, ``source="library"``, no seed;
- ``end`` — ``reason="finished"`` at ``position=duration``, or ``reason="skipped"`` at the skip
  position; with the start's ``auto``, ``source`` and ``seed_id`` repeated.

Simulated time starts at ``t0`` and advances by what was heard (plus a ``gap`` between items), so
recency and cool-downs inside the recommender see a realistic clock; nothing reads the wall clock.
Replays are allowed only outside the cool-down (the last ``cooldown`` plays, hand picks included).
The listener is told what was played before each item (hand picks included), for its boredom.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from avrec_desktop.errors import BadArgument
from avrec_desktop.evaluation.listener import Listener

T0 = 1_700_000_000.0  # a fixed simulated start (unix seconds), so runs are reproducible
GAP = 1.0  # seconds between one item's end and the next start


@dataclass(frozen=True)
class Play:
    step: int  # 0-based position in the session, hand picks included
    media_id: int
    label: str | None
    attitude: str
    suggestion: int  # 1-based number among the suggestions played; 0 for a hand pick
    finished: bool
    position: float
    duration: float
    start_ts: float
    passed_over: bool = False
    fallback: bool = False
    bored: bool = False  # skipped out of boredom (the listener's 4th of a label in a row)

    @property
    def skipped(self) -> bool:
        return not self.finished


@dataclass
class Session:
    strategy: str
    session_id: str
    plays: list[Play] = field(default_factory=list)
    suggest_seconds: list[float] = field(default_factory=list)

    @property
    def suggested(self) -> list[Play]:
        return [p for p in self.plays if p.suggestion]


def run_session(strategy, listener: Listener, durations: dict[int, float | None], *, steps: int,
                cooldown: int = 20, session_id: str = "eval", t0: float = T0, gap: float = GAP) -> Session:
    """Play ``steps`` suggestions of ``strategy`` to ``listener``; events go to ``strategy.recorder``."""
    if steps < 1:
        raise BadArgument("steps must be at least 1")
    session = Session(strategy.name, session_id)
    history: list[int] = []
    now = t0
    current: int | None = None
    played_suggestions = 0
    step = 0
    while played_suggestions < steps:
        blocked = set(history[-cooldown:]) if cooldown > 0 else set()
        if current is not None:
            blocked.add(current)
        if current is None or listener.wants_to_pick(step):
            pick_id, passed_over, fallback = listener.pick(step, blocked), False, False
            number, auto, source, seed = 0, False, "library", None
        else:
            pick = strategy.suggest(current, blocked, now)
            session.suggest_seconds.append(pick.seconds)
            pick_id, passed_over, fallback = pick.media_id, pick.passed_over, pick.fallback
            played_suggestions += 1
            number, auto, source, seed = played_suggestions, True, "up-next", current
        reaction = listener.react(pick_id, durations.get(pick_id), step, previous=history)
        common = dict(session=session_id, source=source, seed_id=seed, auto=auto)
        strategy.recorder.record(pick_id, "start", ts=now, duration=reaction.duration, **common)
        end = now + reaction.position
        strategy.recorder.record(pick_id, "end", ts=end, reason="finished" if reaction.finished else "skipped",
                                 position=reaction.position, duration=reaction.duration, **common)
        session.plays.append(Play(step=step, media_id=pick_id, label=listener.labels.get(pick_id),
                                  attitude=reaction.attitude, suggestion=number, finished=reaction.finished,
                                  position=reaction.position, duration=reaction.duration, start_ts=now,
                                  passed_over=passed_over, fallback=fallback, bored=reaction.bored))
        history.append(pick_id)
        current = pick_id
        now = end + gap
        step += 1
    return session
