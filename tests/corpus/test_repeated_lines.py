"""Lines repeated verbatim across one outlet's articles are boilerplate; a quote shared by outlets is not."""

from __future__ import annotations

import json

from components.store import build, load

FOOTER = "Volg het laatste nieuws uit Kiev op onze site en in de app."
QUOTE = "„Cherson is weer van Oekraïne”, zei de president in zijn avondtoespraak."


def _corpus(tmp_path):
    rows = []
    for i, city in enumerate(["Charkiv", "Odessa", "Lviv", "Soemy"]):
        rows.append(
            {
                "id": f"a{i}",
                "outlet": "krant-a.nl",
                "date": "2022-11",
                "text": f"Raketten troffen {city} in de nacht.\n{QUOTE if i == 0 else ''}\n{FOOTER}",
            }
        )
    for i, outlet in enumerate(["krant-b.nl", "krant-c.be"]):
        rows.append(
            {"id": f"q{i}", "outlet": outlet, "date": "2022-11", "text": f"Feest in Cherson.\n{QUOTE}"}
        )
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "feed.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8"
    )
    return root


def test_outlet_footer_is_boilerplate_and_its_places_are_dropped(tmp_path):
    root = _corpus(tmp_path)
    build(root, tmp_path / "c")
    c = load(tmp_path / "c")
    arts = c.articles.set_index("article_id")
    for aid in ("a0", "a1", "a2", "a3"):
        assert FOOTER not in arts.loc[aid, "body"]
        spans = json.loads(arts.loc[aid, "boilerplate"])
        assert any(k == "repeated-across" and arts.loc[aid, "text"][s:e] == FOOTER for s, e, k in spans)
    # Kiev is named only in the footer: not a place the articles talk about
    assert "Kyiv" not in set(c.mentions["name"])
    assert {"Kharkiv", "Odesa", "Lviv", "Sumy"} <= set(c.mentions["name"])


def test_a_quote_carried_by_several_outlets_stays(tmp_path):
    root = _corpus(tmp_path)
    build(root, tmp_path / "c")
    c = load(tmp_path / "c")
    arts = c.articles.set_index("article_id")
    for aid in ("a0", "q0", "q1"):
        assert QUOTE in arts.loc[aid, "body"], aid
    assert (c.mentions["article_id"] == "q0").sum() == 3  # Cherson twice, Oekraïne once


def test_result_is_cached_with_the_cache_state(tmp_path):
    root = _corpus(tmp_path)
    build(root, tmp_path / "c")
    load(tmp_path / "c")
    cached = list((tmp_path / "c").glob("gen-*/repeated-lines*.json"))  # one per cache generation
    assert len(cached) == 1
    assert set(json.loads(cached[0].read_text(encoding="utf-8"))) == {"a0", "a1", "a2", "a3"}
