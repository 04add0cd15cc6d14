"""Which language an article is written in (nl, en, de, and other European languages).

Most articles in these corpora are Dutch, English or German, and for those a count of a few dozen
function words decides at once. Anything less clear-cut goes to py3langid, whose model ships inside the
package (so detection works offline), restricted to the languages a news corpus plausibly holds.
"""

from __future__ import annotations

import re
from functools import lru_cache

CANDIDATES = [
    "nl",
    "en",
    "de",
    "fr",
    "es",
    "it",
    "pl",
    "uk",
    "ru",
    "pt",
    "sv",
    "da",
    "no",
    "cs",
    "ro",
    "hu",
    "fi",
]
SAMPLE_CHARS = 1500
_WORD = re.compile(r"[a-zäöüßéèë]+")
_FUNCTION_WORDS = {
    "nl": {
        "de",
        "het",
        "een",
        "en",
        "van",
        "dat",
        "zijn",
        "niet",
        "met",
        "voor",
        "op",
        "ook",
        "zich",
        "naar",
        "werd",
        "wordt",
        "door",
        "bij",
        "maar",
        "dan",
        "nog",
        "heeft",
        "hebben",
        "uit",
        "volgens",
        "deze",
    },
    "en": {
        "the",
        "and",
        "of",
        "to",
        "that",
        "is",
        "was",
        "for",
        "with",
        "on",
        "as",
        "by",
        "from",
        "have",
        "has",
        "were",
        "said",
        "it",
        "its",
        "are",
        "be",
        "this",
        "which",
        "after",
        "at",
        "their",
    },
    "de": {
        "der",
        "die",
        "das",
        "und",
        "nicht",
        "mit",
        "sich",
        "auf",
        "für",
        "ist",
        "den",
        "dem",
        "von",
        "wurde",
        "eine",
        "einen",
        "auch",
        "nach",
        "bei",
        "aus",
        "wie",
        "sind",
        "zu",
        "im",
        "sagte",
        "haben",
    },
}


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE)
    ident.set_languages(CANDIDATES)
    return ident


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None for text too short to tell."""
    sample = text[:SAMPLE_CHARS]
    words = _WORD.findall(sample.lower())
    if len(words) < 4:
        return None
    votes = {lang: sum(1 for w in words if w in fw) for lang, fw in _FUNCTION_WORDS.items()}
    ranked = sorted(votes.items(), key=lambda kv: -kv[1])
    (best, n1), (_, n2) = ranked[0], ranked[1]
    if n1 >= 8 and n1 >= 3 * max(n2, 1) and n1 >= 0.15 * len(words):
        return best
    lang, _score = _identifier().classify(sample)
    return str(lang)
