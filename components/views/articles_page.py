"""The Articles page: the filtered article table and a reader for one article with its places.

The article being read is in the URL (`?article=<id>`) so a copied link opens the same article.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from components.explore.article_table import article_table, newest_first
from components.explore.compare import MAX_COMPARE, format_compare_param
from components.explore.corpus_index import CorpusIndex
from components.explore.filtered_view import FilteredView
from components.explore.highlight import parse_boilerplate
from components.store.schema import Corpus
from components.views.app_state import corpus_key, empty_notice, get_corpus
from components.views.article_view import article_places, boilerplate_toggle, kinds_legend, show_article
from components.views.compare_view import short_label
from components.views.i18n import current_language
from components.views.i18n import gettext as _
from components.views.place_names import build_place_names
from components.views.reader import esc, metadata_html, show_html

PARAM = "article"
READER_HEIGHT = 720
MENTION_COLUMNS = ["surface", "name", "kind", "country", "score", "in_post", "reason", "start", "end"]


@st.cache_resource(max_entries=4, show_spinner=False)
def _table(key: str, language: str, _corpus: Corpus, _index: CorpusIndex) -> pd.DataFrame:
    """The per-article table for the whole corpus, once per corpus version (`key`) and interface
    language: its "most mentioned" column names places in that language (Cherson in Dutch)."""
    return article_table(_corpus.articles, localised_mentions(_corpus.mentions, _index, language))


def localised_mentions(mentions: pd.DataFrame, index: CorpusIndex, language: str) -> pd.DataFrame:
    """`mentions` with each resolved place's `name` in `language` (the canonical name where none is known)."""
    local = mentions["place_id"].astype("string").map(build_place_names(index, language).by_id)
    return mentions.assign(name=local.fillna(mentions["name"].astype("string")))


def _table_key(view: FilteredView) -> str:
    """A widget key that changes with the filters, so a row selection never points at another article."""
    digest = hashlib.sha1(repr(view.state).encode("utf-8")).hexdigest()[:12]
    return f"articles_table_{digest}"


def show_table(view: FilteredView, table: pd.DataFrame) -> tuple[pd.DataFrame, str | None]:
    """The filtered table, newest first; returns the rows shown and the id of the selected row.

    The article from the link (else the first row) starts out selected, so the reader below always
    belongs to a selected row; clearing the selection clears the reader.
    """
    rows = newest_first(table.iloc[view.positions])
    linked = rows.index[rows["article_id"] == st.query_params.get(PARAM, "")].tolist()[:1]
    if not linked and not st.query_params.get(PARAM) and len(rows):
        linked = [0]
    event = st.dataframe(
        rows,
        key=_table_key(view),
        on_select="rerun",
        selection_mode="single-row",
        selection_default={"selection": {"rows": linked}} if linked else None,
        hide_index=True,
        width="stretch",
        height="auto" if len(rows) <= 8 else 360,
        placeholder="—",
        column_order=["date", "title", "top_places", "outlet", "language", "places", "mentions", "file"],
        column_config={
            "date": st.column_config.TextColumn(_("Date"), width=90),
            "title": st.column_config.TextColumn(
                _("Title"), width=520, help=_("Hover a cell for the full title")
            ),
            "outlet": st.column_config.TextColumn(_("Outlet"), width="small"),
            "language": st.column_config.TextColumn(_("Lang"), width=50),
            "places": st.column_config.NumberColumn(
                _("Places"), width=60, help=_("Distinct places resolved in the article")
            ),
            "mentions": st.column_config.NumberColumn(
                _("Mentions"), width=70, help=_("Resolved place mentions")
            ),
            "top_places": st.column_config.TextColumn(_("Most mentioned"), width=300),
            "file": st.column_config.TextColumn(_("File"), width="small"),
        },
    )
    picked = event.selection.rows if event is not None else []
    chosen = str(rows["article_id"].iat[picked[0]]) if picked and picked[0] < len(rows) else None
    return rows, chosen


