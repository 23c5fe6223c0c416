"""Import listening history from files: read, match to the library, write events, say how it went.

Every matched listen becomes the events the player writes for that play (see ``store.history_import``);
the taste model reads them like any other play — it learns from events after the last one it saw, so
the next suggestion (``avrec next``, ``avrec taste show``, Up next in the window) already includes them,
each weighed by its age like the user's own plays (half-life ``TasteParams.half_life_days``).
``dry_run`` matches and counts without writing anything.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from avrec_desktop.history_import.listens import Listen
from avrec_desktop.history_import.matcher import Candidate, Matcher
from avrec_desktop.history_import.normalise import norm_artist, norm_title
from avrec_desktop.history_import.readers import read_listens
from avrec_desktop.recommend.outcomes import OutcomeRules, judge_end
from avrec_desktop.store.history_import import ImportedPlay, add_imported_plays, record_history_import

TOP_UNMATCHED = 10


@dataclass
class FileReport:
    path: str
    format: str
    service: str
    listens: int = 0
    bad_rows: int = 0
    matched: int = 0
    added: int = 0


@dataclass
class ImportReport:
    files: list[FileReport] = field(default_factory=list)
    listens: int = 0
    matched: int = 0
    added: int = 0
    plays: int = 0  # added listens the taste model counts as heard to the end
    skips: int = 0  # added listens it counts as skips
    other: int = 0  # added, neither (stopped early, a misclick...)
    unmatched_counts: Counter = field(default_factory=Counter)
    dry_run: bool = False

    @property
    def unmatched(self) -> int:
        return self.listens - self.matched

    @property
    def already(self) -> int:
        """Matched listens that were there before (an earlier import, or played here)."""
        return 0 if self.dry_run else self.matched - self.added

    def top_unmatched(self, n: int = TOP_UNMATCHED) -> list[tuple[str, int]]:
        return sorted(self.unmatched_counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]

    def to_dict(self) -> dict:
        return {"files": [vars(f) for f in self.files], "listens": self.listens, "matched": self.matched,
                "match_rate": round(self.matched / self.listens, 4) if self.listens else None,
                "added": self.added, "plays": self.plays, "skips": self.skips, "other": self.other,
                "already": self.already, "unmatched": self.unmatched, "dry_run": self.dry_run,
                "top_unmatched": [{"listen": k, "count": n} for k, n in self.top_unmatched()]}

    def summary(self) -> str:
        """One paragraph: "matched 812 of 1,000 listens (81 %), added 812 (650 plays, 162 skips); ..."."""
        rate = f" ({100 * self.matched / self.listens:.0f} %)" if self.listens else ""
        text = f"matched {self.matched:,} of {self.listens:,} listens{rate}"
        if self.dry_run:
            text += " (dry run: nothing added)"
        else:
            parts = [_counted(self.plays, "play"), _counted(self.skips, "skip")] + (
                [f"{self.other:,} other"] if self.other else [])
            text += f", added {self.added:,} ({', '.join(parts)})"
            if self.already:
                text += f"; {self.already:,} were already there"
        if self.unmatched:
            top = "; ".join(f"{k} ({n})" for k, n in self.top_unmatched(5))
            text += f"; {self.unmatched:,} unmatched — top: {top}"
        return text


def _counted(n: int, word: str) -> str:
    """The count with its word, plural unless one: 1 play, 0 plays, 1,234 plays."""
    return f"{n:,} {word}" + ("s" if n != 1 else "")


def listen_key(listen: Listen) -> str:
    raw = f"{listen.service}|{int(round(listen.ts))}|{norm_artist(listen.artist)}|{norm_title(listen.title)}"
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:24]


def play_of(listen: Listen, cand: Candidate) -> ImportedPlay:
    """The start and end the player would have written for this listen of ``cand``."""
    length = cand.duration or listen.duration
    reason = listen.end_reason or "finished"
    heard = listen.played if listen.played is not None else (length or 0.0)
    position = length if reason == "finished" and length else heard
    return ImportedPlay(media_id=cand.media_id, key=listen_key(listen), start=listen.ts, end=listen.ts + heard,
                        position=float(position or 0.0), duration=length, reason=reason, auto=listen.auto,
                        session=f"import:{listen.service}")


def import_files(store, paths, *, fmt: str | None = None, dry_run: bool = False) -> ImportReport:
    """Import every listen of ``paths`` that matches a library item (see the module docstring)."""
    results = [r for p in paths for r in read_listens(p, fmt)]  # every file read before anything is written
    matcher = Matcher(store.all_media())
    rules = OutcomeRules.load(store)
    report = ImportReport(dry_run=dry_run)
    for result in results:
        file_report = FileReport(result.path, result.format, result.service, len(result.listens), result.bad_rows)
        plays: list[ImportedPlay] = []
        for listen in result.listens:
            cand = matcher.match(listen)
            if cand is None:
                report.unmatched_counts[listen.label] += 1
                continue
            plays.append(play_of(listen, cand))
        file_report.matched = len(plays)
        if not dry_run:
            added = add_imported_plays(store, plays)
            kinds = store.kinds_of(sorted({p.media_id for p in plays}))
            for play, was_added in zip(plays, added):
                if was_added:
                    _count(report, play, rules, kinds.get(play.media_id, "audio"))
            file_report.added = sum(added)
            record_history_import(store, service=result.service, file_name=Path(result.path).name,
                                  rows=file_report.listens, matched=file_report.matched, added=file_report.added)
        report.files.append(file_report)
        report.listens += file_report.listens
        report.matched += file_report.matched
        report.added += file_report.added
    return report


def _count(report: ImportReport, play: ImportedPlay, rules: OutcomeRules, kind: str) -> None:
    label, weight = judge_end({"reason": play.reason, "position": play.position, "duration": play.duration,
                               "auto": play.auto}, rules, kind)
    if label == "finished":
        report.plays += 1
    elif label in ("early-skip", "late-skip"):
        report.skips += 1
    else:
        report.other += 1
