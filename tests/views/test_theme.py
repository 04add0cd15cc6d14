"""Kind colours stay apart for colour-blind readers; highlights stay light enough for dark text."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from components.views.theme import KIND_COLOURS, KIND_HIGHLIGHT

# Machado et al. (2009) simulation matrices at full severity, applied in linear RGB.
CVD = {
    "protanopia": [
        [0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]
    ],
    "deuteranopia": [
        [0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.01182, 0.04294, 0.968881]
    ],
    "tritanopia": [
        [1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.3039]
    ],
}  # fmt: skip
# CIE76 ΔE. The old palette failed: city/village 1.7 and country amber/region orange 2.1 (deuteranopia).
MIN_DELTA_E = 10.0


def _linear(hex_colour: str) -> np.ndarray:
    c = np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(linear_rgb: np.ndarray) -> np.ndarray:
    xyz = (
        np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ linear_rgb
    )
    f = xyz / np.array([0.9505, 1.0, 1.089])
    f = np.where(f > 0.008856, np.cbrt(f), 7.787 * f + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def _delta(a: str, b: str, matrix: list[list[float]] | None) -> float:
    x, y = _linear(a), _linear(b)
    if matrix is not None:
        x, y = np.clip(np.array(matrix) @ x, 0, 1), np.clip(np.array(matrix) @ y, 0, 1)
    return float(np.linalg.norm(_lab(x) - _lab(y)))


@pytest.mark.parametrize("vision", [None, *CVD])
def test_kind_colours_are_distinct_under_colour_blindness(vision):
    hues = sorted(set(KIND_COLOURS.values()))  # water kinds share one hue on purpose
    matrix = CVD[vision] if vision else None
    worst = min(_delta(a, b, matrix) for a, b in itertools.combinations(hues, 2))
    assert worst >= MIN_DELTA_E, (vision, worst)


def test_country_and_region_are_far_apart():
    for matrix in [None, *CVD.values()]:
        assert _delta(KIND_COLOURS["country"], KIND_COLOURS["region"], matrix) >= 15


def test_highlights_leave_dark_text_readable():
    for kind, colour in KIND_HIGHLIGHT.items():
        luminance = float(np.dot([0.2126, 0.7152, 0.0722], _linear(colour)))
        contrast = (luminance + 0.05) / (0.0 + 0.05 + 0.0061)  # against #111827 (luminance ~0.0061)
        assert contrast >= 7, (kind, contrast)  # WCAG AAA for normal text


def test_every_gazetteer_kind_has_a_colour_of_its_family():
    """Every kind the gazetteer can produce gets a real colour, never the grey of a point."""
    from components.places.gazetteer import KIND_CLASS
    from components.views.theme import KIND_COLOURS, kind_colour, kind_highlight

    grey = KIND_COLOURS["point"]
    missing = [k for k in KIND_CLASS if k != "point" and kind_colour(k) == grey]
    assert not missing, missing
    assert kind_colour("admin1") == kind_colour("region") and kind_colour("strait") == kind_colour("sea")
    assert kind_highlight("island") == kind_highlight("region")
    assert kind_colour("something new") == grey
