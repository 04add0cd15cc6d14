"""Corpus loading and the shared filtered view: what every page of the dashboard starts from.

`dashboard.py` calls `render_sidebar()` once per run (before `pg.run()`); pages then call
`get_corpus()` / `get_view()`. The corpus is loaded once per process and corpus version (a cheap
stat-based fingerprint, re-checked every few seconds), and the per-article codes that make filtering
fast are computed once alongside it (`CorpusIndex`).
"""

from __future__ import annotations

import argparse
import html
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from components.explore.corpus_index import CorpusIndex
from components.explore.filter_params import FILTER_PARAMS, FilterState, describe, query_string
from components.explore.filtered_view import FilteredView
from components.store.schema import Corpus
from components.views.i18n import article_count
from components.views.i18n import gettext as _

REPO = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = REPO / "seeds"
VIEW_KEY = "_news_atlas_view"
FINGERPRINT_TTL_S = 10


@dataclass(frozen=True)
class CorpusSource:
    """Where the corpus comes from: a folder (via the data layer's cache) or synthetic tables."""

    corpus_dir: Path
    cache_dir: Path | None = None
    synthetic: int | None = None  # n articles from components.store.synthetic.corpus_tables (benchmarks/demo)


def corpus_source(argv: list[str] | None = None, environ: dict[str, str] | None = None) -> CorpusSource:
    """`streamlit run dashboard.py -- --corpus DIR [--cache DIR] [--synthetic N]`, else the env vars
    NEWS_ATLAS_CORPUS / NEWS_ATLAS_CACHE_DIR / NEWS_ATLAS_SYNTHETIC, else `seeds/`.

    `--cache` / NEWS_ATLAS_CACHE_DIR name this corpus's cache folder; without them the cache lives under
    the cache root (NEWS_ATLAS_CACHE, else cache/), as for `python -m components build`."""
    env = os.environ if environ is None else environ
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--corpus")
    parser.add_argument("--cache")
    parser.add_argument("--synthetic", type=int)
    try:
        args, _ = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    except SystemExit:  # a malformed value must not kill the app
        args = argparse.Namespace(corpus=None, cache=None, synthetic=None)
    corpus = args.corpus or env.get("NEWS_ATLAS_CORPUS") or str(DEFAULT_CORPUS)
    cache = args.cache or env.get("NEWS_ATLAS_CACHE_DIR") or None
    synthetic = args.synthetic
    if synthetic is None and (env.get("NEWS_ATLAS_SYNTHETIC") or "").strip().isdigit():
        synthetic = int(env["NEWS_ATLAS_SYNTHETIC"])
    corpus_dir = Path(corpus).expanduser()
    if not corpus_dir.is_absolute():
        corpus_dir = (Path.cwd() / corpus_dir).resolve()
    return CorpusSource(corpus_dir, Path(cache).expanduser() if cache else None, synthetic)


# ---- one loaded corpus per process --------------------------------------------------------------


@dataclass
class _Loaded:
    key: str
    corpus: Corpus
    index: CorpusIndex


class _Registry:
    """The loaded corpora of this process (at most two: the current one and the one being replaced)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.loaded: dict[str, _Loaded] = {}
        self.override: _Loaded | None = None

    def remember(self, item: _Loaded) -> None:
        self.loaded[item.key] = item
        while len(self.loaded) > 2:
            self.loaded.pop(next(iter(self.loaded)))


@st.cache_resource(max_entries=1, show_spinner=False)
def _registry() -> _Registry:
    return _Registry()


def use_corpus(corpus: Corpus | None, key: str = "override") -> None:
    """Serve this in-memory corpus instead of a folder (tests and benchmarks; None restores the folder)."""
    _registry().override = None if corpus is None else _Loaded(key, corpus, CorpusIndex(corpus))


@st.cache_data(ttl=FINGERPRINT_TTL_S, max_entries=8, show_spinner=False)
def _fingerprint(corpus_dir: str, cache_dir: str | None, synthetic: int | None) -> str:
    if synthetic is not None:
        return f"synthetic:{synthetic}"
    from components.store.cache_keys import corpus_fingerprint

    return f"{corpus_dir}|{cache_dir}|{corpus_fingerprint(corpus_dir)}"


def _build(source: CorpusSource, progress: Callable[[int, int, str], None]) -> Corpus:
    if source.synthetic is not None:
        from components.store.synthetic import corpus_tables

        return corpus_tables(source.synthetic)
    from components.store import load_or_build

    return load_or_build(source.corpus_dir, source.cache_dir, progress=progress, separate_process=True)


def progress_text(done: int, total: int, current: str) -> str:
    """The line under the build's progress bar: counts and the file being read."""
    name = Path(str(current)).name if current else ""
    text = _("Building the corpus cache: {done}/{total} files", done=f"{done:,}", total=f"{total:,}")
    return f"{text} · {name}" if name else text


def _progress_bar() -> tuple[Callable[[int, int, str], None], Callable[[], None]]:
    """A progress bar drawn at once (the child process needs seconds before its first count), then
    advanced by each progress line the build worker emits; the second callable removes it."""
    slot = st.empty()
    slot.progress(0.0, text=_("Preparing the corpus: starting the build and loading the gazetteer…"))

    def update(done: int, total: int, current: str) -> None:
        frac = min(max(done / total, 0.0), 1.0) if total else 0.0
        slot.progress(frac, text=progress_text(done, total, current))

    return update, slot.empty


