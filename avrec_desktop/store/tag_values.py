"""Multi-value tags: one tag holding several values, as FFmpeg/PyAV hand them over ("A;B", "A; B").

A Vorbis comment ``TITLE=The Beast of Insanity;Beast of Insanity`` (or two TITLE comments, which the
demuxer joins with ";") is stored as read. People see the first value ("The Beast of Insanity"); word
search finds every value (the FTS tokenizer splits at the ";" like at any other separator).
"""

from __future__ import annotations

SEPARATOR = ";"


def tag_values(value: str | None) -> list[str]:
    """The non-empty values of a tag, in order, stripped; [] for None or blank."""
    if not value:
        return []
    return [v.strip() for v in str(value).split(SEPARATOR) if v.strip()]


def first_value(value: str | None) -> str | None:
    """The value to show for a tag: its first value (None when it has none)."""
    values = tag_values(value)
    return values[0] if values else None
