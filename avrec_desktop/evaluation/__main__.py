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
    p.add_argument("--flip", type=float, default=0.1, help="how often the listener acts against its taste")
    p.add_argument("--cooldown", type=int, default=20, help="no replay within this many plays (default 20)")
    p.add_argument("--configs", default="no-text,all", help="modality configurations (default no-text,all)")
    p.add_argument("--strategies", default="random,similarity,model,oracle",
                   help="what to compare (default random,similarity,model,oracle; oracle = the ceiling)")
    p.add_argument("--cache", help="where analysed libraries are kept (default: the app's cache folder)")
    p.add_argument("--out", default="eval-results.json", help="report file (JSON)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    return p


def main(argv: list[str] | None = None) -> int:
    from avrec_desktop.evaluation.runner import run_evaluation, summary_lines

    args = build_parser().parse_args(argv)
    progress = None if args.quiet else (lambda message: print(message, file=sys.stderr, flush=True))
    try:
        report = run_evaluation(args.library, profiles=args.profiles, seeds=args.seeds, steps=args.steps,
                                flip=args.flip, out=args.out, cooldown=args.cooldown, cache_dir=args.cache,
                                configs=_names(args.configs), strategies=_names(args.strategies),
                                progress=progress)
    except (AvrecError, ValueError) as exc:
        print(f"eval: {exc}", file=sys.stderr)
        return 1
    for line in summary_lines(report):
        print(line)
    print(f"results written to {args.out}")
    return 4 if report["verdict"] == "fail" else 0


def _names(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


if __name__ == "__main__":
    raise SystemExit(main())
