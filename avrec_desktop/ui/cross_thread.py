"""Keeping QtMultimedia's own threads from needing the GIL (a deadlock seen in tests and possible for users).

An object made from Python (``QMediaPlayer(self)``, ``QAudioOutput(self)``, a ``QVideoWidget`` subclass) is
a shiboken *wrapper*: each of its C++ virtual methods first asks Python whether a Python override exists,
which takes the GIL. The answer is cached per object and method, after the first ask. QtMultimedia's FFmpeg
back end destroys its renderers on their own threads; their ``~QObject`` calls the wrapper's
``disconnectNotify``. If that is the first ask, the renderer thread waits for the GIL while holding Qt's
signal-slot mutex — and the GUI thread, holding the GIL in any Qt call that connects (a ``show()``, a
``connect``), waits for that mutex: both freeze forever (seen with gdb: "QFFmpeg::AudioR" in
``Sbk_GetPyOverride`` → ``PyGILState_Ensure``, the main thread in ``QObjectPrivate::connectImpl``).

``answer_virtuals_now(obj)`` connects and disconnects one signal on the GUI thread, so ``connectNotify``
and ``disconnectNotify`` are asked (and cached) at once, while taking the GIL is harmless.

The same freeze comes from a Qt *message handler* written in Python (``qInstallMessageHandler``): every
``qWarning`` of QtMultimedia's threads then takes the GIL, and the GUI thread holds it in QMediaPlayer calls
that wait for those threads (a BlockingQueuedConnection into FFmpeg's audio renderer, which was logging
"No audio device detected"; seen with gdb: the renderer in ``QMessageLogger::warning`` → ``take_gil``, the
GUI thread in ``QLatch::waitInternal`` under a QtMultimedia method called from Python). The app installs
none — ``python_message_handler()`` says whether one is installed — and the tests run with pytest-qt's
capture of Qt messages off (``--no-qt-log``), which had installed one for every test and froze CI runs.
"""

from __future__ import annotations


def _nothing(*_args) -> None:
    return None


def answer_virtuals_now(*objects) -> None:
    """Call on the GUI thread right after creating each multimedia object (see the module docstring)."""
    for obj in objects:
        signal = getattr(obj, "destroyed", None)  # tests may hand in a stand-in that is no QObject
        if signal is not None:
            signal.connect(_nothing)
            signal.disconnect(_nothing)


def python_message_handler():
    """The Python callable receiving Qt's messages, or None when Qt's own (no GIL) handler does."""
    from PySide6.QtCore import qInstallMessageHandler

    previous = qInstallMessageHandler(None)
    qInstallMessageHandler(previous)
    return previous
