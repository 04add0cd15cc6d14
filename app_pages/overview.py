"""Overview: headline figures, the timeline and the most-mentioned places of the filtered view."""

from components.views.app_state import empty_notice, page_header
from components.views.charts import render_overview
from components.views.i18n import _

view = page_header(_("Overview"), ":material/dashboard:")
if not empty_notice(view):
    render_overview(view)