def current_article(rows: pd.DataFrame, all_ids: set[str], picked: str | None) -> str | None:
    """The selected row's article; else `?article=` when that article is outside the table; kept in the URL.

    An article in the table but not selected was deselected by the reader: nothing is shown then.
    """
    from_url = st.query_params.get(PARAM)
    in_table = set(rows["article_id"].astype(str))
    if picked is not None:
        article_id = picked
    elif from_url in all_ids and from_url not in in_table:
        article_id = from_url
    else:
        if from_url and from_url not in all_ids:
            st.warning(_("The article in the link is not in this corpus."))
        article_id = None
    if article_id is None:
        if PARAM in st.query_params:
            del st.query_params[PARAM]
        if len(rows):
            st.info(_("Select a row of the table to read that article."))
    elif st.query_params.get(PARAM) != article_id:
        st.query_params[PARAM] = article_id
    return article_id


def show_side_panel(
    article: dict, mentions: pd.DataFrame, view: FilteredView, labels: dict[str, str]
) -> bool:
    """Metadata, boilerplate toggle, legend, places and the link to Compare; returns the toggle state."""
    show_html(metadata_html(article, len(mentions)))
    spans = parse_boilerplate(article.get("boilerplate"), len(article.get("text") or ""))
    show_bp = boilerplate_toggle(
        "reader_show_boilerplate",
        _("Show original with boilerplate"),
        _("Off: the clean text. On: the original text, boilerplate greyed and struck through."),
    )
    kinds = sorted({s.label for s in spans})
    note = _("{n} boilerplate passage(s)", n=len(spans)) + (f": {', '.join(kinds)}" if kinds else "")
    show_html(f'<div style="color:#6b7280;font-size:0.8rem;margin:-0.3rem 0 0.5rem 0;">{esc(note)}</div>')
    kinds_legend(mentions)
    article_places(article["article_id"], mentions)

    others = [a for a in view.article_ids[:2000] if a != article["article_id"]]
    if others:
        partners = st.multiselect(
            _("Compare with"),
            options=others,
            format_func=lambda a: labels.get(a, a),
            max_selections=MAX_COMPARE - 1,
            key=f"reader_compare_with_{article['article_id']}",
            placeholder=_("Pick articles to read side by side"),
        )
        if partners:
            st.page_link(
                "app_pages/compare.py",
                label=_("Open in Compare"),
                icon=":material/compare_arrows:",
                query_params={"compare": format_compare_param([article["article_id"], *partners])},
            )
    return show_bp


def show_mentions(mentions: pd.DataFrame) -> None:
    """Every place mention of the article as a table, in text order."""
    with st.expander(_("Place mentions ({n})", n=len(mentions))):
        present = [c for c in MENTION_COLUMNS if c in mentions.columns]
        st.dataframe(mentions[present].sort_values("start"), hide_index=True)


def export_button(rows: pd.DataFrame) -> None:
    """The filtered article list (as the table shows it, newest first) as a CSV download."""
    st.download_button(
        _("Download the list as CSV ({n} articles)", n=f"{len(rows):,}"),
        rows.to_csv(index=False).encode("utf-8"),
        "news-atlas-articles.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        key="articles_export_csv",
    )


def render_articles(view: FilteredView) -> None:
    """The table of the filtered articles, then the article being read beside its side panel."""
    corpus = get_corpus()
    if empty_notice(view) and not st.query_params.get(PARAM):
        return
    table = _table(corpus_key(), current_language(), corpus, view.index)
    rows, picked = show_table(view, table)
    export_button(rows)
    all_ids = set(corpus.articles["article_id"].astype("string"))
    article_id = current_article(rows, all_ids, picked)
    if article_id is None:
        return
    article = corpus.articles[corpus.articles["article_id"] == article_id].iloc[0].to_dict()
    if not view.contains(article_id):
        st.caption(_("This article is outside the current sidebar filters."))
    mentions = corpus.mentions[corpus.mentions["article_id"] == article_id]
    posts = corpus.posts[corpus.posts["article_id"] == article_id]
    labels = {
        r["article_id"]: short_label(r)
        for r in view.articles(["article_id", "date", "outlet", "title"]).head(2000).to_dict("records")
    }

    left, right = st.columns([3, 1.25], gap="large")
    with right:
        show_bp = show_side_panel(article, mentions, view, labels)
    with left:
        show_article(
            article, mentions, posts, show_boilerplate=show_bp, height=READER_HEIGHT, posts_below=True
        )
        show_mentions(mentions)
