"""Every kind of bad input is reported with the file and the reason; every good article still loads."""

from __future__ import annotations

import codecs
import json
import subprocess
import sys
from pathlib import Path

import pytest

from components.store import build, load

GOOD = " date 2022-10 Explosies in Charkiv en Soemy, meldt de gouverneur.\n"


@pytest.fixture(scope="module")
def messy(tmp_path_factory):
    root = tmp_path_factory.mktemp("messy")
    (root / "good.txt").write_text(GOOD, encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)) * 4)
    (root / "legacy.txt").write_bytes(
        " date 2022-11 Oekraïense troepen trokken Cherson binnen.".encode("cp1252")
    )
    (root / "utf16.txt").write_bytes(
        codecs.BOM_UTF16_LE + " date 2022-11 Feest in Cherson.".encode("utf-16-le")
    )
    with (root / "huge.txt").open("wb") as fh:
        fh.write(b"Kiev " * (50 * 1024 * 1024 // 5))
    (root / "badheader.txt").write_text(" date 2022-13 Gevechten bij Bachmoet.\n", encoding="utf-8")
    rows = [
        json.dumps({"id": "r1", "text": "Raketten op Odessa.", "date": "2022-05-03", "outlet": "nos.nl"}),
        "{not json",
        json.dumps({"id": "r2", "title": "no text here"}),
        json.dumps({"id": "r3", "text": "Beschietingen in Marioepol.", "url": "https://www.hln.be/x"}),
    ]
    (root / "feed.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (root / "same.txt").write_text(" date 2022-04 Aanval op Lviv.", encoding="utf-8")
    (root / "same.md").write_text(" date 2022-04 Aanval op Lviv en Kiev.", encoding="utf-8")
    (root / "table.csv").write_text(
        "id,title,date,text\nc1,Titel,2022-03,Troepen bij Kiev\nc2,,,\n", encoding="utf-8"
    )
    return root


@pytest.fixture(scope="module")
def built(messy, tmp_path_factory):
    cache = tmp_path_factory.mktemp("messy-cache")
    stats = build(messy, cache)
    return stats, load(cache)


def _errors(corpus) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for r in corpus.errors.itertuples(index=False):
        out.setdefault(r.file, []).append(r.error)
    return out


def test_each_bad_input_is_reported_with_its_reason(built):
    _, corpus = built
    errors = _errors(corpus)
    assert any("empty" in e for e in errors["empty.txt"])
    assert any("binary" in e for e in errors["binary.txt"])
    assert any("too large" in e for e in errors["huge.txt"])
    assert any("cp1252" in e for e in errors["legacy.txt"])
    assert any("utf-16" in e for e in errors["utf16.txt"])
    assert any("bad date header" in e and "2022-13" in e for e in errors["badheader.txt"])
    assert any("row 2" in e and "broken JSON" in e for e in errors["feed.jsonl"])
    assert any("row 3" in e and "no text" in e for e in errors["feed.jsonl"])
    assert any("row 3" in e and "no text" in e for e in errors["table.csv"])
    assert any(
        "duplicate article id 'same'" in e for e in errors.get("same.txt", []) + errors.get("same.md", [])
    )


def test_every_good_article_still_loads(built):
    stats, corpus = built
    arts = corpus.articles.set_index("article_id")
    expected = {"good", "legacy", "utf16", "badheader", "r1", "r3", "same", "same~2", "c1"}
    assert set(arts.index) == expected
    assert arts.loc["legacy", "text"].startswith(" date 2022-11 Oekraïense")
    assert arts.loc["utf16", "month"] == "2022-11"
    assert arts.loc["badheader", "date_source"] == "none" and arts.loc["badheader", "month"] is pd_na()
    assert arts.loc["r1", "date"] == "2022-05-03" and arts.loc["r1", "date_precision"] == "day"
    assert arts.loc["r1", "outlet"] == "nos.nl" and arts.loc["r3", "outlet"] == "hln.be"
    assert arts.loc["c1", "title"] == "Titel" and arts.loc["c1", "title_source"] == "metadata"
    names = set(corpus.mentions["name"].dropna())
    assert {"Kharkiv", "Sumy", "Kherson", "Odesa", "Mariupol", "Lviv", "Kyiv", "Bakhmut"} <= names
    # each duplicate's mentions follow its own (possibly renamed) id
    by_file = corpus.articles.set_index("file")["article_id"]
    for file, expected_names in (("same.md", {"Lviv", "Kyiv"}), ("same.txt", {"Lviv"})):
        ms = corpus.mentions[corpus.mentions["article_id"] == by_file[file]]
        assert set(ms["name"]) == expected_names, file
    assert stats.files == 11


def pd_na():
    import pandas as pd

    return pd.NA


def test_cli_reports_errors_on_stderr_and_exits_zero(messy, tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "components", "build", str(messy), "--cache", str(tmp_path / "c"), "--quiet"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[2],
    )
    assert out.returncode == 0, out.stderr
    assert "error: binary.txt: binary file" in out.stderr
    assert "error: feed.jsonl: row 2: broken JSON" in out.stderr


def test_cli_exits_nonzero_when_nothing_could_be_read(tmp_path):
    root = tmp_path / "bad"
    root.mkdir()
    (root / "a.txt").write_bytes(b"")
    (root / "b.txt").write_bytes(b"\x00\x01\x02")
    out = subprocess.run(
        [sys.executable, "-m", "components", "build", str(root), "--cache", str(tmp_path / "c"), "--quiet"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[2],
    )
    assert out.returncode == 1
    assert "error: a.txt: empty file" in out.stderr
