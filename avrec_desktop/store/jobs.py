"""The persistent analysis queue.

A job is one row per item (``media_id`` is unique, so six file-system events for one file make one
job). A worker claims jobs by setting ``state='running'`` and ``worker`` to its tag; it writes the file's
results and deletes the job in one transaction (``record_analysis``). A worker that dies leaves its jobs
``running``; the next worker (holding the one-worker lock, see indexing/lock.py) settles them: back to
the queue, or failed when the file itself keeps killing the analyser. A file that changes while its job
runs sets ``again``: finishing that job queues it once more instead of deleting it.

``attempts`` is the job's crash score, not a count of claims: claiming, pausing and stopping never
change it; only a worker dying with the job in hand raises it (see indexing/recovery.py). A job with a
score above zero is a suspect: it is claimed alone, so a crash can be pinned on one file.
"""

from __future__ import annotations

import os
import time

from avrec_desktop.store.media import MEDIA_FIELDS

_ANALYSIS_FIELDS = MEDIA_FIELDS | {"updated_at"}


class JobsMixin:
    def enqueue(self, media_id: int, priority: int = 0) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO jobs(media_id, priority, created_at) VALUES (?, ?, ?) "
                "ON CONFLICT(media_id) DO UPDATE SET priority = MAX(priority, excluded.priority), "
                "again = CASE WHEN state = 'running' THEN 1 ELSE again END, quick = 1",
                (media_id, priority, time.time()),
            )

    def claim_jobs(self, limit: int, worker: str | None = None) -> list[int]:
        """Claim up to ``limit`` queued jobs for this worker; returns their media ids."""
        worker = worker or f"pid:{os.getpid()}"
        with self.transaction():
            rows = self.conn.execute(
                "SELECT id, media_id FROM jobs WHERE state = 'queued' ORDER BY priority DESC, id LIMIT ?",
                (limit,),
            ).fetchall()
            self._mark_running([job_id for job_id, _ in rows], worker)
        return [media_id for _, media_id in rows]

    def claim_next(self, limit: int, worker: str) -> tuple[list[int], bool]:
        """The worker's next batch: one suspect alone (``solo`` True, tag ``worker/solo``) while any is
        queued (the least suspected first), else up to ``limit`` clean jobs."""
        with self.transaction():
            row = self.conn.execute(
                "SELECT id, media_id FROM jobs WHERE state = 'queued' AND attempts > 0 "
                "ORDER BY attempts, priority DESC, id LIMIT 1").fetchone()
            if row is not None:
                self._mark_running([row[0]], f"{worker}/solo")
                return [row[1]], True
            rows = self.conn.execute(
                "SELECT id, media_id FROM jobs WHERE state = 'queued' ORDER BY priority DESC, id LIMIT ?",
                (limit,)).fetchall()
            self._mark_running([job_id for job_id, _ in rows], worker)
        return [media_id for _, media_id in rows], False

    def claim_quick(self, limit: int, worker: str, skip: frozenset[int] | set[int] = frozenset()
                    ) -> list[int]:
        """Claim up to ``limit`` jobs that want a quick first pass (indexing/quick.py): queued, never
        suspected, of an audio item that has no audio vector at all yet; ``skip``: ids already tried.

        Read through the ``jobs_quick_pick`` index (schema v13): only jobs that may still owe a quick pass;
        one the pick finds owes none is marked so (``quick = 0``) and never read again, so a pick costs
        about what it claims, however much of the library is done."""
        claimed: list[tuple[int, int]] = []
        with self.transaction():
            while len(claimed) < limit:
                rows = self.conn.execute(
                    "SELECT j.id, j.media_id, m.kind = 'audio' AND NOT EXISTS (SELECT 1 FROM embeddings e "
                    "WHERE e.media_id = j.media_id AND e.space = 'audio') FROM jobs j INDEXED BY jobs_quick_pick "
                    "JOIN media m ON m.id = j.media_id WHERE j.state = 'queued' AND j.quick = 1 AND j.attempts = 0 "
                    "ORDER BY j.priority DESC, j.id LIMIT ?", (limit - len(claimed) + len(skip),)).fetchall()
                owed = [(job_id, media_id) for job_id, media_id, wants in rows if wants and media_id not in skip]
                taken = owed[:limit - len(claimed)]
                self._mark_running([job_id for job_id, _ in taken], worker)
                claimed.extend(taken)
                done = [job_id for job_id, _, wants in rows if not wants]
                for job_id in done:
                    self.conn.execute("UPDATE jobs SET quick = 0 WHERE id = ?", (job_id,))
                if not done:  # every row read was claimed or skipped: no more are owed
                    break
        return [media_id for _, media_id in claimed]

    def claim_any(self, limit: int, worker: str) -> list[int]:
        """Claim up to ``limit`` queued jobs, suspects included, all under ``worker`` (never ``/solo``):
        for a pool of analysers, where each file runs in a process of its own and a crash names it."""
        with self.transaction():
            rows = self.conn.execute(
                "SELECT id, media_id FROM jobs WHERE state = 'queued' ORDER BY priority DESC, id LIMIT ?",
                (limit,)).fetchall()
            self._mark_running([job_id for job_id, _ in rows], worker)
        return [media_id for _, media_id in rows]

    def job_attempts(self, media_id: int) -> int | None:
        """The crash score of an item's job (None: no job)."""
        return self.scalar("SELECT attempts FROM jobs WHERE media_id = ?", (media_id,))

    def record_quick(self, media_id: int, fields: dict, embeddings: list) -> bool:
        """A quick first pass in one transaction: media fields, status ``ready`` (a missing item stays
        missing), its quick vectors, and the job back in the queue for the full analysis. The analysis
        count and the analysed key are left alone: the file is not analysed yet. False when the item
        or its job is gone meanwhile."""
        unknown = set(fields) - _ANALYSIS_FIELDS
        if unknown:
            raise ValueError(f"unknown media fields: {sorted(unknown)}")
        assignments = "".join(f"{name} = ?, " for name in fields)
        with self.transaction() as conn:
            if conn.execute("SELECT 1 FROM jobs WHERE media_id = ?", (media_id,)).fetchone() is None:
                return False
            updated = conn.execute(
                f"UPDATE media SET {assignments}"
                "status = CASE WHEN status = 'missing' THEN 'missing' ELSE 'ready' END, error = NULL "
                "WHERE id = ?", (*fields.values(), media_id)).rowcount
            if not updated:
                conn.execute("DELETE FROM jobs WHERE media_id = ?", (media_id,))
                return False
            if embeddings:
                self.put_embeddings(media_id, embeddings)
            conn.execute("UPDATE jobs SET state = 'queued', worker = NULL, quick = 0 WHERE media_id = ?",
                         (media_id,))
        return True

    def _mark_running(self, job_ids: list[int], worker: str) -> None:
        now = time.time()
        for job_id in job_ids:
            self.conn.execute("UPDATE jobs SET state = 'running', worker = ?, claimed_at = ? WHERE id = ?",
                              (worker, now, job_id))

    def finish_job(self, media_id: int) -> None:
        """Remove a job; call inside the transaction that stores the file's results."""
        with self.transaction():
            self.conn.execute("DELETE FROM jobs WHERE media_id = ? AND again = 0", (media_id,))
            self.conn.execute("UPDATE jobs SET state = 'queued', again = 0, worker = NULL, attempts = 0 "
                              "WHERE media_id = ?", (media_id,))

    def release_jobs(self, media_ids: list[int]) -> None:
        """Give claimed jobs back to the queue (pause, cancel, shutdown); their crash score is kept."""
        with self.transaction():
            for media_id in media_ids:
                self.conn.execute("UPDATE jobs SET state = 'queued', worker = NULL WHERE media_id = ? "
                                  "AND state = 'running'", (media_id,))

    def requeue_orphans(self) -> int:
        """Jobs left ``running`` by a worker that is gone go back to the queue (no crash counted)."""
        with self.transaction():
            return self.conn.execute("UPDATE jobs SET state = 'queued', worker = NULL "
                                     "WHERE state = 'running'").rowcount

    def running_jobs(self, worker: str | None = None) -> list[dict]:
        """``media_id``, ``worker`` tag and ``attempts`` of running jobs (of one worker tag, or all);
        ``worker`` matches the tag with or without its ``/solo`` suffix."""
        sql = "SELECT media_id, worker, attempts FROM jobs WHERE state = 'running'"
        if worker is None:
            return self.query(sql + " ORDER BY id")
        return self.query(sql + " AND (worker = ? OR worker = ?) ORDER BY id", (worker, f"{worker}/solo"))

    def requeue_job(self, media_id: int, attempts: int) -> None:
        """A dead worker's job back to the queue with its new crash score."""
        with self.transaction():
            self.conn.execute("UPDATE jobs SET state = 'queued', worker = NULL, attempts = ? "
                              "WHERE media_id = ? AND state = 'running'", (attempts, media_id))

    def fail_job(self, media_id: int, error: str) -> None:
        """Give up on a file that kills the analyser: failed with ``error``, its job gone."""
        with self.transaction():
            self.conn.execute(
                "UPDATE media SET status = CASE WHEN status = 'missing' THEN 'missing' ELSE 'failed' END, "
                "error = ?, analysed_key = content_key, analysis_count = analysis_count + 1, "
                "updated_at = ? WHERE id = ?", (error, time.time(), media_id))
            self.conn.execute("DELETE FROM jobs WHERE media_id = ?", (media_id,))

    def record_analysis(self, media_id: int, fields: dict, status: str, embeddings: list) -> bool:
        """One file's analysis in one transaction: media fields (``fields``: column -> value, columns
        from the caller's fixed list), ``status`` (a missing item stays missing), its vectors, the job
        finished. Returns False (and drops the job) when the item was deleted meanwhile."""
        unknown = set(fields) - _ANALYSIS_FIELDS
        if unknown:
            raise ValueError(f"unknown media fields: {sorted(unknown)}")
        assignments = "".join(f"{name} = ?, " for name in fields)
        with self.transaction() as conn:
            updated = conn.execute(
                f"UPDATE media SET {assignments}analysis_count = analysis_count + 1, "
                "status = CASE WHEN status = 'missing' THEN 'missing' ELSE ? END WHERE id = ?",
                (*fields.values(), status, media_id)).rowcount
            if not updated:
                conn.execute("DELETE FROM jobs WHERE media_id = ?", (media_id,))
                return False
            if embeddings:
                self.put_embeddings(media_id, embeddings)
            self.finish_job(media_id)
        return True

    def retry_failed(self, media_ids: list[int] | None = None) -> list[int]:
        """Failed items (all, or those of ``media_ids``) back to pending with a fresh job each."""
        with self.transaction():
            rows = self.conn.execute("SELECT id FROM media WHERE status = 'failed' ORDER BY id").fetchall()
            wanted = None if media_ids is None else set(media_ids)
            ids = [r[0] for r in rows if wanted is None or r[0] in wanted]
            now = time.time()
            for media_id in ids:
                self.conn.execute("UPDATE media SET status = 'pending', error = NULL, analysed_key = NULL, "
                                  "updated_at = ? WHERE id = ?", (now, media_id))
                self.conn.execute("INSERT INTO jobs(media_id, priority, created_at) VALUES (?, 0, ?) "
                                  "ON CONFLICT(media_id) DO UPDATE SET attempts = 0", (media_id, now))
        return ids

    def job_counts(self) -> dict[str, int]:
        counts = {"queued": 0, "running": 0}
        for row in self.query("SELECT state, COUNT(*) AS n FROM jobs GROUP BY state"):
            counts[row["state"]] = row["n"]
        return counts

    def drop_jobs(self) -> int:
        with self.transaction():
            return self.conn.execute("DELETE FROM jobs").rowcount
