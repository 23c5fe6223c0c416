"""The persistent analysis queue.

A job is one row per item (``media_id`` is unique, so six file-system events for one file make one
job). A worker claims jobs by setting ``state='running'``; it writes the file's results and deletes the
job in one transaction. A worker that dies leaves its jobs ``running``; ``requeue_orphans`` puts them
back, so after a restart every remaining file is analysed exactly once. A file that changes while its
job runs sets ``again``: finishing that job queues it once more instead of deleting it.
"""

from __future__ import annotations

import os
import time


class JobsMixin:
    def enqueue(self, media_id: int, priority: int = 0) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO jobs(media_id, priority, created_at) VALUES (?, ?, ?) "
                "ON CONFLICT(media_id) DO UPDATE SET priority = MAX(priority, excluded.priority), "
                "again = CASE WHEN state = 'running' THEN 1 ELSE again END",
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
            for job_id, _ in rows:
                self.conn.execute(
                    "UPDATE jobs SET state = 'running', worker = ?, claimed_at = ?, attempts = attempts + 1 "
                    "WHERE id = ?", (worker, time.time(), job_id))
        return [media_id for _, media_id in rows]

    def finish_job(self, media_id: int) -> None:
        """Remove a job; call inside the transaction that stores the file's results."""
        with self.transaction():
            self.conn.execute("DELETE FROM jobs WHERE media_id = ? AND again = 0", (media_id,))
            self.conn.execute("UPDATE jobs SET state = 'queued', again = 0, worker = NULL "
                              "WHERE media_id = ?", (media_id,))

    def release_jobs(self, media_ids: list[int]) -> None:
        """Give claimed jobs back to the queue (pause, cancel, shutdown)."""
        with self.transaction():
            for media_id in media_ids:
                self.conn.execute("UPDATE jobs SET state = 'queued', worker = NULL WHERE media_id = ? "
                                  "AND state = 'running'", (media_id,))

    def requeue_orphans(self) -> int:
        """Jobs left ``running`` by a worker that is gone go back to the queue."""
        with self.transaction():
            return self.conn.execute("UPDATE jobs SET state = 'queued', worker = NULL "
                                     "WHERE state = 'running'").rowcount

    def job_counts(self) -> dict[str, int]:
        counts = {"queued": 0, "running": 0}
        for row in self.query("SELECT state, COUNT(*) AS n FROM jobs GROUP BY state"):
            counts[row["state"]] = row["n"]
        return counts

    def drop_jobs(self) -> int:
        with self.transaction():
            return self.conn.execute("DELETE FROM jobs").rowcount
