"""Map figure cost with many distinct places: server time and JSON size per layer.

    python benchmarks/bench_map_places.py --articles 20000 --places 50000

The synthetic corpus names ~19 places; here every mention is moved to one of `--places` random
places scattered over Europe (jittered around the synthetic ones, kinds kept), so the map has to draw
tens of thousands of distinct points. Figures: ms to build the figure dict (map_figure) and the size
of the JSON that Streamlit sends to the browser. Benchmarks print figures; tests never assert on time.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from plotly.utils import PlotlyJSONEncoder  # noqa: E402

from components.explore.corpus_index import CorpusIndex  # noqa: E402
from components.explore.filter_params import FilterState  # noqa: E402
from components.store.schema import Corpus, conform  # noqa: E402
from components.store.synthetic import corpus_tables  # noqa: E402


def many_places(corpus: Corpus, n_places: int, seed: int = 0) -> Corpus:
    """The same articles, each mention moved to one of `n_places` scattered places."""
    rng = np.random.default_rng(seed)
    m = corpus.mentions.copy()
    pick = rng.integers(0, n_places, len(m))
    lat = rng.uniform(36.0, 62.0, n_places)
    lon = rng.uniform(-8.0, 45.0, n_places)
    kinds = np.array(["city", "town", "village", "point", "region"])[rng.integers(0, 5, n_places)]
    ids = np.array([f"bench:{i}" for i in range(n_places)], dtype=object)
    m["place_id"], m["name"] = ids[pick], [f"Place {i}" for i in pick]
    m["kind"], m["lat"], m["lon"] = kinds[pick], lat[pick], lon[pick]
    places = [
        {"place_id": ids[i], "name": f"Place {i}", "kind": kinds[i], "lat": lat[i], "lon": lon[i],
         "country": "XX", "source": "bench"}
        for i in range(n_places)
    ]  # fmt: skip
    return Corpus(articles=corpus.articles, mentions=conform("mentions", m), places=conform("places", places))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--places", type=int, default=50000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from components.views.map_view import map_figure  # Streamlit import: after the corpus is built

    index = CorpusIndex(many_places(corpus_tables(args.articles), args.places))
    view = index.view(FilterState())
    located = view.place_stats().dropna(subset=["lat", "lon"])
    print(f"{args.articles:,} articles, {len(located):,} distinct located places in view")
    for layer in ["points", "clusters", "playback"]:
        times, fig = [], None
        for _ in range(args.repeat):
            start = time.perf_counter()
            fig = map_figure(view, located, "data", layer)
            times.append((time.perf_counter() - start) * 1000)
        size = len(json.dumps(fig, cls=PlotlyJSONEncoder))
        print(f"{layer:<9} figure {statistics.median(times):7.0f} ms   JSON {size / 1e6:6.2f} MB")


if __name__ == "__main__":
    main()
