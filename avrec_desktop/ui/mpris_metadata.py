"""MPRIS Metadata with the value types the specification asks for (``mpris:length`` is ``x``, int64, always).

PySide turns a Python int into a D-Bus ``int32`` when it fits (``int64`` only above 2**31), and its
``QDBusArgument`` cannot write a plain string or a chosen integer width, so a Python dict cannot carry an
``x`` for a track under ~35 minutes. What can: a property declared ``qlonglong``. So each set of keys gets a
small adaptor with one typed property per key (``mpris:length`` → ``qlonglong``, ``xesam:artist`` →
``QStringList``…) on a private object path, and ``org.freedesktop.DBus.Properties.GetAll`` on it — a call
Qt answers in this process, without the bus — returns the map as a typed ``QDBusArgument`` (``a{sv}``),
which Metadata and PropertiesChanged then hand on as it is. Any failure falls back to the plain dict.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import ClassInfo, Property, QObject
from PySide6.QtDBus import QDBusAbstractAdaptor, QDBusArgument, QDBusConnection, QDBusMessage

log = logging.getLogger(__name__)

HELPER_PATH = "/org/avrec/mpris/metadata{}"
HELPER_IFACE = "org.avrec.MprisMetadata{}"
TYPES = {"mpris:trackid": "QDBusObjectPath", "mpris:length": "qlonglong", "xesam:artist": "QStringList"}


def length_us(seconds: float) -> int:
    """A duration in seconds as MPRIS wants it: whole microseconds."""
    return int(round(float(seconds) * 1_000_000))


class TypedMetadata(QObject):
    """``typed(meta)``: the Metadata map as a ``QDBusArgument`` with the right types, else ``meta`` itself."""

    def __init__(self, connection: QDBusConnection, parent: QObject | None = None):
        super().__init__(parent)
        self.connection = connection
        self.service = ""
        self._helpers: dict[tuple, tuple[QObject, str, str]] = {}  # keys -> (object, path, interface)
        self._values: dict = {}

    def typed(self, meta: dict):
        if not self.service:
            return meta
        keys = tuple(sorted(meta))
        try:
            helper = self._helpers.get(keys) or self._helper(keys)
            if helper is None:
                return meta
            _obj, path, iface = helper
            self._values = meta
            call = QDBusMessage.createMethodCall(self.service, path, "org.freedesktop.DBus.Properties", "GetAll")
            call.setArguments([iface])
            reply = self.connection.call(call)
            answer = reply.arguments()
            if reply.type() == QDBusMessage.MessageType.ReplyMessage and answer \
                    and isinstance(answer[0], QDBusArgument):
                return answer[0]
            log.info("MPRIS: typed metadata unavailable: %s", reply.errorMessage())
        except Exception as error:  # never lose the metadata over its types
            log.info("MPRIS: typed metadata unavailable: %s", error)
        finally:
            self._values = {}
        return meta

    def _helper(self, keys: tuple):
        n = len(self._helpers)
        iface, path = HELPER_IFACE.format(n), HELPER_PATH.format(n)
        members = {key: Property(TYPES.get(key, str), lambda _self, key=key: self._values.get(key)) for key in keys}
        adaptor_class = ClassInfo({"D-Bus Interface": iface})(type(f"_Metadata{n}", (QDBusAbstractAdaptor,), members))
        holder = QObject(self)
        adaptor_class(holder)
        if not self.connection.registerObject(path, holder, QDBusConnection.RegisterOption.ExportAdaptors):
            holder.deleteLater()
            return None
        self._helpers[keys] = (holder, path, iface)
        return self._helpers[keys]

    def unregister(self) -> None:
        for _holder, path, _iface in self._helpers.values():
            self.connection.unregisterObject(path)
        self._helpers.clear()
        self.service = ""
