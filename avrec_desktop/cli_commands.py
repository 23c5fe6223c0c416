"""What each ``avrec`` subcommand does. Parsing lives in cli.py; the work lives in the core."""

from __future__ import annotations

import os
import signal
import sys
import time

from avrec_desktop import __version__
from typing import TYPE_CHECKING

from avrec_desktop.cli_output import ProgressLine, emit_json
from avrec_desktop.store import printable_path

if TYPE_CHECKING:
    from avrec_desktop.core import AppCore


def _core(args) -> AppCore:
    from avrec_desktop.core import AppCore

    return AppCore(index_graph="off")  # a one-shot query answers exactly; the window builds graphs


NAMED_ALWAYS = 5  # unreadable or skipped paths named without -v, when there are at most this many


def _report_line(report, verbose: bool = False) -> str:
    """The scan summary of one folder; the unreadable and skipped paths follow, one a line, each with
    its reason (all of them with -v, or when there are only a few)."""
    where = printable_path(report.folder)
    if report.offline:
        return f"{where}: offline (unreachable); its items are kept"
    parts = [f"{report.added} new", f"{report.changed} changed", f"{report.moved} moved",
             f"{report.missing} missing", f"{report.unchanged} unchanged"]
    if report.returned:
        parts.append(f"{report.returned} back")
    line = f"{where}: " + ", ".join(parts)
    skipped = getattr(report, "skipped", [])
    named = verbose or len(report.errors) + len(skipped) <= NAMED_ALWAYS
    for count, what in ((len(report.errors), "unreadable"), (len(skipped), "skipped")):
        if count:
            line += f"; {count} {what}" + ("" if named else " (see -v)")
    if named:
        for what, entries in (("unreadable", report.errors), ("skipped", skipped)):
            line += "".join(f"\n  {what}: {printable_path(path)}: {reason}" for path, reason in entries)
    return line


def cmd_folders(args) -> int:
    core = _core(args)
    try:
        if args.action == "add":
            folder, report = core.add_folder(args.path, args.kind, scan=not args.no_scan)
            print(f"added {printable_path(folder.path)} ({folder.kind})")
            if report is not None:
                print(_report_line(report, args.verbose))
                if report.queued:
                    print("run `avrec watch` (or `avrec scan --wait`) to analyse the new files")
        elif args.action == "remove":
            n = core.remove_folder(args.folder)
            print(f"removed the folder and its {n} items")
        else:
            for f in core.folders():
                n = core.store.count_in_folder(f.id)
                state = "online" if f.online else "OFFLINE"
                print(f"{f.id:>4}  {f.kind:<6} {state:<8} {n:>7} items  {printable_path(f.path)}")
    finally:
        core.close()
    return 0


def _run_worker_until_idle(core: AppCore) -> int:
    service = core.start_indexing(exit_when_idle=True)
    line = ProgressLine()
    try:
        while not service.wait_idle(timeout=0.5):
            line.show(service.progress.line())
    finally:
        line.show(service.progress.line(), force=True)
        line.done()
        core.stop_indexing()
    if service.progress.state == "failed" or not service.drained:
        left = sum(core.store.job_counts().values())
        reason = service.progress.error or "the analysis worker stopped before the queue was drained"
        print(f"avrec: analysis stopped: {reason} ({left} files still waiting; run `avrec scan --wait` "
              "again to resume)", file=sys.stderr)
        return 1
    return 0


def cmd_scan(args) -> int:
    core = _core(args)
    try:
        reports = core.scan()
        if not reports:
            print("no folders yet: add one with `avrec folders add PATH --kind music|video|mixed`")
        for report in reports:
            print(_report_line(report, args.verbose))
        from avrec_desktop.indexing.recovery import retry_after_upgrade

        retried = retry_after_upgrade(core.store, __version__)
        if retried:
            print(f"{len(retried)} files that could not be analysed before are queued again (new version)")
        jobs = sum(core.store.job_counts().values())
        if args.wait and jobs:
            return _run_worker_until_idle(core)
        if jobs:
            print(f"{jobs} files waiting for analysis: run `avrec watch` or `avrec scan --wait`")
    finally:
        core.close()
    return 0


