"""Segmentation (components.explore.highlight) and the escaped reader markup (components.views.reader)."""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from components.explore.highlight import (
    Mention,
    Span,
    parse_boilerplate,
    parse_mentions,
    parse_posts,
    segment_text,
)
from components.store.schema import conform
from components.views.reader import (
    legend_html,
    metadata_html,
    render_article_html,
    render_posts_html,
)

XSS_TEXT = (
    "Kherson news <script>alert(1)</script> and <img src=x onerror=alert(1)> then "
    "[click](javascript:alert(1)) and ![](http://evil.example/x.png) \"quoted\" & 'single'."
)

ALLOWED_TAGS = {"div", "span", "mark", "a"}
ALLOWED_ATTRS = {"class", "style", "title", "data-kind", "data-place", "href", "target", "rel"}


class _Collector(HTMLParser):
    """Collects tags, attributes and the visible text of rendered markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        self.struck: list[str] = []
        self._depth_struck = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)
        if ("class", "na-boilerplate") in attrs or self._depth_struck:
            self._depth_struck += 1

    def handle_endtag(self, tag):
        if self._depth_struck:
            self._depth_struck -= 1

    def handle_data(self, data):
        self.text.append(data)
        if self._depth_struck:
            self.struck.append(data)


def parse(markup: str) -> _Collector:
    collector = _Collector()
    collector.feed(markup)
    collector.close()
    return collector


def mention_rows(text: str, *surfaces: tuple[str, str, str]) -> pd.DataFrame:
    """Mentions for the first occurrence of each surface: (surface, name, kind)."""
    rows = []
    for surface, name, kind in surfaces:
        start = text.index(surface)
        rows.append(
            {
                "article_id": "a",
                "start": start,
                "end": start + len(surface),
                "surface": surface,
                "place_id": f"gn:{name}",
                "name": name,
                "kind": kind,
                "country": "UA",
                "lat": 46.6,
                "lon": 32.6,
                "score": 1.0,
            }
        )
    return conform("mentions", rows)


# --- segmentation ---------------------------------------------------------------------------------


def test_segments_cover_text_and_carry_labels():
    text = "date 2022-11 Cherson is vrij. Cookies accepteren. Kiev reageert."
    mentions = parse_mentions(
        mention_rows(text, ("Cherson", "Kherson", "city"), ("Kiev", "Kyiv", "city")), len(text)
    )
    cookie = text.index("Cookies")
    boiler = parse_boilerplate(f'[[0, 13, "header"], [{cookie}, {cookie + 19}, "cookie"]]', len(text))
    segments = segment_text(text, mentions, boiler)
    assert "".join(s.text for s in segments) == text
    by_text = {s.text: s for s in segments}
    assert by_text["Cherson"].mention.name == "Kherson"
    assert by_text["date 2022-11 "].boilerplate == "header"
    assert by_text["Cookies accepteren."].boilerplate == "cookie"
    assert by_text["Kiev"].mention.kind == "city" and by_text["Kiev"].boilerplate is None


def test_mention_crossing_boilerplate_is_split_but_keeps_the_mention():
    text = "abc Cherson def"
    mentions = [Mention(4, 11, "Kherson", "city", "gn:1")]
    segments = segment_text(text, mentions, [Span(0, 7, "caption")])
    marked = [s for s in segments if s.mention is not None]
    assert [s.text for s in marked] == ["Che", "rson"]
    assert [s.boilerplate for s in marked] == ["caption", None]


def test_overlapping_and_out_of_range_mentions_are_cleaned():
    rows = [
        {"start": 0, "end": 5, "name": "A"},
        {"start": 2, "end": 4, "name": "inside A"},
        {"start": 3, "end": 9, "name": "overlaps A"},
        {"start": 8, "end": 99, "name": "clipped"},
        {"start": 7, "end": 7, "name": "empty"},
        {"start": None, "end": 3, "name": "missing start"},
        {"start": "x", "end": 3, "name": "not a number"},
    ]
    kept = parse_mentions(rows, text_length=10)
    assert [(m.start, m.end, m.name) for m in kept] == [(0, 5, "A"), (8, 10, "clipped")]


def test_bad_boilerplate_and_posts_never_raise():
    assert parse_boilerplate("not json", 10) == []
    assert parse_boilerplate(None, 10) == []
    assert parse_boilerplate(pd.NA, 10) == []
    assert parse_boilerplate('{"a": 1}', 10) == []
    assert parse_boilerplate([[2, 1, "x"], [1, 2], ["a", "b"], [5, 50, None]], 10) == [
        Span(1, 2, "boilerplate"),
        Span(5, 10, "boilerplate"),
    ]
    assert parse_posts(None, 10) == []
    assert parse_posts([{"start": 1, "end": 4, "index": 0}, {"start": 2, "end": 6, "index": 1}], 10) == [
        Span(1, 4, "0")
    ]


span_strategy = st.tuples(st.integers(-5, 60), st.integers(-5, 60))


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list("ab <>&\"'\n\u00ebx[]()!")), max_size=50),
    mention_spans=st.lists(span_strategy, max_size=6),
    boiler_spans=st.lists(span_strategy, max_size=4),
)
def test_render_keeps_exact_text_and_only_our_tags(text, mention_spans, boiler_spans):
    mentions = [
        {"start": s, "end": e, "name": "P", "kind": "city", "place_id": "gn:1"} for s, e in mention_spans
    ]
    boiler = [[s, e, "junk"] for s, e in boiler_spans]
    segments = segment_text(text, parse_mentions(mentions, len(text)), parse_boilerplate(boiler, len(text)))
    assert "".join(s.text for s in segments) == text
    markup = render_article_html(text, mentions, boiler, show_boilerplate=True)
    parsed = parse(markup)
    visible = "".join(parsed.text).strip()
    assert visible == text.strip() if text.strip() else visible in {"", "(no text)"}
    assert set(parsed.tags) <= ALLOWED_TAGS - {"a"}
    assert {name for name, _ in parsed.attrs} <= ALLOWED_ATTRS


# --- reader markup --------------------------------------------------------------------------------


def test_xss_probe_renders_as_inert_text():
    text = XSS_TEXT
    mentions = mention_rows(text, ("Kherson", "Kherson", "city"))
    markup = render_article_html(text, mentions, "[]", show_boilerplate=False)
    parsed = parse(markup)
    assert "".join(parsed.text) == text
    assert set(parsed.tags) <= {"div", "mark"}
    assert "<script" not in markup and "<img" not in markup
    assert all(not (value or "").lower().startswith("javascript:") for _, value in parsed.attrs)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup


def test_metadata_links_only_http_urls_and_escapes_fields():
    article = {
        "article_id": "x<1>",
        "title": "<b>Title</b> ![](http://evil.example/x.png)",
        "date": "2022-11",
        "date_source": "header",
        "date_precision": "month",
        "outlet": "<i>nrc</i>",
        "language": "nl",
        "url": "javascript:alert(1)",
    }
    parsed = parse(metadata_html(article))
    assert "a" not in parsed.tags and "b" not in parsed.tags and "i" not in parsed.tags
    visible = "".join(parsed.text)
    assert "<b>Title</b>" in visible and "javascript:alert(1)" in visible
    assert "month precision, from header" in visible
    good = parse(metadata_html({**article, "url": "https://example.org/a?b=1&c=2"}))
    assert ("href", "https://example.org/a?b=1&c=2") in good.attrs


def test_boilerplate_toggle_hides_or_strikes():
    text = "date 2022-11 Cherson is vrij.\n\nCookie-instellingen wijzigen.\n\nKiev reageert."
    start = text.index("Cookie")
    boiler = [[0, 13, "header"], [start, start + len("Cookie-instellingen wijzigen."), "cookie"]]
    hidden = parse(render_article_html(text, None, boiler, show_boilerplate=False))
    shown = parse(render_article_html(text, None, boiler, show_boilerplate=True))
    assert "".join(hidden.text) == "Cherson is vrij.\n\nKiev reageert."
    assert "".join(shown.text) == text
    assert "".join(shown.struck) == "date 2022-11 Cookie-instellingen wijzigen."


def test_mentions_carry_resolved_name_and_kind_in_title():
    text = "Troepen trokken Cherson binnen, niet Xyzzy."
    mentions = mention_rows(text, ("Cherson", "Kherson", "city"), ("Xyzzy", "x", "village"))
    mentions.loc[1, ["place_id", "name", "kind"]] = pd.NA
    parsed = parse(render_article_html(text, mentions, None, show_boilerplate=False))
    titles = [v for k, v in parsed.attrs if k == "title"]
    assert titles == ["Kherson · city · UA", "unresolved place mention"]
    assert ("data-kind", "city") in parsed.attrs and ("data-kind", "unresolved") in parsed.attrs


def test_posts_are_taken_out_of_the_flow_and_shown_apart():
    text = "Intro over Cherson.\nKherson liberated!!! — Someone (@some) November 11, 2022\nSlot."
    start = text.index("Kherson liberated")
    end = text.index("\nSlot")
    posts = conform(
        "posts",
        [
            {
                "article_id": "a",
                "index": 0,
                "platform": "twitter",
                "author": "Someone",
                "handle": "some",
                "date": "2022-11-11",
                "text": "Kherson liberated!!!",
                "start": start,
                "end": end,
            }
        ],
    )
    mentions = mention_rows(text, ("Cherson", "Kherson", "city"), ("Kherson", "Kherson", "city"))
    article = parse(render_article_html(text, mentions, None, False, posts))
    assert "Kherson liberated" not in "".join(article.text)
    assert "embedded post 1" in "".join(article.text)
    cards = parse(render_posts_html(text, mentions, posts))
    visible = "".join(cards.text)
    assert "Kherson liberated!!!" in visible and "twitter" in visible and "@some" in visible
    assert cards.tags.count("mark") == 1
    assert render_posts_html(text, mentions, None) == ""


def test_legend_lists_present_kinds_in_a_stable_order():
    parsed = parse(legend_html(["city", None, "country", "city"]))
    assert [t for t in parsed.text if t in {"country", "city", "unresolved"}] == [
        "country",
        "city",
        "unresolved",
    ]
