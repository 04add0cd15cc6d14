"""Places helpers without AppTest: rejected alternatives and the GeoJSON download."""

from __future__ import annotations


def test_rejected_alternatives_and_geojson():
    import json

    from components.explore.corpus_index import CorpusIndex
    from components.explore.filter_params import FilterState
    from components.views.places_view import places_table, rejected_alternatives, to_geojson
    from tests.explore.sample_corpus import make_corpus

    corpus = make_corpus()
    corpus.mentions.loc[0, "candidates"] = "{not json"
    index = CorpusIndex(corpus)
    rejected = rejected_alternatives(index)
    kherson = index.place_code["gn:1"]
    assert rejected[kherson] == "Decoy (town, RU) ×3"
    table = places_table(index.view(FilterState()), rejected)
    geo = json.loads(to_geojson(table))
    assert len(geo["features"]) == len(table) == 5
    first = geo["features"][0]
    assert first["geometry"]["coordinates"] == [32.61, 46.64] and first["properties"]["name"] == "Kherson"
