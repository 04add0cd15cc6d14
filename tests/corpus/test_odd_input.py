"""Issue 9, cases 1-8: odd corpus entries and bytes never crash the scan or the build, and are listed."""

from __future__ import annotations

import os
import string
import time
from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from components.corpus.article import parse_source
from components.corpus.dates import KnownDate, implausible_reason
from components.corpus.decoding import DecodeError, decode_bytes
from components.corpus.readers import Source, scan_corpus_report
from components.corpus.scanning import FOLLOW_ENV, display_name
from components.store import build, load
from components.store.shards import shard_of

LATIN = string.ascii_letters + " .,;:!?\n" + "éèüöäßçñåøÿ"


def _reasons(root, **kw) -> dict[str, str]:
    return {s.name: s.reason for s in scan_corpus_report(root, **kw).skipped}


def test_symlink_loops_are_listed_not_raised(tmp_path):
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "good.txt").write_text("Raketten op Kiev.\n", encoding="utf-8")
    os.symlink("..", root / "sub" / "up")
    os.symlink("b.txt", root / "a.txt")
    os.symlink("a.txt", root / "b.txt")
    reasons = _reasons(root)
    assert "loop" in reasons["sub/up"] and "loop" in reasons["a.txt"] and "loop" in reasons["b.txt"]
    assert [f.name for f in scan_corpus_report(root).files] == ["good.txt"]
    build(root, tmp_path / "c")
    corpus = load(tmp_path / "c")
    assert list(corpus.articles["file"]) == ["good.txt"]
    assert {"sub/up", "a.txt", "b.txt"} <= set(corpus.errors["file"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stem=st.binary(min_size=1, max_size=12).filter(lambda b: b"/" not in b and b"\0" not in b))
def test_any_file_name_bytes_scan_shard_and_write(tmp_path_factory, stem):
    root = tmp_path_factory.mktemp("names")
    raw = stem.lstrip(b".") or b"x"
    path = os.path.join(os.fsencode(root), raw + b".txt")
    with open(path, "wb") as fh:
        fh.write(b"Raketten op Kiev.\n")
    files = scan_corpus_report(root).files
    assert len(files) == 1
    name = files[0].name
    name.encode("utf-8")  # displayable: never a surrogate
    assert 0 <= shard_of(name) < 32
    pq.write_table(pa.table({"file": [name]}), pa.BufferOutputStream())
    with open(files[0].path, "rb") as fh:  # the real path still opens the file
        assert fh.read() == b"Raketten op Kiev.\n"


def test_non_utf8_file_name_is_loaded_with_an_escaped_name(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    with open(os.path.join(os.fsencode(root), b"caf\xe9.txt"), "wb") as fh:
        fh.write(b" date 2022-11 Raketten op Kiev.\n")
    assert display_name(os.fsdecode(b"caf\xe9.txt")) == "caf\\xe9.txt"
    build(root, tmp_path / "c")
    assert list(load(tmp_path / "c").articles["file"]) == ["caf\\xe9.txt"]


@settings(max_examples=80, deadline=None)
@given(text=st.text(alphabet=LATIN, min_size=2, max_size=300).filter(lambda t: t.strip()), be=st.booleans())
def test_utf16_without_bom_is_decoded_and_noted(text, be):
    enc = "utf-16-be" if be else "utf-16-le"
    decoded, label = decode_bytes(text.encode(enc))
    assert decoded == text and label.startswith(enc) and "no byte-order mark" in label


@settings(max_examples=80, deadline=None)
@given(
    text=st.text(alphabet=LATIN, min_size=8, max_size=300).filter(lambda t: any(ord(c) > 127 for c in t)),
    bad=st.sampled_from([b"\xff", b"\xfe", b"\x80", b"\xc3"]),
    where=st.floats(0, 1),
)
def test_utf8_with_a_stray_byte_stays_utf8(text, bad, where):
    k = int(where * len(text))
    data = text[:k].encode() + bad + text[k:].encode()
    decoded, label = decode_bytes(data)
    assert label.startswith("utf-8 (") and "replaced" in label
    assert decoded.replace("\ufffd", "") == text  # every accented letter kept: no cp1252 mojibake


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=400))
def test_random_bytes_decode_or_give_a_reason(data):
    try:
        text, label = decode_bytes(data)
    except DecodeError as exc:
        assert str(exc)
    else:
        assert isinstance(text, str) and label


def test_cp1252_still_decodes_as_cp1252():
    assert decode_bytes("Café in Genève".encode("cp1252")) == ("Café in Genève", "cp1252")


