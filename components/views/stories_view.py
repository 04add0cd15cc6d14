"""The Stories page: the groups of articles telling one event, in the current filters, and one story's
comparison (who reported first, what travelled between outlets, places only some outlets mention).

`?story=<id>` is a shared filter (components.views.filters): picking a story in the table sets it, so
every page then shows only that story's articles, and the sidebar's ✕ removes it. The selected story
links to Map, Timeline and Articles with the current filters (story included) in the link. Opening a
story switches to Compare with `?compare=` holding its outlets' first reports (up to MAX_COMPARE).
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd
import streamlit as st

from components.explore.compare import MAX_COMPARE, format_compare_param
from components.explore.filter_params import to_params
from components.explore.filtered_view import FilteredView
from components.stories import Story
from components.stories.cache import stories_for
from components.stories.compare import first_reports, place_coverage, places_only_some, travelled_passages
from components.views.app_state import corpus_key, corpus_source, get_corpus
from components.views.charts import figure, month_axis
from components.views.filters import choose_story
from components.views.i18n import gettext as _
from components.views.place_names import place_names
from components.views.theme import ACCENT

COMPARE_PAGE = "app_pages/compare.py"
STORY_PAGES = (("app_pages/map.py", "Map"), ("app_pages/timeline.py", "Timeline"),
               ("app_pages/articles.py", "Articles"))  # fmt: skip
TABLE_KEY = "stories_table"
MAX_ROWS = 2000  # a table of 2000 stories is already more than anyone scrolls
MAX_TRAVELLED = 30


def _cache_folder(key: str) -> Path | None:
    """The corpus cache folder, when the corpus shown is the folder's (not an in-memory one)."""
    source = corpus_source()
    if source.synthetic is not None or not key.startswith(f"{source.corpus_dir}|"):
        return None
    if source.cache_dir:
        return source.cache_dir
    from components.store.paths import default_cache_dir

    return default_cache_dir(source.corpus_dir)


@st.cache_resource(max_entries=2, show_spinner=False)
def _stories(key: str) -> list[Story]:
    return stories_for(get_corpus(), _cache_folder(key))


def stories_of_corpus() -> list[Story]:
    """All stories of the loaded corpus (computed once per corpus state, kept next to its cache)."""
    key = corpus_key()
    with st.spinner(_("Grouping the articles into stories…")):
        return _stories(key)


def stories_in_view(stories: list[Story], view: FilteredView) -> list[tuple[Story, int]]:
    """Stories with at least two articles in the filtered view, with how many are in it."""
    visible = set(view.article_ids)
    out = []
    for s in stories:
        n = sum(a in visible for a in s.article_ids)
        if n >= 2:
            out.append((s, n))
    return out


def _date_span(s: Story) -> str:
    return s.first_date if s.first_date == s.last_date else f"{s.first_date} – {s.last_date}"


def stories_table(rows: list[tuple[Story, int]]) -> pd.DataFrame:
    """One row per story, for the table (column names and place names in the interface language)."""
    names = place_names()
    return pd.DataFrame(
        {
            _("Story"): [s.title for s, _n in rows],
            _("Articles"): [n for _s, n in rows],
            _("Dates"): [_date_span(s) for s, _n in rows],
            _("Outlets"): [", ".join(s.outlets) or "–" for s, _n in rows],
            _("Languages"): [", ".join(s.languages) for s, _n in rows],
            _("Key places"): [", ".join(map(names.of_name, s.key_places)) for s, _n in rows],
        }
    )


def timeline_figure(rows: list[tuple[Story, int]]) -> dict:
    """Stories by their first date (month-only dates at mid-month) and size."""
    xs = [s.first_date if len(s.first_date) == 10 else f"{s.first_date}-15" for s, _n in rows]
    point = {
        "type": "scatter", "mode": "markers", "x": xs, "y": [n for _s, n in rows],
        "text": [html.escape(s.title[:80]) for s, _n in rows],
        "hovertemplate": "%{x}<br>%{text}<br>%{y} " + html.escape(_("articles")) + "<extra></extra>",
        "marker": {"color": ACCENT, "opacity": 0.7, "size": 9},
    }  # fmt: skip
    days = pd.to_datetime(pd.Series(xs))
    span = [
        (days.min() - pd.Timedelta(days=20)).date().isoformat(),
        (days.max() + pd.Timedelta(days=20)).date().isoformat(),
    ]
    xaxis = month_axis(*span)  # month labels that never repeat
    return figure([point], height=200, xaxis=xaxis, yaxis={"title": _("Articles"), "rangemode": "tozero"})


def _table_key(view: FilteredView) -> str:
    """One table per story filter: removing the filter shows the full table with nothing picked."""
    return f"{TABLE_KEY}-{view.state.story.story_id if view.state.story else 'all'}"


