"""``avrec`` subcommands of the learning half: events, next, for-you, why, taste, eval, eval-similarity."""

from __future__ import annotations

from avrec_desktop.cli_output import emit_json
from avrec_desktop.cli_commands import _core, _item_json, _item_label, tags_json


def cmd_event(args) -> int:
    """Write the event(s) and say what they mean, from SQLite alone (no numpy, no vectors): the taste
    model learns from them when it next loads (``next``, ``why``, ``for-you``, the window), as it does from
    any event another process writes. The outcome printed is the one that learning applies."""
    core = _core(args)
    try:
        store = core.store
        item = core.resolve_item(args.item)
        seed = core.resolve_item(args.seed).id if args.seed else None
        common = dict(session=args.session, seed_id=seed, source=args.source, auto=args.auto)
        duration = args.duration if args.duration is not None else item.duration
        written = []
        if args.type in ("play", "skip"):
            store.add_event(item.id, "start", **common)
            if args.type == "play":
                written.append(store.add_event(item.id, "end", reason="finished", position=duration,
                                               duration=duration, **common))
            else:
                written.append(store.add_event(item.id, "end", reason=args.reason or "skipped",
                                               position=10.0 if args.position is None else args.position,
                                               duration=duration, **common))
        else:
            written.append(store.add_event(item.id, args.type, position=args.position, duration=duration,
                                           reason=args.reason, **common))
        outcomes = _outcomes_of(store, written, item)
    finally:
        core.close()
    said = ", ".join(f"{o.label} ({o.weight:+g})" for o in outcomes) or "recorded"
    print(f"{_item_label(item)}: {said}")
    return 0


def _outcomes_of(store, event_ids: list[int], item) -> list:
    """What the events just written say about the user's taste (each judged on its own, as the taste
    model's catch-up judges an event written after everything it has already learned)."""
    from avrec_desktop.recommend.outcomes import OutcomeRules, outcomes_from_events

    rules = OutcomeRules.load(store)
    out = []
    for event_id in event_ids:
        events = [e for e in store.events_after(event_id - 1, limit=1) if e["id"] == event_id]
        out += outcomes_from_events(events, rules, {item.id: item.kind})
    return out


def _suggestion_json(s) -> dict:
    return {**_item_json(s.media), "score": round(s.score, 4), "seed_id": s.seed_id,
            "reasons": [{"kind": r.kind, "text": r.text, "data": r.data} for r in s.reasons],
            "parts": {k: round(v, 4) for k, v in s.parts.items()}, "side": s.side}


def _print_suggestions(suggestions) -> None:
    for rank, s in enumerate(suggestions, 1):
        why = " · ".join(r.text for r in s.reasons)
        print(f"{rank:>3}. {_item_label(s.media)}")
        if why:
            print(f"       {why}")


def cmd_next(args) -> int:
    adventure = None
    if args.adventure is not None:
        from avrec_desktop.recommend.adventure import check

        adventure = check(args.adventure)  # out of range: one line, before the library is opened
    core = _core(args)
    try:
        current = core.resolve_item(args.after) if args.after else core.last_played(args.session)
        suggestions = core.recommender().next(current_id=current.id if current else None,
                                              session=args.session, k=args.k, any_kind=args.any_kind,
                                              adventure=adventure)
    finally:
        core.close()
    if args.json:
        emit_json({"after": _item_json(current) if current else None,
                   "suggestions": [_suggestion_json(s) for s in suggestions]})
        return 0
    print(f"up next after {_item_label(current)}:" if current else "up next:")
    if not suggestions:
        print("  nothing to suggest yet (add folders and let them be analysed: `avrec status`)")
    _print_suggestions(suggestions)
    return 0


def cmd_for_you(args) -> int:
    core = _core(args)
    try:
        shelves = core.recommender().for_you(per_shelf=args.k)
    finally:
        core.close()
    if args.json:
        emit_json([{"title": sh.title, "kind": sh.kind, "items": [_suggestion_json(s) for s in sh.items]}
                   for sh in shelves])
        return 0
    if not shelves:
        print("nothing yet: play a few things first")
    for shelf in shelves:
        print(f"\n{shelf.title}")
        _print_suggestions(shelf.items)
    return 0


def cmd_why(args) -> int:
    core = _core(args)
    try:
        item = core.resolve_item(args.item)
        current = core.resolve_item(args.after) if args.after else None
        reasons = core.recommender().why(item.id, current_id=current.id if current else None)
        tags = core.top_tags([item.id] + ([current.id] if current else [])) if args.json else {}
    finally:
        core.close()
    if args.json:
        emit_json({"item": {**_item_json(item), "tags": tags_json(tags, item.id)},
                   "after": {**_item_json(current), "tags": tags_json(tags, current.id)} if current else None,
                   "reasons": [{"kind": r.kind, "text": r.text, "data": r.data} for r in reasons]})
        return 0
    print(_item_label(item))
    for r in reasons:
        print(f"  - {r.text}")
    if not reasons:
        print("  no particular reason yet")
    return 0


def cmd_taste(args) -> int:
    core = _core(args)
    try:
        if args.action == "reset":
            deleted = core.forget(history=args.forget_history)
            if args.forget_history:
                print(f"deleted {deleted} play events")
            print("taste reset: suggestions start again from similarity alone")
        else:
            summary = core.recommender().taste.summary()
            emit_json(summary)
    finally:
        core.close()
    return 0


def cmd_eval(args) -> int:
    from avrec_desktop.evaluation.__main__ import run

    report, lines = run(args, None, command="avrec eval")
    for line in lines:
        print(line)
    print(f"results written to {args.out}")
    return 0


def cmd_eval_similarity(args) -> int:
    import sys

    from avrec_desktop.evaluation.similarity import DESCRIPTORS, run

    corpora = {name: folder for name, folder in (("dev", args.dev), ("dev-real", getattr(args, "dev_real", None)),
                                                 ("held-out", args.held_out)) if folder}
    if not corpora:
        print("eval-similarity: give --dev DIR and/or --held-out DIR", file=sys.stderr)
        return 2
    names = [d.strip() for d in args.descriptors.split(",") if d.strip()] or list(DESCRIPTORS)
    unknown = [d for d in names if d not in DESCRIPTORS and d != "random"]
    if unknown:
        print(f"eval-similarity: unknown descriptor {', '.join(unknown)}; known: random, {', '.join(DESCRIPTORS)}",
              file=sys.stderr)
        return 2
    command = "avrec eval-similarity" + "".join(f" --{n} {f}" for n, f in corpora.items()) + (
        f" --descriptors {args.descriptors}" if args.descriptors else "") + f" --out {args.out}"
    report = run(corpora, args.out, names, command=command,
                 progress=lambda message: print(message, file=sys.stderr, flush=True))
    for name in report["descriptors"]:
        cells = ", ".join(f"{c} {r['results'][name]['precision_at_5']:.3f}" for c, r in report["corpora"].items()
                          if name in r["results"])
        print(f"{name}: precision@5 {cells}")
    print(f"results written to {args.out} and {args.out.rsplit('.', 1)[0]}.md")
    return 0


LEARNING_COMMANDS = {
    "event": cmd_event,
    "next": cmd_next,
    "for-you": cmd_for_you,
    "why": cmd_why,
    "taste": cmd_taste,
    "eval": cmd_eval,
    "eval-similarity": cmd_eval_similarity,
}
