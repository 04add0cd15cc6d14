"""Turn raw file bytes into text, or into a clear reason why not.

News corpora arrive in every encoding a newsroom ever used: UTF-8, UTF-8 and UTF-16 with a BOM, UTF-16
without one (recognised by its NUL pattern), UTF-8 with a stray bad byte (kept as UTF-8, the byte
replaced) and Windows-1252 exports. Binary files and oversized dumps get a reason instead of a crash.
The returned encoding label says what was done, so the reader can note anything but plain UTF-8.
"""

from __future__ import annotations

import codecs
import re

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
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise DecodeError("binary file (NUL bytes); not text")
        return utf16
    try:
        return _finish(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    mostly_utf8 = _mostly_utf8(data)
    if mostly_utf8 is not None:
        return mostly_utf8
    text = data.decode("cp1252", errors="replace")
    if _control_ratio(text) > 0.05:
        raise DecodeError("binary file (control bytes); not text")
    return _finish(text), "cp1252"


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text of mostly Latin letters has a NUL in every other byte: odd bytes (LE) or even (BE)."""
    sample = data[:8192]
    even, odd = sample[0::2], sample[1::2]
    if not odd:
        return None
    for nuls, clean, enc in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if nuls.count(0) >= 0.3 * len(nuls) and clean.count(0) <= 0.02 * len(clean):
            try:
                return _finish(data.decode(enc)), f"{enc} (no byte-order mark)"
            except UnicodeDecodeError:
                text = data.decode(enc, errors="replace")
                return _finish(text), f"{enc} (no byte-order mark; invalid bytes replaced)"
    return None


def _mostly_utf8(data: bytes) -> tuple[str, str] | None:
    """UTF-8 with a few stray bytes: at least as many valid multi-byte letters as invalid bytes means the
    file is UTF-8 (cp1252 text almost never forms valid UTF-8 sequences), so only the bad bytes go."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    good = sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")
    if good == 0 or bad > good:
        return None
    return _finish(text, replaced_ok=True), f"utf-8 ({bad} invalid byte{'s' if bad != 1 else ''} replaced)"


def _finish(text: str, replaced_ok: bool = False) -> str:
    if _control_ratio(text[:8192], replaced_ok) > 0.05:
        raise DecodeError("binary file (control bytes); not text")
    return text


# Control characters other than tab, newline, carriage return and form feed; with or without U+FFFD.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f]")
_CONTROL_OR_REPLACED = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")


def _control_ratio(text: str, replaced_ok: bool = False) -> float:
    """Share of control characters (and of U+FFFD unless replacements are expected): one regex pass, as
    a Python loop over every character was a twentieth of a build."""
    if not text:
        return 0.0
    return len((_CONTROL if replaced_ok else _CONTROL_OR_REPLACED).findall(text)) / len(text)
