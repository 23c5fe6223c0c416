"""Schema v13: the quick first pass finds the jobs that still owe one without reading the ones done.

A quick pass (indexing/quick.py) puts its job back in the queue for the full analysis, so the queue's head
fills up with jobs whose item already has its quick vector. Picking the next tracks by "queued, and the item
has no audio vector" read every one of those first: each pick cost more the more of the library was done
(about 1,400 SQLite steps per track at 1,000 tracks against 490 at 100; store/jobs.py ``claim_quick``).
``jobs.quick`` says whether a job may still owe a quick pass (1, the default for every new job; a job queued
again, ``enqueue``, says 1 again) or is known not to (0: its quick vector is written, or the pick found its
item needs none: not audio, or it has an audio vector). The partial index holds only the queued jobs that
may still owe one, in pick order, so a pick reads about as many rows as it claims.
"""

V13 = """
ALTER TABLE jobs ADD COLUMN quick INTEGER NOT NULL DEFAULT 1;
CREATE INDEX jobs_quick_pick ON jobs(priority DESC, id) WHERE state = 'queued' AND quick = 1 AND attempts = 0;
"""
