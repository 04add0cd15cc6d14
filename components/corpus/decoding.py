"""Turn raw file bytes into text, or into a clear reason why not.

News corpora arrive in every encoding a newsroom ever used: UTF-8, UTF-8 and UTF-16 with a BOM, and
Windows-1252 exports. Binary files and oversized dumps get a reason instead of a crash.
"""

from __future__ import annotations

import codecs

MAX_FILE_BYTES = 20 * 1024 * 1024


class DecodeError(ValueError):
    """A file that cannot be read as text; the message is the reason shown to the user."""


_BOMS: list[tuple[bytes, str]] = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]


def decode_bytes(data: bytes, max_bytes: int = MAX_FILE_BYTES) -> tuple[str, str]:
    """Return (text, encoding). Raises DecodeError for empty, oversized or binary input."""
    if len(data) > max_bytes:
        raise DecodeError(
            f"file too large: {len(data) / 1e6:.1f} MB exceeds the {max_bytes / 1e6:.0f} MB limit"
        )
    if not data.strip():
        raise DecodeError("empty file")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return _finish(data[len(bom) :].decode(enc)), enc + "-bom"
            except UnicodeDecodeError as exc:
                raise DecodeError(f"invalid {enc} after its byte-order mark: {exc.reason}") from exc
    if b"\x00" in data[:8192]:
        raise DecodeError("binary file (NUL bytes); not text")
    try:
        return _finish(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    if _control_ratio(text) > 0.05:
        raise DecodeError("binary file (control bytes); not text")
    return _finish(text), "cp1252"


def _finish(text: str) -> str:
    if _control_ratio(text[:8192]) > 0.05:
        raise DecodeError("binary file (control bytes); not text")
    return text


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\t\n\r\f") or ch == "\ufffd")
    return bad / len(text)
