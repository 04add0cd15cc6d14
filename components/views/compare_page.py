"""The Compare page: two to four articles side by side, with the places and passages they share.

The selection lives in the URL (`?compare=id1,id2`) so a copied link reproduces the comparison.
"""

from __future__ import annotations

import itertools

import pandas as pd
import streamlit as st

from components.explore.compare import (
    MAX_COMPARE,
    PlaceOverlap,
    default_compare_ids,
    format_compare_param,
    parse_compare_param,
    place_overlap,
)
from components.explore.filtered_view import FilteredView
from components.explore.passages import DEFAULT_THRESHOLD, article_passages
from components.store.schema import Corpus
from components.views.app_state import get_corpus
from components.views.article_view import boilerplate_toggle, kinds_legend, show_article
from components.views.compare_view import labelled_block_html, passages_html, place_chips_html, short_label
from components.views.i18n import gettext as _
from components.views.place_names import place_names
from components.views.reader import esc, metadata_html, show_html

PARAM = "compare"
SELECT_KEY = "compare_ids"
SYNCED_KEY = "_compare_synced_param"
MAX_OPTIONS = 2000  # a multiselect with 100k options is unusable: narrow with the sidebar filters
TEXT_HEIGHT = 560
MIN_SIMILARITY = 60  # the slider's floor; below it same-topic sentences match by chance
BADGE_STYLE = (
    "display:inline-block;background:#111827;color:#fff;border-radius:999px;padding:0 0.55rem;"
    "font-size:0.78rem;font-weight:600;margin-bottom:0.3rem;"
)


@st.cache_data(max_entries=512, show_spinner=False)
def passages_between(text_a: str, boiler_a: str, text_b: str, boiler_b: str, threshold: float) -> list:
    """Shared passages of two articles (`explore.passages.article_passages`), cached across reruns."""
    return article_passages(text_a, boiler_a, text_b, boiler_b, threshold)


def choose_articles(corpus: Corpus, view: FilteredView) -> list[str]:
    """The article picker, synced both ways with `?compare=`."""
    articles = corpus.articles
    known = set(articles["article_id"].astype("string").tolist())
    url_ids, dropped = parse_compare_param(st.query_params.get_all(PARAM) or None, known)
    if dropped:
        st.warning(
            _(
                "{n} article id(s) in the link are not in this corpus (or beyond {max}).",
                n=dropped,
                max=MAX_COMPARE,
            )
        )
    url_value = format_compare_param(url_ids)
    if url_ids and url_value != st.session_state.get(SYNCED_KEY):
        st.session_state[SELECT_KEY] = url_ids  # arrived by a link, or the URL was edited
    elif SELECT_KEY not in st.session_state:
        pool_articles = view.articles(["article_id", "month"]) if view.n_articles >= 2 else articles
        pool_mentions = view.mentions(["article_id", "place_id"]) if view.n_articles >= 2 else corpus.mentions
        st.session_state[SELECT_KEY] = default_compare_ids(pool_articles, pool_mentions)

    chosen = [a for a in st.session_state.get(SELECT_KEY, []) if a in known]
    st.session_state[SELECT_KEY] = chosen
    options = list(dict.fromkeys([*chosen, *view.article_ids[:MAX_OPTIONS]]))
    labels = _labels(articles, options)
    selected = st.multiselect(
        _("Articles to compare (2–{max})", max=MAX_COMPARE),
        options=options,
        key=SELECT_KEY,
        format_func=lambda a: labels.get(a, a),
        max_selections=MAX_COMPARE,
        placeholder=_("Pick articles (the list follows the sidebar filters)"),
        persist_state="session",
    )
    value = format_compare_param(selected)
    if value:
        st.query_params[PARAM] = value
    elif PARAM in st.query_params:
        del st.query_params[PARAM]
    st.session_state[SYNCED_KEY] = value
    return list(selected)


def _labels(articles: pd.DataFrame, ids: list[str]) -> dict[str, str]:
    rows = articles[articles["article_id"].isin(ids)][["article_id", "date", "outlet", "title"]]
    return {r["article_id"]: short_label(r) for r in rows.to_dict("records")}


def show_shared_places(overlap: PlaceOverlap, ids: list[str]) -> None:
    n = len(ids)
    names = place_names()
    blocks = [
        labelled_block_html(
            _("Places in all {n} articles", n=n),
            place_chips_html(overlap.shared_by_all, ids, _("no place is mentioned by all of them"), names),
        )
    ]
    if n > 2:
        some = place_chips_html(overlap.shared_by_some, ids, names=names)
        blocks.append(labelled_block_html(_("In some of them"), some))
    show_html("".join(blocks))


