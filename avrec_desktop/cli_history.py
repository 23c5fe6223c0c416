"""``avrec history import|export``: listening history from other services in, the user's own plays out."""

from __future__ import annotations

from avrec_desktop.cli_output import emit_json

FORMAT_CHOICES = ("listenbrainz", "lastfm-csv", "lastfm-json", "spotify")  # history_import.FORMATS


def add_history_parser(sub) -> None:
    hist = sub.add_parser("history", help="import listening history (ListenBrainz, Last.fm, Spotify) or export yours")
    hsub = hist.add_subparsers(dest="action", required=True)
    imp = hsub.add_parser("import", help="add the plays and skips of export files to the history (no network)")
    imp.add_argument("files", nargs="+", metavar="FILE",
                     help="ListenBrainz JSON/JSON lines/zip, Last.fm CSV or JSON, Spotify Streaming_History*.json")
    imp.add_argument("--format", choices=FORMAT_CHOICES, help="the files' format (default: told from the content)")
    imp.add_argument("--dry-run", action="store_true", help="match and count, write nothing")
    imp.add_argument("--json", action="store_true")
    exp = hsub.add_parser("export", help="your own plays as ListenBrainz-compatible JSON")
    exp.add_argument("file", metavar="FILE")
    exp.add_argument("--with-imported", action="store_true", help="also the plays imported from other services")


def cmd_history(args) -> int:
    from avrec_desktop.cli_commands import _core
    from avrec_desktop.history_import import export_listens, import_files

    core = _core(args)
    try:
        if args.action == "export":
            done = export_listens(core.store, args.file, with_imported=args.with_imported)
            unnamed = f" ({done.unnamed} plays of untagged items left out)" if done.unnamed else ""
            print(f"exported {done.listens:,} listens to {done.path}{unnamed}")
            return 0
        report = import_files(core.store, args.files, fmt=args.format, dry_run=args.dry_run)
    finally:
        core.close()
    if args.json:
        emit_json(report.to_dict())
    else:
        print(report.summary())
    return 0


HISTORY_COMMANDS = {"history": cmd_history}
