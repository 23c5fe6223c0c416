"""The library half of ``AppCore``: folders added, removed and scanned, and watched for changes.

Everything is imported where it is used: a one-shot query (`avrec similar`) neither scans nor watches.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from avrec_desktop.library.scanner import ScanReport
    from avrec_desktop.library.watcher import Change, FolderWatcher
    from avrec_desktop.store import Folder


class LibraryFolders:
    """Mixed into ``AppCore``; uses its ``store``, ``watcher``, ``_emit`` and ``_thread_store``."""

    # -- folders --------------------------------------------------------------------------------
    def add_folder(self, path: str, kind: str = "mixed", scan: bool = True) -> tuple[Folder, ScanReport | None]:
        from avrec_desktop.library import add_folder, scan_folder

        folder = add_folder(self.store, path, kind)
        report = scan_folder(self.store, folder) if scan else None
        if self.watcher is not None:
            self.watcher.watch(folder.path)
        self._emit("library-changed", {"folder": folder.path})
        return self.store.get_folder(folder.id), report

    def remove_folder(self, path_or_id: str) -> int:
        from avrec_desktop.library import find_folder

        folder = find_folder(self.store, path_or_id)
        if self.watcher is not None:
            self.watcher.unwatch(folder.path)
        removed = self.store.remove_folder(folder.id)
        self._emit("library-changed", {"folder": folder.path})
        return removed

    def folders(self) -> list[Folder]:
        return self.store.folders()

    def scan(self) -> list[ScanReport]:
        from avrec_desktop.library import scan_all

        reports = scan_all(self.store)
        self._emit("library-changed", {})
        return reports

    # -- watching -------------------------------------------------------------------------------
    def start_watching(self, debounce: float = 0.75) -> FolderWatcher:
        if self.watcher is None:
            from avrec_desktop.library.watcher import FolderWatcher

            self.watcher = FolderWatcher(self._on_changes, debounce=debounce)
            self.watcher.start([f.path for f in self.store.folders() if f.online])
        return self.watcher

    def _on_changes(self, changes: list[Change]) -> None:
        from avrec_desktop.library import apply_changes

        outcome = apply_changes(self._thread_store(), changes)
        self._emit("library-changed", {"changes": dict(outcome)})

    def watch_new_folders(self) -> list[ScanReport]:
        """Folders added by another process (a second `avrec folders add`) are scanned and watched."""
        if self.watcher is None:
            return []
        from avrec_desktop.library import scan_folder

        reports = []
        watched = set(self.watcher.roots)
        for folder in self.store.folders():
            if folder.online and folder.path not in watched:
                reports.append(scan_folder(self.store, folder))
                self.watcher.watch(folder.path)
        if reports:
            self._emit("library-changed", {})
        return reports

    def check_offline_folders(self) -> list[ScanReport]:
        """Rescan folders that were offline; the ones that are back are watched again."""
        from avrec_desktop.library import scan_folder

        reports = []
        for folder in self.store.folders():
            if not folder.online:
                report = scan_folder(self.store, folder)
                reports.append(report)
                if not report.offline and self.watcher is not None:
                    self.watcher.watch(folder.path)
                    self._emit("library-changed", {"folder": folder.path, "online": True})
        return reports
