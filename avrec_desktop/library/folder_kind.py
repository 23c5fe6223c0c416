"""What a folder holds, guessed from its files' extensions before it is added: music, video or mixed.

Counting is a directory walk without opening any file (tens of thousands of entries a second); it stops
after ``limit`` entries so a huge tree answers quickly, and says so (``complete`` False).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from avrec_desktop.library.media_files import guess_kind

DOMINANT = 0.8  # the share of one kind above which the folder is taken to be of that kind
SURVEY_LIMIT = 50_000  # directory entries looked at, at most


@dataclass(frozen=True)
class FolderSurvey:
    audio: int = 0
    video: int = 0
    complete: bool = True  # every entry was looked at

    @property
    def kind(self) -> str:
        """"music", "video" or "mixed" (also for a folder with no media yet: it takes both)."""
        total = self.audio + self.video
        if total == 0:
            return "mixed"
        if self.video >= DOMINANT * total:
            return "video"
        if self.audio >= DOMINANT * total:
            return "music"
        return "mixed"


def survey(path: str, limit: int = SURVEY_LIMIT) -> FolderSurvey:
    """Count the audio and video files under ``path`` (hidden folders and unreadable ones skipped)."""
    audio = video = seen = 0
    stack = [path]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    seen += 1
                    if seen > limit:
                        return FolderSurvey(audio, video, complete=False)
                    if entry.name.startswith("."):
                        continue
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            stack.append(entry.path)
                            continue
                    except OSError:
                        continue
                    kind = guess_kind(entry.name)
                    audio += kind == "audio"
                    video += kind == "video"
        except OSError:
            continue
    return FolderSurvey(audio, video)
