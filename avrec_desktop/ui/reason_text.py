"""Reasons and shelf titles from the core in the window's language, and the auto-tag words.

The core says why in structured phrases (``recommend/phrases.py``: a key, its English template, its
arguments); here each key's template goes through ``qtr("Reasons", …)`` (the same English, written out
so lupdate finds it), then its arguments are filled in: numbers through ``i18n.number`` (a float with two
decimals), nested phrases rendered the same way, data (titles, words typed) as is, and auto-tag words
through ``tag_word`` (``qtr("Tags", …)``). A reason or shelf without words, or a translation that does not
fit its arguments, shows the core's English ``text`` / ``title``.
"""

from __future__ import annotations

from numbers import Integral, Real

from avrec_desktop.recommend.phrases import PHRASES, TAG, Words
from avrec_desktop.ui.i18n import number, qtr


def templates() -> dict[str, str]:
    """Every phrase key's template in the window's language (asked anew: the translator in use now)."""
    return {
        "quoted": qtr("Reasons", '"{title}"'),
        "list.comma": qtr("Reasons", "{first}, {rest}"),
        "list.and": qtr("Reasons", "{first} and {rest}"),
        "times.once": qtr("Reasons", "once"),
        "times.twice": qtr("Reasons", "twice"),
        "times.many": qtr("Reasons", "{n} times"),
        "ago.just_now": qtr("Reasons", "just now"),
        "ago.minute": qtr("Reasons", "1 minute ago"),
        "ago.minutes": qtr("Reasons", "{n} minutes ago"),
        "ago.hour": qtr("Reasons", "1 hour ago"),
        "ago.hours": qtr("Reasons", "{n} hours ago"),
        "ago.day": qtr("Reasons", "1 day ago"),
        "ago.days": qtr("Reasons", "{n} days ago"),
        "ago.months": qtr("Reasons", "{n} months ago"),
        "ago.years": qtr("Reasons", "{n} years ago"),
        "count.track": qtr("Reasons", "1 track"),
        "count.tracks": qtr("Reasons", "{n} tracks"),
        "count.video": qtr("Reasons", "1 video"),
        "count.videos": qtr("Reasons", "{n} videos"),
        "said.finished": qtr("Reasons", "finished {times}"),
        "said.liked_finished": qtr("Reasons", "liked and finished {times}"),
        "said.liked": qtr("Reasons", "liked"),
        "said.past_half": qtr("Reasons", "played past half"),
        "claim.finished": qtr("Reasons", "{n} you finished"),
        "claim.liked": qtr("Reasons", "{n} you liked"),
        "claim.past_half": qtr("Reasons", "{n} you played past half"),
        "facet.timbre": qtr("Reasons", "timbre"),
        "facet.spectral": qtr("Reasons", "brightness"),
        "facet.harmony": qtr("Reasons", "harmony"),
        "facet.rhythm": qtr("Reasons", "rhythm"),
        "facet.dynamics": qtr("Reasons", "dynamics"),
        "facet.learned": qtr("Reasons", "style"),
        "facet.named": qtr("Reasons", "{name}"),
        "seed.sounds": qtr("Reasons", 'sounds like "{title}"'),
        "seed.looks": qtr("Reasons", 'looks like "{title}"'),
        "seed.tagged": qtr("Reasons", 'tagged like "{title}"'),
        "seed.facet": qtr("Reasons", "{seed} ({facet})"),
        "taste.you_liked": qtr("Reasons", "you liked this"),
        "taste.you_finished": qtr("Reasons", "you finished this {times}"),
        "taste.you_skipped": qtr("Reasons", "you skipped this {times}"),
        "taste.you_disliked": qtr("Reasons", "you disliked this: it is never suggested"),
        "taste.skipped_close": qtr("Reasons", "you skipped {count} close to this"),
        "taste.close_skipped": qtr("Reasons", 'close to "{title}", which you skipped'),
        "taste.like_named": qtr("Reasons", 'like "{title}", which you {said}'),
        "taste.close_to_yours": qtr("Reasons", "close to {count} of yours: {claims}"),
        "explore": qtr("Reasons", "exploring: new to you"),
        "history.back": qtr("Reasons", "you were playing this before going back"),
        "history.again": qtr("Reasons", "played this session (repeat all)"),
        "new": qtr("Reasons", "new in your library (added {ago})"),
        "rediscover": qtr("Reasons", "{what}, last {ago}"),
        "rediscover.liked_finished": qtr("Reasons", "you liked and finished this {times}"),
        "rediscover.past_half": qtr("Reasons", "you played past half this"),
        "rediscover.played": qtr("Reasons", "you played this"),
        "because.played": qtr("Reasons", 'because you played "{title}"'),
        "because.said": qtr("Reasons", 'because of "{title}", which you {said}'),
        "tags.both": qtr("Reasons", "both {tags}"),
        "tag.as_are": qtr("Reasons", "{tag}, as are {count} of yours: {claims}"),
        "penalty.played": qtr("Reasons", "played {ago}"),
        "penalty.skipped": qtr("Reasons", "skipped {ago}"),
        "penalty.same_artist": qtr("Reasons", "same artist as what you just heard"),
        "side.familiar": qtr("Reasons", "close to what's playing"),
        "side.taste": qtr("Reasons", "from your taste"),
        "side.adventurous": qtr("Reasons", "something new (adventurous)"),
        "station.words": qtr("Reasons", 'station "{words}"'),
        "station.like": qtr("Reasons", "station like {seeds}"),
        "station.tagged": qtr("Reasons", "{station}: tagged {tags}"),
        "station.looks": qtr("Reasons", "{station}: looks like it ({score})"),
        "station.sounds": qtr("Reasons", "{station}: sounds like it ({score})"),
        "station.reads": qtr("Reasons", "{station}: its words read like it ({score})"),
        "station.close_to": qtr("Reasons", '{station}: close to "{title}"'),
        "station.close_to_both": qtr("Reasons", "{station}: close to both"),
        "station.close_to_three": qtr("Reasons", "{station}: close to all three"),
        "station.close_to_all": qtr("Reasons", "{station}: close to all {n}"),
        "journey.step": qtr("Reasons", "step {step}/{steps}"),
        "journey.start": qtr("Reasons", '{step}: the start, "{title}"'),
        "journey.end": qtr("Reasons", '{step}: the destination, "{title}"'),
        "journey.nearer_sounds": qtr("Reasons", '{step}: sounds more like "{end}" now ({to_end} vs {to_start} like "{start}")'),
        "journey.nearer_looks": qtr("Reasons", '{step}: looks more like "{end}" now ({to_end} vs {to_start} like "{start}")'),
        "journey.nearer_reads": qtr("Reasons", '{step}: reads more like "{end}" now ({to_end} vs {to_start} like "{start}")'),
        "journey.nearer_is": qtr("Reasons", '{step}: is more like "{end}" now ({to_end} vs {to_start} like "{start}")'),
        "journey.still_sounds": qtr("Reasons", '{step}: still sounds more like "{start}" ({to_start} vs {to_end} like "{end}")'),
        "journey.still_looks": qtr("Reasons", '{step}: still looks more like "{start}" ({to_start} vs {to_end} like "{end}")'),
        "journey.still_reads": qtr("Reasons", '{step}: still reads more like "{start}" ({to_start} vs {to_end} like "{end}")'),
        "journey.still_is": qtr("Reasons", '{step}: still is more like "{start}" ({to_start} vs {to_end} like "{end}")'),
        "search.sounds_like": qtr("Reasons", "sounds like '{query}'"),
        "shelf.because_finished": qtr("Reasons", 'Because you finished "{title}"'),
        "shelf.because_liked": qtr("Reasons", 'Because you liked "{title}"'),
        "shelf.because_played": qtr("Reasons", 'Because you played "{title}"'),
        "shelf.more_tag": qtr("Reasons", "More {tag}"),
        "shelf.rediscover": qtr("Reasons", "Rediscover"),
        "shelf.new": qtr("Reasons", "New in your library"),
    }


