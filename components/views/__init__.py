"""The dashboard's Streamlit code (the only part of components/ importing streamlit): what the pages draw.

- `app_state`     corpus loading, the shared filtered view, share links, page header
- `filters`       the sidebar filter widgets, kept in sync with the URL
- `access`        the optional access gate
- `theme`         kind colours and fonts shared by the reader, charts and map
- `charts`        Overview and Timeline: plotly figures; clicks set filters
- `map_view`      the Map page: places over the offline base layer, articles for the selection
- `places_view`   the Places page: the place table with CSV / GeoJSON downloads
- `reader`        escaped, highlighted article HTML (text, posts, metadata, legend, chips)
- `compare_view`  HTML for place chips and aligned shared passages
- `article_view`  `show_article`: one highlighted article, as Articles and Compare show it
- `articles_page` the Articles page: the filtered table and the reader with its side panel
- `compare_page`  the Compare page: picker, shared places, articles side by side, shared passages
"""
