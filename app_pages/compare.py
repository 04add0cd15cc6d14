"""Compare: read two to four articles side by side, with the places and passages they share.

The selection lives in the URL (`?compare=id1,id2`) so a copied link reproduces the comparison.
"""

from components.views.app_state import page_header
from components.views.compare_page import render_compare

view = page_header("Compare", ":material/compare_arrows:")
render_compare(view)
