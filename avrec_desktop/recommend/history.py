"""What was played lately, as of a given ``now``: the facts behind cool-downs and artist streaks.

Read straight from the ``events`` table (index ``events_ts``), never from the taste model: "recently
played" is about starts (an item the user started and stopped after 2 s was still just heard), while the
taste model only keeps judged outcomes. Only events at or before ``now`` count, so a simulation in
simulated time sees the history it has made so far, and nothing reads the wall clock here.

``order`` is what the ranker reads for streaks: the session's plays, most recent first, when a session
is given and has any; otherwise every recent play.
"""

from __future__ import annotations

from dataclasses import dataclass, field

HISTORY_LIMIT = 2000  # starts looked at, at most (a day of non-stop 40 s clips)


@dataclass(frozen=True)
class RecentHistory:
    """The plays within a time window, newest first."""
    now: float
    last_start: dict[int, float] = field(default_factory=dict)  # media id → latest play within the window
    order: list[int] = field(default_factory=list)  # plays, most recent first (repeats kept)
    everywhere: list[int] = field(default_factory=list)  # plays of every session, most recent first

    def seconds_since(self, media_id: int) -> float | None:
        ts = self.last_start.get(int(media_id))
        return None if ts is None else max(0.0, self.now - ts)

    def last(self, n: int, *, skip: int | None = None, every_session: bool = False) -> list[int]:
        """The ``n`` most recent distinct plays (``skip``: leave this id out, e.g. the playing item)."""
        out: list[int] = []
        if n <= 0:
            return out
        for media_id in (self.everywhere if every_session else self.order):
            if media_id != skip and media_id not in out:
                out.append(media_id)
                if len(out) >= n:
                    break
        return out


def recent_history(store, *, now: float, window: float, session: str | None = None,
                   limit: int = HISTORY_LIMIT) -> RecentHistory:
    """Plays within ``window`` seconds before ``now``: ``last_start`` from ``start`` and ``end`` events
    (an end alone, as ``avrec event`` may write, still says the item was heard), ``order`` from starts."""
    rows = store.plays_between(now - window, now, limit)
    last_start: dict[int, float] = {}
    everything: list[int] = []
    in_session: list[int] = []
    for r in rows:  # newest first
        media_id = int(r["media_id"])
        last_start.setdefault(media_id, float(r["ts"]))
        if r["type"] != "start":
            continue
        everything.append(media_id)
        if session is not None and r["session"] == session:
            in_session.append(media_id)
    order = in_session if session is not None and in_session else everything
    return RecentHistory(now, last_start, order, everything)
