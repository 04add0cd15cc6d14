"""The pieces grouping compares: date windows, name skeletons, number keys."""

from __future__ import annotations

from datetime import date

from story_helpers import CHERSON, EN_TEXT, KHERSON, NL_TEXT, OEKRAINE, UKRAINE, make_corpus

from components.stories.features import build_features, day_window, name_skeleton, number_key


def test_day_window_follows_the_date_precision():
    assert day_window("2022-11-11", "day") == (date(2022, 11, 11).toordinal(),) * 2
    first, last = day_window("2022-11", "month")
    assert (date.fromordinal(first), date.fromordinal(last)) == (date(2022, 11, 1), date(2022, 11, 30))
    assert day_window("2024-02", "month")[1] == date(2024, 2, 29).toordinal()
    assert day_window(None, None) is None
    assert day_window("2022-13", "month") is None


def test_name_skeleton_survives_transliteration():
    assert name_skeleton("Zelensky") == name_skeleton("Selenskyj") == name_skeleton("Zelenski")
    assert name_skeleton("Kuleba") == name_skeleton("Koeleba")
    assert name_skeleton("Khodorkovsky") == name_skeleton("Chodorkowski")
    assert name_skeleton("Kuleba") != name_skeleton("Reznikov")


def test_number_key_ignores_thousands_separators():
    assert number_key("30.000") == number_key("30,000") == number_key("30\u00a0000") == "#30000"
    assert number_key("3,5") == number_key("3.5") is None  # below MIN_NUMBER
    assert number_key("12,5") == "#12.5"
    assert number_key("7") is None


def test_features_weigh_countries_below_cities_and_skip_undated():
    corpus = make_corpus(
        [
            {"id": "a", "date": "2022-11-11", "text": EN_TEXT, "places": [KHERSON, UKRAINE]},
            {"id": "b", "date": "2022-11", "lang": "nl", "text": NL_TEXT, "places": [CHERSON, OEKRAINE]},
            {"id": "c", "date": "", "text": EN_TEXT, "places": [KHERSON]},
        ]
    )
    f = build_features(corpus)
    assert f.ids == ["a", "b"]
    city, country = f.place_ids.index("t:Kherson"), f.place_ids.index("t:Ukraine")
    assert f.places[0][city] > 5 * f.places[0][country]
    # The same name and number in two languages become the same entity keys.
    assert set(f.entities[0]) & set(f.entities[1])
