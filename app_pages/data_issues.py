"""Data issues: inputs the build could not read (file, row, reason) and names nothing could place."""

from components.views.app_state import page_header
from components.views.data_issues_page import render_data_issues
from components.views.i18n import gettext as _

view = page_header(_("Data issues"), ":material/report:")
render_data_issues(view)
