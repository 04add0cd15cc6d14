"""Exploring a loaded corpus, without Streamlit: what the dashboard asks of the data, as plain Python.

- `corpus_index`  CorpusIndex: per-article codes (months, days, languages, outlets, places) computed once
- `filtered_view` FilteredView and `apply`: the articles passing the filters, as one mask, and their counts
- `filter_params` FilterState and the URL parameters: parse (never raises), canonical links, a summary line
- `article_table` one row per article for the Articles table
- `compare`       the `?compare=` parameter, default picks, places shared between compared articles
- `passages`      sentences and quotes two articles share
- `highlight`     an article's text cut into segments of mentions, boilerplate and embedded posts
- `basemap`       the bundled offline map layer (topojson folder, admin-1 outlines)
"""
