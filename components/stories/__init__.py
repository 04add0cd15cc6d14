"""Stories: the articles that tell the same event, grouped across outlets and languages (no Streamlit).

features   what grouping compares: day window by date precision, places weighted by kind and idf,
           names (spelling-independent skeletons) and numbers, sampled word n-gram hashes
grouping   candidate pairs from shared rare keys, pair scores, dense best-first clustering
stories    Story records (id from members, title, dates, key places, outlets, languages)
cache      stories computed once per state of the corpus, stored next to its cache
compare    for one story: who reported first, travelled quotations and passages, places only some
           outlets mention
planted    a corpus with planted stories and B-cubed scoring, for tests and benchmarks

Filtering by story (`?story=<id>`), for Map, Timeline and Articles once the shared filter is wired:
keep only the articles of `articles_in_story(stories, story_id)` (the cached stories come from
`components.views.stories_view.stories_of_corpus()`), as an article mask ANDed with the other filters,
and their mentions; an unknown id (the corpus changed) keeps nothing and says so; the parameter
belongs in share links like the other filter parameters. Story ids come from their members, so a link
stays valid while the story's articles stay the same.
"""

from components.stories.stories import Story, articles_in_story, group_stories, story_of_article

__all__ = ["Story", "articles_in_story", "group_stories", "story_of_article"]
