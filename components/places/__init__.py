"""Finding and placing the places an article names, offline first.

Text → candidate spans (with their cue words) → gazetteer readings → scored by named rules → one place
per span, with the reasons and the rejected alternatives. Modules, in path order:

- `tokens`: words with offsets, shared by every step;  `names`: exact keys and transliteration skeletons;
- `cues`: the cue-word table ("regio", "river", "Gebiet");  `candidates`: spans that may name a place;
- `gazetteer`: the place table, its name indexes and `PlaceRecord`;  `gazetteer_build`: one function per
  source (`gazetteer_world`: the world tables' ones);  `gazetteer_index`: the pickled index, keyed by
  this package's files;  `wordstats`: how ordinary a word is;
- `scoring`: prior and the mention's named rules;  `article_rules`: the article's own geography;
  `containment`: "Paris, Texas", "im Landkreis Ahrweiler", demonym + cue;  `resolve`: the two passes
  that choose a place per span;
- `geo`: great-circle distances;  `geocoders/`: optional online look-ups;  `data/`: the shipped sources.
"""
