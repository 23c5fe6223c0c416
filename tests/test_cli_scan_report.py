"""What `avrec scan` says about files it could not take: each one named, with its reason."""

import os
import subprocess
import sys


def avrec(*args):
    out = subprocess.run([sys.executable, "-m", "avrec_desktop", *map(str, args)], capture_output=True,
                         text=True, timeout=120, env=os.environ.copy())
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    return out


def test_few_unreadable_and_skipped_files_are_named_with_their_reason(tmp_path):
    music = tmp_path / "music"
    music.mkdir()
    (music / "good.mp3").write_bytes(b"x" * 1000)
    (music / "gone.mp3").symlink_to(tmp_path / "nowhere.mp3")
    (music / "loop.mp3").symlink_to(music / "loop.mp3")
    os.mkfifo(music / "pipe.mp3")
    out = avrec("folders", "add", music, "--kind", "music", "--no-scan")
    out = avrec("scan").stdout
    assert "2 unreadable; 1 skipped" in out and "see -v" not in out
    lines = out.splitlines()
    assert any(line.strip().startswith("unreadable:") and "gone.mp3" in line and "broken link" in line
               for line in lines)
    assert any("unreadable:" in line and "loop.mp3" in line for line in lines)
    assert any("skipped:" in line and "pipe.mp3" in line and "FIFO" in line for line in lines)


def test_many_unreadable_files_are_counted_and_named_with_verbose(tmp_path):
    music = tmp_path / "music"
    music.mkdir()
    for i in range(8):
        (music / f"gone{i}.mp3").symlink_to(tmp_path / f"nowhere{i}.mp3")
    avrec("folders", "add", music, "--kind", "music", "--no-scan")
    quiet = avrec("scan").stdout
    assert "8 unreadable (see -v)" in quiet and "gone3.mp3" not in quiet
    loud = avrec("-v", "scan").stdout
    named = [line for line in loud.splitlines() if line.strip().startswith("unreadable:")]
    assert len(named) == 8 and all("broken link" in line for line in named)