def show_article_header(number: int, row: dict, n_mentions: int, overlap: PlaceOverlap) -> None:
    """Badge, metadata and the places only this article mentions."""
    only_here = place_chips_html(overlap.only_in(row["article_id"]), [row["article_id"]], names=place_names())
    badge = esc(_("Article {n}", n=number))
    show_html(
        f'<span style="{BADGE_STYLE}">{badge}</span>{metadata_html(row, n_mentions)}'
        f"{labelled_block_html(_('Only in this article'), only_here)}"
    )


def show_passages(rows: list[dict], threshold: float) -> None:
    """Aligned passages per pair of articles; when none reach the threshold, say how close they came.

    Passages are computed once at the slider's floor and filtered here: the greedy alignment claims
    higher scores first, so the pairs above any threshold are the same as a run at that threshold.
    """
    found = []
    for i, j in itertools.combinations(range(len(rows)), 2):
        a, b = rows[i], rows[j]
        pairs = passages_between(
            a.get("text") or "",
            a.get("boilerplate") or "[]",
            b.get("text") or "",
            b.get("boilerplate") or "[]",
            float(MIN_SIMILARITY),
        )
        found.append((i + 1, j + 1, pairs))
    shown = [(i, j, [p for p in pairs if p.score >= threshold]) for i, j, pairs in found]
    if not any(pairs for _i, _j, pairs in shown):
        near = [(p.score, i, j) for i, j, pairs in found for p in pairs]
        closest = (
            _(
                "The closest pair scores {score} (Article {a} ↔ Article {b}).",
                score=f"{max(near)[0]:.0f}",
                a=max(near)[1],
                b=max(near)[2],
            )
            if near
            else _("Nothing scores even {floor}.", floor=MIN_SIMILARITY)
        )
        st.info(
            _("No sentence or quote is shared at similarity ≥ {t}.", t=f"{threshold:.0f}")
            + f" {closest} "
            + _(
                "These articles tell the story in their own words; "
                "lower the threshold to inspect looser matches."
            )
        )
        return
    for i, j, pairs in shown:
        if pairs:
            st.markdown(_("**Article {a} ↔ Article {b}** · {n} shared passage(s)", a=i, b=j, n=len(pairs)))
            st.html(passages_html(pairs, _("Article {n}", n=i), _("Article {n}", n=j)))
    empty = [f"{i} ↔ {j}" for i, j, pairs in shown if not pairs]
    if empty:
        st.caption(
            _(
                "Nothing shared at ≥ {t} between articles {pairs}.",
                t=f"{threshold:.0f}",
                pairs=", ".join(empty),
            )
        )


def render_compare(view: FilteredView) -> None:
    """Picker, legend and boilerplate switch, shared places, the articles side by side, shared passages."""
    corpus = get_corpus()
    if len(corpus.articles) < 2:
        st.info(_("Comparing needs at least two articles in the corpus."))
        return
    ids = choose_articles(corpus, view)
    if len(ids) < 2:
        st.info(_("Pick at least two articles to read them side by side."))
        return

    picked = corpus.articles[corpus.articles["article_id"].isin(ids)].drop_duplicates("article_id")
    by_id = {r["article_id"]: r for r in picked.to_dict("records")}
    rows = [by_id[a] for a in ids]
    selected_mentions = corpus.mentions[corpus.mentions["article_id"].isin(ids)]
    overlap = place_overlap(selected_mentions, ids)

    top = st.columns([3, 2], vertical_alignment="center")
    with top[0]:
        kinds_legend(selected_mentions)
    with top[1]:
        show_bp = boilerplate_toggle(
            "compare_show_boilerplate",
            _("Show boilerplate"),
            _("Show the original text: boilerplate (cookie notices, credits…) greyed and struck through."),
        )
    show_shared_places(overlap, ids)

    mentions = {a: selected_mentions[selected_mentions["article_id"] == a] for a in ids}
    posts = {a: corpus.posts[corpus.posts["article_id"] == a] for a in ids}
    # Two rows of columns: headers differ in height, the text boxes below still start level.
    for number, (column, row) in enumerate(zip(st.columns(len(rows), gap="medium"), rows, strict=True), 1):
        with column:
            show_article_header(number, row, len(mentions[row["article_id"]]), overlap)
    for column, row in zip(st.columns(len(rows), gap="medium"), rows, strict=True):
        with column:
            aid = row["article_id"]
            show_article(row, mentions[aid], posts[aid], show_boilerplate=show_bp, height=TEXT_HEIGHT)

    st.subheader(_("Shared passages"))
    threshold = st.slider(
        _("Minimum similarity"),
        min_value=MIN_SIMILARITY,
        max_value=100,
        value=int(DEFAULT_THRESHOLD),
        key="compare_threshold",
        help=_("Sentences and quotes are paired when their fuzzy similarity (0–100) reaches this value."),
    )
    show_passages(rows, threshold)
