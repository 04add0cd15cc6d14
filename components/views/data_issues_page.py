"""The Data issues page: inputs the build could not read, and place names nothing could place.

Bad inputs come from the corpus's errors table (whole corpus: they never became articles); unplaced
names follow the sidebar filters, like every other page. `issue_counts` feeds the sidebar's count.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.explore.data_issues import unplaced_counts, unplaced_mentions
from components.explore.filtered_view import FilteredView
from components.store.issues import bad_input
from components.store.schema import Corpus
from components.views.app_state import corpus_key, get_corpus
from components.views.i18n import gettext as _


@st.cache_data(max_entries=2, show_spinner=False)
def _unplaced_all(key: str, _corpus: Corpus) -> pd.DataFrame:
    """Unplaced mentions of the whole corpus, once per corpus version (`key`)."""
    return unplaced_mentions(_corpus.articles, _corpus.mentions)


def issue_counts() -> tuple[int, int]:
    """(bad inputs, unplaced mentions) of the whole corpus, for the sidebar."""
    corpus = get_corpus()  # counts only: the per-mention sentences are built when the page opens
    return len(corpus.errors), int(corpus.mentions["place_id"].isna().sum())


def render_data_issues(view: FilteredView) -> None:
    """Counts, the bad-input table and the unplaced names (per name and per mention)."""
    corpus = get_corpus()
    bad = bad_input(corpus)
    everything = _unplaced_all(corpus_key(), corpus)
    in_view = set(view.article_ids)
    unplaced = everything[everything["article_id"].isin(in_view)].reset_index(drop=True)
    per_name = unplaced_counts(unplaced)
    a, b, c = st.columns(3)
    a.metric(
        _("Bad inputs"), f"{len(bad):,}", help=_("Files or rows the build could not turn into articles.")
    )
    b.metric(_("Unplaced mentions"), f"{len(unplaced):,}", help=_("Place names nothing could place."))
    c.metric(_("Distinct unplaced names"), f"{len(per_name):,}")

    st.subheader(_("Bad inputs"), anchor=False)
    if bad.empty:
        st.success(_("Every input file was read."))
    else:
        st.dataframe(
            bad,
            hide_index=True,
            width="stretch",
            column_config={
                "file": st.column_config.TextColumn(_("File"), width="medium"),
                "row": st.column_config.NumberColumn(_("Row"), format="%d", help=_("Empty: the whole file")),
                "reason": st.column_config.TextColumn(_("Reason"), width="large"),
            },
        )
    st.subheader(_("Unplaced names"), anchor=False)
    if unplaced.empty:
        st.success(_("Every place name in the articles in view was placed."))
        return
    st.dataframe(
        per_name,
        hide_index=True,
        width="stretch",
        column_config={
            "name": st.column_config.TextColumn(_("Name as written"), width="large"),
            "mentions": st.column_config.NumberColumn(_("Mentions"), format="%d"),
            "articles": st.column_config.NumberColumn(_("Articles"), format="%d"),
        },
    )
    with st.expander(_("Every unplaced mention, with its sentence ({n})", n=f"{len(unplaced):,}")):
        st.dataframe(
            unplaced,
            hide_index=True,
            width="stretch",
            column_config={
                "name": st.column_config.TextColumn(_("Name as written"), width="medium"),
                "article_id": st.column_config.TextColumn(_("Article"), width="small"),
                "title": st.column_config.TextColumn(_("Title"), width="medium"),
                "sentence": st.column_config.TextColumn(_("Sentence"), width="large"),
            },
        )


def data_issues_link() -> None:
    """A sidebar line with the counts, linking to the Data issues page (nothing when all is clean)."""
    n_bad, n_unplaced = issue_counts()
    if not (n_bad or n_unplaced):
        return
    st.page_link(
        "app_pages/data_issues.py",
        label=_("{bad} bad inputs · {unplaced} unplaced", bad=n_bad, unplaced=n_unplaced),
        icon=":material/report:",
        help=_("Data issues: inputs the build could not read and place names nothing could place."),
    )
