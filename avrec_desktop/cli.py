"""The ``avrec`` command: the same core as the desktop app, for power users, scripts and tests.

Errors from the core are shown as one line on stderr with a non-zero exit code:
1 = the request failed (bad input, not found), 2 = usage error (argparse), 3 = the library cannot be
opened (database too new, unreadable), 130 = interrupted.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

from avrec_desktop import __version__
from avrec_desktop.cli_output import ProgressLine, emit_json  # noqa: F401 - older imports of cli.emit_json


class _Skipped:
    """Stands in for the parser of a command that is not being run: every call is accepted and ignored."""

    def __getattr__(self, name):
        return lambda *args, **kwargs: self


class _OnlyOne:
    """``add_subparsers()`` that really builds one command's parser. Each parser costs ~1 ms (argparse
    looks up its translations on disk), ~30 ms for all of them: a query should not pay that to start."""

    def __init__(self, sub, name: str):
        self.sub, self.name, self.found = sub, name, False

    def add_parser(self, name: str, **kwargs):
        if name != self.name:
            return _Skipped()
        self.found = True
        return self.sub.add_parser(name, **kwargs)


BENCH_JOURNEY_FIELDS = """\
bench journey (not part of all): journeys A -> B between random pairs of analysed items of the library, against
the same items in shuffled order (A and B at the ends), in the same run. A step is 1 - fused cosine between
consecutive items (A -> first and last -> B included). JSON results["journey"]:
  library, pairs_asked, pairs_run, skipped {error: count}, steps_asked, seed, shuffles
  steps_mean, between_mean      items per journey (A and B included) / between A and B
  span_mean                     distance A-B
  step_distance_mean            mean step, averaged over journeys; shuffled_step_distance_mean: the shuffles'
  step_distance_max_mean        longest step, averaged; shuffled_step_distance_max_mean: the shuffles'
  smoothness_ratio              step_distance_mean / shuffled_step_distance_mean (< 1: smoother)
  smoother_than_shuffled_share  journeys (with 2+ items between) whose mean step beats their shuffles'
  progress_to_b_share           steps nearer B than the step before; progress_from_a_share: farther from A
  shuffled_progress_to_b_share, shuffled_progress_from_a_share   the same for the shuffles
  plan_ms {p50, p95, max}       planning one journey
  journeys                      per pair: start, end, steps, span, step_distance_mean/max, shuffled_...
