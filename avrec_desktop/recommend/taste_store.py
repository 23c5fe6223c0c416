"""The taste model's life in the database: saved state, catch-up from the event log, rebuild, reset.

The event log (``events``) is the truth; the saved state (table ``taste_state``, one row named
``default``) is a cache of the model after the event ``last_event_id``:

- ``load`` takes the saved state when its format and settings match, then *catches up*: the events
  after ``last_event_id`` become outcomes (``outcomes.outcomes_from_events``) and are applied in id
  order. A state that cannot be used (another format, settings that change its meaning — the half-life,
  the facet learning rates — or a log that was cleared behind it) is rebuilt from the log instead.
- ``rebuild`` replays every event after the reset mark from scratch. Applying the same events in the
  same order always makes the same state, so a rebuilt model equals the one learned online (tested).
- ``reset`` forgets the taste but keeps the events: it saves an empty model and a *reset mark* (the last
  event id at that moment, in the settings table so it survives a format change); later rebuilds start
  after the mark. Clearing the history (deleting the events) before a reset sets the mark to 0.

Saving is lazy: after ``save_every`` applied events (and on ``save``). Losing the newest few events'
worth of state costs nothing: the next load catches up from the log.

Facet learning needs the facet similarities of (seed, item) for outcomes that had a seed; they come from
the vectors in use now (``FacetVectors``), so a re-analysed library rebuilds to what it would have
learned with its current vectors.
"""

from __future__ import annotations


from avrec_desktop.recommend.facets import FacetVectors
from avrec_desktop.recommend.outcomes import Outcome, OutcomeRules, outcomes_from_events
from avrec_desktop.recommend.taste import TasteModel, TasteParams

STATE_NAME = "default"
RESET_KEY = "taste_reset_after_event"
SAVE_EVERY = 25
BATCH = 5000


class TasteStore:
    def __init__(self, store, params: TasteParams, rules: OutcomeRules, facets: FacetVectors, *,
                 save_every: int = SAVE_EVERY):
        self.store = store
        self.params = params
        self.rules = rules
        self.facets = facets
        self.save_every = save_every
        self._unsaved = 0

    # -- the reset mark --------------------------------------------------------------------------
    def reset_mark(self) -> int:
        mark = int(self.store.get_setting(RESET_KEY) or 0)
        return mark if mark <= self.store.last_event_id() else 0  # history cleared after the reset

    # -- loading -----------------------------------------------------------------------------------
    def load(self) -> TasteModel:
        state = self.store.taste_state(STATE_NAME)
        row = [state] if state else []
        model = None
        if row:
            try:
                model = TasteModel.from_json(row[0]["state"], self.params)
            except (ValueError, KeyError, TypeError):
                model = None
            if model is not None and model.last_event_id > self.store.last_event_id():
                model = None  # the log was cleared or rewound behind the saved state
        if model is None:
            return self.rebuild()
        self.catch_up(model)
        return model

    def rebuild(self) -> TasteModel:
        """A fresh model from every event after the reset mark (saved)."""
        model = TasteModel(self.params)
        model.skip_to(self.reset_mark())
        self.catch_up(model)
        self.save(model)
        return model

    def reset(self) -> TasteModel:
        """Forget the taste (events stay): an empty model after the last event, saved."""
        last = self.store.last_event_id()
        self.store.set_setting(RESET_KEY, str(last))
        model = TasteModel(self.params)
        model.skip_to(last)
        self.save(model)
        return model

    # -- learning ----------------------------------------------------------------------------------
    def catch_up(self, model: TasteModel) -> list[Outcome]:
        """Apply every event after ``model.last_event_id``; returns the outcomes applied."""
        applied: list[Outcome] = []
        while True:
            events = self.store.events_after(model.last_event_id, limit=BATCH)
            if not events:
                break
            kinds = self._kinds({e["media_id"] for e in events})
            outcomes = outcomes_from_events(events, self.rules, kinds)
            for o in outcomes:
                model.apply(o, self._facet_sims(o))
            applied += outcomes
            model.skip_to(events[-1]["id"])  # events that make no outcome (start, progress) are seen too
            self._unsaved += len(events)
            if len(events) < BATCH:
                break
        if self._unsaved >= self.save_every:
            self.save(model)
        return applied

    def _facet_sims(self, o: Outcome) -> dict[str, float] | None:
        if o.seed_id is None or o.seed_id == o.media_id or o.weight == 0 or not self.facets.facets:
            return None
        return self.facets.pair(int(o.seed_id), o.media_id) or None

    def _kinds(self, ids) -> dict[int, str]:
        return self.store.kinds_of(sorted(int(i) for i in ids))

    # -- saving ------------------------------------------------------------------------------------
    def save(self, model: TasteModel) -> None:
        self.store.save_taste_state(STATE_NAME, 1, model.last_event_id, model.to_json())
        self._unsaved = 0
