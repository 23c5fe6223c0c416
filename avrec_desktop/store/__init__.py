"""SQLite store: folders, media, embeddings, events and the job queue."""

from avrec_desktop.store.database import Store
from avrec_desktop.store.records import Embedding, Folder, MediaItem, printable_path

__all__ = ["Store", "Folder", "MediaItem", "Embedding", "printable_path"]
