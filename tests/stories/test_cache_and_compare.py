"""Stories kept per cache state next to the cache; comparing one story's outlets."""

from __future__ import annotations

import json

from story_helpers import CHERSON, EN_TEXT, KHERSON, NL_TEXT, OEKRAINE, UKRAINE, make_corpus

from components.stories import group_stories
from components.stories.cache import stories_for
from components.stories.compare import first_reports, place_coverage, places_only_some, travelled_passages

QUOTE = "We will never forget what happened in this city tonight"


def _story_corpus():
    en2 = f"“{QUOTE},” the mayor said. " + EN_TEXT.replace("across the river", "across the Dnipro")
    return make_corpus(
        [
            {
                "id": "a",
                "date": "2022-11-12",
                "outlet": "bbc",
                "text": f"“{QUOTE},” said the mayor. {EN_TEXT}",
                "places": [KHERSON, UKRAINE],
            },
            {
                "id": "b",
                "date": "2022-11-11",
                "outlet": "reuters",
                "text": en2,
                "places": [KHERSON, UKRAINE, ("Dnipro", "t:Dnipro River", "river")],
            },
            {
                "id": "c",
                "date": "2022-11",
                "outlet": "nos",
                "lang": "nl",
                "text": NL_TEXT,
                "places": [CHERSON, OEKRAINE],
            },
        ]
    )


def test_stories_file_per_cache_state(tmp_path):
    corpus = _story_corpus()
    assert stories_for(corpus, None) == group_stories(corpus)
    assert stories_for(corpus, tmp_path) == group_stories(corpus)
    assert not list(tmp_path.glob("stories-*.json")), "no manifest: no cache state to key a file by"
    (tmp_path / "manifest.json").write_text('{"state": 1}')
    first = stories_for(corpus, tmp_path)
    files = list(tmp_path.glob("stories-*.json"))
    assert len(files) == 1 and first == group_stories(corpus)
    # A second call reads the file (proved by tampering with it).
    data = json.loads(files[0].read_text())
    data[0]["title"] = "from the file"
    files[0].write_text(json.dumps(data))
    assert stories_for(corpus, tmp_path)[0].title == "from the file"
    # A new cache state replaces the file.
    (tmp_path / "manifest.json").write_text('{"state": 2}')
    assert stories_for(corpus, tmp_path) == first
    assert len(list(tmp_path.glob("stories-*.json"))) == 1
    assert list(tmp_path.glob("stories-*.json")) != files


def test_first_reports_respect_date_precision():
    corpus = _story_corpus()
    (story,) = group_stories(corpus)
    reports = first_reports(corpus, story)
    by_outlet = {r.outlet: r for r in reports}
    # nos (month only) might have been first: its November window starts before the 11th.
    assert [r.outlet for r in reports] == ["nos", "reuters", "bbc"]
    assert by_outlet["nos"].order == by_outlet["reuters"].order == by_outlet["bbc"].order == 1
    assert not by_outlet["reuters"].certain
    day_only = make_corpus([r for r in _rows_with_dates("2022-11-12", "2022-11-11", "2022-11-14")])
    (story,) = group_stories(day_only)
    reports = first_reports(day_only, story)
    assert [(r.outlet, r.order, r.certain) for r in reports] == [
        ("reuters", 1, True),
        ("bbc", 2, True),
        ("nos", 3, True),
    ]


def _rows_with_dates(a: str, b: str, c: str) -> list[dict]:
    corpus = _story_corpus()
    rows = []
    for (_, art), d in zip(corpus.articles.iterrows(), (a, b, c), strict=True):
        places = [
            (m.surface, m.place_id, m.kind)
            for m in corpus.mentions.itertuples()
            if m.article_id == art.article_id
        ]
        rows.append(
            {
                "id": art.article_id,
                "date": d,
                "outlet": art.outlet,
                "lang": art.language,
                "text": art.text,
                "places": places,
            }
        )
    return rows


def test_travelled_quote_and_places_only_some_outlets_mention():
    corpus = _story_corpus()
    (story,) = group_stories(corpus)
    travelled = travelled_passages(corpus, story)
    quotes = [t for t in travelled if t.kind == "quote"]
    assert quotes and quotes[0].text.rstrip(",") == QUOTE  # English puts the comma inside the marks
    assert (quotes[0].from_outlet, quotes[0].to_outlet) == ("reuters", "bbc")  # reuters was earlier
    assert all(t.from_outlet != t.to_outlet for t in travelled)
    assert not any("nos" in (t.from_outlet, t.to_outlet) for t in travelled)  # Dutch text: no verbatim match
    coverage = place_coverage(corpus, story)
    assert coverage.loc[coverage["name"] == "Kherson", "n_outlets"].item() == 3
    assert places_only_some(coverage) == {"Dnipro River": ["reuters"]}
