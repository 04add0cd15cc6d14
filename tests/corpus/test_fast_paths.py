"""The corpus steps made faster for the build answer exactly as their plain definitions do: the consent
check with its keyword pre-filter, the control-character ratio as one regex, sentences yielded lazily."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from components.corpus import boilerplate, decoding, sentences
from components.corpus.sentences import iter_sentence_spans

PIECES = [
    "Cookie",
    "COOKIES",
    "Kookie",  # Kelvin sign: re.IGNORECASE matches k
    "ſocial media",  # long s: re.IGNORECASE matches s
    "ınhoud",  # dotless i
    "İnhalte nicht",
    "accepteer cookies",
    "Accept all social media",
    "Externe Inhalte",
    "content is not available",
    "Datenschutz-Einstellungen",
    "privacy settings",
    "deze inhoud",
    "enable JavaScript",
    "toestaan",
    "consent",
    "Kyiv",
    "de regering",
    " ",
    ".",
    "é",
    "ß",
    "\ufffd",
    "\x07",
    "\t",
    "\x0b",
    "Mr. Smith",
    "Dr. Who",
    "! ",
    "? ",
    "\n",
    "A",
    "2",
]
SETTINGS = settings(max_examples=400, deadline=None)


def _plain_consent(line: str) -> bool:
    return len(line) <= boilerplate.MAX_NOTICE_CHARS and bool(boilerplate._CONSENT.search(line))


def _plain_control_ratio(text: str, replaced_ok: bool = False) -> float:
    if not text:
        return 0.0
    bad = sum(
        1 for ch in text if (ord(ch) < 32 and ch not in "\t\n\r\f") or (ch == "\ufffd" and not replaced_ok)
    )
    return bad / len(text)


texts = st.lists(st.sampled_from(PIECES) | st.text(max_size=6), max_size=14).map("".join)


@SETTINGS
@given(texts)
def test_consent_prefilter_never_changes_the_answer(line):
    fast = len(line) <= boilerplate.MAX_NOTICE_CHARS and boilerplate._may_be_consent(line)
    assert (fast and bool(boilerplate._CONSENT.search(line))) == _plain_consent(line)


def test_consent_prefilter_rules_out_ordinary_lines():
    assert not boilerplate._may_be_consent("De regering in Kyiv sprak gisteren met de burgemeester.")
    assert boilerplate.classify_line("We gebruiken cookies. Accepteer cookies om deze inhoud te zien.")


@SETTINGS
@given(texts, st.booleans())
def test_control_ratio_is_the_plain_count(text, replaced_ok):
    assert decoding._control_ratio(text, replaced_ok) == _plain_control_ratio(text, replaced_ok)


def _plain_sentence_spans(text: str) -> list[tuple[int, int]]:
    """The list-building definition the generator replaced."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in sentences._END.finditer(text):
        if m.group().startswith(".") and sentences._is_abbreviation(text, m.start()):
            continue
        seg = text[start : m.end()]
        if len(seg.rstrip()) > len(seg) - len(seg.lstrip()):
            spans.append((start + len(seg) - len(seg.lstrip()), start + len(seg.rstrip())))
        start = m.end()
    seg = text[start:]
    if len(seg.rstrip()) > len(seg) - len(seg.lstrip()):
        spans.append((start + len(seg) - len(seg.lstrip()), start + len(seg.rstrip())))
    return spans


@SETTINGS
@given(texts)
def test_lazy_sentences_are_the_same_spans(text):
    assert list(iter_sentence_spans(text)) == _plain_sentence_spans(text)
    assert sentences.sentence_spans(text) == _plain_sentence_spans(text)
