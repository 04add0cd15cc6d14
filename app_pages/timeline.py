"""Timeline: articles per month (and per day where the day is known), attention per place over time."""

from components.views.app_state import empty_notice, page_header
from components.views.charts import months_chart
from components.views.i18n import _
from components.views.timeline_view import render_timeline

view = page_header(_("Timeline"), ":material/timeline:")
if not empty_notice(view):
    render_timeline(view)
else:  # e.g. a month without articles: still show the months, greyed, to click another one
    months_chart(view, key="timeline_months")
