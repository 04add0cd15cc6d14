"""Words with their offsets: the one tokenisation that candidate finding, cue words and scoring share."""

from __future__ import annotations

import re

# A run of letters, hyphen-joined runs included ("Oost-Oekraïne"); digits and underscores split words.
TOKEN = re.compile(r"[^\W\d_]+(?:[-‐][^\W\d_]+)*")
MAX_GAP = 3  # characters allowed between the tokens of one name (spaces, a hyphen)


class Token:
    """A word with its offsets; `capital` is computed once because every step asks for it."""

    __slots__ = ("start", "end", "text", "capital")

    def __init__(self, start: int, end: int, text: str):
        self.start = start
        self.end = end
        self.text = text
        self.capital = text[0].isupper()


def tokens_of(text: str) -> list[Token]:
    return [Token(*m.span(), m.group()) for m in TOKEN.finditer(text)]


# Abbreviated first words of names, written with a dot: "St. Louis", "Mt. Everest", "Ft. Myers".
ABBREVIATED = frozenset({"St", "Ste", "Mt", "Ft"})


def adjacent(text: str, a: Token, b: Token) -> bool:
    """Are a and b parts of one name: only spaces or a hyphen, and few of them, between them? After an
    abbreviated word ("St. Louis") its dot too."""
    gap = text[a.end : b.start]
    if len(gap) > MAX_GAP:
        return False
    if gap.strip(" -‐\u00a0") == "":
        return True
    return gap[:1] == "." and len(gap) > 1 and gap[1:].strip(" \u00a0") == "" and a.text in ABBREVIATED
