"""Corpus: files on disk -> parsed articles, with offsets into the original text; no places yet.

Modules in path order: `scanning` (list the corpus; loops, links out, FIFOs listed with a reason),
`readers` (one article per text/HTML file or JSONL/CSV row),
`decoding` (bytes -> text in whatever encoding), `article` (one source -> title, date, language, body),
`boilerplate` (notices, credits, teasers kept as spans), `posts` (embedded social-media posts),
`dates` (dates only as precise as known), `language` (nl/en/de and others), `sentences` (sentence spans),
`repeated_lines` (lines one outlet repeats across articles, marked when the cache is loaded).
"""
