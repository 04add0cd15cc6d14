"""A corpus with tens of thousands of distinct places (the seeds name 23, the synthetic corpus 19): what
the WebGL map is for. Places scattered around a few hundred centres (as towns gather around cities and
coasts), Zipf-like mention counts."""

from __future__ import annotations

import numpy as np
import pandas as pd

from components.store.schema import Corpus, conform

KINDS = np.array(["city", "town", "village", "region", "river"])


def many_places_corpus(n_places: int = 50_000, n_articles: int = 5_000, seed: int = 0) -> Corpus:
    rng = np.random.default_rng(seed)
    centres = rng.integers(0, 300, n_places)
    c_lat, c_lon, spread = rng.uniform(-45, 65, 300), rng.uniform(-125, 150, 300), rng.uniform(0.5, 6, 300)
    lat = np.clip(c_lat[centres] + rng.normal(0, 1, n_places) * spread[centres], -80, 80).round(4)
    lon = np.clip(c_lon[centres] + rng.normal(0, 1.5, n_places) * spread[centres], -179, 179).round(4)
    ids = [f"gn:{i}" for i in range(n_places)]
    names = [f"Place {i}" for i in range(n_places)]
    kinds = KINDS[rng.integers(0, len(KINDS), n_places)]
    places = pd.DataFrame({
        "place_id": ids, "name": names, "kind": kinds, "lat": lat, "lon": lon, "country": "XX",
        "source": "test", "admin1_id": [f"r:{i % 500}" for i in range(n_places)],
        "admin1_name": [f"Region {i % 500}" for i in range(n_places)],
    })  # fmt: skip
    # Every place is mentioned at least once; a few are mentioned a lot.
    extra = rng.zipf(1.6, n_places * 2) % n_places
    mentioned = np.concatenate([np.arange(n_places), extra])
    article = rng.integers(0, n_articles, len(mentioned))
    aids = np.array([f"a{k:06d}" for k in range(n_articles)])
    mentions = pd.DataFrame({
        "article_id": aids[article], "start": 0, "end": 1, "surface": np.array(names)[mentioned],
        "place_id": np.array(ids)[mentioned], "name": np.array(names)[mentioned],
        "kind": kinds[mentioned], "lat": lat[mentioned], "lon": lon[mentioned], "country": "XX",
    })  # fmt: skip
    months = np.array([f"2022-{m:02d}" for m in range(1, 13)])
    articles = pd.DataFrame({
        "article_id": aids, "title": aids, "month": months[np.arange(n_articles) % 12], "language": "en",
        "text": "", "body": "",
    })  # fmt: skip
    return Corpus(
        articles=conform("articles", articles), mentions=conform("mentions", mentions),
        places=conform("places", places),
    )  # fmt: skip
