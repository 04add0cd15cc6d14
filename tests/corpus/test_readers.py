"""Readers: one article per text or HTML file (HTML through trafilatura), one per JSONL/CSV row."""

from __future__ import annotations

from components.corpus.article import parse_source
from components.corpus.readers import read_file


def test_html_page_via_trafilatura(tmp_path):
    html = """<html><head><title>Raketten op Kiev | Nieuws</title>
    <meta property="og:site_name" content="Voorbeeldkrant"><meta name="date" content="2022-10-10"></head>
    <body><nav>Home | Sport</nav><article><h1>Raketten op Kiev</h1>
    <p>Maandagochtend werden Kiev en Lviv getroffen door een golf van Russische raketten.</p>
    <p>Ook in Dnipro en Zaporizja vielen doden, meldt de Oekraïense regering in een verklaring.</p>
    </article><footer>Cookies instellen</footer></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    (src,) = list(read_file(path, "page.html"))
    a = parse_source(src)
    assert "Raketten op Kiev" in a.title and a.title_source == "metadata"
    assert a.date.iso == "2022-10-10" and a.date_source == "metadata"
    assert "Lviv" in a.text and "Home | Sport" not in a.text
