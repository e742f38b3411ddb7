"""ABCI framing: each protobuf message is preceded by its length as an unsigned varint.

Sans-IO: `encode` turns a message into bytes; `Decoder.feed` takes bytes as they arrive and
returns the whole message bodies they complete, keeping a partial one for the next call.
"""
from __future__ import annotations

MAX_MESSAGE_BYTES = 64 * 1024 * 1024  # a block of 2,000 transactions is ~2 MB; refuse absurd lengths


class FramingError(Exception):
    """The peer sent a length prefix that is not a varint or is too large."""


def encode_varint(n: int) -> bytes:
    """Unsigned LEB128 varint of `n`. Requires n >= 0."""
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def encode(body: bytes) -> bytes:
    """One frame: the varint length of `body`, then `body`."""
    return encode_varint(len(body)) + body


class Decoder:
    """Splits a byte stream into message bodies."""

    def __init__(self, max_bytes: int = MAX_MESSAGE_BYTES) -> None:
        self._buf = bytearray()
        self._max = max_bytes

    def feed(self, data: bytes) -> list[bytes]:
        """Append `data`; return every message body now complete, in order."""
        self._buf += data
        bodies: list[bytes] = []
        while True:
            header = self._read_length()
            if header is None:
                return bodies
            length, start = header
            if len(self._buf) < start + length:
                return bodies
            bodies.append(bytes(self._buf[start:start + length]))
            del self._buf[:start + length]

    def _read_length(self) -> tuple[int, int] | None:
        """(length, offset of the body) of the frame at the buffer's start, or None if incomplete."""
        n = shift = 0
        for i, byte in enumerate(self._buf):
            if i >= 10:
                raise FramingError("length prefix is longer than 10 bytes")
            n |= (byte & 0x7F) << shift
            if not byte & 0x80:
                if n > self._max:
                    raise FramingError(f"message of {n} bytes is over the limit of {self._max}")
                return n, i + 1
            shift += 7
        return None
