"""Articles: the filtered article table and a reader with highlighted places.

The article being read is in the URL (`?article=<id>`) so a copied link opens the same article.
"""

from components.views.app_state import page_header
from components.views.articles_page import render_articles

view = page_header("Articles", ":material/article:")
render_articles(view)
