"""Reasons and shelf titles as structured phrases (recommend/phrases.py) and their translation in the window
(ui/reason_text.py): the window's table holds every phrase with the same English, every reason maker's
words read exactly as its text, and through a translator every part of a reason is translated (nothing
English is left but the data: titles, words typed)."""

import ast
import os
import re
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QTranslator  # noqa: E402

from avrec_desktop.encoders.musicnn_tags import SAID_AS, tag_names  # noqa: E402
from avrec_desktop.errors import BadArgument  # noqa: E402
from avrec_desktop.recommend import adventure, journey, reasons as R, search, station  # noqa: E402
from avrec_desktop.recommend.for_you import because_title  # noqa: E402
from avrec_desktop.recommend.phrases import PHRASES, TAG, Words, placeholders  # noqa: E402
from avrec_desktop.recommend.suggestions import Shelf  # noqa: E402
from avrec_desktop.recommend.tag_shelf import more_title  # noqa: E402
from avrec_desktop.ui import reason_text as RT  # noqa: E402

SOURCE = Path(RT.__file__)
DAY = 86400.0
TITLES = ("Blue Song", "Tune A", "Tune B", "Tune C", "Tune D", "calm piano", "mystery")


def ev(*, feedback=0, finished=0, pos=0.0, disliked=False, skipped=0, last=1000.0):
    return SimpleNamespace(feedback=feedback, finished=finished, pos=pos, neg=0.0, disliked=disliked,
                           skipped=skipped, last_pos=last, last_seen=last, t=last)


def table_of(function: str, context: str) -> dict[str, str]:
    """key → the English literal of each ``qtr(context, "…")`` in ``function``'s dict in reason_text.py."""
    tree = ast.parse(SOURCE.read_text(encoding="utf-8"))
    body = next(f for f in tree.body if isinstance(f, ast.FunctionDef) and f.name == function)
    table = next(n for n in ast.walk(body) if isinstance(n, ast.Dict))
    out = {}
    for key, value in zip(table.keys, table.values):
        assert isinstance(value, ast.Call) and value.func.id == "qtr", ast.dump(value)
        ctx, text = value.args
        assert ctx.value == context and isinstance(text, ast.Constant) and isinstance(text.value, str)
        out[key.value] = text.value
    return out


def test_every_phrase_is_in_the_windows_table_with_the_same_english():
    table = table_of("templates", "Reasons")
    assert set(table) == set(PHRASES) - {TAG}  # a tag word goes through the tag catalogue instead
    for key, english in PHRASES.items():
        if key != TAG:
            assert table[key] == english, key
            assert placeholders(table[key]) == placeholders(english), key


def test_the_tag_catalogue_holds_every_auto_tag_word():
    table = table_of("tag_words", "Tags")
    words = {SAID_AS.get(t.lower(), t.lower()) for _m, t in tag_names()}
    assert set(table) == words and all(table[w] == w for w in table)


def made_reasons() -> list:
    """One reason of every kind (and every variant of its words), from the real makers."""
    out = [R.seed_reason(1, "Blue Song", facet, space, 0.5)
           for facet, space in (("timbre", "audio"), ("spectral", "audio"), ("harmony", "audio"), ("rhythm", "audio"),
                                ("dynamics", "audio"), ("learned", "audio"), ("audio", "audio"),
                                ("visual", "visual"), ("text", "text"), ("mystery", "audio"))]
    out += [R.own_reason(ev(feedback=1), kind="audio"), R.own_reason(ev(finished=3), kind="audio"),
            R.skipped_reason(ev(skipped=1)), R.skipped_reason(ev(skipped=2)), R.disliked_reason()]
    evidence = {1: ev(finished=1), 2: ev(feedback=1), 3: ev(pos=0.5), 4: ev(feedback=1, finished=2)}.get
    titles = {1: "Tune A", 2: "Tune B", 3: "Tune C", 4: "Tune D"}
    ids = np.array([1, 2, 3])
    for kind in ("audio", "video"):
        out += [R.taste_reason(9, kind, np.array([0.3, 0.3, 0.3]), ids, np.ones(3), evidence, titles),
                R.taste_reason(9, kind, np.array([0.3, 0.3, 0.3]), ids, -np.ones(3), evidence, titles, negative=True)]
    for top in (1, 2, 3, 4):
        mem = np.array([top, 2 if top != 2 else 1])
        out += [R.taste_reason(9, "audio", np.array([0.5, 0.01]), mem, np.ones(2), evidence, titles)]
    out += [R.taste_reason(9, "audio", np.array([0.5, 0.01]), np.array([1, 2]), -np.ones(2), evidence, titles,
                           negative=True)]
    out += [R.explore_reason()]
    ages = (30, 60, 5 * 60, 3600, 3 * 3600, DAY, 3 * DAY, 100 * DAY, 1000 * DAY)
    out += [R.new_reason(1000.0, 1000.0 + age) for age in ages]
    for e in (ev(finished=1), ev(finished=2, feedback=1), ev(finished=5), ev(feedback=1), ev(pos=0.5), ev()):
        out.append(R.rediscover_reason(e, 1000.0 + 120 * DAY))
    out += [R.because_reason(1, "Blue Song"), R.because_reason(1, "Blue Song", ev(finished=2)),
            R.because_reason(1, "Blue Song", ev(feedback=1, finished=1)), R.because_reason(1, "Blue Song", ev(pos=1))]
    out += [R.tags_reason(1, 2, ["ambient"]), R.tags_reason(1, 2, ["ambient", "slow"]),
            R.tags_reason(1, 2, ["female vocal", "80s", "chillout"])]
    out += [R.tag_shelf_reason("ambient", "audio", {"finished": [1, 2], "liked": [3]}),
            R.tag_shelf_reason("piano", "video", {"finished": [], "liked": [4]}),
            R.tag_shelf_reason("piano", "audio", {"liked": [4]})]
    out += R.penalty_reasons(since_played=12 * 60, cooled=True, streak=True, skipped_ago=2 * DAY)
    out += [adventure.side_reason(side) for side in adventure.SIDES]
    return out


