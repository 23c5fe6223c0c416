"""Every way the ``avrec`` command fails ends in one line on stderr and a documented exit code; a reader
that closes the pipe early (``avrec status | head -1``) ends it quietly."""

import os
import sqlite3
import subprocess
import sys

import pytest

from avrec_desktop import cli, cli_commands
from avrec_desktop.errors import DatabaseDamaged, DatabaseUnavailable
from avrec_desktop.store import Store
from avrec_desktop.store.sqlite_errors import store_error


def avrec(*args, env=None):
    return subprocess.run([sys.executable, "-m", "avrec_desktop", *map(str, args)], capture_output=True,
                          text=True, timeout=120, env={**os.environ, **(env or {})})


def one_line(out) -> str:
    assert "Traceback" not in out.stderr, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith("avrec: "), lines
    return lines[0]


def test_eval_with_a_flip_above_one_is_one_line(tmp_path):
    out = avrec("eval", tmp_path, "--flip", "2")
    assert out.returncode == 1
    assert "flip" in one_line(out) and "between 0 and 1" in out.stderr


def test_a_bug_is_one_line_and_the_traceback_comes_with_v(monkeypatch, capsys):
    def broken(args):
        raise RuntimeError("something inside went wrong")

    monkeypatch.setitem(cli_commands.COMMANDS, "status", broken)
    assert cli.main(["status"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == "avrec: internal error: something inside went wrong (run with -v for details)"
    assert cli.main(["-v", "status"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" in err and "RuntimeError" in err
    assert err.strip().splitlines()[-1].startswith("avrec: internal error: RuntimeError")


def test_a_data_folder_that_cannot_be_made_is_one_line_naming_the_way_out(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    out = avrec("--db", blocker / "library.sqlite3", "status")
    assert out.returncode == 3
    assert "AVREC_DATA_DIR" in one_line(out)


@pytest.mark.parametrize("args", [("status",), ("status", "--json"), ("for-you", "--json"),
                                  ("search", "anything", "--json")])
def test_a_reader_that_goes_away_ends_the_command_quietly(args, tmp_path):
    db = tmp_path / "library.sqlite3"
    store = Store(db)
    for i in range(200):  # enough output that it cannot all sit in a buffer before the reader leaves
        store.add_folder(str(tmp_path / f"folder-{i:03d}-{'x' * 60}"), "music")
    store.close()
    proc = subprocess.Popen([sys.executable, "-m", "avrec_desktop", "--db", str(db), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc.stdout.close()  # like `| head -0`: nobody reads what it writes
    err = proc.stderr.read()
    proc.wait(timeout=120)
    assert "Traceback" not in err and "BrokenPipe" not in err and "Exception ignored" not in err, err
    assert proc.returncode in (0, 141), (proc.returncode, err)


def test_sqlite_failures_in_plain_words(tmp_path):
    db = tmp_path / "library.sqlite3"
    Store(db).close()

    ro = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    with pytest.raises(sqlite3.Error) as readonly:
        ro.execute("INSERT INTO settings(key, value) VALUES ('a', 'b')")
    ro.close()
    err = store_error(readonly.value, db)
    assert isinstance(err, DatabaseUnavailable) and "read-only" in str(err) and "AVREC_DATA_DIR" in str(err)

    with pytest.raises(sqlite3.Error) as cannot:
        sqlite3.connect(tmp_path / "no-such-folder" / "x.sqlite3").execute("SELECT 1")
    err = store_error(cannot.value, tmp_path / "no-such-folder" / "x.sqlite3")
    assert isinstance(err, DatabaseUnavailable) and "cannot open" in str(err) and "AVREC_DATA_DIR" in str(err)

    full = sqlite3.connect(tmp_path / "small.sqlite3")
    full.execute("CREATE TABLE t (x BLOB)")
    full.execute("PRAGMA max_page_count = 3")
    with pytest.raises(sqlite3.Error) as disk_full:
        full.execute("INSERT INTO t VALUES (zeroblob(100000))")
    full.close()
    err = store_error(disk_full.value, db)
    assert isinstance(err, DatabaseUnavailable) and "full" in str(err) and "free some space" in str(err)

    err = store_error(sqlite3.OperationalError("disk I/O error"), db)
    assert isinstance(err, DatabaseUnavailable) and "I/O error" in str(err) and "writable" in str(err)

    err = store_error(sqlite3.DatabaseError("database disk image is malformed"), db)
    assert isinstance(err, DatabaseDamaged) and "avrec doctor --repair" in str(err)

    with pytest.raises(sqlite3.Error) as bug:
        sqlite3.connect(":memory:").execute("SELECT * FROM no_such_table")
    assert store_error(bug.value, db) is None  # a bug, not a condition of the file