def _selected(rows: list[tuple[Story, int]], view: FilteredView) -> Story | None:
    """The story of the story filter; picking one in the table sets that filter (and reruns)."""
    state = st.session_state.get(_table_key(view))
    picked = list(state.selection.rows) if state is not None else []
    chosen = view.state.story
    if picked and picked[0] < len(rows):
        story = rows[picked[0]][0]
        if chosen is None or chosen.story_id != story.story_id:
            choose_story(story.story_id)
            st.rerun()
        return story
    if chosen is not None:
        return next((s for s, _n in rows if s.story_id == chosen.story_id), None)
    return None


def unknown_story_warning(view: FilteredView) -> None:
    """Say so when the story filter names a story this corpus does not have (the corpus changed)."""
    chosen = view.state.story
    if chosen is not None and not chosen.article_ids:
        st.warning(_("Story {story} is not among the stories of these filters.", story=chosen.story_id))


def story_links(view: FilteredView) -> None:
    """Links to Map, Timeline and Articles showing only this story (the other filters kept)."""
    params = to_params(view.state)
    for column, (page, label) in zip(st.columns(len(STORY_PAGES)), STORY_PAGES, strict=True):
        column.page_link(page, label=_("{page} of this story", page=_(label)), query_params=params)


def compare_ids(story: Story) -> list[str]:
    """What Compare opens: each outlet's first report, earliest first (at most MAX_COMPARE)."""
    firsts = [r.article_id for r in first_reports(get_corpus(), story)]
    rest = [a for a in story.article_ids if a not in firsts]
    return [*firsts, *rest][:MAX_COMPARE]


def render_story(story: Story) -> None:
    """One story: open in Compare, who reported first, travelled passages, places only some mention."""
    corpus = get_corpus()
    st.subheader(story.title)
    st.caption(
        _("{n} articles · {dates} · {outlets}", n=story.size, dates=_date_span(story),
          outlets=", ".join(story.outlets) or _("outlets unknown"))
    )  # fmt: skip
    ids = compare_ids(story)
    if st.button(_("Open in Compare"), icon=":material/compare_arrows:", type="primary", key="open_compare"):
        st.switch_page(COMPARE_PAGE, query_params={"compare": format_compare_param(ids)})
    if story.size > MAX_COMPARE:
        st.caption(
            _("Compare shows {k} of the {n} articles: each outlet's first report.", k=len(ids), n=story.size)
        )
    left, right = st.columns(2)
    with left:
        st.markdown("**" + _("Who reported first") + "**")
        reports = first_reports(corpus, story)
        st.dataframe(
            pd.DataFrame(
                {
                    "#": [r.order for r in reports],
                    _("Outlet"): [r.outlet for r in reports],
                    _("Date"): [r.date for r in reports],
                    _("Certain"): [r.certain for r in reports],
                    _("Article"): [r.article_id for r in reports],
                }
            ),
            hide_index=True,
        )
    with right:
        st.markdown("**" + _("Places only some outlets mention") + "**")
        only = places_only_some(place_coverage(corpus, story))
        if only:
            st.dataframe(
                pd.DataFrame(
                    {
                        _("Place"): [place_names().of_name(p) for p in only],
                        _("Mentioned by"): [", ".join(o) for o in only.values()],
                    }
                ),
                hide_index=True,
            )
        else:
            st.caption(_("Every outlet mentions the same places."))
    _render_travelled(story)


def travelled_frame(travelled: list) -> pd.DataFrame:
    """Travelled quotations and passages as a table (column names translated)."""
    return pd.DataFrame(
        {
            _("Kind"): [_("quote") if t.kind == "quote" else _("passage") for t in travelled],
            _("Text"): [t.text for t in travelled],
            _("From"): [t.from_outlet for t in travelled],
            _("To"): [t.to_outlet for t in travelled],
            _("Similarity"): [round(t.score) for t in travelled],
        }
    )


def _render_travelled(story: Story) -> None:
    st.markdown("**" + _("Quotations and passages that travelled between outlets") + "**")
    travelled = travelled_passages(get_corpus(), story)
    if not travelled:
        st.caption(_("No passage is shared word for word: the outlets wrote their own texts."))
        return
    st.dataframe(travelled_frame(travelled[:MAX_TRAVELLED]), hide_index=True)


def render_stories(view: FilteredView) -> None:
    """The page body: timeline and table of the stories in the filters, then the selected story."""
    rows = stories_in_view(stories_of_corpus(), view)
    if not rows:
        st.info(_("No story in these filters: a story needs two or more articles about one event."))
        return
    rows = sorted(rows, key=lambda r: (-r[1], r[0].first_date, r[0].story_id))[:MAX_ROWS]
    if len(rows) == 1:
        st.caption(_("One story in these filters."))
    else:
        st.caption(_("{n} stories in these filters, largest first.", n=len(rows)))
    st.plotly_chart(timeline_figure(rows), config={"displayModeBar": False}, key="stories_timeline")
    st.dataframe(
        stories_table(rows),
        key=_table_key(view),
        on_select="rerun",
        selection_mode="single-row",
        hide_index=True,
        column_config={_("Articles"): st.column_config.NumberColumn(width="small")},
    )
    story = _selected(rows, view)
    if story is None:
        st.caption(_("Select a story in the table to compare how its outlets told it."))
        return
    story_links(view)
    render_story(story)
