"""Indexing progress as a person wants to see it: done of total, rate, time left, what is being read."""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field


@dataclass
class Progress:
    state: str = "stopped"  # stopped | starting | working | idle | paused | failed
    done: int = 0
    failed: int = 0
    remaining: int = 0
    current: str | None = None
    error: str | None = None
    started_at: float | None = None
    elsewhere: int | None = None  # pid of another process's worker this one is attached to
    _recent: deque = field(default_factory=lambda: deque(maxlen=50), repr=False)

    @property
    def total(self) -> int:
        return self.done + self.failed + self.remaining

    @property
    def rate_per_min(self) -> float:
        """Files per minute over the last files (a sliding window, so it follows the present)."""
        if len(self._recent) >= 2:
            span = self._recent[-1] - self._recent[0]
            if span > 0:
                return (len(self._recent) - 1) * 60.0 / span
        if self._recent and self.started_at:
            span = self._recent[-1] - self.started_at
            return 60.0 * len(self._recent) / span if span > 0 else 0.0
        return 0.0

    @property
    def eta_seconds(self) -> float | None:
        rate = self.rate_per_min
        if not self.remaining:
            return 0.0
        return self.remaining * 60.0 / rate if rate > 0 else None

    def record_file(self, ok: bool, when: float | None = None) -> None:
        if ok:
            self.done += 1
        else:
            self.failed += 1
        self._recent.append(time.time() if when is None else when)

    def line(self) -> str:
        """One line for a terminal or a status bar."""
        if self.state == "failed":
            return f"indexing stopped: {self.error}"
        parts = [f"{self.done + self.failed}/{self.total} files"]
        if self.failed:
            parts.append(f"{self.failed} failed")
        rate = self.rate_per_min
        if rate and self.remaining:
            parts.append(f"{rate:.0f}/min")
            eta = self.eta_seconds
            if eta is not None:
                parts.append(f"about {format_duration(eta)} left")
        label = {"idle": "up to date", "paused": "paused", "starting": "starting"}.get(self.state)
        if label:
            parts.insert(0, label)
        if self.elsewhere is not None and self.state != "idle":
            parts.insert(0, f"analysed by another avrec (pid {self.elsewhere})")
        return " · ".join(parts)

    def as_dict(self) -> dict:
        return {"state": self.state, "done": self.done, "failed": self.failed, "remaining": self.remaining,
                "total": self.total, "rate_per_min": round(self.rate_per_min, 2),
                "eta_seconds": None if self.eta_seconds is None else round(self.eta_seconds, 1),
                "current": self.current, "error": self.error, "elsewhere": self.elsewhere}


def format_duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"
