"""What grouping compares about an article: its time window, places, names, numbers and text shingles.

Everything is reduced to integer feature ids (interned strings, so no hash seed can change a result) so
that candidate pairs come from sorting arrays rather than from comparing every pair of articles.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from components.store.schema import Corpus
from components.stories.shingles import drop_common, text_shingles

# A country says little about which event an article tells ("Ukraine"), a region a bit more; the
# inverse document frequency then separates the common cities from the specific ones.
KIND_FACTOR = {"country": 0.15, "region": 0.5}
MIN_NUMBER = 10  # "2 soldiers", "3 days": single digits match by chance
MIN_NAME_SKELETON = 3
LEAD_CHARS = 2500  # the lead tells the event; later paragraphs are background shared by much coverage

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Names (a capitalised word after a word or comma: inside a sentence, not a sentence start) and
# numbers, in one pass: group 1 is a name, group 2 a number.
# The space comes first and the lookbehind checks the character before it: the same matches, but the
# engine can skip to spaces and digits (1.5x faster).
_ENTITY = re.compile(
    r" (?<=[\w,;] )([A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:[-'][A-Za-zß-öø-ÿ]+)*)"
    r"|(\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+|\d+(?:[.,]\d+)?)"
)
_SKELETON_SUBS = (
    ("tsch", "c"),
    ("sch", "s"),
    ("tsj", "c"),
    ("tch", "c"),
    ("ch", "c"),
    ("sj", "s"),
    ("zj", "z"),
    ("sh", "s"),
)


@dataclass
class Features:
    """Per-article features of a corpus, aligned with `ids` (articles without a date are left out)."""

    ids: list[str]
    language: list[str]
    outlet: list[str]
    start: np.ndarray  # first possible day (ordinal), by the date's precision
    end: np.ndarray  # last possible day
    places: list[dict[int, float]]  # place feature id → weight (kind factor × idf)
    entities: list[dict[int, float]]  # names and numbers → idf weight (cross-language evidence)
    shingles: list[frozenset[int]]  # sampled word n-gram hashes (within-language evidence)
    place_ids: list[str] = field(default_factory=list)  # place feature id → place_id


def day_window(value: object, precision: object) -> tuple[int, int] | None:
    """The days an article's date allows: one day, or the whole month for a month-only date."""
    if not isinstance(value, str) or len(value) < 7:
        return None
    try:
        year, month = int(value[:4]), int(value[5:7])
        if precision == "day" and len(value) >= 10:
            d = date(year, month, int(value[8:10])).toordinal()
            return d, d
        last = calendar.monthrange(year, month)[1]
        return date(year, month, 1).toordinal(), date(year, month, last).toordinal()
    except ValueError:
        return None


def name_skeleton(word: str) -> str:
    """A spelling-independent key for a name: Zelensky/Selenskyj/Zelenski, Kuleba/Koeleba agree."""
    s = unicodedata.normalize("NFKD", word.lower())
    s = "".join(c for c in s if c.isascii() and c.isalpha())
    for old, new in _SKELETON_SUBS:
        s = s.replace(old, new)
    s = s.replace("z", "s").replace("k", "c").replace("w", "v").replace("ph", "f")
    out: list[str] = []
    for c in s:
        if c not in "aeiouyjh" and (not out or out[-1] != c):
            out.append(c)
    return "".join(out)


def number_key(token: str) -> str | None:
    """'30.000', '30,000' and '30 000' are one number; decimals keep their fraction; small ones drop."""
    t = re.sub(r"[\u00a0\u202f ]", "", token)
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", t):
        t = re.sub(r"[.,]", "", t)
    try:
        value = float(t.replace(",", "."))
    except ValueError:
        return None
    return f"#{value:g}" if value >= MIN_NUMBER else None


class _Keys:
    """Memoised token → key functions (names and words repeat across a corpus) and interning to ints."""

    def __init__(self, place_words: set[str]) -> None:
        self.place_words = place_words
        self.names: dict[str, str] = {}
        self.entity_ids: dict[str, int] = {}
        self.place_ids: dict[str, int] = {}

    def entities(self, names: Iterable[str], numbers: Iterable[str]) -> list[int]:
        """Names that are no place word (by spelling skeleton) and number keys, as sorted ids."""
        keys = set(numbers)
        for w in names:
            k = self.names.get(w)
            if k is None:
                k = "" if w.lower() in self.place_words else name_skeleton(w)
                self.names[w] = k = "@" + k if len(k) >= MIN_NAME_SKELETON else ""
            if k:
                keys.add(k)
        ids = self.entity_ids
        return [ids.setdefault(k, len(ids)) for k in sorted(keys)]


