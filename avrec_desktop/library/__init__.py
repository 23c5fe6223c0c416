"""Folders, scanning (mark and sweep, moves, offline drives) and watching."""

from avrec_desktop.library.folders import add_folder, apply_changes, find_folder, scan_all
from avrec_desktop.library.scanner import ScanReport, scan_folder, sync_files, sync_path

__all__ = ["add_folder", "apply_changes", "find_folder", "scan_all", "ScanReport", "scan_folder",
           "sync_files", "sync_path"]
