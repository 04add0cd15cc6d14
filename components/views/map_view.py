"""The map: every resolved place of the view as a point over the bundled (offline) base layer.

Points are sized by mention count (area) and coloured by kind; hovering shows the name, kind, counts
and the forms the place was written as. Selecting points (click, box or lasso) sets the place
filter; the articles mentioning the selected places are listed below with the sentences that
mention them. The base layer comes from components.explore.basemap: plotly.js fetches its topojson from our
own static folder (config topojsonURL), so the map draws with no internet at all.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from functools import lru_cache, partial

import numpy as np
import pandas as pd
import streamlit as st

from components.explore import basemap
from components.explore.filtered_view import FilteredView
from components.values import none_if_missing
from components.views.charts import select_place
from components.views.theme import FONT, KIND_COLOURS, kind_colour

MAX_POINT_PX = 46
MAP_HEIGHT = 620
MAP_ASPECT = 1.45  # width / height of the map in the wide layout
MAX_LISTED_ARTICLES = 25
MAX_SENTENCES = 4
CARD_STYLE = "border:1px solid #e5e7eb;border-radius:0.6rem;padding:0.6rem 0.9rem;margin-bottom:0.5rem"
EXTENTS: dict[str, tuple[tuple[float, float], tuple[float, float]] | None] = {
    "Where the mentions are": None,
    "Ukraine": ((44.0, 52.6), (21.5, 40.5)),
    "Europe": ((34.0, 66.0), (-12.0, 48.0)),
    "World": ((-58.0, 80.0), (-170.0, 180.0)),
}
DEFAULT_EXTENT = "Where the mentions are"


def _weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    order = np.argsort(values)
    cum = np.cumsum(weights[order]) / weights.sum()
    return float(values[order][min(np.searchsorted(cum, q), len(values) - 1)])


def fit_extent(stats: pd.DataFrame, trim: float = 0.03) -> tuple[tuple[float, float], tuple[float, float]]:
    """Lat/lon ranges around where the mentions are: mention-weighted, the outer `trim` share of
    mentions on each side left out (one far-away mention must not shrink everything else), and
    country centroids (far from the action) used only when nothing else is located."""
    located = stats.dropna(subset=["lat", "lon"])
    local = located[located["kind"] != "country"]
    pts = local if len(local) else located
    if pts.empty:
        return EXTENTS["Ukraine"]  # type: ignore[return-value]
    weights = pts["mentions"].to_numpy(dtype=float).clip(min=1)
    lat, lon = pts["lat"].to_numpy(dtype=float), pts["lon"].to_numpy(dtype=float)
    lat_lo, lat_hi = _weighted_quantile(lat, weights, trim), _weighted_quantile(lat, weights, 1 - trim)
    lon_lo, lon_hi = _weighted_quantile(lon, weights, trim), _weighted_quantile(lon, weights, 1 - trim)
    pad_lat = max(1.5, (lat_hi - lat_lo) * 0.15)
    pad_lon = max(2.5, (lon_hi - lon_lo) * 0.15)
    return (
        (max(-80, lat_lo - pad_lat), min(84, lat_hi + pad_lat)),
        (max(-180, lon_lo - pad_lon), min(180, lon_hi + pad_lon)),
    )


def _merc(lat: float) -> float:
    lat = max(-85.0, min(85.0, lat))
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _unmerc(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)


def widen_to_aspect(
    lat_range: tuple[float, float], lon_range: tuple[float, float], ratio: float = MAP_ASPECT
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Grow the lon or lat range so the Mercator box has the chart's width/height ratio (no slivers)."""
    y_lo, y_hi = _merc(lat_range[0]), _merc(lat_range[1])
    x_span = math.radians(lon_range[1] - lon_range[0])
    if x_span < ratio * (y_hi - y_lo):
        centre, half = sum(lon_range) / 2, math.degrees(ratio * (y_hi - y_lo)) / 2
        half = min(half, 180.0)
        return lat_range, (max(-180.0, centre - half), min(180.0, centre + half))
    centre, half = (y_lo + y_hi) / 2, x_span / ratio / 2
    return (_unmerc(centre - half), _unmerc(centre + half)), lon_range


def _forms_text(forms: list[tuple[str, int]]) -> str:
    return ", ".join(f"{html.escape(f)} ({n})" for f, n in forms) or "—"


@lru_cache(maxsize=1)
def _outlines() -> dict:
    """The oblast borders as numpy arrays (NaN breaks the lines): validating ~7,000 coordinates held in
    Python lists costs ~20 ms per figure, numpy arrays almost nothing."""
    trace = basemap.outline_trace("ukraine", color="rgba(100,116,139,0.55)")
    as_array = partial(np.array, dtype=float)
    return {
        **trace,
        "lon": as_array([np.nan if v is None else v for v in trace["lon"]]),
        "lat": as_array([np.nan if v is None else v for v in trace["lat"]]),
    }


