"""Helpers for the AppTest page tests: open a page of the dashboard, read what it shows."""

from __future__ import annotations

import html
import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from components.store.schema import Corpus

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
MY_PAGES = ["overview", "timeline", "map", "places"]
TAG = re.compile(r"<[^>]*>")
PROBES = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "![](http://evil.example/x.png)",
]


def open_page(page: str = "overview", **params: str | list[str]) -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page != "overview":
        at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def summary(at: AppTest) -> str:
    found = [h.value for h in at.html if "news-atlas-view" in h.value]
    assert len(found) == 1, found
    return html.unescape(TAG.sub("", found[0])).strip()


def notices(at: AppTest) -> list[str]:
    return [html.unescape(TAG.sub("", h.value)) for h in at.html if "news-atlas-notice" in h.value]


def n_articles(at: AppTest) -> int:
    return int(summary(at).split(" ")[0].replace(",", ""))


def articles_mentioning(corpus: Corpus, name: str) -> set[str]:
    m = corpus.mentions
    return set(m.loc[m["name"].str.lower() == name.lower(), "article_id"])


def articles_html(at: AppTest) -> list[str]:
    return [h.value for h in at.html if 'class="na-article"' in h.value]


def visible_text(markup: str) -> str:
    """Text of our markup, entities decoded (what a reader sees)."""
    return html.unescape(TAG.sub("", markup))


def assert_only_escaped(at: AppTest) -> None:
    for element in at.html:
        assert "<script" not in element.value and "<img" not in element.value
        assert 'href="javascript:' not in element.value
    for element in [*at.markdown, *at.caption, *at.info, *at.warning, *at.title, *at.subheader]:
        assert "alert(1)" not in element.value and "evil.example" not in element.value
