"""Vector indexes per embedding space: caches of the SQLite store, exact or hnswlib-backed."""

from avrec_desktop.index.library_indexes import LibraryIndexes
from avrec_desktop.index.space_index import EXACT_MAX, LoadReport, RefreshReport, SpaceIndex

__all__ = ["LibraryIndexes", "SpaceIndex", "LoadReport", "RefreshReport", "EXACT_MAX"]
