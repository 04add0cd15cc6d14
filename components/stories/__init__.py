"""Stories: the articles that tell the same event, grouped across outlets and languages (no Streamlit).

features   what grouping compares: day window by date precision, places weighted by kind and idf,
           names (spelling-independent skeletons) and numbers, sampled word n-gram hashes
shingles   the n-gram hashes of many texts in one vectorised pass; common ones dropped
grouping   candidate pairs from shared rare keys, pair scores, dense best-first clustering
stories    Story records (id from members, title, dates, key places, outlets, languages)
cache      stories computed once per state of the corpus, stored next to its cache
text_memo  each article's text evidence beside the cache, so a rebuild reads only changed texts
compare    for one story: who reported first, travelled quotations and passages, places only some
           outlets mention
planted    a corpus with planted stories and B-cubed scoring, for tests and benchmarks

Filtering by story (`?story=<id>`) is a filter of `components.explore.filter_params` (StoryFilter):
the filtered view keeps the story's articles (an unknown id keeps nothing, with a notice). Story ids
come from their members, so a link stays valid while the story's articles stay the same.
"""

from components.stories.stories import Story, articles_in_story, find_story, group_stories, story_of_article

__all__ = ["Story", "articles_in_story", "find_story", "group_stories", "story_of_article"]
