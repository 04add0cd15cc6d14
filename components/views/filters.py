"""The sidebar filters shared by all pages, kept in sync with the URL's query parameters.

Why not `bind="query-params"` (it exists in Streamlit 1.67)? Bound widgets silently drop any URL value
that is not an exact option (so `place=kharkiv` or the single month `month=2022-09` vanish without a
word), and a value set from code never reaches the address bar (checked in Chromium). The issue asks
for case-insensitive names, a single month meaning that month and a visible notice for what was
dropped, so the sync is done here, in two steps per run:

1. before the widgets: a new link (first run of the session, or filter parameters that differ from the
   ones we wrote last, e.g. browser back/forward) is parsed by
   `components.explore.filter_params.parse_params` and
   written into the widgets; an address without filter parameters after a page switch keeps the filters;
2. after the widgets: the canonical parameters of the current filters are written to `st.query_params`
   (other parameters, e.g. a page's own `article=`, are left alone).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import streamlit as st

from components.explore.corpus_index import CorpusIndex
from components.explore.filter_params import (
    FILTER_PARAMS,
    PARAM_LANGUAGE,
    PARAM_MONTH,
    PARAM_OUTLET,
    PARAM_PLACE,
    PARAM_QUERY,
    PARAM_REGION,
    PARAM_STORY,
    FilterState,
    StoryFilter,
    clean_query,
    parse_params,
    summarise_notices,
    to_params,
)
from components.explore.place_hierarchy import hierarchy, region_names
from components.views.i18n import gettext as _

# Session-state keys of the widgets (kept apart from the URL names so pages can't collide with them).
KEYS = {name: f"filter_{name}" for name in FILTER_PARAMS}
_SYNCED = "_news_atlas_synced_params"
_NOTICES = "_news_atlas_url_notices"
_NOTICE_STYLE = (
    "background:#fffbeb;border:1px solid #fcd34d;color:#92400e;border-radius:0.5rem;"
    "padding:0.5rem 0.75rem;font-size:0.88rem;margin-bottom:0.25rem;overflow-wrap:anywhere"
)

PARAMS_HELP = (
    "Every filter lives in the page address, so a copied link opens the same view on any page: "
    "`month` (YYYY-MM, or two months / `YYYY-MM..YYYY-MM` for a range), `place` (English name, "
    "case-insensitive, repeatable), `region` (admin-1 region, e.g. `Kherson Oblast`, `Texas`, "
    "`Limburg`: every place inside it), `lang`, `outlet` (repeatable), `q` (free text) and `story` "
    "(a story id from the Stories page). "
    "Example: `?month=2022-09&place=Kharkiv`."
)


def _widget_values(index: CorpusIndex, state: FilterState) -> dict[str, Any]:
    """Session-state values that make the widgets show `state`."""
    values: dict[str, Any] = {
        KEYS[PARAM_PLACE]: list(state.places),
        KEYS[PARAM_LANGUAGE]: list(state.languages),
        KEYS[PARAM_OUTLET]: list(state.outlets),
        KEYS[PARAM_QUERY]: state.query,
        KEYS[PARAM_REGION]: list(state.regions),
        KEYS[PARAM_STORY]: state.story,
    }
    if len(index.months) >= 2:
        values[KEYS[PARAM_MONTH]] = tuple(state.months or (index.months[0], index.months[-1]))
    return values


def current_state(index: CorpusIndex) -> FilterState:
    """The FilterState the widgets (session state) currently describe; unknown values are dropped."""
    ss = st.session_state
    months = None
    if len(index.months) >= 2:
        value = ss.get(KEYS[PARAM_MONTH])
        if isinstance(value, tuple | list) and len(value) == 2 and all(v in index.months for v in value):
            lo, hi = sorted(value)
            months = None if (lo, hi) == (index.months[0], index.months[-1]) else (lo, hi)

    def chosen(param: str, allowed) -> tuple[str, ...]:
        return tuple(v for v in ss.get(KEYS[param]) or () if v in allowed)

    return FilterState(
        months=months,
        places=chosen(PARAM_PLACE, index.name_codes),
        languages=chosen(PARAM_LANGUAGE, index.languages),
        outlets=chosen(PARAM_OUTLET, index.outlets),
        query=clean_query(ss.get(KEYS[PARAM_QUERY]) or ""),
        regions=chosen(PARAM_REGION, hierarchy(index).region_codes),
        story=ss.get(KEYS[PARAM_STORY]) if isinstance(ss.get(KEYS[PARAM_STORY]), StoryFilter) else None,
    )


def write_state(index: CorpusIndex, changes: Mapping[str, Any]) -> None:
    """Set filters from code: in a callback, or before the sidebar is drawn in this run."""
    state = replace(current_state(index), **changes)
    for key, value in _widget_values(index, state).items():
        st.session_state[key] = value


def _url_params() -> dict[str, list[str]]:
    try:
        return {k: st.query_params.get_all(k) for k in FILTER_PARAMS if k in st.query_params}
    except Exception:  # noqa: BLE001 - a broken URL must never break the page
        return {}


def _adopt_url(index: CorpusIndex) -> None:
    """Step 1: a new link wins over the widgets; an empty one after a page switch does not."""
    ss = st.session_state
    raw = _url_params()
    synced = ss.get(_SYNCED)
    if synced is not None and (raw == synced or not raw):
        return
    state, notices = parse_params(raw, index, find_story)
    for key, value in _widget_values(index, state).items():
        ss[key] = value
    ss[_NOTICES] = (state, notices)


def _write_url(state: FilterState) -> None:
    """Step 2: the address bar shows the canonical parameters of the current filters."""
    wanted = to_params(state)
    if _url_params() != wanted:
        for key in FILTER_PARAMS:
            if key in wanted:
                st.query_params[key] = wanted[key]
            elif key in st.query_params:
                del st.query_params[key]
    st.session_state[_SYNCED] = wanted


def _clear_filters(index: CorpusIndex) -> None:
    write_state(
        index,
        {
            "months": None,
            "places": (),
            "languages": (),
            "outlets": (),
            "query": "",
            "regions": (),
            "story": None,
        },
    )


def find_story(story_id: str) -> StoryFilter | None:
    """A story of the loaded corpus as a filter (grouping runs, once per corpus, only when asked)."""
    from components.stories.stories import find_story as find
    from components.views.stories_view import stories_of_corpus

    story = find(stories_of_corpus(), story_id)
    return None if story is None else StoryFilter(story.story_id, story.title, story.article_ids)


def choose_story(story_id: str | None) -> None:
    """Filter every page to one story (None: remove it); in a callback, or followed by st.rerun()."""
    st.session_state[KEYS[PARAM_STORY]] = find_story(story_id) if story_id else None


def _story_chip(side, story: StoryFilter | None) -> None:
    """The active story (no widget shows it otherwise) with an ✕ that removes it."""
    if story is None:
        return
    title = story.title or story.story_id
    side.html(f'<div class="news-atlas-story"><b>{html.escape(_("Story"))}:</b> {html.escape(title)}</div>')
    side.button(
        "✕ " + _("Remove story filter"), key="filter_story_remove", on_click=choose_story, args=(None,)
    )


def sidebar_filters(index: CorpusIndex) -> FilterState:
    """Draw the filter widgets in the sidebar and return the FilterState they describe."""
    _adopt_url(index)
    side = st.sidebar
    side.header(_("Filters"), anchor=False)
    notice_box = side.container()
    if len(index.months) >= 2:
        side.select_slider(
            _("Months"),
            options=index.months,
            value=(index.months[0], index.months[-1]),
            key=KEYS[PARAM_MONTH],
            help=_("Articles published in this range; undated articles drop out of a range."),
        )
    elif index.months:
        side.caption(_("All dated articles are from {month}.", month=index.months[0]))
    side.multiselect(
        _("Places"),
        options=index.place_names,
        key=KEYS[PARAM_PLACE],
        placeholder=_("All places"),
        help=_("Articles mentioning any of these places (most-mentioned first)."),
    )
    regions = region_names(index)
    if regions:
        side.multiselect(
            _("Regions"),
            options=regions,
            key=KEYS[PARAM_REGION],
            placeholder=_("All regions"),
            help=_("Articles mentioning any place inside these admin-1 regions (oblast, province, state)."),
        )
    if len(index.languages) > 1:
        side.multiselect(
            _("Languages"), options=index.languages, key=KEYS[PARAM_LANGUAGE], placeholder=_("All languages")
        )
    if len(index.outlets) > 1:
        side.multiselect(
            _("Outlets"), options=index.outlets, key=KEYS[PARAM_OUTLET], placeholder=_("All outlets")
        )
    _story_chip(side, current_state(index).story)
    side.text_input(
        _("Search text"),
        key=KEYS[PARAM_QUERY],
        placeholder=_("word or phrase"),
        max_chars=200,
        help=_("Case-insensitive, in titles and article text."),
    )
    state = current_state(index)
    _write_url(state)
    _show_notices(notice_box, state)
    side.button(
        _("Clear filters"), on_click=_clear_filters, args=(index,), disabled=state.is_empty, width="stretch"
    )
    return state


def _show_notices(box, state: FilterState) -> None:
    """Say what the link asked for that could not be honoured (until a filter changes).

    Notices quote URL text, so they are HTML-escaped and shown with st.html (no Markdown).
    """
    stored = st.session_state.get(_NOTICES)
    if not stored:
        return
    state_then, notices = stored
    if state != state_then:
        st.session_state[_NOTICES] = None
        return
    if not notices:
        return
    first, more = summarise_notices(notices)
    lines = [html.escape(n) for n in first]
    if more:
        lines.append(html.escape(_("… and {n} more problems with this link.", n=f"{more:,}")))
    body = "<br>".join(lines)
    box.html(f'<div class="news-atlas-notice" style="{_NOTICE_STYLE}">⚠️ {body}</div>')
