"""Stories: the articles that tell the same event, grouped across outlets and languages.

`?story=<id>` (a filter shared by every page) selects one; opening it shows it in Compare (`?compare=`).
"""

from components.views.app_state import empty_notice, page_header
from components.views.i18n import _
from components.views.stories_view import render_stories, unknown_story_warning

view = page_header(_("Stories"), ":material/library_books:")
unknown_story_warning(view)
if not empty_notice(view):
    render_stories(view)
