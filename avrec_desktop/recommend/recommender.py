"""The recommender: one object the app, the CLI and the evaluation use to learn from plays and to suggest.

    rec = Recommender(store, indexes)                  # loads the saved taste, catches up with the log
    rec.record(media_id, "end", reason="skipped", position=8, duration=200, session=s, seed_id=prev)
    rec.next(current_id=playing, session=s, k=10)      # Up next, with reasons
    rec.for_you()                                      # shelves
    rec.why(media_id, current_id=playing)              # reasons for one item
    rec.reset_taste()                                  # forget the taste, keep the events

``record`` writes the event and updates the taste model at once (no retraining pass): the very next
``next`` already reflects it. ``next`` also picks up events other connections wrote (a CLI beside the
GUI) before ranking. ``spaces`` limits the embedding spaces the recommender may use (the evaluation
turns text off so tags and file names cannot do the work); ``None`` means every space the indexes have.

Times: every method takes ``now``/``ts`` (unix seconds) so a simulation can run in simulated time;
without them the wall clock is used. ``rng`` makes exploration repeatable; without one, the generator is
seeded from the playing item and the last event id (the same state gives the same list).
"""

from __future__ import annotations

import time

import numpy as np

from avrec_desktop.recommend.adventure import with_sides
from avrec_desktop.recommend.blas import one_thread
from avrec_desktop.recommend.dressing import referenced_ids, row_reasons, suggestions, titles_of
from avrec_desktop.recommend.facets import FacetVectors
from avrec_desktop.recommend.history import recent_history
from avrec_desktop.recommend.next_up import NextParams, NextUp, fetch_rows
from avrec_desktop.recommend.outcomes import Outcome, OutcomeRules
from avrec_desktop.recommend.reasons import Reason, disliked_reason, explore_reason
from avrec_desktop.recommend.scoring import Scorer
from avrec_desktop.recommend.suggestions import Shelf, Suggestion
from avrec_desktop.recommend.taste import TasteModel, TasteParams
from avrec_desktop.recommend.taste_store import TasteStore

__all__ = ["Recommender", "Suggestion", "Shelf", "Reason", "TasteParams", "NextParams"]


class Recommender:
    def __init__(self, store, indexes, *, rules: OutcomeRules | None = None, params: TasteParams | None = None,
                 spaces: set[str] | None = None, ranking: NextParams | None = None):
        self.store = store
        self.indexes = indexes
        self.rules = rules or OutcomeRules.load(store)
        self.params = params or TasteParams.load(store)
        self.ranking = ranking or NextParams()
        self.spaces = set(spaces) if spaces is not None else None
        self.facets = FacetVectors(indexes, self.spaces)
        self._taste_store = TasteStore(store, self.params, self.rules, self.facets)
        self._install(self._taste_store.load())

    def _install(self, model: TasteModel) -> None:
        self.taste = model
        self._scorer = Scorer(self.facets, model)
        self._ranker = NextUp(self.store, self.indexes, self.facets, model, self._scorer, self.ranking)

    # -- learning ----------------------------------------------------------------------------------
    def record(self, media_id: int, type: str, *, ts: float | None = None, **event_fields) -> list[Outcome]:
        """Write one event and learn from it now; returns the outcomes it produced (may be none)."""
        event_id = self.store.add_event(media_id, type, ts=ts, **event_fields)
        outcomes = self._taste_store.catch_up(self.taste)
        return [o for o in outcomes if o.event_id == event_id]

    def set_rules(self, rules: OutcomeRules) -> None:
        """New outcome thresholds (the Settings dialog): events from now on are judged by them."""
        self.rules = rules
        self._taste_store.rules = rules

    def catch_up(self) -> list[Outcome]:
        """Learn from events written elsewhere since the model last looked."""
        if self.store.last_event_id() <= self.taste.last_event_id:
            return []
        return self._taste_store.catch_up(self.taste)

    def save(self) -> None:
        self._taste_store.save(self.taste)

    def rebuild_taste(self) -> TasteModel:
        """Recompute the taste from the event log (after an upgrade, or to check it)."""
        self._install(self._taste_store.rebuild())
        return self.taste

    def reset_taste(self) -> None:
        """Forget what was learned; the events stay (delete them first to forget the history too)."""
        self._install(self._taste_store.reset())

    # -- suggesting --------------------------------------------------------------------------------
    def next(self, *, current_id: int | None = None, session: str | None = None, k: int = 10,
             any_kind: bool = False, now: float | None = None, explore: float | None = None,
             rng=None, adventure: float | None = None) -> list[Suggestion]:
        """Up next after ``current_id`` (None: taste and exploration alone), best first; ``adventure``
        from 0 (familiar) to 1 (adventurous), None or 0.5 as the ranking's parameters are; each
        suggestion says its side (``adventure.py``). An explicit ``explore`` wins over the adventure's; ``rng``
        (a ``SeededRandom`` or a numpy ``Generator``) replaces the draws seeded by the item and the last event."""
        self.catch_up()
        ranker = self._ranker
        if adventure is not None:
            params = self.ranking.with_adventure(adventure)
            if params is not self.ranking:
                ranker = NextUp(self.store, self.indexes, self.facets, self.taste, self._scorer, params)
        with one_thread():
            table, picks, seed = ranker.suggest(current_id=current_id, session=session, k=k,
                                                any_kind=any_kind, now=now, explore=explore, rng=rng)
            return with_sides(suggestions(self.store, table, picks, seed, self.taste, self.facets.space_of),
                              table, picks, seed)

    def ranker(self) -> NextUp:
        """Up next's ranker after catching up with the log (stations score their places with it)."""
        self.catch_up()
        return self._ranker

    def for_you(self, *, now: float | None = None, per_shelf: int = 10) -> list[Shelf]:
        from avrec_desktop.recommend.for_you import for_you as shelves  # not on Up next's path (~1 ms)

        self.catch_up()
        with one_thread():
            return shelves(self._ranker, now=time.time() if now is None else float(now), per_shelf=per_shelf)

    def why(self, media_id: int, *, current_id: int | None = None, now: float | None = None) -> list[Reason]:
        """Everything that speaks for and against ``media_id`` (after ``current_id``, if given)."""
        self.catch_up()
        now = time.time() if now is None else float(now)
        media_id = int(media_id)
        ranker = self._ranker
        history = recent_history(self.store, now=now, window=self.ranking.history_window)
        rows = fetch_rows(self.store, [media_id] + ([current_id] if current_id is not None else []))
        seed = rows.get(current_id) if current_id is not None else None
        with one_thread():
            table = ranker.table([media_id], seed=seed, history=history, now=now, want_kind=None, rows=rows)
        ev = self.taste.evidence(media_id)
        if ev is not None and ev.disliked:
            return [disliked_reason()]
        if not len(table.ids):
            return []
        referenced = referenced_ids(table, [0]) | ({current_id} if current_id is not None else set())
        titles = titles_of(self.store, referenced)
        tags = self.store.tag_words_of([media_id, current_id]) if seed is not None else None
        reasons = row_reasons(table, 0, seed, titles, self.taste, self.facets.space_of, negative=True, tags=tags)
        if ev is None and history.seconds_since(media_id) is None and table.scores.mass[0] < self.ranking.explore_mass:
            reasons.append(explore_reason())
        return reasons
