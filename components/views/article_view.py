"""One highlighted article as both the Articles and the Compare page show it.

`show_article` draws the text (places highlighted, boilerplate greyed or hidden) in a scrolling box
of fixed height and its embedded social posts; `boilerplate_toggle`, `kinds_legend` and
`article_places` are the controls and place chips that go with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from components.explore.compare import article_place_counts
from components.views.compare_view import labelled_block_html, place_chips_html
from components.views.i18n import gettext as _
from components.views.place_names import place_names
from components.views.reader import legend_html, render_article_html, render_posts_html, show_html


def boilerplate_toggle(key: str, label: str, help: str) -> bool:
    """The switch between the clean text (off) and the original with boilerplate struck through (on)."""
    return st.toggle(label, key=key, help=help)


def kinds_legend(mentions: pd.DataFrame) -> None:
    """A colour legend for the place kinds in these mentions (unresolved mentions included)."""
    # Categorical columns refuse a value outside their categories: compare as plain objects.
    kinds = mentions["kind"].astype(object).where(mentions["place_id"].notna(), "unresolved")
    show_html(legend_html(kinds.tolist()))


def article_places(article_id: str, mentions: pd.DataFrame) -> None:
    """Chips for the places of one article, most-mentioned first."""
    counts = article_place_counts(mentions, article_id)
    chips = place_chips_html(counts, [article_id], names=place_names())
    show_html(labelled_block_html(_("Places in this article"), chips))


def show_article(
    article: Mapping[str, Any],
    mentions: pd.DataFrame,
    posts: pd.DataFrame,
    *,
    show_boilerplate: bool,
    height: int,
    posts_below: bool = False,
) -> None:
    """The highlighted text in a scrolling box of fixed height, then its embedded posts.

    Side-by-side columns (Compare) keep the posts inside the box so the columns stay level; a single
    wide reader (Articles) shows them below it, under a heading (`posts_below`).
    """
    text, boilerplate = article.get("text"), article.get("boilerplate")
    posts_markup = render_posts_html(text, mentions, posts)
    with st.container(height=height, border=True):
        st.html(render_article_html(text, mentions, boilerplate, show_boilerplate, posts))
        if posts_markup and not posts_below:
            st.caption(_("Embedded social posts"))
            st.html(posts_markup)
    if posts_markup and posts_below:
        st.subheader(_("Embedded social posts"))
        st.html(posts_markup)
