"""Which language an article is written in (nl, en, de, and other European languages).

py3langid ships its model inside the package, so detection works offline; restricting it to the
languages a news corpus plausibly holds makes it both faster and more accurate on short texts.
"""

from __future__ import annotations

from functools import lru_cache

CANDIDATES = ["nl", "en", "de", "fr", "es", "it", "pl", "uk", "ru", "pt", "sv", "da", "no", "cs", "ro", "hu", "fi"]
SAMPLE_CHARS = 1500


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE)
    ident.set_languages(CANDIDATES)
    return ident


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None for text too short to tell."""
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < 20:
        return None
    lang, _score = _identifier().classify(sample)
    return str(lang)
