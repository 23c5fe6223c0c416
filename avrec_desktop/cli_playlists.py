"""``avrec playlist``: list, show, save (from Up next or items), add, rename, delete, export and import playlists
(M3U8 / XSPF). The work is in playlists/service.py; this formats it."""

from __future__ import annotations

from avrec_desktop.cli_output import emit_json


def add_parser(sub) -> None:
    """The ``playlist`` command's parser (called from cli.build_parser)."""
    pl = sub.add_parser("playlist", help="save, list, export and import playlists (M3U8, XSPF)")
    psub = pl.add_subparsers(dest="action", required=True)
    ls = psub.add_parser("list", help="the saved playlists")
    ls.add_argument("--json", action="store_true")
    show = psub.add_parser("show", help="a playlist's entries (those not in the library are marked)")
    show.add_argument("name")
    show.add_argument("--json", action="store_true")
    save = psub.add_parser("save", help="save Up next or some items as a playlist")
    save.add_argument("name")
    what = save.add_mutually_exclusive_group(required=True)
    what.add_argument("--from", dest="source", choices=("up-next",),
                      help="what is playing and Up next, as the window last kept them")
    what.add_argument("--ids", nargs="+", metavar="ITEM", help="item ids or paths, in order")
    save.add_argument("--replace", action="store_true", help="replace a playlist of that name")
    save.add_argument("--json", action="store_true")
    add = psub.add_parser("add", help="add items at the end of a playlist (made when it is not there)")
    add.add_argument("name")
    add.add_argument("items", nargs="+", metavar="ITEM", help="item ids or paths")
    rn = psub.add_parser("rename", help="rename a playlist")
    rn.add_argument("name")
    rn.add_argument("new_name")
    rm = psub.add_parser("delete", help="delete a playlist (its files stay)")
    rm.add_argument("name")
    ex = psub.add_parser("export", help="write a playlist to an M3U8 or XSPF file")
    ex.add_argument("name")
    ex.add_argument("file")
    ex.add_argument("--format", choices=("m3u8", "xspf"), help="default: from the file's extension (else m3u8)")
    ex.add_argument("--json", action="store_true")
    im = psub.add_parser("import", help="read an M3U8, M3U or XSPF file into a playlist")
    im.add_argument("file")
    im.add_argument("--name", help="default: the playlist's own title, else the file's name")
    im.add_argument("--format", choices=("m3u8", "xspf"), help="default: from the extension or the content")
    im.add_argument("--replace", action="store_true", help="replace a playlist of that name")
    im.add_argument("--json", action="store_true")


def _info_json(info) -> dict:
    return {"id": info.id, "name": info.name, "kind": info.kind, "spec": info.spec, "entries": info.entries,
            "not_in_library": info.not_in_library, "created_at": info.created_at, "updated_at": info.updated_at}


def _entry_json(entry) -> dict:
    return {"position": entry.position, "id": entry.media_id, "path": entry.path, "title": entry.title,
            "artist": entry.artist, "duration": entry.duration, "in_library": entry.in_library}


def _track_json(track) -> dict:
    return {"path": track.location, "title": track.title, "artist": track.artist, "duration": track.duration}


def _summary(info) -> str:
    missing = f", {info.not_in_library} not in library" if info.not_in_library else ""
    return f"{info.name}  ({info.entries} {'entry' if info.entries == 1 else 'entries'}{missing}; {info.kind})"


def cmd_playlist(args) -> int:
    from avrec_desktop.core import AppCore

    core = AppCore(index_graph="off")
    try:
        return _run(core, args)
    finally:
        core.close()


def _run(core, args) -> int:
    from avrec_desktop.playlists.service import entry_title
    from avrec_desktop.store.records import printable_path

    service = core.playlists
    action = args.action
    if action == "list":
        found = service.list()
        if args.json:
            emit_json([_info_json(p) for p in found])
        elif not found:
            print("no playlists yet (save one with `avrec playlist save NAME --from up-next`)")
        for info in found if not args.json else ():
            print(_summary(info))
    elif action == "show":
        info, entries = service.show(args.name)
        if args.json:
            emit_json({**_info_json(info), "items": [_entry_json(e) for e in entries]})
            return 0
        print(_summary(info))
        for e in entries:
            who = f" — {e.artist}" if e.artist else ""
            where = f"  [{printable_path(e.path)}]" if e.path else ""
            mark = "" if e.in_library else "  (not in library)"
            print(f"{e.position + 1:3d}. {entry_title(e)}{who}{mark}{where}")
    elif action in ("save", "add"):
        ids = [core.resolve_item(ref).id for ref in (args.ids or [] if action == "save" else args.items)]
        if action == "add":
            info = service.add(args.name, ids)
        elif args.source == "up-next":
            info = service.save_up_next(args.name, replace=args.replace)
        else:
            info = service.save(args.name, ids, replace=args.replace)
        if getattr(args, "json", False):
            emit_json(_info_json(info))
        else:
            print(f"{'saved' if action == 'save' else 'added to'} {_summary(info)}")
    elif action == "rename":
        print(f"renamed to {service.rename(args.name, args.new_name).name}")
    elif action == "delete":
        print(f"deleted {service.delete(args.name).name}")
    elif action == "export":
        report = service.export(args.name, args.file, args.format)
        if args.json:
            emit_json({"path": report.path, "format": report.format, "written": report.written,
                       "not_in_library": [_entry_json(e) for e in report.not_in_library],
                       "left_out": [_entry_json(e) for e in report.left_out]})
        else:
            print(report.message())
    elif action == "import":
        report = service.import_file(args.file, args.name, args.format, replace=args.replace)
        if args.json:
            emit_json({**_info_json(report.playlist), "by_path": report.by_path, "by_tags": report.by_tags,
                       "not_in_library": [_track_json(t) for t in report.not_in_library]})
        else:
            print(report.message())
            for track in report.not_in_library:
                print(f"  not in library: {printable_path(track.label)}  [{printable_path(track.location or '')}]")
    return 0