def cmd_watch(args) -> int:
    core = _core(args)
    stop = {"now": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.update(now=True))
    # Ctrl-C / SIGINT stops it even when started with SIGINT ignored (a background job, nohup, some CI runners).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    line = ProgressLine()
    try:
        core.start_watching()  # before the scan: a file that lands while it runs is seen by one or the other
        reports = core.scan()
        for report in reports:
            print(_report_line(report, args.verbose))
        if not reports:
            print("no folders yet: in another terminal run `avrec folders add PATH --kind music` "
                  "(or video, mixed); this window picks it up")
        service = core.start_indexing()
        print("watching; press Ctrl-C to stop", file=sys.stderr)
        ticks = 0
        while not stop["now"]:
            time.sleep(0.5)
            ticks += 1
            line.show(service.progress.line())
            if ticks % 10 == 0:
                for report in core.watch_new_folders():
                    line.show(_report_line(report), force=True)
            if ticks % 60 == 0:
                core.check_offline_folders()
            if service.progress.state == "failed":
                print(f"\navrec: {service.progress.error}", file=sys.stderr)
                return 1
    except KeyboardInterrupt:
        pass
    finally:
        line.done()
        core.close()
    return 0


def cmd_status(args) -> int:
    core = _core(args)
    try:
        info = core.status()
    finally:
        core.close()
    if args.json:
        emit_json(info)
        return 0
    s = info["by_status"]
    print(f"library: {info['items']} items ({s['ready']} ready, {s['pending']} waiting, "
          f"{s['failed']} failed, {s['missing']} missing)")
    print(f"queue: {info['queue']['queued']} queued, {info['queue']['running']} in progress")
    for f in info["folders"]:
        print(f"folder {f['id']}: {printable_path(f['path'])} ({f['kind']}, "
              f"{'online' if f['online'] else 'OFFLINE'})")
    for name, n in sorted(info["embeddings"].items()):
        print(f"vectors {name}: {n}")
    print(f"database: {info['database']}")
    return 0


def cmd_failures(args) -> int:
    core = _core(args)
    try:
        if getattr(args, "retry", None) is not None:
            ids = core.retry_failures(args.retry or None)
            print(f"{len(ids)} files queued for another analysis: run `avrec scan --wait` "
                  "(or keep `avrec watch` running)" if ids else "no failures to retry")
            return 0
        items = core.store.failures()
    finally:
        core.close()
    if args.json:
        emit_json([{"id": m.id, "path": m.path, "error": m.error} for m in items])
        return 0
    if not items:
        print("no failures")
    for m in items:
        print(f"{m.id:>6}  {printable_path(m.path)}\n        {m.error}")
    return 0


def _item_json(item) -> dict:
    return {"id": item.id, "path": item.path, "kind": item.kind, "title": item.title,
            "artist": item.artist, "album": item.album, "duration": item.duration}


def tags_json(tags: dict, media_id: int) -> list[dict]:
    """An item's top learned tags for a JSON answer ([] when the learned model has not tagged it)."""
    return [{"tag": t, "probability": round(p, 4)} for t, p in tags.get(media_id, [])]


def _item_label(item) -> str:
    who = f" — {item.artist}" if item.artist else ""
    return f"{item.display_title}{who}"


def cmd_similar(args) -> int:
    core = _core(args)
    try:
        seed = core.resolve_item(args.item)
        results = core.similar(seed.id, k=args.k, modality=args.modality, any_kind=args.any_kind)
        tags = core.top_tags([seed.id] + [r.media.id for r in results]) if args.json else {}
    finally:
        core.close()
    if args.json:
        emit_json({"seed": {**_item_json(seed), "tags": tags_json(tags, seed.id)}, "results": [
            {**_item_json(r.media), "tags": tags_json(tags, r.media.id), "score": round(r.score, 4),
             "similarities": {k: round(v, 4) for k, v in r.similarities.items()},
             "main_modality": r.main_modality} for r in results]})
        return 0
    print(f"like {_item_label(seed)}  [{printable_path(seed.path)}]")
    if not results:
        print("  nothing similar yet (is the rest of the library analysed? see `avrec status`)")
    for rank, r in enumerate(results, 1):
        sims = " ".join(f"{k}={v:.2f}" for k, v in sorted(r.similarities.items()))
        print(f"{rank:>3}. {r.score:.3f}  {_item_label(r.media)}  ({sims})")
        print(f"       {printable_path(r.media.path)}")
    return 0


