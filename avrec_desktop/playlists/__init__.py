"""Playlists (issue #10): saved lists of library items, written to and read from M3U8 and XSPF files.

- ``tracks``: what a playlist file holds (``Track``), where each entry's location points, and how a path is
  written (relative to the playlist's folder when the playlist and the file are in the same library folder).
- ``m3u`` and ``xspf``: the two formats, read and written.
- ``matching``: an imported entry found in the library by path, else by normalised artist + title (+ length).
- ``service``: what the CLI and the window call (save, list, show, rename, delete, export, import).
"""
