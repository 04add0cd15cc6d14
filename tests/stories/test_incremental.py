"""Stories after a changed file: only the changed texts are read again, and the result is exactly a
from-scratch grouping (same stories, same ids)."""

from __future__ import annotations

import pytest

import components.stories.text_memo as text_memo
from components.stories import group_stories
from components.stories.cache import MEMO_PREFIX, stories_for
from components.stories.planted import planted_corpus


@pytest.fixture
def counted(monkeypatch) -> list[int]:
    """How many texts each evidence computation read."""
    calls: list[int] = []
    real = text_memo.text_evidence

    def counting(texts):
        calls.append(len(texts))
        return real(texts)

    monkeypatch.setattr(text_memo, "text_evidence", counting)
    return calls


def test_one_changed_article_reads_one_text_and_equals_a_fresh_grouping(tmp_path, counted):
    corpus = planted_corpus(400, seed=3).corpus
    (tmp_path / "manifest.json").write_text('{"state": 1}')
    first = stories_for(corpus, tmp_path)
    assert first == group_stories(corpus) and counted == [len(corpus.articles)]
    assert len(list(tmp_path.glob(f"{MEMO_PREFIX}*.parquet"))) == 1

    # One article rewritten (as after an edited file and a rebuild): a new cache state.
    story = max(first, key=lambda s: s.size)
    changed = story.article_ids[0]
    arts = corpus.articles.copy()
    row = arts.index[arts["article_id"] == changed][0]
    arts.loc[row, "body"] = "Nothing to do with it: the weather in a village, 12 degrees. " * 3
    arts.loc[row, "title"] = "Weather"
    edited = type(corpus)(**{**corpus.__dict__, "articles": arts})
    (tmp_path / "manifest.json").write_text('{"state": 2}')
    counted.clear()
    again = stories_for(edited, tmp_path)
    assert counted == [1]  # only the edited text was read
    assert again == group_stories(edited)  # exactly what a from-scratch grouping gives
    assert changed not in {a for s in again for a in s.article_ids}
    # Unchanged stories keep their ids; the edited one's id follows its new members.
    assert {s.story_id for s in first if changed not in s.article_ids} <= {s.story_id for s in again}
    assert story.story_id not in {s.story_id for s in again}

    # Another process (a new session) reads the stories file: nothing is computed.
    counted.clear()
    assert stories_for(edited, tmp_path) == again and counted == []


def test_a_damaged_memo_only_costs_time(tmp_path, counted):
    corpus = planted_corpus(120, seed=4).corpus
    (tmp_path / "manifest.json").write_text('{"state": 1}')
    first = stories_for(corpus, tmp_path)
    for memo in tmp_path.glob(f"{MEMO_PREFIX}*.parquet"):
        memo.write_bytes(b"not parquet")
    (tmp_path / "manifest.json").write_text('{"state": 2}')
    counted.clear()
    assert stories_for(corpus, tmp_path) == first and counted == [len(corpus.articles)]


def test_same_corpus_same_story_ids(tmp_path):
    a = group_stories(planted_corpus(300, seed=5).corpus)
    b = group_stories(planted_corpus(300, seed=5).corpus)
    assert [s.story_id for s in a] == [s.story_id for s in b] and len(a) > 20


def test_shingles_of_short_and_empty_texts():
    from components.stories.shingles import text_shingles

    got = text_shingles(["", "one two", "the weather in a village was cold " * 4, "a b c"])
    assert [len(s) for s in got][:2] == [0, 0] and len(got) == 4 and len(got[3]) == 0
    assert len(got[2]) > 0 and (got[2] == text_shingles(["the weather in a village was cold " * 4])[0]).all()
