"""The words of every reason and shelf title the core makes, as structured phrases a window can translate.

``PHRASES`` maps a key to its English template with ``{name}`` placeholders. ``Words(key, args)`` is one
phrase with its arguments; ``str(words)`` is the English text the CLI prints (and ``Reason.text`` holds).
An argument is data shown as is (``str``: titles, tag words, station words), a number (``int``; a ``float``
is written with two decimals) or a nested ``Words`` ("twice", "3 days ago", "finished twice"), so another
language can render every part whole. A tag word is ``Words(TAG, {"word": w})``: a window translates the
word through its tag catalogue. The core never imports Qt; ``avrec_desktop/ui/reason_text.py`` renders
the same keys through Qt's translations.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from numbers import Integral, Real
from string import Formatter

from avrec_desktop.errors import BadArgument

TAG = "tag"  # an auto-tag word: rendered by the window's tag catalogue

PHRASES: dict[str, str] = {
    TAG: "{word}",
    "quoted": '"{title}"',
    # lists: "a, b", "a and b" (longer lists nest: "a, {b and c}")
    "list.comma": "{first}, {rest}",
    "list.and": "{first} and {rest}",
    # how often
    "times.once": "once",
    "times.twice": "twice",
    "times.many": "{n} times",
    # how long ago
    "ago.just_now": "just now",
    "ago.minute": "1 minute ago",
    "ago.minutes": "{n} minutes ago",
    "ago.hour": "1 hour ago",
    "ago.hours": "{n} hours ago",
    "ago.day": "1 day ago",
    "ago.days": "{n} days ago",
    "ago.months": "{n} months ago",
    "ago.years": "{n} years ago",
    # how many items
    "count.track": "1 track",
    "count.tracks": "{n} tracks",
    "count.video": "1 video",
    "count.videos": "{n} videos",
    # what the evidence says the user did ("which you {said}")
    "said.finished": "finished {times}",
    "said.liked_finished": "liked and finished {times}",
    "said.liked": "liked",
    "said.past_half": "played past half",
    # how many of the user's items they did something with ("2 you finished")
    "claim.finished": "{n} you finished",
    "claim.liked": "{n} you liked",
    "claim.past_half": "{n} you played past half",
    # facets (recommend/facets.py)
    "facet.timbre": "timbre",
    "facet.spectral": "brightness",
    "facet.harmony": "harmony",
    "facet.rhythm": "rhythm",
    "facet.dynamics": "dynamics",
    "facet.learned": "style",
    "facet.named": "{name}",
    "seed.sounds": 'sounds like "{title}"',
    "seed.looks": 'looks like "{title}"',
    "seed.tagged": 'tagged like "{title}"',
    "seed.facet": "{seed} ({facet})",
    # taste
    "taste.you_liked": "you liked this",
    "taste.you_finished": "you finished this {times}",
    "taste.you_skipped": "you skipped this {times}",
    "taste.you_disliked": "you disliked this: it is never suggested",
    "taste.skipped_close": "you skipped {count} close to this",
    "taste.close_skipped": 'close to "{title}", which you skipped',
    "taste.like_named": 'like "{title}", which you {said}',
    "taste.close_to_yours": "close to {count} of yours: {claims}",
    "explore": "exploring: new to you",
    "history.back": "you were playing this before going back",
    "history.again": "played this session (repeat all)",
    "new": "new in your library (added {ago})",
    "rediscover": "{what}, last {ago}",
    "rediscover.liked_finished": "you liked and finished this {times}",
    "rediscover.past_half": "you played past half this",
    "rediscover.played": "you played this",
    "because.played": 'because you played "{title}"',
    "because.said": 'because of "{title}", which you {said}',
    "tags.both": "both {tags}",
    "tag.as_are": "{tag}, as are {count} of yours: {claims}",
    "penalty.played": "played {ago}",
    "penalty.skipped": "skipped {ago}",
    "penalty.same_artist": "same artist as what you just heard",
    # Up next's side (recommend/adventure.py)
    "side.familiar": "close to what's playing",
    "side.taste": "from your taste",
    "side.adventurous": "something new (adventurous)",
    # stations (recommend/station.py)
    "station.words": 'station "{words}"',
    "station.like": "station like {seeds}",
    "station.tagged": "{station}: tagged {tags}",
    "station.looks": "{station}: looks like it ({score})",
    "station.sounds": "{station}: sounds like it ({score})",
    "station.reads": "{station}: its words read like it ({score})",
    "station.close_to": '{station}: close to "{title}"',
    "station.close_to_both": "{station}: close to both",
    "station.close_to_three": "{station}: close to all three",
    "station.close_to_all": "{station}: close to all {n}",
    # journeys (recommend/journey.py)
    "journey.step": "step {step}/{steps}",
    "journey.start": '{step}: the start, "{title}"',
    "journey.end": '{step}: the destination, "{title}"',
    "journey.nearer_sounds": '{step}: sounds more like "{end}" now ({to_end} vs {to_start} like "{start}")',
    "journey.nearer_looks": '{step}: looks more like "{end}" now ({to_end} vs {to_start} like "{start}")',
    "journey.nearer_reads": '{step}: reads more like "{end}" now ({to_end} vs {to_start} like "{start}")',
    "journey.nearer_is": '{step}: is more like "{end}" now ({to_end} vs {to_start} like "{start}")',
    "journey.still_sounds": '{step}: still sounds more like "{start}" ({to_start} vs {to_end} like "{end}")',
    "journey.still_looks": '{step}: still looks more like "{start}" ({to_start} vs {to_end} like "{end}")',
    "journey.still_reads": '{step}: still reads more like "{start}" ({to_start} vs {to_end} like "{end}")',
    "journey.still_is": '{step}: still is more like "{start}" ({to_start} vs {to_end} like "{end}")',
    # search (recommend/search.py)
    "search.sounds_like": "sounds like '{query}'",
    # For you's shelves (recommend/for_you.py, recommend/tag_shelf.py)
    "shelf.because_finished": 'Because you finished "{title}"',
    "shelf.because_liked": 'Because you liked "{title}"',
    "shelf.because_played": 'Because you played "{title}"',
    "shelf.more_tag": "More {tag}",
    "shelf.rediscover": "Rediscover",
    "shelf.new": "New in your library",
}


@functools.lru_cache(maxsize=None)
def placeholders(template: str) -> frozenset[str]:
    """The ``{name}`` placeholders of a template."""
    return frozenset(name for _text, name, _spec, _conv in Formatter().parse(template) if name)


@dataclass(frozen=True)
class Words:
    """One phrase of ``PHRASES`` with its arguments (see the module docstring); ``str()`` is its English."""
    key: str
    args: dict = field(default_factory=dict)

    def __post_init__(self):
        template = PHRASES.get(self.key)
        if template is None:
            raise BadArgument(f"no phrase {self.key!r}")
        if placeholders(template) != set(self.args):
            raise BadArgument(f"phrase {self.key!r} takes {sorted(placeholders(template))}, not {sorted(self.args)}")

    def __str__(self) -> str:
        return PHRASES[self.key].format(**{name: english(value) for name, value in self.args.items()})


def english(value) -> str:
    """One argument in English: a phrase rendered, a float with two decimals, anything else as is."""
    if isinstance(value, Words):
        return str(value)
    if isinstance(value, Integral):
        return str(int(value))
    if isinstance(value, Real):
        return f"{float(value):.2f}"
    return str(value)


def tag(word: str) -> Words:
    return Words(TAG, {"word": str(word)})


def quoted(title) -> Words:
    return Words("quoted", {"title": str(title)})


def joined(parts: list, last: str = "list.and") -> Words:
    """``parts`` (Words or data) as one list: "a, b and c" (``last`` = "list.and") or "a, b, c"
    ("list.comma"); one part alone is itself (wrap data first: ``joined`` needs a non-empty list)."""
    if not parts:
        raise BadArgument("an empty list has no words")
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        return Words(last, {"first": parts[0], "rest": parts[1]})
    return Words("list.comma", {"first": parts[0], "rest": joined(parts[1:], last)})


def all_joined(parts: list, key: str) -> Words:
    """``parts`` joined by one word throughout ("a and b and c"), as ``key`` says."""
    if len(parts) == 1:
        return parts[0]
    return Words(key, {"first": parts[0], "rest": all_joined(parts[1:], key)})


def to_data(words: Words) -> dict:
    """``words`` as plain JSON data (a saved session keeps its reasons' words so they are translated again)."""
    return {"key": words.key, "args": {name: to_data(v) if isinstance(v, Words) else v
                                        for name, v in words.args.items()}}


def from_data(data) -> Words | None:
    """The ``Words`` of ``to_data``; None when the data are not a known phrase (an older session, a phrase
    since renamed: the saved English text is shown instead)."""
    try:
        args = {name: from_data(v) if isinstance(v, dict) else v for name, v in dict(data["args"]).items()}
        if any(v is None for v in args.values()):
            return None
        return Words(str(data["key"]), args)
    except (BadArgument, KeyError, TypeError, ValueError):
        return None
