"""URL query parameters <-> FilterState: parsing that never raises, canonical links, a one-line summary.

Plain Python (no Streamlit) so that a bad URL is a unit-tested case, not a crash in the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING
from urllib.parse import urlencode

if TYPE_CHECKING:
    from components.explore.corpus_index import CorpusIndex
    from components.explore.filtered_view import FilteredView

PARAM_MONTH = "month"
PARAM_PLACE = "place"
PARAM_LANGUAGE = "lang"
PARAM_OUTLET = "outlet"
MAX_NOTICES_SHOWN = 3  # a link with more problems gets one notice: the first few plus a count
PARAM_QUERY = "q"
PARAM_REGION = "region"
PARAM_STORY = "story"
FILTER_PARAMS = (
    PARAM_MONTH,
    PARAM_PLACE,
    PARAM_LANGUAGE,
    PARAM_OUTLET,
    PARAM_QUERY,
    PARAM_REGION,
    PARAM_STORY,
)
MAX_STORY_ID_CHARS = 40

MAX_QUERY_CHARS = 200
_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
_RANGE_SEPARATORS = ("..", "/", ":")
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class StoryFilter:
    """One story chosen by id (no widget: set from a link or the Stories page).

    Equal and hashed by id alone: the id is a hash of the members, so it stands for them, and views
    memoised per FilterState stay valid. No members means an id the corpus does not know: nothing passes.
    """

    story_id: str
    title: str = field(default="", compare=False)
    article_ids: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class FilterState:
    """The active filters; empty fields mean "no restriction"."""

    months: tuple[str, str] | None = None  # inclusive 'YYYY-MM' range
    places: tuple[str, ...] = ()  # English names (canonical case): articles mentioning ANY of them
    languages: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    query: str = ""  # case-insensitive substring of title or body
    regions: tuple[str, ...] = ()  # admin-1 region names: articles mentioning ANY place inside them
    story: StoryFilter | None = None  # only the articles of this story

    @property
    def is_empty(self) -> bool:
        return not (
            self.months
            or self.places
            or self.languages
            or self.outlets
            or self.query
            or self.regions
            or self.story
        )


def _as_list(value: str | Sequence[str] | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def name_key(text: str) -> str:
    """Case- and whitespace-insensitive lookup key for names typed into a URL."""
    return " ".join(str(text).split()).casefold()


def valid_month(value: str) -> bool:
    match = _MONTH_RE.match(value)
    return bool(match) and 1 <= int(match.group(2)) <= 12


def parse_params(
    params: Mapping[str, str | Sequence[str]],
    index: CorpusIndex,
    find_story: Callable[[str], StoryFilter | None] | None = None,
) -> tuple[FilterState, list[str]]:
    """Turn URL query parameters into a valid FilterState plus human-readable notices for what was dropped.

    Never raises: unknown places, months outside the corpus and garbage are dropped with a notice.
    `find_story` looks a story id up (called only when the link has one, as grouping is not free).
    """
    notices: list[str] = []
    months = _parse_months(_as_list(params.get(PARAM_MONTH)), index, notices)
    places = _parse_names(_as_list(params.get(PARAM_PLACE)), index.place_name, "place", notices)
    languages = _parse_names(_as_list(params.get(PARAM_LANGUAGE)), index.language_named, "language", notices)
    outlets = _parse_names(_as_list(params.get(PARAM_OUTLET)), index.outlet_named, "outlet", notices)
    query = clean_query(" ".join(_as_list(params.get(PARAM_QUERY))))
    from components.explore.place_hierarchy import region_named  # it imports this module

    regions = _parse_names(
        _as_list(params.get(PARAM_REGION)), partial(region_named, index), "region", notices
    )
    story = _parse_story(_as_list(params.get(PARAM_STORY)), find_story, notices)
    return FilterState(months, places, languages, outlets, query, regions, story), notices


def _parse_story(
    values: list[str], find_story: Callable[[str], StoryFilter | None] | None, notices: list[str]
) -> StoryFilter | None:
    """The linked story; an unknown id is kept without members (nothing passes), with a notice.

    Dropping it like an unknown place would show the whole corpus to someone who asked for one event.
    """
    wanted = [v.strip() for v in values if v.strip()]
    if not wanted:
        return None
    if len(wanted) > 1:
        notices.append("More than one story given: using the first.")
    story_id = _CONTROL_CHARS.sub("", wanted[0])[:MAX_STORY_ID_CHARS]
    found = find_story(story_id) if find_story is not None else None
    if found is None or not found.article_ids:
        notices.append(f"Story “{_short(story_id)}” is not among this corpus's stories: no article is shown.")
        return StoryFilter(story_id)
    return found


def clean_query(text: str) -> str:
    """Free text as the filter uses it: control characters removed, whitespace collapsed, capped."""
    return " ".join(_CONTROL_CHARS.sub(" ", text or "").split())[:MAX_QUERY_CHARS]


def _short(value: str, limit: int = 40) -> str:
    value = _CONTROL_CHARS.sub(" ", value)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _parse_names(values: list[str], lookup, what: str, notices: list[str]) -> tuple[str, ...]:
    found: list[str] = []
    for raw in values:
        if not raw.strip():
            continue
        name = lookup(raw)
        if name is None:
            notices.append(f"Unknown {what} “{_short(raw)}” in the link was ignored.")
        elif name not in found:
            found.append(name)
    return tuple(found)


def _parse_months(values: list[str], index: CorpusIndex, notices: list[str]) -> tuple[str, str] | None:
    wanted: list[str] = []
    for raw in values:
        parts = [raw.strip()]
        for sep in _RANGE_SEPARATORS:
            if sep in raw:
                parts = [p.strip() for p in raw.split(sep)]
                break
        for part in parts:
            if not part:
                continue
            if valid_month(part):
                wanted.append(part)
            else:
                notices.append(f"Month “{_short(part)}” is not a YYYY-MM month and was ignored.")
    if not wanted:
        return None
    if not index.months:
        notices.append("The corpus has no dated articles, so the month filter was ignored.")
        return None
    if len(wanted) > 2:
        notices.append("More than two months given: using the earliest and the latest.")
    elif len(wanted) == 2 and wanted[0] > wanted[1]:
        hi, lo = wanted
        notices.append(f"Month range {hi} – {lo} is reversed: read as {lo} – {hi}.")
    lo, hi = min(wanted), max(wanted)
    first, last = index.months[0], index.months[-1]
    if hi < first or lo > last:
        span = lo if lo == hi else f"{lo} – {hi}"
        notices.append(f"Month {span} is outside the corpus ({first} – {last}) and was ignored.")
        return None
    if lo < first or hi > last:
        notices.append(f"Month range clipped to the corpus ({first} – {last}).")
        lo, hi = max(lo, first), min(hi, last)
    if (lo, hi) == (first, last):
        return None
    return lo, hi


def summarise_notices(notices: Sequence[str], shown: int = MAX_NOTICES_SHOWN) -> tuple[list[str], int]:
    """The distinct notices worth showing (at most `shown`) and how many more there were.

    A link with hundreds of bad values must give one short notice, not hundreds of boxes that push
    the filters out of reach; duplicates are counted once.
    """
    distinct = list(dict.fromkeys(notices))
    return distinct[:shown], max(0, len(distinct) - shown)


def to_params(state: FilterState) -> dict[str, list[str]]:
    """Canonical query parameters for a state (a single month is written once)."""
    params: dict[str, list[str]] = {}
    if state.months:
        lo, hi = state.months
        params[PARAM_MONTH] = [lo] if lo == hi else [lo, hi]
    if state.places:
        params[PARAM_PLACE] = list(state.places)
    if state.languages:
        params[PARAM_LANGUAGE] = list(state.languages)
    if state.outlets:
        params[PARAM_OUTLET] = list(state.outlets)
    if state.query:
        params[PARAM_QUERY] = [state.query]
    if state.regions:
        params[PARAM_REGION] = list(state.regions)
    if state.story:
        params[PARAM_STORY] = [state.story.story_id]
    return params


def query_string(state: FilterState, extra: Mapping[str, str] | None = None) -> str:
    """'?month=2022-09&place=Kharkiv' (empty string when nothing is filtered)."""
    params = to_params(state)
    for key, value in (extra or {}).items():
        params[key] = [value]
    return "?" + urlencode(params, doseq=True) if params else ""


def english_count(n: int) -> str:
    """'1 article', '1,234 articles': the count as `describe` writes it unless told otherwise."""
    return f"{n:,} article{'s' if n != 1 else ''}"


def describe(view: FilteredView, count: Callable[[int], str] = english_count) -> str:
    """One-line summary of the view, stable for tests: '1 article · 2022-09 · Kharkiv'.

    `count` writes the article count; the views pass one in the interface language (this layer has
    no Streamlit and so no gettext)."""
    state = view.state
    parts = [count(view.n_articles)]
    if state.months:
        lo, hi = state.months
        parts.append(lo if lo == hi else f"{lo} – {hi}")
    for chosen in (state.places, state.regions, state.languages, state.outlets):
        if chosen:
            parts.append(", ".join(chosen))
    if state.query:
        parts.append(f"“{state.query}”")
    if state.story:
        parts.append(f"story “{_short(state.story.title or state.story.story_id, 60)}”")
    return " · ".join(parts)
