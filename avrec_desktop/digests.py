"""SHA-256 and BLAKE2b for the query path, without loading OpenSSL.

``hashlib`` imports ``_hashlib``, which loads libcrypto: 3–4 ms of every ``avrec`` query's start on
this machine, to hash a few hundred bytes (encoder signatures, an index's stamp). CPython's own
implementations (``_sha256`` in 3.11, ``_sha2`` from 3.12, ``_blake2``) give the same digests and are
already in the interpreter; where a build lacks them this falls back to ``hashlib``.
"""

from __future__ import annotations


def sha256(data: bytes = b""):
    """A SHA-256 hash object, as ``hashlib.sha256(data)``."""
    try:
        from _sha2 import sha256 as make  # Python 3.12+
    except ImportError:
        try:
            from _sha256 import sha256 as make  # Python 3.11
        except ImportError:
            from hashlib import sha256 as make
    return make(data)


def blake2b(data: bytes = b"", *, digest_size: int = 64):
    """A BLAKE2b hash object, as ``hashlib.blake2b(data, digest_size=…)``."""
    try:
        from _blake2 import blake2b as make
    except ImportError:
        from hashlib import blake2b as make
    return make(data, digest_size=digest_size)
