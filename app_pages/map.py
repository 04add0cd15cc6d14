"""Map: every resolved place of the filtered view; select places to list the articles mentioning them."""

from components.views.app_state import empty_notice, page_header
from components.views.i18n import _
from components.views.map_view import render_map

view = page_header(_("Map"), ":material/map:")
if not empty_notice(view):
    render_map(view)