def test_symlinks_out_of_the_corpus_are_listed_unless_followed(tmp_path, monkeypatch):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Raketten op Lviv.\n", encoding="utf-8")
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "good.txt").write_text("Raketten op Kiev.\n", encoding="utf-8")
    os.symlink(outside / "secret.txt", root / "link.txt")
    os.symlink(outside, root / "linkdir")
    os.symlink(root / "good.txt", root / "inside.txt")  # inside the corpus: read
    monkeypatch.delenv(FOLLOW_ENV, raising=False)
    reasons = _reasons(root)
    assert "outside the corpus" in reasons["link.txt"] and "outside the corpus" in reasons["linkdir"]
    assert [f.name for f in scan_corpus_report(root).files] == ["good.txt", "inside.txt"]
    followed = ["good.txt", "inside.txt", "link.txt", "linkdir/secret.txt"]
    assert [f.name for f in scan_corpus_report(root, follow_symlinks=True).files] == followed
    monkeypatch.setenv(FOLLOW_ENV, "1")  # the dashboard's switch
    assert [f.name for f in scan_corpus_report(root).files] == followed
    from components.__main__ import main

    monkeypatch.delenv(FOLLOW_ENV)
    assert main(["build", str(root), "--cache", str(tmp_path / "c"), "--quiet", "--follow-symlinks"]) == 0
    assert set(load(tmp_path / "c").articles["file"]) == set(followed)


def test_fifo_and_socket_are_listed_and_never_opened(tmp_path):
    import socket

    root = tmp_path / "corpus"
    root.mkdir()
    (root / "good.txt").write_text("Raketten op Kiev.\n", encoding="utf-8")
    os.mkfifo(root / "pipe.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(root / "s.sock"))
    try:
        t0 = time.monotonic()
        reasons = _reasons(root)
        build(root, tmp_path / "c")  # would block forever if the FIFO were opened
        assert time.monotonic() - t0 < 120
    finally:
        sock.close()
    assert "FIFO" in reasons["pipe.txt"] and "socket" in reasons["s.sock"]
    errors = load(tmp_path / "c").errors
    assert {"pipe.txt", "s.sock"} <= set(errors["file"])


@pytest.mark.parametrize("header", ["9999-12", "0001-01"])
def test_implausible_dates_keep_the_article(header):
    art = parse_source(Source("x.txt", None, f" date {header} Raketten op Kiev.\n", "text"))
    assert art.date_implausible and any("implausible date" in w for w in art.warnings)


def test_a_date_more_than_a_month_ahead_is_implausible():
    today = date(2026, 1, 15)
    assert implausible_reason(KnownDate(2026, 3, 1), today)
    assert implausible_reason(KnownDate(2026, 2, 1), today) is None
    assert implausible_reason(KnownDate(2026, 1), today) is None


def test_implausible_date_in_the_tables(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "far.txt").write_text(" date 9999-12 Raketten op Kiev.\n", encoding="utf-8")
    build(root, tmp_path / "c")
    corpus = load(tmp_path / "c")
    row = corpus.articles.iloc[0]
    assert (row["date"], row["date_precision"]) == ("9999-12", "implausible")
    assert row["month"] is pd_na() and row["day"] is pd_na()
    assert corpus.errors["reason"].str.contains("implausible date").any()


def pd_na():
    import pandas as pd

    return pd.NA


def test_a_file_replaced_during_the_build_is_hashed_and_analysed_from_one_read(tmp_path, monkeypatch):
    from components.store import building
    from components.store.shards import CacheStore, digest

    root = tmp_path / "corpus"
    root.mkdir()
    path = root / "a.txt"
    path.write_text("Raketten op Kiev.\n", encoding="utf-8")
    real_plan = building.plan_build
    calls = []

    def plan_then_replace(*args, **kw):
        plan = real_plan(*args, **kw)
        calls.append(1)  # a new version after every hashing: the plan's hash is never the analysed one
        path.write_text(f"Raketten op Lviv, versie {len(calls)}.\n", encoding="utf-8")
        return plan

    monkeypatch.setattr(building, "plan_build", plan_then_replace)
    build(root, tmp_path / "c")
    monkeypatch.setattr(building, "plan_build", real_plan)
    text = load(tmp_path / "c").articles.iloc[0]["text"]
    assert "Lviv" in text
    with CacheStore(tmp_path / "c").snapshot() as snap:
        assert snap.manifest.files["a.txt"].hash == digest(path.read_bytes())
    assert build(root, tmp_path / "c").processed == 0  # the entry describes what was analysed
