"""The optional Nominatim path, against a real HTTP server on 127.0.0.1 that answers Nominatim's /search API.

Found names are placed and cached; unknown names are cached as unknown; timeouts, HTTP 429 and 500 and a
dead server leave the name unresolved with the reason, and everything else in the build is unaffected.
The default build never sends a request.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest

from components.store import build, load

VILLAGE = {
    "place_id": 1,
    "osm_type": "node",
    "osm_id": 337013,
    "lat": "48.5447",
    "lon": "37.9568",
    "display_name": "Klishchiivka, Bakhmut Raion, Donetsk Oblast, Ukraine",
    "class": "place",
    "type": "village",
    "name": "Klishchiivka",
    "address": {"country_code": "ua"},
}


class FakeNominatim(BaseHTTPRequestHandler):
    requests: list[tuple[float, str, str]] = []

    def do_GET(self):  # noqa: N802 - http.server API
        url = urlparse(self.path)
        q = parse_qs(url.query).get("q", [""])[0]
        FakeNominatim.requests.append((time.monotonic(), q, self.headers.get("User-Agent", "")))
        if url.path != "/search":
            return self._send(404, {"error": "not found"})
        if q == "Traagdorp":
            time.sleep(1.5)  # longer than the client's timeout
        if q == "Drukdorp":
            return self._send(429, {"error": "Too Many Requests"})
        if q == "Kapotdorp":
            return self._send(500, {"error": "Internal Server Error"})
        self._send(200, [VILLAGE] if q == "Klisjtsjiivka" else [])

    def _send(self, status: int, body) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError):  # the client gave up (timeout test)
            self.wfile.write(data)

    def log_message(self, *args):  # keep test output clean
        pass


@pytest.fixture
def server():
    FakeNominatim.requests = []
    srv = ThreadingHTTPServer(("127.0.0.1", 0), FakeNominatim)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "a.txt").write_text(
        " date 2022-06 Oekraïense troepen heroverden het dorp Klisjtsjiivka bij Bachmoet.\n", encoding="utf-8"
    )
    (root / "b.txt").write_text(
        " date 2022-07 Gevechten in het dorp Nergensdorp, het dorp Drukdorp en het dorp "
        "Kapotdorp bij Charkiv.\n",
        encoding="utf-8",
    )
    (root / "c.txt").write_text(
        " date 2022-08 Beschietingen bij het dorp Traagdorp in de regio Cherson.\n", encoding="utf-8"
    )
    return root


@pytest.fixture
def geo_env(monkeypatch, tmp_path, server, gazetteer):
    from components.store import cache_root

    monkeypatch.setenv("NEWS_ATLAS_NOMINATIM_URL", server)
    monkeypatch.setenv("NEWS_ATLAS_GEOCODER_TIMEOUT", "0.5")
    monkeypatch.setenv("NEWS_ATLAS_GEOCODER_DELAY", "0.2")
    monkeypatch.setenv("NEWS_ATLAS_USER_AGENT", "news-atlas-test/1.0")
    geo_cache = tmp_path / "geo"
    geo_cache.mkdir()
    # the gazetteer index is shared with the session; only the geocoder's answers go to a fresh folder
    for p in cache_root().glob("gazetteer-*.pickle"):
        (geo_cache / p.name).symlink_to(p)
    monkeypatch.setenv("NEWS_ATLAS_CACHE", str(geo_cache))
    return geo_cache


def _by_surface(corpus):
    return {m.surface: m for m in corpus.mentions.itertuples(index=False)}


def test_nominatim_places_found_names_and_lists_failures(corpus, tmp_path, geo_env):
    stats = build(corpus, tmp_path / "cache", geocoder="nominatim")
    assert stats.files == 3 and stats.errors == 0
    c = load(tmp_path / "cache")
    m = _by_surface(c)
    village = m["dorp Klisjtsjiivka"]
    assert village.place_id == "nom:N337013" and village.kind == "village" and village.country == "UA"
    assert abs(village.lat - 48.5447) < 1e-6
    assert "Klishchiivka" in set(c.places["name"])
    assert "unknown to nominatim" in m["dorp Nergensdorp"].reason
    for surface, why in (("dorp Drukdorp", "429"), ("dorp Kapotdorp", "500"), ("dorp Traagdorp", "TimedOut")):
        assert pd.isna(m[surface].place_id)
        assert "nominatim failed" in m[surface].reason and why.lower() in m[surface].reason.lower(), m[
            surface
        ].reason
    # the rest of each article is unaffected
    assert m["Bachmoet"].name == "Bakhmut" and m["Charkiv"].name == "Kharkiv"
    assert m["regio Cherson"].name == "Kherson Oblast"
    agents = {ua for _, _, ua in FakeNominatim.requests}
    assert agents == {"news-atlas-test/1.0"}


def test_requests_go_through_the_rate_limiter(corpus, tmp_path, geo_env, monkeypatch):
    """geopy's RateLimiter waits between requests; record its waits instead of timing the server."""
    from geopy.extra.rate_limiter import RateLimiter

    waits: list[float] = []
    clock = [1000.0]

    def fake_sleep(self, seconds):
        waits.append(seconds)
        clock[0] += seconds

    monkeypatch.setattr(RateLimiter, "_sleep", fake_sleep)
    monkeypatch.setattr(RateLimiter, "_clock", lambda self: clock[0])
    monkeypatch.setenv("NEWS_ATLAS_GEOCODER_DELAY", "30")
    build(corpus, tmp_path / "cache", geocoder="nominatim")
    assert len(FakeNominatim.requests) == 5, [q for _, q, _ in FakeNominatim.requests]
    assert len(waits) == 4 and all(0 < w <= 30 for w in waits), waits


def test_answers_are_cached_and_failures_retried(corpus, tmp_path, geo_env):
    build(corpus, tmp_path / "cache", geocoder="nominatim")
    first = [q for _, q, _ in FakeNominatim.requests]
    assert sorted(first) == sorted(["Klisjtsjiivka", "Nergensdorp", "Drukdorp", "Kapotdorp", "Traagdorp"])
    assert (geo_env / "geocoder-nominatim.json").exists()
    FakeNominatim.requests.clear()
    for f in corpus.iterdir():  # change every file so all are processed again
        f.write_text(f.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    build(corpus, tmp_path / "cache", geocoder="nominatim")
    again = sorted(q for _, q, _ in FakeNominatim.requests)
    assert again == sorted(["Drukdorp", "Kapotdorp", "Traagdorp"]), (
        "found and unknown answers come from the cache"
    )


def test_dead_server_leaves_names_unresolved(corpus, tmp_path, geo_env, monkeypatch):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]
    monkeypatch.setenv("NEWS_ATLAS_NOMINATIM_URL", f"http://127.0.0.1:{dead}")
    stats = build(corpus, tmp_path / "cache", geocoder="nominatim")
    c = load(tmp_path / "cache")
    m = _by_surface(c)
    assert stats.errors == 0 and len(c.articles) == 3
    assert "nominatim failed" in m["dorp Klisjtsjiivka"].reason
    assert m["Bachmoet"].name == "Bakhmut"


def test_default_build_never_goes_online(corpus, tmp_path, geo_env):
    build(corpus, tmp_path / "cache")
    assert FakeNominatim.requests == []
    c = load(tmp_path / "cache")
    assert _by_surface(c)["dorp Klisjtsjiivka"].reason == "not in the offline gazetteer"
