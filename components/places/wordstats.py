"""How ordinary a word is, per language, from wordfreq — precomputed into the gazetteer index.

The resolver asks "is 'Hier' / 'Mobile' / 'Poetin' an ordinary word?" for every candidate and its
neighbours. wordfreq answers well but takes ~0.7 s to import and load; the answers needed (words at or
above a Zipf frequency of 3 in the corpus languages) fit in a small table stored with the index.
"""

from __future__ import annotations

LANGUAGES = ("nl", "en", "de")
MIN_ZIPF = 3.0


def build_table() -> dict[str, dict[str, int]]:
    """{lang: {lower-cased word: round(zipf * 10)}} for words with zipf >= MIN_ZIPF."""
    from wordfreq import get_frequency_dict, zipf_frequency

    table: dict[str, dict[str, int]] = {}
    for lang in LANGUAGES:
        words = {}
        for word in get_frequency_dict(lang):
            z = zipf_frequency(word, lang)
            if z < MIN_ZIPF:
                break  # the dict is ordered by frequency
            words[word] = round(z * 10)
        table[lang] = words
    return table


def zipf(table: dict[str, dict[str, int]], word: str, lang: str | None) -> float:
    """Zipf frequency of word in lang (English for languages not in the table); 0 below MIN_ZIPF."""
    words = table.get(lang or "en") or table.get("en", {})
    return words.get(word.lower(), 0) / 10
