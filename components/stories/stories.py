"""Stories of a corpus: the groups of articles telling one event, with what a reader needs to pick one."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass

from components.store.schema import Corpus
from components.stories.features import Features, TextEvidence, build_features, text_evidence
from components.stories.grouping import Edge, cluster, scored_edges, story_id

KEY_PLACES = 5


@dataclass(frozen=True)
class Story:
    """One event as several articles tell it."""

    story_id: str  # from its members: stable while the members stay the same
    title: str  # the title of its most central article
    central_id: str  # that article
    first_date: str  # the earliest article date ('YYYY-MM' or 'YYYY-MM-DD', as precise as known)
    last_date: str
    key_places: tuple[str, ...]  # the most specific places most members share (English names)
    outlets: tuple[str, ...]
    languages: tuple[str, ...]
    article_ids: tuple[str, ...]  # sorted

    @property
    def size(self) -> int:
        return len(self.article_ids)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> Story:
        tuples = ("key_places", "outlets", "languages", "article_ids")
        return cls(**{k: tuple(v) if k in tuples else v for k, v in d.items()})


def _central(group: list[int], edges_of: dict[int, dict[int, float]]) -> int:
    """The member most strongly linked to the others (ties: the lowest position)."""
    inside = set(group)
    return max(group, key=lambda i: (sum(s for j, s in edges_of.get(i, {}).items() if j in inside), -i))


def _key_places(group: list[int], f: Features, names: dict[str, str]) -> tuple[str, ...]:
    """Places most members mention, the more specific first."""
    score: Counter[int] = Counter()
    count: Counter[int] = Counter()
    for i in group:
        for p, w in f.places[i].items():
            score[p] += w
            count[p] += 1
    ranked = sorted(score, key=lambda p: (-min(count[p], 2), -score[p], f.place_ids[p]))
    out = []
    for p in ranked:
        name = names.get(f.place_ids[p], f.place_ids[p])
        if name not in out:
            out.append(name)
        if len(out) == KEY_PLACES:
            break
    return tuple(out)


def _values(column) -> list:
    """A column as Python values, missing ones as None."""
    return column.astype(object).where(column.notna(), None).tolist()


def make_stories(corpus: Corpus, f: Features, groups: list[list[int]], edges: list[Edge]) -> list[Story]:
    """Story records for clusters of feature positions, newest first (ties by id)."""
    edges_of: dict[int, dict[int, float]] = {}
    for e in edges:
        edges_of.setdefault(e.a, {})[e.b] = e.score
        edges_of.setdefault(e.b, {})[e.a] = e.score
    arts = corpus.articles
    ids_all = arts["article_id"].astype(str).tolist()
    date_of = dict(zip(ids_all, arts["date"].astype(object).where(arts["date"].notna(), None), strict=True))
    title_of = dict(
        zip(ids_all, arts["title"].astype(object).where(arts["title"].notna(), None), strict=True)
    )
    names = dict(zip(corpus.places["place_id"].astype(str), corpus.places["name"].astype(str), strict=True))
    stories = []
    for group in groups:
        ids = sorted(f.ids[i] for i in group)
        central = f.ids[_central(group, edges_of)]
        dates = [date_of[a] for a in ids if date_of[a]]
        title = title_of[central]
        stories.append(
            Story(
                story_id=story_id(ids),
                title=str(title) if title else central,
                central_id=central,
                first_date=min(dates),
                last_date=max(dates),
                key_places=_key_places(group, f, names),
                outlets=tuple(sorted({f.outlet[i] for i in group if f.outlet[i]})),
                languages=tuple(sorted({f.language[i] for i in group if f.language[i]})),
                article_ids=tuple(ids),
            )
        )
    return sorted(stories, key=lambda s: (s.first_date, s.story_id), reverse=True)


def group_stories(
    corpus: Corpus, evidence: Callable[[list[str]], list[TextEvidence]] = text_evidence
) -> list[Story]:
    """All stories of a corpus (articles without a date belong to none); `evidence`: see build_features."""
    f = build_features(corpus, evidence)
    edges = scored_edges(f)
    return make_stories(corpus, f, cluster(len(f.ids), edges), edges)


def articles_in_story(stories: list[Story], story_id: str | None) -> list[str]:
    """The article ids of one story (empty for an unknown id): what a `story=` URL filter keeps."""
    for s in stories:
        if s.story_id == story_id:
            return list(s.article_ids)
    return []


def story_of_article(stories: list[Story]) -> dict[str, str]:
    """article id → story id (an article belongs to at most one story)."""
    return {a: s.story_id for s in stories for a in s.article_ids}


def find_story(stories: list[Story], story_id: str | None) -> Story | None:
    """The story with this id, None when the corpus has none such (it changed since the link)."""
    return next((s for s in stories if s.story_id == story_id), None)
