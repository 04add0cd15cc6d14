"""The interface language: English source strings, Dutch from gettext catalogues (locales/nl/*.po).

Strings in the views are written in English and wrapped in `_()`, as gettext does, so a view author
never keeps keys in sync by hand; the .po files in `locales/nl/` (one per area of the interface) map
each English string to its Dutch text (babel reads them directly, no compile step). The language comes
from the `ui=` URL parameter, else the browser's language (st.context.locale), else English. A string
missing from the catalogue is shown in English rather than failing.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import streamlit as st
from babel.messages.pofile import read_po

LOCALES = Path(__file__).with_name("locales")
LANGUAGES = ("en", "nl")
DEFAULT_LANGUAGE = "en"
PARAM_UI = "ui"  # `lang` already filters the corpus by article language
_STATE_KEY = "ui_language"


@lru_cache(maxsize=len(LANGUAGES))
def catalogue(language: str) -> dict[str, str]:
    """msgid → msgstr for one language from every .po file in locales/<language>/ (fuzzy entries skipped)."""
    if language == DEFAULT_LANGUAGE:
        return {}
    out: dict[str, str] = {}
    for path in sorted((LOCALES / language).glob("*.po")):
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=language)
        out.update(
            {m.id: m.string for m in catalog if isinstance(m.id, str) and m.id and m.string and not m.fuzzy}
        )
    return out


def translate(text: str, language: str) -> str:
    """`text` in `language`, or `text` itself when the catalogue has no entry."""
    return catalogue(language).get(text, text) if language != DEFAULT_LANGUAGE else text


def choose_language(param: str | None, browser_locale: str | None) -> str:
    """The URL parameter wins, then the browser's language, then English."""
    for wanted in (param, browser_locale):
        code = (wanted or "").strip().lower().replace("_", "-").split("-")[0]
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


def current_language() -> str:
    """The language of this session's interface (decided once per run from the URL and the browser)."""
    param = st.query_params.get(PARAM_UI)
    if param is None and _STATE_KEY in st.session_state:
        return st.session_state[_STATE_KEY]
    try:
        browser = st.context.locale
    except Exception:  # no browser (AppTest, scripts): fall back to the default
        browser = None
    language = choose_language(param, browser)
    st.session_state[_STATE_KEY] = language
    return language


def gettext(text: str, **values: object) -> str:
    """Translate an English interface string, then fill `{name}` fields from `values`.

    Views import it the gettext way, `from components.views.i18n import gettext as _`."""
    out = translate(text, current_language())
    return out.format(**values) if values else out


_ = gettext  # inside this module


def number(n: int) -> str:
    """`n` with the interface language's thousands separator: 1,234 in English, 1.234 in Dutch."""
    text = f"{n:,}"
    return text.replace(",", ".") if current_language() == "nl" else text


def article_count(n: int) -> str:
    """'1 article' / '5 articles' in the interface language (the view summary's first part)."""
    return _("{n} article", n=number(n)) if n == 1 else _("{n} articles", n=number(n))


LANGUAGE_NAMES = {"en": "English", "nl": "Nederlands"}  # each in its own language


def language_selector() -> str:
    """A sidebar choice of interface language, kept in the URL (`ui=`) so a shared link keeps it."""
    current = current_language()
    chosen = st.selectbox(
        "Interface language / Taal",
        LANGUAGES,
        index=LANGUAGES.index(current),
        format_func=LANGUAGE_NAMES.get,
        key=f"ui_language_select_{current}",
    )
    if chosen != current:
        st.session_state[_STATE_KEY] = chosen
        st.query_params[PARAM_UI] = chosen
        st.rerun()
    return current
