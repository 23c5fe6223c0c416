"""``avrec journey A B`` and ``avrec station WORDS | --seed A --seed B``: steering what plays next.

The parsers are added by cli.py (``add_parsers``); the work lives in the core (recommend/journey.py,
recommend/station.py).
"""

from __future__ import annotations

from avrec_desktop.cli_output import emit_json
from avrec_desktop.store.records import printable_path


def add_parsers(sub) -> None:
    jr = sub.add_parser("journey", help="a path of N items moving smoothly from A's sound or look to B's")
    jr.add_argument("start", help="A: a path or an item id")
    jr.add_argument("end", help="B: a path or an item id")
    jr.add_argument("-n", type=int, default=10, help="items on the way, A and B included (default 10)")
    jr.add_argument("--json", action="store_true")
    st = sub.add_parser("station", help="an endless Up next from words (\"calm piano\") or several seeds")
    st.add_argument("words", nargs="*", help="what it should play, in words")
    st.add_argument("--seed", action="append", default=[], help="a path or an item id (repeat for several)")
    st.add_argument("-k", type=int, default=10, help="suggestions per page")
    st.add_argument("--pages", type=int, default=1, help="pages to show (each new to the station)")
    st.add_argument("--session", default="cli")
    st.add_argument("--json", action="store_true")


def _core():
    from avrec_desktop.core import AppCore

    return AppCore(index_graph="off")


def _item(item) -> dict:
    return {"id": item.id, "path": item.path, "kind": item.kind, "title": item.title, "artist": item.artist}


def _label(item) -> str:
    return f"{item.display_title}" + (f" — {item.artist}" if item.artist else "")


def cmd_journey(args) -> int:
    core = _core()
    try:
        journey = core.journey(args.start, args.end, n=args.n)
    finally:
        core.close()
    if args.json:
        emit_json({"start": _item(journey.start), "end": _item(journey.end), "asked": args.n,
                   "spaces": {s: round(w, 4) for s, w in journey.spaces.items()},
                   "smoothness": journey.smoothness,
                   "steps": [{**_item(s.media), "reason": s.reason.text, "to_start": round(s.to_start, 4),
                              "to_end": round(s.to_end, 4),
                              "from_previous": None if s.from_previous is None else round(s.from_previous, 4)}
                             for s in journey.steps]})
        return 0
    print(f"journey from {_label(journey.start)} to {_label(journey.end)} "
          f"({', '.join(journey.spaces)}; {len(journey.steps)} steps)")
    for n, step in enumerate(journey.steps, 1):
        print(f"{n:>3}. {_label(step.media)}")
        print(f"       {step.reason.text}")
        print(f"       {printable_path(step.media.path)}")
    if len(journey.steps) < args.n:
        print(f"  only {len(journey.steps) - 2} items of the library lie between them, each nearer B and "
              "farther from A than the one before")
    sm = journey.smoothness
    if "mean_step" in sm:
        print(f"  smoothness: mean step {sm['mean_step']:.2f}, longest {sm['max_step']:.2f} of the A–B distance "
              f"(the same items shuffled: {sm['shuffled_mean_step']:.2f}, {sm['shuffled_max_step']:.2f})")
    return 0


def cmd_station(args) -> int:
    from avrec_desktop.recommend.station import Station

    words = " ".join(args.words).strip()
    core = _core()
    try:
        seeds = tuple(core.resolve_item(s).id for s in args.seed)
        station = Station(words=words or None, seeds=seeds)
        pages = [core.station_page(station, k=args.k, session=args.session) for _ in range(max(args.pages, 1))]
    finally:
        core.close()
    if args.json:
        emit_json({"station": station.name, "words": station.words, "seeds": list(station.seeds),
                   "source": station.source,
                   "pages": [[{**_item(s.media), "reason": s.reasons[0].text, "score": round(s.score, 4),
                               "seed_id": s.seed_id} for s in page] for page in pages]})
        return 0
    print(f"{station.name}:")
    if not any(pages):
        print("  nothing to play yet (is the library analysed? see `avrec status`)")
    rank = 0
    for n, page in enumerate(pages, 1):
        if len(pages) > 1:
            print(f" page {n}")
        for s in page:
            rank += 1
            print(f"{rank:>3}. {_label(s.media)}")
            print(f"       {s.reasons[0].text}")
    return 0


STEERING_COMMANDS = {"journey": cmd_journey, "station": cmd_station}