def map_figure(view: FilteredView, stats: pd.DataFrame, extent_name: str = DEFAULT_EXTENT) -> dict:
    """Scattergeo points per kind over the oblast outlines; selected places get a dark ring.

    A plain dict (st.plotly_chart validates it once); building it with graph_objects costs more than
    the filtering itself.
    """
    located = stats.dropna(subset=["lat", "lon"])
    forms = view.surface_forms(located["code"].tolist(), top=6)
    biggest = max(int(located["mentions"].max()) if len(located) else 1, 1)
    sizeref = 2.0 * biggest / (MAX_POINT_PX**2)
    # A copy: plotly pops keys from trace dicts while validating, so two sessions sharing the cached dict
    # could break each other's figures.
    data = [dict(_outlines())]
    kinds = set(located["kind"])
    for kind in [k for k in KIND_COLOURS if k in kinds] + sorted(kinds - set(KIND_COLOURS)):
        part = located[located["kind"] == kind]
        custom = [
            [str(r.name), html.escape(str(r.name)), html.escape(str(r.kind)), int(r.mentions),
             int(r.articles), _forms_text(forms.get(int(r.code), [])), html.escape(str(r.country or ""))]
            for r in part.itertuples(index=False)
        ]  # fmt: skip
        selected = part["selected"].to_numpy(dtype=bool)
        data.append({
            "type": "scattergeo", "mode": "markers", "name": html.escape(str(kind)),
            "lat": part["lat"].to_numpy(dtype=float), "lon": part["lon"].to_numpy(dtype=float),
            "customdata": custom,
            "marker": {"size": part["mentions"].to_numpy(), "sizemode": "area", "sizeref": sizeref,
                       "sizemin": 4, "color": kind_colour(kind), "opacity": 0.78,
                       "line": {"width": np.where(selected, 3, 0.6).tolist(),
                                "color": np.where(selected, "#111827", "white").tolist()}},
            "hovertemplate": ("<b>%{customdata[1]}</b> · %{customdata[2]} %{customdata[6]}<br>"
                              "%{customdata[3]} mentions in %{customdata[4]} articles<br>"
                              "written as: %{customdata[5]}<extra></extra>"),
        })  # fmt: skip
    lat_range, lon_range = widen_to_aspect(*(EXTENTS.get(extent_name) or fit_extent(located)))
    geo = {
        "resolution": 50, "showcountries": True, "countrycolor": "#94a3b8", "showland": True,
        "landcolor": "#f3f1ea", "showocean": True, "oceancolor": "#dbe7f3", "showlakes": True,
        "lakecolor": "#dbe7f3", "showrivers": True, "rivercolor": "#b6cde6", "showcoastlines": True,
        "coastlinecolor": "#94a3b8", "projection": {"type": "mercator"}, "bgcolor": "rgba(0,0,0,0)",
        "lataxis": {"range": list(lat_range)}, "lonaxis": {"range": list(lon_range)},
    }  # fmt: skip
    layout = {
        "height": MAP_HEIGHT, "margin": {"l": 0, "r": 0, "t": 0, "b": 0}, "font": {"family": FONT},
        "legend": {"title": {"text": "kind"}, "x": 0.01, "y": 0.99, "bgcolor": "rgba(255,255,255,0.85)",
                   "itemsizing": "constant"},
        "clickmode": "event+select", "dragmode": "pan", "uirevision": extent_name, "geo": geo,
    }  # fmt: skip
    return {"data": data, "layout": layout}


# ---- the articles behind a selected place -------------------------------------------------------------


@dataclass(frozen=True)
class Snippet:
    """One sentence, cut around the mention(s) it holds, as (text, is_mention) pieces."""

    pieces: tuple[tuple[str, bool], ...]


_SPACES = re.compile(r"\s+")  # newlines inside a sentence become spaces (the edges stay spaces)
Span = tuple[object, object, object, object]  # (start, end, sentence_start, sentence_end), any may be NA


def _int(value: object) -> int | None:
    value = none_if_missing(value)
    try:
        return None if value is None else int(value)
    except (TypeError, ValueError):
        return None