def cmd_search(args) -> int:
    core = _core(args)
    try:
        if getattr(args, "letters", False):  # no vectors are compared: no index is opened (~0.1 s at 10k)
            from avrec_desktop.recommend.search import search

            results = search(core.store, {}, " ".join(args.text), k=args.k, kind=args.kind, text_encoder=None)
        else:
            results = core.search(" ".join(args.text), k=args.k, kind=args.kind)
    finally:
        core.close()
    def row(r):
        return {**_item_json(r.media), "score": round(r.score, 4), "matched": r.matched,
                "reason": getattr(r, "reason", None),
                "similarities": {k: round(v, 4) for k, v in r.similarities.items()}}

    if args.json:
        emit_json({"words": [row(r) for r in results.words], "meaning": [row(r) for r in results.meaning]})
        return 0
    if not results.words:
        print("no word matches")
    for rank, r in enumerate(results.words, 1):
        print(f"{rank:>3}. {_item_label(r.media)}  (matched {r.matched})  {printable_path(r.media.path)}")
    if results.meaning:
        print("── by meaning " + "─" * 40)
        for rank, r in enumerate(results.meaning, 1):
            why = f"  ({r.reason})" if getattr(r, "reason", None) else ""
            print(f"{rank:>3}. {r.score:.3f}  {_item_label(r.media)}{why}  {printable_path(r.media.path)}")
    return 0


def _size(n: int | None) -> str:
    return "?" if n is None else f"{n / 1e6:,.0f} MB"


def cmd_models(args) -> int:
    from avrec_desktop.encoders import models

    if args.action == "list":
        rows = models.list_models()
        for m in rows:
            mark = "*" if m.default else " "
            print(f"{mark} {m.model_id:<32} {m.arch:<20} {m.status:<10} {_size(m.size_bytes):>9}  "
                  f"{m.description or m.source or ''}")
        print("(* = in use: a CLIP model for the visual space (videos use the model-free visual descriptor while "
              "none is installed); a clap-* model for free-text audio search, optional)")
        return 0
    if args.action == "import":
        installed = models.import_model(args.path, arch=args.arch, model_id=args.model_id)
        print(f"installed {installed.model_id} ({installed.arch}) in {installed.folder}")
        if installed.kind == "clap":
            print("music will be analysed with it the next time the worker runs (`avrec watch`); then "
                  "`avrec search` finds tracks by how they sound")
        else:
            print("videos will be re-analysed with it the next time the worker runs (`avrec watch`)")
        return 0
    line = ProgressLine(every=2.0)

    def progress(p) -> None:
        total = f" of {_size(p.total)}" if p.total else ""
        line.show(f"downloading {args.model_id}: {_size(p.done)}{total} at {p.rate / 1e6:.1f} MB/s")

    try:
        installed = models.download_model(args.model_id, progress=progress)
    finally:
        line.done()
    if installed.kind == "clap":  # every file's full digest: the catalogue has none yet (trust on first use)
        from avrec_desktop.encoders.clap import read_clap_manifest

        manifest = read_clap_manifest(installed.folder)
        print(f"installed {installed.model_id} ({installed.arch}), verified by {manifest.get('verified')}")
        for name, digest in sorted(manifest.get("files_sha256", {}).items()):
            print(f"  sha256 {digest}  {name}")
        return 0
    print(f"installed {installed.model_id} ({installed.arch}), sha256 {installed.sha256[:12]}…")
    return 0


def cmd_bench(args) -> int:
    from avrec_desktop.bench.runner import run, summary

    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    if getattr(args, "bliss_python", None):  # read by bench/audio_bliss.py
        os.environ["AVREC_BLISS_PYTHON"] = args.bliss_python
    results = run(args.what, out=args.out, sizes=sizes, queries=args.queries, music=args.music,
                  runs=getattr(args, "runs", 10), files=getattr(args, "files", None),
                  track_seconds=getattr(args, "seconds", 180.0),
                  journey={"library": args.library, "pairs": args.pairs, "steps": args.steps, "seed": args.seed})
    for line in summary(results):
        print(line)
    print(f"results written to {args.out}")
    return 0


COMMANDS = {
    "bench": cmd_bench,
    "similar": cmd_similar,
    "search": cmd_search,
    "models": cmd_models,
    "folders": cmd_folders,
    "scan": cmd_scan,
    "watch": cmd_watch,
    "status": cmd_status,
    "failures": cmd_failures,
}