def tag_words() -> dict[str, str]:
    """The auto-tag words MusiCNN's two taggers give (MSD and MTT, merged by name, "no vocals" said as
    "instrumental": ``encoders/musicnn_tags.py``), each in the window's language."""
    return {
        "00s": qtr("Tags", "00s"),
        "60s": qtr("Tags", "60s"),
        "70s": qtr("Tags", "70s"),
        "80s": qtr("Tags", "80s"),
        "90s": qtr("Tags", "90s"),
        "acoustic": qtr("Tags", "acoustic"),
        "alternative": qtr("Tags", "alternative"),
        "alternative rock": qtr("Tags", "alternative rock"),
        "ambient": qtr("Tags", "ambient"),
        "beat": qtr("Tags", "beat"),
        "beats": qtr("Tags", "beats"),
        "beautiful": qtr("Tags", "beautiful"),
        "blues": qtr("Tags", "blues"),
        "catchy": qtr("Tags", "catchy"),
        "cello": qtr("Tags", "cello"),
        "chill": qtr("Tags", "chill"),
        "chillout": qtr("Tags", "chillout"),
        "choir": qtr("Tags", "choir"),
        "choral": qtr("Tags", "choral"),
        "classic": qtr("Tags", "classic"),
        "classic rock": qtr("Tags", "classic rock"),
        "classical": qtr("Tags", "classical"),
        "country": qtr("Tags", "country"),
        "dance": qtr("Tags", "dance"),
        "drums": qtr("Tags", "drums"),
        "easy listening": qtr("Tags", "easy listening"),
        "electro": qtr("Tags", "electro"),
        "electronic": qtr("Tags", "electronic"),
        "electronica": qtr("Tags", "electronica"),
        "experimental": qtr("Tags", "experimental"),
        "fast": qtr("Tags", "fast"),
        "female": qtr("Tags", "female"),
        "female vocal": qtr("Tags", "female vocal"),
        "female vocalist": qtr("Tags", "female vocalist"),
        "female vocalists": qtr("Tags", "female vocalists"),
        "female voice": qtr("Tags", "female voice"),
        "flute": qtr("Tags", "flute"),
        "folk": qtr("Tags", "folk"),
        "funk": qtr("Tags", "funk"),
        "guitar": qtr("Tags", "guitar"),
        "happy": qtr("Tags", "happy"),
        "hard rock": qtr("Tags", "hard rock"),
        "harp": qtr("Tags", "harp"),
        "harpsichord": qtr("Tags", "harpsichord"),
        "heavy metal": qtr("Tags", "heavy metal"),
        "hip-hop": qtr("Tags", "hip-hop"),
        "house": qtr("Tags", "house"),
        "indian": qtr("Tags", "indian"),
        "indie": qtr("Tags", "indie"),
        "indie pop": qtr("Tags", "indie pop"),
        "indie rock": qtr("Tags", "indie rock"),
        "instrumental": qtr("Tags", "instrumental"),
        "jazz": qtr("Tags", "jazz"),
        "loud": qtr("Tags", "loud"),
        "male": qtr("Tags", "male"),
        "male vocal": qtr("Tags", "male vocal"),
        "male vocalists": qtr("Tags", "male vocalists"),
        "male voice": qtr("Tags", "male voice"),
        "man": qtr("Tags", "man"),
        "mellow": qtr("Tags", "mellow"),
        "metal": qtr("Tags", "metal"),
        "new age": qtr("Tags", "new age"),
        "oldies": qtr("Tags", "oldies"),
        "opera": qtr("Tags", "opera"),
        "party": qtr("Tags", "party"),
        "piano": qtr("Tags", "piano"),
        "pop": qtr("Tags", "pop"),
        "progressive rock": qtr("Tags", "progressive rock"),
        "punk": qtr("Tags", "punk"),
        "quiet": qtr("Tags", "quiet"),
        "rnb": qtr("Tags", "rnb"),
        "rock": qtr("Tags", "rock"),
        "sad": qtr("Tags", "sad"),
        "sexy": qtr("Tags", "sexy"),
        "singing": qtr("Tags", "singing"),
        "sitar": qtr("Tags", "sitar"),
        "slow": qtr("Tags", "slow"),
        "soft": qtr("Tags", "soft"),
        "solo": qtr("Tags", "solo"),
        "soul": qtr("Tags", "soul"),
        "strings": qtr("Tags", "strings"),
        "synth": qtr("Tags", "synth"),
        "techno": qtr("Tags", "techno"),
        "violin": qtr("Tags", "violin"),
        "vocal": qtr("Tags", "vocal"),
        "vocals": qtr("Tags", "vocals"),
        "voice": qtr("Tags", "voice"),
        "weird": qtr("Tags", "weird"),
        "woman": qtr("Tags", "woman"),
    }


