"""Stories: the articles that tell the same event, grouped across outlets and languages (no Streamlit).

features   what grouping compares: day window by date precision, places weighted by kind and idf,
           names (spelling-independent skeletons) and numbers, sampled word n-gram hashes
grouping   candidate pairs from shared rare keys, pair scores, dense best-first clustering
stories    Story records (id from members, title, dates, key places, outlets, languages)
cache      stories computed once per state of the corpus, stored next to its cache
compare    for one story: who reported first, travelled quotations and passages, places only some
           outlets mention
planted    a corpus with planted stories and B-cubed scoring, for tests and benchmarks
"""

from components.stories.stories import Story, articles_in_story, group_stories, story_of_article

__all__ = ["Story", "articles_in_story", "group_stories", "story_of_article"]