def station_words() -> list[Words]:
    words = station.Station(words=" calm piano ")
    out = [words.name_words,
           station.words_match(words.name_words, ["quiet", "piano"], 0, 0.6),
           station.words_match(words.name_words, [], 0, 0.3),
           station.words_match(words.name_words, [], 1, 0.52),
           station.words_match(words.name_words, [], 2, 0.8),
           station.words_match(words.name_words, [], 3, 0.9)]
    for n in (1, 2, 3, 4):
        seeds = station.Station(seeds=tuple(range(1, n + 1)), titles={1: "Tune A", 2: "Tune B", 3: "Tune C", 4: "Tune D"})
        out += [seeds.name_words] + [station.seed_match(seeds, col) for col in range(min(n + 1, 3))]
    return out


def journey_reasons() -> list:
    a, b = SimpleNamespace(id=1, display_title="Tune A"), SimpleNamespace(id=2, display_title="Tune B")
    out = [journey._reason(0, 10, a, b, 1.0, 0.2, "audio"), journey._reason(9, 10, a, b, 0.2, 1.0, "audio")]
    for main in ("audio", "visual", "text", "other"):
        out += [journey._reason(3, 10, a, b, 0.52, 0.71, main), journey._reason(2, 10, a, b, 0.7, 0.4, main)]
    return out


def shelves() -> list[Shelf]:
    return [Shelf.titled(w, "because", []) for w in (because_title(ev(finished=1), "Blue Song"),
                                                     because_title(ev(feedback=1), "Blue Song"),
                                                     because_title(ev(pos=1), "Blue Song"))] + \
        [Shelf.titled(more_title("chillout"), "tag", []), Shelf.titled(Words("shelf.rediscover"), "rediscover", []),
         Shelf.titled(Words("shelf.new"), "new", [])]


def all_reasons() -> list:
    sounds = search._reason("calm piano ", {"clap": 0.3, "text": 0.1})
    from avrec_desktop.ui.play_queue import AGAIN, WHERE_YOU_WERE  # the player's own: back, repeat all

    made = made_reasons() + journey_reasons() + [R.Reason.saying("station", w) for w in station_words()] + \
        [R.Reason.saying("search", sounds), AGAIN, WHERE_YOU_WERE]
    assert all(r is not None and r.words is not None for r in made)
    return made


def test_every_makers_words_read_as_its_text():
    made = all_reasons()
    assert {r.kind for r in made} >= {"seed", "taste", "explore", "new", "rediscover", "because", "tags", "tag",
                                      "penalty", "side", "journey", "station"}
    for r in made:
        assert str(r.words) == r.text
    for s in shelves():
        assert str(s.words) == s.title
    used = set()

    def keys(w):
        used.add(w.key)
        for v in w.args.values():
            if isinstance(v, Words):
                keys(v)
    for w in [r.words for r in made] + [s.words for s in shelves()]:
        keys(w)
    assert used == set(PHRASES)  # every phrase is made by some maker here


