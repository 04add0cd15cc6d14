"""How the outlets of one story told it: who reported first, what travelled between them, and which
places only some of them mention. Pure functions over the corpus tables; the Stories page shows them.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pandas as pd
from rapidfuzz import fuzz

from components.explore.passages import DEFAULT_THRESHOLD, article_passages, find_quotes
from components.store.schema import Corpus
from components.stories.features import day_window
from components.stories.stories import Story

UNKNOWN_OUTLET = "?"
MAX_PASSAGE_ARTICLES = 12  # passages are compared pairwise: bound the pairs for a very large story


def outlet_of(value: object, article_id: str) -> str:
    """An article's outlet, or '? <id>' so articles of unknown outlets stay apart."""
    return value if isinstance(value, str) and value else f"{UNKNOWN_OUTLET} {article_id}"


@dataclass(frozen=True)
class OutletReport:
    """An outlet's earliest article in a story."""

    outlet: str
    article_id: str
    date: str
    precision: str
    order: int  # 1 = first (articles whose dates cannot be told apart share an order)
    certain: bool  # False when a less precise date could put another outlet first


def story_articles(corpus: Corpus, story: Story) -> pd.DataFrame:
    """The story's articles with their window of possible days (earliest first, then by id)."""
    arts = corpus.articles[corpus.articles["article_id"].isin(story.article_ids)].copy()
    windows = [day_window(d, p) for d, p in zip(arts["date"], arts["date_precision"], strict=True)]
    arts["first_day"] = [w[0] if w else None for w in windows]
    arts["last_day"] = [w[1] if w else None for w in windows]
    arts["outlet_label"] = [outlet_of(o, a) for o, a in zip(arts["outlet"], arts["article_id"], strict=True)]
    return arts.sort_values(["first_day", "last_day", "article_id"], na_position="last").reset_index(
        drop=True
    )


def first_reports(corpus: Corpus, story: Story) -> list[OutletReport]:
    """Each outlet's first article, in order of publication (as far as the dates' precision tells)."""
    arts = story_articles(corpus, story).drop_duplicates("outlet_label")
    out: list[OutletReport] = []
    order, latest_end = 0, None
    rows = arts[["outlet_label", "article_id", "date", "date_precision", "first_day", "last_day"]]
    for outlet, aid, value, precision, first, last in rows.itertuples(index=False, name=None):
        if latest_end is None or first > latest_end:
            order = len(out) + 1  # after everything before it: a new place in the order
        latest_end = last if latest_end is None else max(latest_end, last)
        out.append(OutletReport(outlet, str(aid), str(value), str(precision), order, True))
    orders = [r.order for r in out]
    return [
        OutletReport(r.outlet, r.article_id, r.date, r.precision, r.order, orders.count(r.order) == 1)
        for r in out
    ]


@dataclass(frozen=True)
class Travelled:
    """A quotation or passage that appears in two outlets' articles (from the earlier to the later)."""

    kind: str  # quote | sentence
    text: str  # as the earlier article has it
    from_outlet: str
    from_article: str
    to_outlet: str
    to_article: str
    to_text: str
    score: float


def travelled_passages(corpus: Corpus, story: Story, threshold: float = DEFAULT_THRESHOLD) -> list[Travelled]:
    """Passages and quotations shared by articles of different outlets, quotations first."""
    arts = story_articles(corpus, story).head(MAX_PASSAGE_ARTICLES)
    rows = list(
        arts[["article_id", "outlet_label", "text", "boilerplate"]].itertuples(index=False, name=None)
    )
    out: list[Travelled] = []
    for (a_id, a_out, a_text, a_boil), (b_id, b_out, b_text, b_boil) in itertools.combinations(rows, 2):
        if a_out == b_out or not isinstance(a_text, str) or not isinstance(b_text, str):
            continue
        for p in article_passages(a_text, a_boil or "[]", b_text, b_boil or "[]", threshold):
            quote = _travelled_quote(p.a_text, p.b_text, threshold)
            kind, text = ("quote", quote) if quote else (p.kind, p.a_text)
            out.append(Travelled(kind, text, a_out, str(a_id), b_out, str(b_id), p.b_text, p.score))
    return sorted(out, key=lambda t: (t.kind != "quote", -t.score, t.from_article, t.to_article, t.text))


def _travelled_quote(passage_a: str, passage_b: str, threshold: float) -> str | None:
    """The quotation inside a shared passage that the other side also has (a quote travels in a
    sentence that is otherwise reworded: "..., the mayor said" / "..., said the mayor")."""
    for quote in find_quotes(passage_a):
        if fuzz.partial_ratio(quote.text, passage_b) >= threshold:
            return quote.text
    return None


def place_coverage(corpus: Corpus, story: Story) -> pd.DataFrame:
    """Places × outlets: how many of each outlet's articles in the story mention the place.

    Columns: name, kind, the outlets (counts), n_outlets, and `partial` (mentioned by some outlets but
    not all), sorted by how many outlets mention the place.
    """
    arts = story_articles(corpus, story)[["article_id", "outlet_label"]].astype(str)
    m = corpus.mentions
    m = m.loc[
        m["article_id"].isin(story.article_ids) & m["place_id"].notna(),
        ["article_id", "place_id", "name", "kind"],
    ]
    m = m.astype(str).drop_duplicates(["article_id", "place_id"]).merge(arts, on="article_id")
    outlets = sorted(arts["outlet_label"].unique())
    if m.empty:
        return pd.DataFrame(columns=["place_id", "name", "kind", *outlets, "n_outlets", "partial"])
    table = pd.crosstab(m["place_id"], m["outlet_label"]).reindex(columns=outlets, fill_value=0)
    table["n_outlets"] = (table[outlets] > 0).sum(axis=1)
    table["partial"] = table["n_outlets"] < len(outlets)
    info = m.drop_duplicates("place_id").set_index("place_id")[["name", "kind"]]
    table = info.join(table).reset_index()
    return table.sort_values(["n_outlets", "name"], ascending=[False, True]).reset_index(drop=True)


def places_only_some(coverage: pd.DataFrame) -> dict[str, list[str]]:
    """Place name → the outlets that mention it, for places not every outlet mentions."""
    outlets = [c for c in coverage.columns if c not in ("place_id", "name", "kind", "n_outlets", "partial")]
    partial = coverage[coverage["partial"]]
    return {row["name"]: [o for o in outlets if row[o] > 0] for _, row in partial.iterrows()}