_TAG_KEYS: frozenset[str] | None = None  # the catalogue's words (the same in every language)


def tag_word(word: str) -> str:
    """An auto-tag word in the window's language (a word the catalogue does not know, as it is)."""
    global _TAG_KEYS
    if _TAG_KEYS is None:
        _TAG_KEYS = frozenset(tag_words())
    return qtr("Tags", word) if word in _TAG_KEYS else word  # (each entry is qtr("Tags", its own word))


def reason_text(reason) -> str:
    """What a ``Reason`` says, in the window's language."""
    return words_text(getattr(reason, "words", None), reason.text)


def shelf_title(shelf) -> str:
    """A For you shelf's title, in the window's language."""
    return words_text(getattr(shelf, "words", None), shelf.title)


def words_text(words: Words | None, english: str) -> str:
    """``words`` in the window's language; ``english`` when there are none or a translation does not fit."""
    if words is None:
        return english
    try:
        return _Renderer().render(words)
    except (KeyError, IndexError, ValueError):  # a translation naming a placeholder its phrase lacks
        return english


class _Renderer:
    """Renders one phrase and its nested ones, translating only the templates they use: ``templates()``
    holds each as ``qtr("Reasons", PHRASES[key])`` (a test keeps the two the same), and making all ~100 for
    every reason was most of a For you or Up next repaint's work."""

    def render(self, words: Words) -> str:
        if words.key == TAG:
            return tag_word(words.args["word"])
        template = qtr("Reasons", PHRASES[words.key])
        return template.format(**{name: self.argument(value) for name, value in words.args.items()})

    def argument(self, value) -> str:
        if isinstance(value, Words):
            return self.render(value)
        if isinstance(value, Integral):
            return number(int(value))
        if isinstance(value, Real):
            return number(float(value), 2)
        return str(value)