def sentence_snippets(text: str, mentions: list[Span], limit: int = MAX_SENTENCES) -> list[Snippet]:
    """The distinct sentences holding these mentions, with the mentions marked; bad offsets are skipped.

    Plain Python on purpose: a pandas groupby per listed article cost more than the whole filter.
    """
    n = len(text)
    by_sentence: dict[tuple[int | None, int | None], list[tuple[int, int]]] = {}
    for start, end, s_start, s_end in mentions:
        a, b = _int(start), _int(end)
        if a is None or b is None or not 0 <= a < b <= n:
            continue
        by_sentence.setdefault((_int(s_start), _int(s_end)), []).append((a, b))
    out: list[Snippet] = []
    seen: set[tuple[int, int]] = set()
    for (s, e), spans in sorted(by_sentence.items(), key=lambda kv: min(kv[1])):
        spans.sort()
        if s is None or e is None or not (0 <= s <= spans[0][0] and spans[-1][1] <= e <= n):
            s, e = max(0, spans[0][0] - 120), min(n, spans[-1][1] + 120)  # no usable sentence: a window
        if (s, e) in seen:
            continue
        seen.add((s, e))
        pieces, cursor = [], s
        for a, b in spans:
            if a < cursor:
                continue
            pieces.append((text[cursor:a], False))
            pieces.append((text[a:b], True))
            cursor = b
        pieces.append((text[cursor:e], False))
        out.append(Snippet(tuple((_SPACES.sub(" ", p) if not m else p, m) for p, m in pieces if p)))
        if len(out) >= limit:
            break
    return out


def snippet_html(snippet: Snippet) -> str:
    """Escaped sentence with <mark> around the mentions (corpus text never becomes markup)."""
    parts = []
    for piece, is_mention in snippet.pieces:
        piece = html.escape(piece)
        parts.append(
            f'<mark style="background:#fde68a;padding:0 2px;border-radius:3px">{piece}</mark>'
            if is_mention
            else piece
        )
    return "".join(parts)


def articles_for_places(view: FilteredView, place_ids: frozenset[str]) -> tuple[dict[str, list[Span]], int]:
    """Mention spans of the places inside the view, per article (the first MAX_LISTED_ARTICLES articles)."""
    rows = view.mentions_of(
        sorted(place_ids), columns=["article_id", "start", "end", "sentence_start", "sentence_end"]
    )
    grouped: dict[str, list[Span]] = {}
    columns = [rows[c].tolist() for c in ("article_id", "start", "end", "sentence_start", "sentence_end")]
    for article_id, *span in zip(*columns, strict=True):
        if article_id in grouped or len(grouped) < MAX_LISTED_ARTICLES:
            grouped.setdefault(article_id, []).append(tuple(span))
    return grouped, int(rows["article_id"].nunique())


def render_place_articles(view: FilteredView) -> None:
    if not view.state.places:
        st.caption(
            "Select a place on the map (click, or box/lasso several) to list the articles that "
            "mention it, with the sentences."
        )
        return
    grouped, total = articles_for_places(view, view.place_ids)
    st.subheader(f"Articles mentioning {', '.join(view.state.places)}", anchor=False)
    if total > MAX_LISTED_ARTICLES:
        st.caption(f"Showing {MAX_LISTED_ARTICLES} of {total:,} articles; narrow the filters to see others.")
    columns = ["article_id", "title", "date", "outlet", "language", "file", "text"]
    positions = [view.index.position_of(a) for a in grouped]
    arts = view.index.corpus.articles[columns].iloc[positions]
    cards = []
    for art in arts.itertuples(index=False):
        text = art.text if isinstance(art.text, str) else ""
        title = art.title if isinstance(art.title, str) and art.title else art.article_id
        meta = " · ".join(v for v in (art.date, art.outlet, art.language, art.file) if isinstance(v, str))
        snippets = "".join(
            f"<li style='margin:0.2rem 0'>{snippet_html(s)}</li>"
            for s in sentence_snippets(text, grouped[art.article_id])
        )
        cards.append(
            f"<div class='news-atlas-article' data-article='{html.escape(str(art.article_id), quote=True)}' "
            f"style='{CARD_STYLE}'>"
            f"<div style='font-weight:600'>{html.escape(str(title))}</div>"
            f"<div style='color:#6b7280;font-size:0.85rem'>{html.escape(meta)}</div>"
            f"<ul style='margin:0.3rem 0 0 1rem;padding:0'>{snippets}</ul></div>"
        )
    st.html("".join(cards))  # one element: 25 separate st.html calls cost more than the filtering


def render_map(view: FilteredView) -> None:
    stats = view.place_stats()
    located = stats.dropna(subset=["lat", "lon"])
    top = st.columns([3, 2])
    extent = (
        top[0].segmented_control(
            "Extent", list(EXTENTS), default=DEFAULT_EXTENT, key="map_extent", label_visibility="collapsed"
        )
        or DEFAULT_EXTENT
    )
    top[1].caption(
        f"{len(located):,} places · {int(located['mentions'].sum()):,} mentions · "
        "size = mentions, colour = kind"
    )
    if located.empty:
        st.info("No place with coordinates is mentioned in the articles in view.")
        return
    st.plotly_chart(
        map_figure(view, located, extent), key="map_chart", on_select=partial(select_place, "map_chart"),
        selection_mode=("points", "box", "lasso"),
        config=basemap.geo_config(scrollZoom=True, displaylogo=False, modeBarButtonsToRemove=["toImage"]),
    )  # fmt: skip
    render_place_articles(view)