@dataclass(frozen=True)
class TextEvidence:
    """What grouping takes from an article's text alone (no corpus-wide state): reusable while the
    text is unchanged (`components.stories.text_memo`)."""

    names: tuple[str, ...]  # capitalised words inside a sentence, as written, sorted
    numbers: tuple[str, ...]  # number keys ('#30000'), sorted
    shingles: np.ndarray  # sorted unique sampled n-gram hashes (uint64)


def text_evidence(texts: list[str]) -> list[TextEvidence]:
    """The names, numbers and shingles of each text (the costly part of grouping: regex and hashing)."""
    numbers: dict[str, str | None] = {}
    out = []
    for text, shingles in zip(texts, text_shingles(texts), strict=True):
        names, nums = set(), set()
        for w, t in _ENTITY.findall(text):
            if w:
                names.add(w)
            else:
                k = numbers[t] if t in numbers else numbers.setdefault(t, number_key(t))
                if k:
                    nums.add(k)
        out.append(TextEvidence(tuple(sorted(names)), tuple(sorted(nums)), shingles))
    return out


def _lead(body: str | None, title: str | None) -> str:
    """The text grouping reads: the lead, with the title when the body does not start with it."""
    text = (body or "")[:LEAD_CHARS]
    if title and title not in text[: len(title) + 200]:
        text = f"{title}.\n{text}"
    return text


def _idf(docs: list[list[int]], n_features: int) -> np.ndarray:
    df = np.zeros(n_features, dtype=np.int64)
    for d in docs:
        df[d] += 1
    return np.log((1 + len(docs)) / (1 + df)) + 1.0


def _article_places(corpus: Corpus) -> tuple[dict[str, list[str]], dict[str, str], set[str]]:
    """Each article's resolved place ids, each place's kind, and every word of a place mention."""
    m = corpus.mentions
    m = m.loc[m["place_id"].notna(), ["article_id", "place_id", "kind", "surface"]]
    pairs = m[["article_id", "place_id"]].drop_duplicates().astype(str)
    # split one sorted array by article (a groupby-to-list runs Python per group: 10x slower)
    codes, articles = pd.factorize(pairs["article_id"])
    order = np.argsort(codes, kind="stable")
    bounds = np.flatnonzero(np.diff(codes[order])) + 1
    places: dict[str, list[str]] = {}
    if len(order):
        chunks = np.split(pairs["place_id"].to_numpy(dtype=object)[order], bounds)
        owners = articles[codes[order[np.r_[0, bounds]]]]
        places = {str(a): chunk.tolist() for a, chunk in zip(owners, chunks, strict=True)}
    kinds = m[["place_id", "kind"]].drop_duplicates("place_id").astype(str)
    surfaces = m["surface"].astype(str).unique().tolist()
    words = {w.lower() for s in surfaces for w in _WORD.findall(s)}
    return places, dict(zip(kinds["place_id"], kinds["kind"], strict=True)), words


def build_features(
    corpus: Corpus, evidence: Callable[[list[str]], list[TextEvidence]] = text_evidence
) -> Features:
    """Features of every dated article of the corpus, in article-id order.

    `evidence` gives the text evidence of a list of texts: `text_evidence`, or a memo of it that
    computes only texts it has not seen (the rest is cheap and corpus-wide, so it is always redone).
    """
    arts = corpus.articles.sort_values("article_id", kind="stable")
    places_of, kinds, place_words = _article_places(corpus)
    keys = _Keys(place_words)
    out = Features([], [], [], np.zeros(0), np.zeros(0), [], [], [])
    starts, ends, p_docs, texts = [], [], [], []
    columns = ["article_id", "date", "date_precision", "language", "outlet", "body", "title"]
    rows = zip(*(arts[c].astype(object).where(arts[c].notna(), None).tolist() for c in columns), strict=True)
    for aid, value, precision, lang, outlet, body, title in rows:
        window = day_window(value, precision)
        if window is None:
            continue
        out.ids.append(str(aid))
        out.language.append(lang or "")
        out.outlet.append(outlet or "")
        starts.append(window[0])
        ends.append(window[1])
        p_docs.append(
            [keys.place_ids.setdefault(p, len(keys.place_ids)) for p in sorted(places_of.get(str(aid), []))]
        )
        texts.append(_lead(body, title))
    found = evidence(texts)
    e_docs = [keys.entities(ev.names, ev.numbers) for ev in found]
    out.place_ids = list(keys.place_ids)
    factor = np.array([KIND_FACTOR.get(kinds.get(p, ""), 1.0) for p in out.place_ids])
    p_weight = (_idf(p_docs, len(out.place_ids)) * factor).tolist()
    e_weight = _idf(e_docs, len(keys.entity_ids)).tolist()
    out.places = [{p: p_weight[p] for p in d} for d in p_docs]
    out.entities = [{e: e_weight[e] for e in d} for d in e_docs]
    out.start, out.end = np.array(starts, dtype=np.int64), np.array(ends, dtype=np.int64)
    out.shingles = drop_common([ev.shingles for ev in found])
    return out
