from __future__ import annotations

import codecs

import pytest

from components.corpus.decoding import DecodeError, decode_bytes

TEXT = "Oekraïense troepen in Cherson — „feest” op het plein"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-bom"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le-bom"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be-bom"),
        (TEXT.encode("cp1252"), "cp1252"),
    ],
)
def test_decodes(data, encoding):
    assert decode_bytes(data) == (TEXT, encoding)


def test_latin1_text_reads_as_cp1252():
    assert decode_bytes("Zaporižžja? no: Genève, Köln".encode("latin-1", "replace"))[1] == "cp1252"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        (bytes(range(1, 32)) * 50, "binary"),
    ],
)
def test_rejects(data, reason):
    with pytest.raises(DecodeError, match=reason):
        decode_bytes(data)


def test_rejects_oversized():
    with pytest.raises(DecodeError, match="too large"):
        decode_bytes(b"a" * 101, max_bytes=100)
