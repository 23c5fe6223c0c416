"""``python -m avrec_desktop.evaluation DEST``: the evaluation without the rest of the ``avrec`` CLI.

Exit status: 0 when the targets pass (or were not judged), 4 when they fail, 1 on an error.
"""

from __future__ import annotations

import argparse
import sys

from avrec_desktop.errors import AvrecError


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m avrec_desktop.evaluation",
                                description="Prove the recommender learns: a simulated listener with hidden "
                                            "tastes over a labelled library DEST/<label>/<files>.")
    p.add_argument("library", help="labelled folder (../shared/scripts/fetch-eval-music DEST --render)")
    p.add_argument("--profiles", type=int, default=6, help="random taste profiles (default 6)")
    p.add_argument("--seeds", type=int, default=3, help="seeds per profile (default 3)")
    p.add_argument("--steps", type=int, default=60, help="suggestions played per session (default 60)")
    p.add_argument("--flip", default="0.1,0.2",
                   help="how often the listener acts against its taste; a comma list runs each (default 0.1,0.2)")
    p.add_argument("--held-out", dest="held_out", help="also evaluate on this held-out corpus (reported only)")
    p.add_argument("--listener", default="independent", choices=("independent", "rules"),
                   help="the simulated listener (default independent; rules = the earlier one, for comparison)")
    p.add_argument("--cooldown", type=int, default=20, help="no replay within this many plays (default 20)")
    p.add_argument("--configs", default="no-text,all", help="modality configurations (default no-text,all)")
    p.add_argument("--strategies", default="random,similarity,model,oracle",
                   help="what to compare (default random,similarity,model,oracle; oracle = the ceiling)")
    p.add_argument("--cache", help="where analysed libraries are kept (default: the app's cache folder)")
    p.add_argument("--out", default="eval-results.json", help="report file (JSON)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    progress = None if args.quiet else (lambda message: print(message, file=sys.stderr, flush=True))
    try:
        report, lines = run(args, progress, command="python -m avrec_desktop.evaluation")
    except (AvrecError, ValueError) as exc:
        print(f"eval: {exc}", file=sys.stderr)
        return 1
    for line in lines:
        print(line)
    print(f"results written to {args.out}")
    return 4 if report["verdict"] == "fail" else 0


def run(args, progress, *, command: str) -> tuple[dict, list[str]]:
    """One flip on one corpus: the single report (``runner``); several flips or a held-out corpus: the
    sweep (``sweep``). Returns the report and the lines to print. ``args`` as ``build_parser`` makes them
    (``avrec eval`` has the same options)."""
    from avrec_desktop.evaluation import runner, sweep

    flips = sweep.parse_flips(args.flip)
    settings = dict(profiles=args.profiles, seeds=args.seeds, steps=args.steps,
                    cooldown=getattr(args, "cooldown", 20), configs=_names(getattr(args, "configs", "no-text,all")),
                    strategies=_names(getattr(args, "strategies", ",".join(runner.STRATEGIES))),
                    listener=getattr(args, "listener", "independent"))
    cache = getattr(args, "cache", None)
    if len(flips) == 1 and not getattr(args, "held_out", None):
        report = runner.run_evaluation(args.library, flip=flips[0], out=args.out, cache_dir=cache,
                                       progress=progress, **settings)
        return report, runner.summary_lines(report)
    corpora = {sweep.DEV: args.library}
    if getattr(args, "held_out", None):
        corpora[sweep.HELD_OUT] = args.held_out
    report = sweep.run_sweep(corpora, flips, cache_dir=cache, progress=progress, **settings)
    shown = f"{command} {args.library}" + (f" --held-out {args.held_out}" if getattr(args, "held_out", None) else "")
    shown += f" --flip {','.join(f'{f:g}' for f in flips)}"
    for name in ("profiles", "seeds", "steps"):
        if getattr(args, name) != build_parser().get_default(name):
            shown += f" --{name} {getattr(args, name)}"
    if settings["configs"] != ("no-text", "all"):
        shown += f" --configs {','.join(settings['configs'])}"
    if settings["listener"] != "independent":
        shown += f" --listener {settings['listener']}"
    sweep.write_sweep(report, args.out, command=shown + f" --out {args.out}")
    return report, sweep.summary_lines(report)


def _names(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


if __name__ == "__main__":
    raise SystemExit(main())