"""


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole parser, or (``only``) one with just that command (``.avrec_only.found`` then says whether
    ``only`` is a command at all)."""
    p = argparse.ArgumentParser(prog="avrec", description="Understand your music and videos, offline.")
    p.add_argument("--version", action="version", version=f"avrec {__version__}")
    p.add_argument("--db", help="library database (default: in the data folder; env AVREC_DB)")
    p.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    if only is not None:
        sub = _OnlyOne(sub, only)
        p.avrec_only = sub

    folders = sub.add_parser("folders", help="add, remove or list library folders")
    fsub = folders.add_subparsers(dest="action", required=True)
    add = fsub.add_parser("add", help="add a folder (and scan it)")
    add.add_argument("path")
    add.add_argument("--kind", choices=("music", "video", "mixed"), default="mixed")
    add.add_argument("--no-scan", action="store_true", help="do not scan now")
    rm = fsub.add_parser("remove", help="forget a folder and its items")
    rm.add_argument("folder", help="path or id")
    fsub.add_parser("list", help="list folders")

    scan = sub.add_parser("scan", help="look for new, changed, moved and vanished files")
    scan.add_argument("--wait", action="store_true", help="analyse everything queued before returning")
    sub.add_parser("watch", help="watch folders and analyse files as they come (Ctrl-C to stop)")
    st = sub.add_parser("status", help="library and queue counts")
    st.add_argument("--json", action="store_true")
    fl = sub.add_parser("failures", help="files that could not be analysed, with the reason")
    fl.add_argument("--retry", nargs="*", type=int, metavar="ID",
                    help="queue failed files (all, or these ids) for another analysis")
    fl.add_argument("--json", action="store_true")

    sim = sub.add_parser("similar", help="items most similar to a file or id")
    sim.add_argument("item", help="a path or an item id")
    sim.add_argument("-k", type=int, default=10)
    sim.add_argument("--modality", choices=("all", "audio", "visual", "text"), default="all")
    sim.add_argument("--any-kind", action="store_true", help="music and videos together")
    sim.add_argument("--json", action="store_true")

    se = sub.add_parser("search", help="find items by words (title, artist, mood...)")
    se.add_argument("text", nargs="+")
    se.add_argument("-k", type=int, default=20)
    se.add_argument("--kind", choices=("audio", "video"))
    se.add_argument("--letters", action="store_true",
                    help="match letters only (title, artist, album, file name): answers at once, without "
                         "loading the text model that finds words by meaning")
    se.add_argument("--json", action="store_true")

    ev = sub.add_parser("event", help="record a play, skip or like by hand (the player does it for real)")
    ev.add_argument("item", help="a path or an item id")
    ev.add_argument("type", choices=("start", "end", "like", "dislike", "less-like", "unlike", "removed",
                                     "play", "skip"),
                    help="play = start + finished end; skip = start + end skipped at --position (default 10 s)")
    ev.add_argument("--position", type=float, help="seconds into the item")
    ev.add_argument("--duration", type=float, help="length in seconds (default: the item's)")
    ev.add_argument("--reason", help="why an end happened: finished, skipped, next, previous, stopped, "
                                     "app-closed, error")
    ev.add_argument("--auto", action="store_true", help="the player started it by itself")
    ev.add_argument("--seed", help="the item the suggestion was made from")
    ev.add_argument("--source", help="the list it came from (up-next, for-you, similar, library...)")
    ev.add_argument("--session", default="cli")

    nx = sub.add_parser("next", help="what to play next (with reasons)")
    nx.add_argument("--after", help="the playing item (path or id); default: the last one played")
    nx.add_argument("-k", type=int, default=10)
    nx.add_argument("--any-kind", action="store_true")
    nx.add_argument("--adventure", help="0 (familiar: close to what is playing) to 1 (adventurous: more "
                                        "exploration); default 0.5")
    nx.add_argument("--session", default="cli")
    nx.add_argument("--json", action="store_true")
    fy = sub.add_parser("for-you", help="shelves of suggestions without a seed")
    fy.add_argument("-k", type=int, default=8, help="items per shelf")
    fy.add_argument("--json", action="store_true")
    tg = sub.add_parser("tags", help="what the music model hears in a track: its top tags")
    tg.add_argument("item", help="a path or an item id")
    tg.add_argument("-k", type=int, default=10)
    tg.add_argument("--json", action="store_true")
    why = sub.add_parser("why", help="why an item is suggested")
    why.add_argument("item")
    why.add_argument("--after", help="the playing item it would follow")
    why.add_argument("--json", action="store_true")
    taste = sub.add_parser("taste", help="the learned taste")
    tsub = taste.add_subparsers(dest="action", required=True)
    reset = tsub.add_parser("reset", help="forget what was learned (the play history stays)")
    reset.add_argument("--forget-history", action="store_true", help="also delete every play event")
    tsub.add_parser("show", help="what the model has learned so far")

    from avrec_desktop.cli_history import add_history_parser

    add_history_parser(sub)

    from avrec_desktop.cli_steering import add_parsers as add_steering_parsers

    add_steering_parsers(sub)
    evl = sub.add_parser("eval", help="prove it learns: a simulated listener on a labelled library")
    evl.add_argument("library", help="folder of DEST/<label>/<files> (../shared/scripts/fetch-eval-music)")
    evl.add_argument("--profiles", type=int, default=6)
    evl.add_argument("--seeds", type=int, default=3)
    evl.add_argument("--steps", type=int, default=60)
    evl.add_argument("--flip", default="0.1,0.2",
                     help="how often the listener acts against its taste; a comma list runs each (default 0.1,0.2)")
    evl.add_argument("--held-out", dest="held_out", help="also evaluate on this held-out corpus (reported only)")
    evl.add_argument("--listener", default="independent", choices=("independent", "rules"),
                     help="simulated listener (rules = the earlier one that skips inside the early-skip window)")
    evl.add_argument("--configs", default="no-text,all", help="modality configurations (default no-text,all)")
    evl.add_argument("--out", default="eval-results.json")
    evs = sub.add_parser("eval-similarity", help="same-label precision@5 of audio descriptors on labelled corpora")
    evs.add_argument("--dev", help="dev corpus DIR/<label>/<files> (fetch-eval-music --render): tune on this")
    evs.add_argument("--dev-real", dest="dev_real",
                     help="second dev corpus of real music (fetch-heldout-music --dev-real): tune on this too")
    evs.add_argument("--held-out", dest="held_out", help="held-out corpus (scripts/fetch-heldout-music): report only")
    evs.add_argument("--descriptors", default="", help="columns, comma-separated (default: all)")
    evs.add_argument("--out", default="eval/similarity.json", help="JSON report; the Markdown page goes beside it")

    models = sub.add_parser("models", help="list, import or download models")
    msub = models.add_subparsers(dest="action", required=True)
    msub.add_parser("list", help="installed and downloadable models")
    imp = msub.add_parser("import", help="install a weights file or folder you already have")
    imp.add_argument("path")
    imp.add_argument("--arch", help="open_clip architecture, e.g. ViT-B-32")
    imp.add_argument("--id", dest="model_id", help="name to install it under")
    dl = msub.add_parser("download", help="download a known model (the only network use of avrec)")
    dl.add_argument("model_id")

    bench = sub.add_parser("bench", help="measure speed and quality; writes JSON", epilog=BENCH_JOURNEY_FIELDS,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    bench.add_argument("what", choices=("analysis", "query", "next", "first-file", "ui", "map", "encoders",
                                        "index", "cli", "window", "workers", "first-minute", "journey", "gpu",
                                        "all"))
    bench.add_argument("--out", default="bench-results.json")
    bench.add_argument("--sizes", default="10000,100000", help="item counts for the query bench")
    bench.add_argument("--queries", type=int, default=300)
    bench.add_argument("--music", help="folder of real music (default: ../shared/data/music)")
    bench.add_argument("--runs", type=int, default=10, help="runs of each command for the cli bench (median)")
    bench.add_argument("--files", type=int, help="generated tracks for workers (16) and first-minute (200)")
    bench.add_argument("--seconds", type=float, default=180.0, help="length of each generated track")
    bench.add_argument("--library", help="journey: the library database to measure (default: the current one)")
    bench.add_argument("--pairs", type=int, default=20, help="journey: random pairs of analysed items (default 20)")
    bench.add_argument("-n", "--steps", type=int, default=10, help="journey: items per journey, A and B included")
    bench.add_argument("--seed", type=int, default=0, help="journey: seed of the pairs and the shuffles")
    bench.add_argument("--bliss-python", help="a Python with bliss-audio installed, to compare the analysis bench "
                       "with (or AVREC_BLISS_PYTHON)")

    from avrec_desktop.cli_playlists import add_parser as add_playlist_parser

    add_playlist_parser(sub)
    doc = sub.add_parser("doctor", help="check Python, the venv, system libraries, models, the database, disk")
    doc.add_argument("--repair", action="store_true",
                     help="repair a damaged database: back up, keep what is readable, rebuild vectors from files")
    doc.add_argument("--system", action="store_true",
                     help="only what the system provides (Python, venv, libraries), not your library")
    doc.add_argument("-q", "--quiet", action="store_true", help="print only what is not ok")
    return p


def cmd_doctor(args) -> int:
    from avrec_desktop.doctor import OK, checks, failed, render, run_checks

    if args.repair:
        from avrec_desktop import paths
        from avrec_desktop.store.repair import repair_database

        for line in repair_database(paths.database_path()):
            print(line)
        after = checks.check_database()
        print(render(after))
        return 1 if failed([after]) else 0
    found = run_checks(system_only=args.system)
    for check in found:
        if not (args.quiet and check.status == OK):
            print(render(check))
    if failed(found):
        print("avrec doctor: something is missing; each `fix:` line says what to do", file=sys.stderr)
        return 1
    if args.quiet:
        print(f"avrec doctor: {len(found)} checks, nothing missing")
    return 0


# One-shot queries: small matrix products, answered faster on one BLAS thread (no analysis runs in them).
QUERY_COMMANDS = frozenset({"similar", "next", "journey", "station", "search", "why", "for-you", "event", "status", "taste", "tags"})


def _named_command(argv: list[str]) -> str | None:
    """The command ``argv`` names when only --db and -v come before it; None when that takes the parser
    (help, version, abbreviations, a mistake), which then builds every command to explain itself."""
    i = 0
    while i < len(argv):
        token = argv[i]
        if token == "--db":
            i += 2
        elif token.startswith("--db=") or token in ("-v", "--verbose"):
            i += 1
        else:
            return None if token.startswith("-") else token
    return None


def _parser_for(argv: list[str]) -> argparse.ArgumentParser:
    name = _named_command(argv)
    if name is not None:
        parser = build_parser(only=name)
        if parser.avrec_only.found:
            return parser
    return build_parser()


def main(argv: list[str] | None = None) -> int:
    args = _parser_for(sys.argv[1:] if argv is None else list(argv)).parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if args.db:
        os.environ["AVREC_DB"] = args.db
    quick = argv is None and args.command in QUERY_COMMANDS  # the process is this command
    if quick:
        from avrec_desktop import cli_exit
        from avrec_desktop.recommend.blas import single_threaded_process

        single_threaded_process()  # before numpy loads
        cli_exit.quiet_collector()
    code = _run(args)
    if quick:
        cli_exit.finish(code)  # no interpreter teardown (~35 ms of a query): cli_exit.py
    return code


def _run(args) -> int:
    from avrec_desktop import cli_errors

    try:
        from avrec_desktop.cli_commands import COMMANDS
        from avrec_desktop.cli_learning import LEARNING_COMMANDS

        from avrec_desktop.cli_history import HISTORY_COMMANDS
        from avrec_desktop.cli_steering import STEERING_COMMANDS
        from avrec_desktop.cli_playlists import cmd_playlist
        from avrec_desktop.cli_tags import cmd_tags

        code = {**COMMANDS, **LEARNING_COMMANDS, **HISTORY_COMMANDS, **STEERING_COMMANDS, "doctor": cmd_doctor,
                "tags": cmd_tags, "playlist": cmd_playlist}[args.command](args) or 0
        cli_errors.flush_stdout()  # a closed pipe shows here, not as "Exception ignored" at exit
        return code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # every error is one line on stderr (cli_errors.report)
        return cli_errors.report(exc, verbose=args.verbose)