def _loaded() -> _Loaded:
    registry = _registry()
    if registry.override is not None:
        return registry.override
    source = corpus_source()
    key = _fingerprint(
        str(source.corpus_dir), str(source.cache_dir) if source.cache_dir else None, source.synthetic
    )
    hit = registry.loaded.get(key)
    if hit is not None:
        return hit
    with registry.lock:  # one session builds; the others wait for it here
        hit = registry.loaded.get(key)
        if hit is None:
            update, done = _progress_bar()
            try:
                corpus = _build(source, update)
            except (OSError, ValueError) as exc:  # a missing or unreadable corpus folder
                done()
                st.error(
                    f"Could not load the corpus from {source.corpus_dir}: {exc}. Set --corpus DIR or "
                    "NEWS_ATLAS_CORPUS to a folder of articles."
                )
                st.stop()
            done()
            hit = _Loaded(key, corpus, CorpusIndex(corpus))
            registry.remember(hit)
            _warm_search(hit.index)
    return hit


def _warm_search(index: CorpusIndex) -> None:
    """Build the text-search buffer in the background, so the first search is not the slow one."""
    threading.Thread(target=lambda: index.search(""), name="news-atlas-warm-search", daemon=True).start()


def get_corpus() -> Corpus:
    """The corpus the dashboard shows (all tables of components.store.schema)."""
    return _loaded().corpus


def get_index() -> CorpusIndex:
    """Precomputed per-article codes of the corpus (filtering and aggregates)."""
    return _loaded().index


def corpus_key() -> str:
    """A string that changes when the corpus changes: use it as a cache key for derived data."""
    return _loaded().key


# ---- the shared view ----------------------------------------------------------------------------


def render_sidebar() -> FilteredView:
    """Draw the shared sidebar filters and compute this run's filtered view (dashboard.py calls this)."""
    from components.views.filters import sidebar_filters

    index = get_index()
    state = sidebar_filters(index)
    view = index.view(state)
    st.session_state[VIEW_KEY] = view
    return view


def get_view() -> FilteredView:
    """The filtered view of this run (the sidebar computed it); pages call this."""
    view = st.session_state.get(VIEW_KEY)
    if view is None or view.index is not get_index():
        view = render_sidebar()
    return view


def current_filters() -> FilterState:
    """The filters the sidebar widgets hold right now (also inside on_select callbacks)."""
    from components.views.filters import current_state

    return current_state(get_index())


def set_filters(**changes) -> None:
    """Change filters programmatically; safe in on_change/on_select callbacks.

    Keywords are FilterState fields: months=("2022-09", "2022-09") or None, places=("Kherson",), ...
    """
    from components.views.filters import write_state

    write_state(get_index(), changes)


def _page_params() -> dict[str, str]:
    """The current page's own query parameters (e.g. `article=`), kept in share links."""
    try:
        return {k: st.query_params[k] for k in st.query_params if k not in FILTER_PARAMS}
    except Exception:  # noqa: BLE001
        return {}


def share_link(page: str | None = None) -> str:
    """Relative link reproducing the current view: 'map?month=2022-09&place=Kharkiv' (no leading slash).

    Filter parameters plus the current page's own parameters; `page` = a url path ('' = Overview).
    """
    view = get_view()
    extra = _page_params() if page is None else {}
    if page is None:
        page = _current_page_path()
    query = query_string(view.state, extra)
    return f"{page}{query}" if page else f"./{query}"


def absolute_share_url() -> str:
    """The current page's full URL plus the filter query (falls back to the relative link)."""
    try:
        current = st.context.url or ""
    except Exception:  # noqa: BLE001 - no browser context (tests, bare mode)
        current = ""
    if not current:
        return share_link()
    return current.split("?")[0] + query_string(get_view().state, _page_params())


def _current_page_path() -> str:
    return str(st.session_state.get("_news_atlas_page", "") or "")


def page_header(title: str, icon: str = "") -> FilteredView:
    """Page title plus the one-line summary of the view ('1 article · 2022-09 · Kharkiv').

    The summary is escaped text in an element with class `news-atlas-view` (a stable test hook).
    """
    view = get_view()
    st.title(f"{icon} {_(title)}".strip())
    st.html(
        f'<p class="news-atlas-view" style="color:#6b7280;margin:-0.6rem 0 0.4rem 0">'
        f"{html.escape(describe(view, article_count))}</p>"
    )
    stale = get_corpus().stale_reason
    if stale:  # a read-only or damaged cache: the last good build is served, and the reader is told
        st.warning(_("These results may be out of date: {reason}", reason=stale), icon=":material/history:")
    return view


def empty_notice(view: FilteredView) -> bool:
    """Show a friendly notice and return True when the filters leave nothing to show."""
    if view.n_articles:
        return False
    if view.index.n_articles == 0:
        st.info(_("The corpus is empty: put .txt/.jsonl/.csv articles in the corpus folder."))
    else:
        st.info(
            _("No article matches these filters. Widen the month range or clear a filter in the sidebar.")
        )
    return True


def set_current_page(url_path: str) -> None:
    """dashboard.py records the page's url path so share links point at the page being viewed."""
    st.session_state["_news_atlas_page"] = url_path
