"""Raw coordinate pairs in a text ("50.4501, 30.5234", "(48.0159° N, 37.8028° E)"): point candidates."""

from __future__ import annotations

import re

_COORDS = re.compile(
    r"\(?\s*(?P<lat>[-−]?\d{1,2}\.\d{3,})\s*°?\s*[NS]?\s*[,;]\s*(?P<lon>[-−]?\d{1,3}\.\d{3,})\s*°?\s*[EOW]?\s*\)?"
)
_COORD_HINT = re.compile(r"\d\.\d{3}")


def coordinate_pairs(text: str, skip: list[tuple[int, int]]) -> list[tuple[int, int, float, float]]:
    """(start, end, lat, lon) of each plausible pair outside the skip spans, the span as written."""
    out: list[tuple[int, int, float, float]] = []
    if not _COORD_HINT.search(text):  # the full pattern is slow to try at every position
        return out
    for m in _COORDS.finditer(text):
        lat = float(m["lat"].replace("−", "-"))
        lon = float(m["lon"].replace("−", "-"))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            continue
        s, e = m.start(), m.end()
        # Trim surrounding whitespace so that text[start:end] is exactly the pair as written.
        seg = text[s:e]
        s += len(seg) - len(seg.lstrip())
        e -= len(seg) - len(seg.rstrip())
        if any(a <= s < b for a, b in skip):
            continue
        out.append((s, e, lat, lon))
    return out
