"""Picking the tracks that still owe a quick first pass costs the same however much of the library is done
(issue #11 target 4): the pick reads the ``jobs_quick_pick`` index (schema v13), not every job whose quick
vector is already written."""

from __future__ import annotations

import sqlite3

import numpy as np

from avrec_desktop.store import Embedding, Store, migrations, sort_keys

QUICK = Embedding("audio", "fake-audio", "1+quick2", np.ones(8, np.float32))


def library(tmp_path, count: int, kinds=None) -> tuple[Store, list[int]]:
    store = Store(tmp_path / f"db{count}.sqlite3")
    folder = store.add_folder(str(tmp_path), "mixed", root_device=0)
    ids = []
    with store.transaction():
        for i in range(count):
            kind = kinds[i] if kinds else "audio"
            media_id = store.insert_media(folder_id=folder.id, path=str(tmp_path / f"t{i}.wav"), kind=kind,
                                          size=1, mtime=1.0)
            store.enqueue(media_id)
            ids.append(media_id)
    return store, ids


def quick_done(store: Store, media_ids) -> None:
    for media_id in media_ids:
        assert store.record_quick(media_id, {"duration": 180.0}, [QUICK])


def steps_of(store: Store, call) -> int:
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0

    store.conn.set_progress_handler(count, 1)
    try:
        call()
    finally:
        store.conn.set_progress_handler(None, 1)
    return steps[0]


def test_a_pick_costs_the_same_at_40_and_at_400_tracks_done(tmp_path):
    costs = {}
    for count in (48, 408):
        store, ids = library(tmp_path, count)
        while len(claimed := store.claim_quick(8, "w")) == 8 and claimed[-1] <= ids[-9]:
            quick_done(store, claimed)  # all but the last 8 get their quick vector, claimed 8 at a time
        store.release_jobs(claimed)
        costs[count] = steps_of(store, lambda: store.claim_quick(8, "w"))
        assert store.running_jobs() and len(store.running_jobs()) == 8
        store.close()
    # The old pick read every done job first: about 10x the steps at 400 done as at 40.
    assert costs[408] < 1.5 * costs[48], costs


def test_the_pick_reads_the_partial_index(tmp_path):
    store, _ = library(tmp_path, 3)
    plan = " ".join(str(row) for row in store.conn.execute(
        "EXPLAIN QUERY PLAN SELECT j.id FROM jobs j INDEXED BY jobs_quick_pick WHERE j.state = 'queued' "
        "AND j.quick = 1 AND j.attempts = 0 ORDER BY j.priority DESC, j.id LIMIT 8"))
    assert "jobs_quick_pick" in plan and "TEMP B-TREE" not in plan
    store.close()


def test_only_owed_jobs_are_claimed_and_the_rest_are_not_read_again(tmp_path):
    store, ids = library(tmp_path, 6, kinds=["video", "audio", "audio", "audio", "audio", "audio"])
    store.put_embeddings(ids[1], [QUICK])  # has an audio vector already: owes none
    with store.transaction():
        store.conn.execute("UPDATE jobs SET attempts = 1 WHERE media_id = ?", (ids[2],))  # a suspect
    assert store.claim_quick(2, "w", skip={ids[3]}) == [ids[4], ids[5]]
    quick = dict(store.conn.execute("SELECT media_id, quick FROM jobs").fetchall())
    assert quick[ids[0]] == 0 and quick[ids[1]] == 0  # looked at once, marked
    assert quick[ids[3]] == 1  # skipped by this worker only: another may try it
    quick_done(store, [ids[4], ids[5]])
    assert store.claim_quick(8, "w") == [ids[3]]
    assert store.job_counts() == {"queued": 5, "running": 1}  # done ones stay queued for the full pass
    store.close()


def test_a_job_queued_again_is_looked_at_again(tmp_path):
    store, ids = library(tmp_path, 1)
    quick_done(store, store.claim_quick(1, "w"))
    assert store.claim_quick(1, "w") == []
    with store.transaction():
        store.conn.execute("DELETE FROM embeddings WHERE media_id = ?", (ids[0],))
    store.enqueue(ids[0])  # the file changed: queued again
    assert store.claim_quick(1, "w") == ids
    store.close()


def test_jobs_queued_before_the_upgrade_still_get_their_quick_pass(tmp_path):
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    sort_keys.install(conn)
    migrations.migrate(conn, path, migrations.MIGRATIONS[:12])
    conn.execute("INSERT INTO folders(path, kind, added_at) VALUES (?, 'music', 0)", (b"/m",))
    conn.execute("INSERT INTO media(folder_id, path, kind, added_at, updated_at) VALUES (1, ?, 'audio', 0, 0)",
                 (b"/m/a.wav",))
    conn.execute("INSERT INTO jobs(media_id, created_at) VALUES (1, 0)")
    conn.close()
    store = Store(path)
    assert migrations.schema_version(store.conn) == migrations.LATEST
    assert store.claim_quick(8, "w") == [1]
    store.close()
