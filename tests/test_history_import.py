"""Listening-history import and export (issue #10): synthetic exports of each service against a tagged
library; match rates, skips, idempotence, the taste model, the ListenBrainz round trip, the CLI."""

from __future__ import annotations

import json
import time

import pytest

from avrec_desktop.history_import import HistoryFileError, export_listens, import_files
from avrec_desktop.history_import.normalise import norm_artist, norm_title, primary_artist
from avrec_desktop.history_import.readers import read_listens
from avrec_desktop.store.history_import import history_imports
from history_testlib import (LISTENS, MATCHING, build_library, lastfm_csv_export, lastfm_json_export,
                             listenbrainz_export, spotify_export, spotify_record)
from index_testlib import LibraryBuilder

EXPORTS = {
    "listenbrainz": lambda p: listenbrainz_export(p / "listens.json"),
    "listenbrainz-lines": lambda p: listenbrainz_export(p / "listens.jsonl", lines=True),
    "lastfm-csv": lambda p: lastfm_csv_export(p / "scrobbles.csv"),
    "lastfm-csv-header": lambda p: lastfm_csv_export(p / "scrobbles-uts.csv", header=True),
    "lastfm-json": lambda p: lastfm_json_export(p / "recenttracks.json"),
    "spotify": lambda p: spotify_export(p / "Streaming_History_Audio_2024.json"),
}
FORMAT_OF = {"listenbrainz": "listenbrainz", "listenbrainz-lines": "listenbrainz", "lastfm-csv": "lastfm-csv",
             "lastfm-csv-header": "lastfm-csv", "lastfm-json": "lastfm-json", "spotify": "spotify"}


@pytest.fixture
def library(store, tmp_path):
    return build_library(LibraryBuilder(store, tmp_path))


def _events(store, source="import"):
    return store.query("SELECT * FROM events WHERE source = ? ORDER BY id", (source,))


def test_normalising_makes_the_services_spellings_equal():
    assert norm_title("Something - Remastered 2009") == norm_title("Something (Remastered 2009)") == "something"
    assert norm_title("One More Time (Radio Edit)") == "one more time"
    assert norm_title("Song (Part 2)") != norm_title("Song (Part 1)")  # a bracket that is not a version stays
    assert norm_artist("The Beatles") == norm_artist("Beatles")
    assert norm_artist("Beyoncé") == norm_artist("BEYONCE")
    assert norm_artist("Simon & Garfunkel") == norm_artist("Simon and Garfunkel")
    assert norm_title("Don’t Stop Me Now") == norm_title("Dont Stop Me Now")
    assert primary_artist("Daft Punk feat. Romanthony") == primary_artist("Daft Punk, Someone & Other") == "daft punk"


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_each_export_is_detected_and_matched(name, store, library, tmp_path):
    path = EXPORTS[name](tmp_path)
    [read] = read_listens(path)
    assert read.format == FORMAT_OF[name]
    assert len(read.listens) == len(LISTENS)  # now-playing, podcast and 0 ms rows left out
    report = import_files(store, [path])
    assert (report.listens, report.matched, report.added) == (10, MATCHING, MATCHING)
    assert report.top_unmatched() == [("Nobody Here – Missing Song", 2)]
    assert "matched 8 of 10 listens (80 %)" in report.summary()
    starts = [e for e in _events(store) if e["type"] == "start"]
    ends = [e for e in _events(store) if e["type"] == "end"]
    assert len(starts) == len(ends) == MATCHING
    assert {e["session"] for e in ends} == {f"import:{read.service}"}
    matched_ids = {e["media_id"] for e in ends}
    assert library[("The Beatles", "Abbey Road")] in matched_ids and library[("The Beatles", "1")] in matched_ids
    assert library[("Björk", "Jóga")] in matched_ids  # untagged: matched by its file name
    [run] = history_imports(store)
    assert (run["service"], run["rows"], run["matched"], run["added"]) == (read.service, 10, 8, 8)


