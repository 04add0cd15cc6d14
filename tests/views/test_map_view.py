"""Map helpers without AppTest: sentence snippets with marked mentions, the map's extent."""

from __future__ import annotations


def test_sentence_snippets_mark_mentions_and_survive_bad_offsets():
    from components.views.map_view import sentence_snippets, snippet_html

    text = "Eerste zin. In <b>Cherson</b> en\nCherson vieren ze. Laatste."
    a = text.index("Cherson")
    b = text.index("Cherson", a + 1)
    s, e = text.index("In"), text.index("Laatste") - 1
    spans = [(a, a + 7, s, e), (b, b + 7, s, e), (50, 999, s, e), (None, 3, s, e), (a, a + 7, None, None)]
    snippets = sentence_snippets(text, spans)
    assert [p for p, marked in snippets[0].pieces if marked] == ["Cherson", "Cherson"]
    markup = snippet_html(snippets[0])
    assert "&lt;b&gt;" in markup and "<b>" not in markup  # corpus text stays text
    assert markup.count("<mark") == 2
    assert markup.startswith("In &lt;b&gt;<mark") and " en <mark" in markup  # spacing survives
    assert len(snippets) == 2  # the mention without a sentence gets a window around it


def test_map_extent_matches_the_chart_shape():
    from components.views.map_view import MAP_ASPECT, _merc, widen_to_aspect

    (lat_lo, lat_hi), (lon_lo, lon_hi) = widen_to_aspect((44.0, 57.0), (30.0, 38.0))
    import math

    ratio = math.radians(lon_hi - lon_lo) / (_merc(lat_hi) - _merc(lat_lo))
    assert abs(ratio - MAP_ASPECT) < 1e-6 and (lat_lo, lat_hi) == (44.0, 57.0)
    (lat_lo, lat_hi), lon = widen_to_aspect((48.0, 49.0), (0.0, 60.0))
    assert lon == (0.0, 60.0) and lat_lo < 48.0 and lat_hi > 49.0
