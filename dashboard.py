"""News Atlas: where and when the news happens in a corpus of articles.

    streamlit run dashboard.py                       # the seed corpus in seeds/
    streamlit run dashboard.py -- --corpus DIR       # or NEWS_ATLAS_CORPUS=DIR (cache: NEWS_ATLAS_CACHE)

This entry script only sets up the page, the access gate, the shared sidebar filters and the
navigation; each page lives in app_pages/ and reads the shared filtered view from app_state.
"""

from __future__ import annotations

import streamlit as st
from PIL import Image, ImageDraw

from components.views.access import require_access
from components.views.app_state import absolute_share_url, render_sidebar, set_current_page, share_link
from components.views.data_issues_page import data_issues_link
from components.views.filters import PARAMS_HELP
from components.views.i18n import gettext as _
from components.views.i18n import language_selector

# (file, title, icon, url path); Overview is the default page. Titles are English msgids (i18n).
PAGES = [
    ("app_pages/overview.py", "Overview", ":material/dashboard:", "overview"),  # default: served at "/"
    ("app_pages/timeline.py", "Timeline", ":material/timeline:", "timeline"),
    ("app_pages/map.py", "Map", ":material/map:", "map"),
    ("app_pages/compare.py", "Compare", ":material/compare_arrows:", "compare"),
    ("app_pages/stories.py", "Stories", ":material/library_books:", "stories"),
    ("app_pages/articles.py", "Articles", ":material/article:", "articles"),
    ("app_pages/places.py", "Places", ":material/place:", "places"),
    ("app_pages/data_issues.py", "Data issues", ":material/report:", "issues"),
]


def _pages() -> list[st.Page]:
    """The listed pages plus a hidden copy of Overview at /overview: the default page is served at "/"
    only, and its own url_path is reserved but unreachable (so it gets a placeholder name)."""
    pages = [
        st.Page(file, title=_(title), icon=icon, url_path="home" if i == 0 else url_path, default=i == 0)
        for i, (file, title, icon, url_path) in enumerate(PAGES)
    ]
    file, title, icon, url_path = PAGES[0]
    return [*pages, st.Page(file, title=_(title), icon=icon, url_path=url_path, visibility="hidden")]


def _favicon() -> Image.Image:
    """A locally drawn favicon: an emoji or :material: icon (also a page's icon) is fetched online."""
    img = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.ellipse((4, 4, 60, 60), fill="#2563eb")
    draw.ellipse((22, 18, 42, 38), fill="#fde68a")
    return img


st.set_page_config(page_title="News Atlas", page_icon=_favicon(), layout="wide")
require_access()

page = st.navigation(_pages())
set_current_page(page.url_path)  # "" for the default page (Overview), served at the root
view = render_sidebar()
with st.sidebar:
    language_selector()
    data_issues_link()
    st.divider()
    share_box = st.container()  # filled after the page ran: the page may change its own URL parameters

page.run()

with share_box:
    st.markdown(f"[:material/link: {_('Share this view')}]({share_link()})", help=_(PARAMS_HELP))
    st.code(absolute_share_url(), language=None, wrap_lines=True)