def test_album_breaks_a_tie_between_two_copies_of_a_song(store, library, tmp_path):
    import_files(store, [listenbrainz_export(tmp_path / "l.json")])
    ends = {e["ts"]: e["media_id"] for e in _events(store) if e["type"] == "start"}
    by_time = [ends[t] for t in sorted(ends)]
    assert by_time[0] == library[("The Beatles", "Abbey Road")]  # "Beatles – Something - Remastered 2009"
    assert by_time[1] == library[("The Beatles", "1")]


def test_scrobbles_are_finished_plays(store, library, tmp_path):
    report = import_files(store, [lastfm_csv_export(tmp_path / "s.csv")])
    assert (report.plays, report.skips) == (MATCHING, 0)
    for e in _events(store):
        if e["type"] == "end":
            assert e["reason"] == "finished" and e["position"] == e["duration"]


def test_spotify_skips_become_skips_at_their_position(store, library, tmp_path):
    report = import_files(store, [spotify_export(tmp_path / "Streaming_History_Audio_2024.json")])
    assert (report.plays, report.skips) == (5, 3)  # listens 6-8 skipped; the unmatched are not counted
    ends = {e["media_id"]: e for e in _events(store) if e["type"] == "end"}
    hop = ends[library[("Sigur Rós", "Takk...")]]
    assert (hop["reason"], hop["position"]) == ("skipped", 12.0)
    bjork = ends[library[("Björk", "Jóga")]]
    assert (bjork["reason"], bjork["position"]) == ("skipped", 20.0)
    from avrec_desktop.recommend.outcomes import OutcomeRules, outcomes_from_events

    labels = {o.media_id: o.label for o in outcomes_from_events(_events(store), OutcomeRules())}
    assert labels[hop["media_id"]] == labels[bjork["media_id"]] == "early-skip"
    start = next(e for e in _events(store) if e["type"] == "start" and e["media_id"] == hop["media_id"])
    assert hop["ts"] - start["ts"] == pytest.approx(12.0)  # Spotify's ts is when the stream stopped


def test_importing_twice_adds_nothing(store, library, tmp_path):
    paths = [EXPORTS[n](tmp_path) for n in ("listenbrainz", "spotify", "lastfm-json")]
    first = import_files(store, paths)
    count = store.scalar("SELECT COUNT(*) FROM events")
    assert first.added == 3 * MATCHING and count == 2 * first.added
    again = import_files(store, paths)
    assert (again.matched, again.added, again.already) == (3 * MATCHING, 0, 3 * MATCHING)
    assert store.scalar("SELECT COUNT(*) FROM events") == count
    assert "were already there" in again.summary()


def test_dry_run_writes_nothing(store, library, tmp_path):
    report = import_files(store, [EXPORTS["spotify"](tmp_path)], dry_run=True)
    assert report.matched == MATCHING and report.added == 0
    assert store.scalar("SELECT COUNT(*) FROM events") == 0 and history_imports(store) == []


