"""Schema v16: the folders overview reads its counts from an index alone.

The overview (the Folders page, the status bar's failures; ``store.views.folder_status_counts``) counts
the items of each folder in each status. With only ``media_folder`` (``folder_id``) to go by, SQLite
walked that index and looked every row up for its status: 107 ms at 100k items, on the window's one core
thread (a Play similar asked meanwhile waits behind it), once when the window opens and again after every
change the analysis makes (at most every 1.5 s while it runs). An index on ``(folder_id, status)``
answers the same query from the index alone (9 ms at 100k) and still serves every look-up by folder, so it
replaces the old one.
"""

V16 = """
CREATE INDEX media_folder_status ON media(folder_id, status);
DROP INDEX media_folder;
"""
