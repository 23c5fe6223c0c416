"""SIGKILL battery through the real CLI and worker process: `avrec scan --wait` and its worker child
are killed at random moments, 20 times in all, while new files keep arriving. Afterwards every file has
been analysed exactly once (``media.analysis_count`` counts each stored analysis: +1 per result written,
in the same transaction that finishes the job), the database passes ``PRAGMA integrity_check``, and no
process of the run is left alive. AVREC_BATTERY_SEED replays a run; the counts are printed (-s)."""

import json
import os
import random
import signal
import sqlite3
import time

import mediagen
from cli_procs import avrec, avrec_popen, cli_env, marked, process_alive, wait_for, worker_of

KILLS = 20


def _add_files(music, start, n):
    for i in range(start, start + n):
        mediagen.write_audio(music / f"b{i:03d}.wav", 0.3, freq=150 + 13 * i, tags={"title": f"B {i}"})
    return start + n


def _kill(pid):
    if not process_alive(pid):
        return False
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return False
    return True


def test_twenty_random_sigkills_lose_nothing_and_analyse_each_file_once(tmp_path):
    seed = int(os.environ.get("AVREC_BATTERY_SEED") or time.time_ns() % 1_000_000)
    rng = random.Random(seed)
    db, music = tmp_path / "db.sqlite3", tmp_path / "music"
    music.mkdir()
    files = _add_files(music, 0, 12)
    env = cli_env(db, delay=0.4)  # a batch outlasts a worker start, as real encoders do
    avrec(env, "folders", "add", music, "--kind", "music", "--no-scan")
    kills = {"cli": 0, "worker": 0}
    cli, log = None, open(tmp_path / "cli.log", "w")
    while sum(kills.values()) < KILLS:
        if cli is None or cli.poll() is not None:
            files = _add_files(music, files, 3)  # new work for every run
            cli = avrec_popen(env, "scan", "--wait", output=log)
        target = rng.choice(["worker", "cli", "cli-mid-batch"])
        if target == "cli":  # any moment: scanning, spawning, analysing
            time.sleep(rng.uniform(0.3, 4.0))
        else:  # while its worker is (about to be) analysing
            worker = wait_for(lambda: worker_of(cli.pid) if cli.poll() is None else -1, 20)
            if not worker or worker < 0:
                continue
            time.sleep(rng.uniform(0.0, 2.5))
        if target == "worker":
            kills["worker"] += _kill(worker)
        elif _kill(cli.pid):
            kills["cli"] += 1
            cli.wait()
            cli = None
    if cli is not None:
        cli.kill()
        cli.wait()
    log.close()
    final = avrec(env, "scan", "--wait", timeout=300)
    assert final.returncode == 0, final.stderr

    con = sqlite3.connect(db)
    rows = con.execute("SELECT path, status, analysis_count, error FROM media").fetchall()
    integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
    jobs = con.execute("SELECT COUNT(*) FROM jobs").fetchone()[0]
    con.close()
    lost = [(os.fsdecode(p), s, e) for p, s, n, e in rows if s != "ready" or n == 0]
    duplicated = [(os.fsdecode(p), n) for p, s, n, e in rows if n > 1]
    wait_for(lambda: not marked(env), 15)
    left = marked(env)
    summary = {"seed": seed, "kills": kills, "kills_survived": sum(kills.values()), "files": len(rows),
               "lost": len(lost), "duplicated": len(duplicated), "integrity": integrity,
               "jobs_left": jobs, "processes_left": len(left)}
    print("kill battery:", json.dumps(summary))
    assert len(rows) == files
    assert lost == [] and duplicated == [], summary
    assert integrity == "ok" and jobs == 0
    assert left == [], f"processes of the run still alive: {left}"
