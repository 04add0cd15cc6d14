"""Places: every place of the filtered view with counts, forms and rejected alternatives; CSV/GeoJSON."""

from components.views.app_state import empty_notice, page_header
from components.views.places_view import render_places

view = page_header("Places", ":material/place:")
if not empty_notice(view):
    render_places(view)
