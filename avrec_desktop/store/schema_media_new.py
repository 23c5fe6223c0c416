"""Schema v14: For you's "New in your library" shelf reads the newest ready items without a scan.

``ready_added_between`` (ready items added in a time window, newest first) had only ``media_status`` to use:
with every item ready that is the whole table, sorted by ``added_at`` — 89 ms per For you at 100k items
(2026-12-03). The partial index holds the ready items in ``added_at`` order, so the query reads only the
rows of the window, newest first, and stops at its limit.
"""

V14 = """
CREATE INDEX media_ready_added ON media(added_at, id) WHERE status = 'ready';
"""