def test_a_file_that_is_no_history_is_a_typed_error(store, tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("just some words\n")
    with pytest.raises(HistoryFileError, match="not a listening history"):
        import_files(store, [bad])
    (tmp_path / "broken.json").write_text('[{"listened_at": 1, ')
    with pytest.raises(HistoryFileError):
        import_files(store, [tmp_path / "broken.json"])


def test_export_round_trips_through_our_listenbrainz_import(store, library, tmp_path):
    from avrec_desktop.store import Store

    now = time.time()
    abbey, halo, boxer = library[("The Beatles", "Abbey Road")], library[("Beyoncé", "I Am... Sasha Fierce")], \
        library[("Simon & Garfunkel", "Bridge over Troubled Water")]
    jo = library[("Björk", "Jóga")]
    for i, (mid, seconds, reason) in enumerate([(abbey, 183, "finished"), (halo, 200, "next"),
                                                (boxer, 10, "skipped"), (jo, 305, "finished")]):
        start = now - 3600 + 400 * i
        store.add_event(mid, "start", ts=start, session="s", duration=seconds)
        store.add_event(mid, "end", ts=start + seconds, session="s", reason=reason, position=seconds,
                        duration=None if reason != "finished" else seconds)
    out = tmp_path / "mine.json"
    done = export_listens(store, out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert done.listens == len(data) == 3  # the 10 s skip is not a listen
    assert data[0]["track_metadata"]["artist_name"] == "The Beatles"
    assert data[0]["track_metadata"]["release_name"] == "Abbey Road"
    assert data[0]["listened_at"] == int(now - 3600)
    assert data[2]["track_metadata"]["artist_name"] == "Björk"  # named from its file name
    # into another library with the same files
    other_dir = tmp_path / "other"
    other_dir.mkdir()
    other = Store(other_dir / "db.sqlite3")
    ids = build_library(LibraryBuilder(other, other_dir))
    report = import_files(other, [out])
    assert (report.listens, report.matched, report.added) == (3, 3, 3)
    starts = [e for e in _events(other) if e["type"] == "start"]
    assert sorted(e["media_id"] for e in starts) == sorted(ids[k] for k in [("The Beatles", "Abbey Road"),
                                                                            ("Beyoncé", "I Am... Sasha Fierce"),
                                                                            ("Björk", "Jóga")])
    assert [int(e["ts"]) for e in starts] == [d["listened_at"] for d in data]
    other.close()
    # back into the library it came from: those plays are already there
    again = import_files(store, [out])
    assert (again.matched, again.added) == (3, 0)


def test_imported_history_warm_starts_the_taste_model(store, tmp_path):
    """Spotify: one artist's tracks heard to the end, another's skipped at once. The recommender then
    ranks the liked artist's other tracks above the skipped artist's, and `taste` counts the outcomes."""
    from taste_testlib import recommender

    b = LibraryBuilder(store, tmp_path, seed=3)
    base = {name: b.random("audio") for name in ("liked", "skipped")}
    tracks = {name: [b.add(artist=artist, title=f"{artist} song {j}", album="LP", duration=200.0,
                           vectors={"audio": b.near(base[name], 0.15)}) for j in range(8)]
              for name, artist in (("liked", "Aurora Lane"), ("skipped", "Bleak Static"))}
    rec = recommender(store, tmp_path)
    assert rec.taste.summary()["outcomes"] == 0
    now = time.time()
    rows = []
    for j in range(4):
        rows.append(spotify_record("Aurora Lane", f"Aurora Lane song {j}", "LP", end=now - 86400 * (3 - j * 0.1),
                                   ms_played=200000))
        rows.append(spotify_record("Bleak Static", f"Bleak Static song {j}", "LP", end=now - 86400 * (2 - j * 0.1),
                                   ms_played=6000, reason_end="fwdbtn", skipped=True))
    path = tmp_path / "Streaming_History_Audio_2025.json"
    path.write_text(json.dumps(rows))
    report = import_files(store, [path])
    assert (report.matched, report.plays, report.skips) == (8, 4, 4)
    # the same recommender object learns them online (as the window's does), no refit
    scored = {s.media.id: s for s in rec.next(current_id=None, k=16, explore=0.0, now=now)}
    assert rec.taste.summary()["outcomes"] == 8
    unheard_liked, unheard_skipped = tracks["liked"][4:], tracks["skipped"][4:]
    # the order of the list also follows the diversity rules (an "adventurous" slot); the scores say the taste
    assert min(scored[i].score for i in unheard_liked) > 0 > max(scored[i].score for i in unheard_skipped)
    assert all(scored[i].parts["taste"] > 0 for i in unheard_liked)
    assert any("you finished" in r.text for r in scored[unheard_liked[0]].reasons)
    ev = rec.taste.evidence(tracks["skipped"][0])
    assert ev.skipped == 1 and ev.neg > 0
    # and a fresh load (the CLI's `avrec taste show`) sees the same
    fresh = recommender(store, tmp_path)
    assert fresh.taste.summary()["outcomes"] == 8
    assert set(fresh.taste.favourites(now, 10)) == set(tracks["liked"][:4])


def test_cli_imports_reports_and_exports(tmp_path, monkeypatch, capsys):
    from avrec_desktop.cli import main
    from avrec_desktop.store import Store

    db = tmp_path / "cli.sqlite3"
    monkeypatch.setenv("AVREC_DB", str(db))
    with Store(db) as store:
        build_library(LibraryBuilder(store, tmp_path))
    spotify, lb = EXPORTS["spotify"](tmp_path), EXPORTS["listenbrainz"](tmp_path)
    assert main(["history", "import", str(spotify), str(lb), "--dry-run"]) == 0
    assert "matched 16 of 20 listens (80 %) (dry run: nothing added)" in capsys.readouterr().out
    assert main(["history", "import", str(spotify), str(lb)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("matched 16 of 20 listens (80 %), added 16 (13 plays, 3 skips); 4 unmatched — top: "
                          "Nobody Here – Missing Song (4)")
    assert main(["history", "import", str(lb), "--json", "--format", "listenbrainz"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["matched"], report["added"], report["already"], report["match_rate"]) == (8, 0, 8, 0.8)
    assert report["top_unmatched"] == [{"listen": "Nobody Here – Missing Song", "count": 2}]
    assert main(["history", "export", str(tmp_path / "out.json"), "--with-imported"]) == 0
    assert "exported 13 listens" in capsys.readouterr().out
    assert main(["history", "import", str(tmp_path / "notes.txt")]) == 1  # missing file: one line, exit 1
    assert "cannot read" in capsys.readouterr().err
    assert main(["taste", "show"]) == 0
    assert json.loads(capsys.readouterr().out)["outcomes"] == 16


def test_the_same_listen_from_two_services_counts_once_and_repeats_count_each_time(store, library, tmp_path):
    import csv
    from datetime import datetime, timezone

    now = time.time()
    abbey = ("The Beatles", "Something", "Abbey Road", 183)
    times = [now - 5000, now - 5000 + 183, now - 5000 + 366]  # played three times back to back
    lb = tmp_path / "lb.json"
    lb.write_text(json.dumps([{"listened_at": int(t), "track_metadata": {"artist_name": abbey[0], "track_name": abbey[1],
                                                                          "release_name": abbey[2]}}
                              for t in reversed(times)]))  # newest first, as the services list them
    lf = tmp_path / "lf.csv"
    with lf.open("w", newline="") as f:
        for t in times:
            when = datetime.fromtimestamp(int(t), timezone.utc).strftime("%d %b %Y %H:%M")  # minutes only
            csv.writer(f).writerow([abbey[0], abbey[2], abbey[1], when])
    first = import_files(store, [lb])
    assert first.added == 3
    second = import_files(store, [lf])  # the same three scrobbles, sent to Last.fm too
    assert (second.matched, second.added) == (3, 0)


def test_the_services_zip_downloads_are_read_whole(store, library, tmp_path):
    import zipfile

    lines = listenbrainz_export(tmp_path / "1.jsonl", lines=True)
    spotify = spotify_export(tmp_path / "Streaming_History_Audio_2024.json")
    lbzip, spzip = tmp_path / "listenbrainz_user.zip", tmp_path / "my_spotify_data.zip"
    with zipfile.ZipFile(lbzip, "w") as z:
        z.writestr("user.json", json.dumps({"user_id": 1, "username": "someone"}))
        z.write(lines, "listens/2024/1.jsonl")
    with zipfile.ZipFile(spzip, "w") as z:
        z.writestr("Spotify Extended Streaming History/ReadMeFirst_ExtendedStreamingHistory.pdf", b"%PDF-1.4")
        z.write(spotify, "Spotify Extended Streaming History/Streaming_History_Audio_2024.json")
    report = import_files(store, [lbzip, spzip])
    assert [(f.format, f.matched) for f in report.files] == [("listenbrainz", 8), ("spotify", 8)]
    assert report.added == 16
