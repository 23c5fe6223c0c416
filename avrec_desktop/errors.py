"""Typed errors raised by the core. Only the CLI and the UI decide how to show them."""


class AvrecError(Exception):
    """Base class of every error the core raises on purpose."""


class BadArgument(AvrecError, ValueError):
    """A setting or argument out of its range (e.g. a probability above 1); the message says the range."""


class StoreError(AvrecError):
    """The database cannot be used."""


class DatabaseTooNew(StoreError):
    """The database was written by a newer version of avrec-desktop."""


class MigrationFailed(StoreError):
    """A schema migration failed; the database was left as it was (a backup exists)."""


class DatabaseDamaged(StoreError):
    """The database file is damaged (SQLite: malformed, not a database); ``avrec doctor --repair`` helps."""


class DatabaseUnavailable(StoreError):
    """The database cannot be opened or written: full disk, read-only folder, I/O error, locked."""


class NotFound(AvrecError):
    """An item, folder or model that was asked for does not exist."""


class FolderError(AvrecError):
    """A folder cannot be added or scanned."""


class UnreadableMedia(AvrecError):
    """A file cannot be decoded: missing, empty, corrupt, truncated or not media at all."""


class NoAudioStream(UnreadableMedia):
    """The file has no audio stream."""


class NoVideoStream(UnreadableMedia):
    """The file has no video stream."""


class CutShort(UnreadableMedia):
    """Some audio decoded, far less than the file claims (under 0.5 s of more): a file cut off early."""


class EncoderError(AvrecError):
    """An encoder cannot be loaded or failed on its input."""


class ModelNotInstalled(EncoderError):
    """Weights for a model are not installed."""


class ModelInstallError(EncoderError):
    """Importing or downloading model weights failed (bad file, checksum mismatch, network)."""


class IndexError_(AvrecError):
    """A vector index cannot be built or read."""


class NotAnalysed(AvrecError):
    """An item exists but has no usable embedding yet (not analysed, or only by an inactive encoder)."""


class DownloadCancelled(ModelInstallError):
    """A model download was cancelled by the user; nothing was installed."""


class NoSharedSpace(AvrecError):
    """Two items a journey should join have no analysis space in common (nothing to move through)."""
