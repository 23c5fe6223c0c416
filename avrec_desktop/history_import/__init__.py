"""Listening history in and out (issue #10): the files a user downloads from ListenBrainz, Last.fm and
Spotify become plays and skips of the local library, and the user's own plays leave as ListenBrainz JSON.

- ``readers``: which format a file is and its listens (``listenbrainz``, ``lastfm``, ``spotify``).
- ``matcher`` + ``normalise``: which local item each listen was.
- ``importer``: matched listens become events (source ``import``; idempotent), with a report.
- ``export``: the user's own plays as a ListenBrainz-compatible JSON array.
No network anywhere; no Qt.
"""

from avrec_desktop.history_import.export import ExportReport, export_listens
from avrec_desktop.history_import.importer import ImportReport, import_files
from avrec_desktop.history_import.listens import FORMATS, HistoryFileError, Listen

__all__ = ["import_files", "ImportReport", "export_listens", "ExportReport", "FORMATS", "HistoryFileError",
           "Listen"]