def test_the_english_stays_what_it_was():
    texts = {r.text for r in all_reasons()} | {s.title for s in shelves()}
    assert {'sounds like "Blue Song" (brightness)', 'looks like "Blue Song"', 'you finished this 3 times',
            'close to 3 tracks of yours: 1 you finished, 1 you liked, 1 you played past half',
            'you skipped 3 videos close to this', 'like "Tune D", which you liked and finished twice',
            'close to "Tune A", which you skipped', 'new in your library (added 1 minute ago)',
            'new in your library (added 3 months ago)', 'new in your library (added 3 years ago)',
            'you liked and finished this twice, last 4 months ago', 'you played past half this, last 4 months ago',
            'both female vocal and 80s and chillout', 'ambient, as are 3 tracks of yours: 2 you finished, 1 you liked',
            'played 12 minutes ago', 'skipped 2 days ago', "close to what's playing",
            'step 4/10: sounds more like "Tune B" now (0.71 vs 0.52 like "Tune A")',
            'step 3/10: still is more like "Tune A" (0.70 vs 0.40 like "Tune B")', 'step 1/10: the start, "Tune A"',
            'station "calm piano": tagged quiet, piano', 'station "calm piano": looks like it (0.32)',
            'station "calm piano": its words read like it (0.52)', 'station like "Tune A", "Tune B" and "Tune C": close to all three',
            'station like "Tune A" and "Tune B": close to both', 'station like "Tune A", "Tune B", "Tune C" and "Tune D": close to all 4',
            "sounds like 'calm piano'", 'Because you played "Blue Song"', 'More chillout', 'New in your library'} <= texts


class Marking(QTranslator):
    """Every text "translated" as «text»: what went through translation shows."""

    def translate(self, context, source, disambiguation=None, n=-1):
        return f"«{source}»"

    def isEmpty(self):
        return False


@pytest.fixture
def marked(qapp):
    translator = Marking()
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


def untranslated(text: str) -> str:
    """What is left of ``text`` that no translated template, tag word, number or data explains ("" when
    every part went through translation): innermost «…» first, each a known source filled with data."""
    fill = "(?:\x00|[0-9][0-9.,]*|" + "|".join(re.escape(t) for t in sorted(TITLES, key=len, reverse=True)) + ")"
    sources = [s for k, s in PHRASES.items() if k != TAG] + list(RT.tag_words())
    patterns = [re.compile("".join(fill if name else re.escape(part)
                                   for part, name in _pieces(s))) for s in sources]
    innermost = re.compile("«([^«»]*)»")
    while True:
        m = innermost.search(text)
        if m is None:
            return "" if text == "\x00" else text
        if not any(p.fullmatch(m.group(1)) for p in patterns):
            return m.group(1)
        text = text[:m.start()] + "\x00" + text[m.end():]


def _pieces(source: str):
    for part in re.split(r"(\{\w+\})", source):
        if part:
            yield part, part.startswith("{") and part.endswith("}")


def test_every_part_of_a_reason_goes_through_translation(marked):
    for r in all_reasons():
        shown = RT.reason_text(r)
        assert shown != r.text and untranslated(shown) == "", (r.text, shown)
    for s in shelves():
        shown = RT.shelf_title(s)
        assert untranslated(shown) == "", (s.title, shown)
    assert RT.tag_word("female vocal") == "«female vocal»" and RT.tag_word("zither") == "zither"


def test_without_words_or_with_a_broken_translation_the_english_shows(qapp):
    plain = R.Reason("history", "you were playing this before going back")
    assert RT.reason_text(plain) == plain.text
    assert RT.shelf_title(Shelf("Old shelf", "new")) == "Old shelf"
    r = R.new_reason(0.0, 3 * DAY)
    assert RT.reason_text(r) == r.text  # English: the same text

    class Broken(QTranslator):
        def translate(self, context, source, disambiguation=None, n=-1):
            return "{nothing}" if "{" in source else source

        def isEmpty(self):
            return False
    broken = Broken()
    QCoreApplication.installTranslator(broken)
    try:
        assert RT.reason_text(r) == r.text
    finally:
        QCoreApplication.removeTranslator(broken)


def test_a_phrase_checks_its_key_and_arguments():
    with pytest.raises(BadArgument):
        Words("no such phrase")
    with pytest.raises(BadArgument):
        Words("times.many", {})
    assert str(Words("station.looks", {"station": Words("station.words", {"words": "x"}), "score": 0.5})) == \
        'station "x": looks like it (0.50)'


def test_a_saved_sessions_reasons_keep_their_words(qapp):
    """Up next is saved at exit and restored at the next start: its reasons come back with their words (so
    they show in the window's language again), and an old or unknown saved phrase falls back to its text."""
    import json

    from avrec_desktop.recommend.phrases import from_data, to_data
    from avrec_desktop.ui.play_queue import AGAIN, WHERE_YOU_WERE, _restored_reason, _saved_reason

    for reason in [*all_reasons(), AGAIN, WHERE_YOU_WERE]:
        if reason.words is None:
            continue
        saved = json.loads(json.dumps(_saved_reason(reason)))
        back = _restored_reason(saved)
        assert back.words == reason.words and back.text == reason.text and back.kind == reason.kind
        assert from_data(to_data(reason.words)) == reason.words
    old = _restored_reason({"kind": "seed", "text": 'sounds like "X"'})
    assert old.words is None and old.text == 'sounds like "X"'
    assert _restored_reason({"kind": "seed", "text": "t", "words": {"key": "no.such", "args": {}}}).words is None
