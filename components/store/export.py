"""Places with their mention counts, as CSV or GeoJSON, for use in other tools (QGIS, kepler.gl, Excel)."""

from __future__ import annotations

import pandas as pd

from components.files import feature_collection, point_feature
from components.store.schema import Corpus


def place_counts(corpus: Corpus) -> pd.DataFrame:
    """One row per resolved place: mentions, articles, and the forms it was written as."""
    m = corpus.mentions.dropna(subset=["place_id"])
    if m.empty:
        cols = [
            "place_id",
            "name",
            "kind",
            "lat",
            "lon",
            "country",
            "mentions",
            "articles",
            "forms",
            "source",
        ]
        return pd.DataFrame(columns=cols)
    agg = m.groupby("place_id").agg(
        mentions=("place_id", "size"),
        articles=("article_id", "nunique"),
        forms=("surface", lambda s: " | ".join(sorted(set(s)))),
    )
    places = corpus.places.set_index("place_id")[["name", "kind", "lat", "lon", "country", "source"]]
    out = places.join(agg, how="inner").reset_index()
    out = out[
        ["place_id", "name", "kind", "lat", "lon", "country", "mentions", "articles", "forms", "source"]
    ]
    return out.sort_values(["mentions", "name"], ascending=[False, True]).reset_index(drop=True)


def to_csv(corpus: Corpus) -> str:
    return place_counts(corpus).to_csv(index=False)


def to_geojson(corpus: Corpus) -> str:
    """A Point per resolved place, its counts and spellings as properties."""
    features = (
        point_feature(
            float(r.lon),
            float(r.lat),
            {
                "place_id": r.place_id,
                "name": r.name,
                "kind": r.kind,
                "country": r.country,
                "mentions": int(r.mentions),
                "articles": int(r.articles),
                "forms": r.forms,
                "source": r.source,
            },
        )
        for r in place_counts(corpus).itertuples(index=False)
    )
    return feature_collection(features, indent=1)
