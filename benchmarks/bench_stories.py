"""Story grouping benchmark: B-cubed on planted stories, and time at 10k / 100k articles.

    python benchmarks/bench_stories.py                       # quality at 2k/10k, time at 10k and 100k
    python benchmarks/bench_stories.py --sizes 10000 --build-n 1000

Quality: B-cubed precision / recall / F1 of `group_stories` against the planted truth
(`components.stories.planted`: events written up by several nl/en/de outlets, singletons and same-town
"near misses" around them). Time: each stage (features, candidate pairs + scores, clustering) on planted
corpora and on `store.synthetic.corpus_tables` (20 places only: the worst case for candidate pairs).
With --build-n, a cold build of that many synthetic files on this machine gives the per-article build
cost that grouping is compared with (the target: grouping adds <= 20 % to the build at 100k).
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from components.stories.features import build_features  # noqa: E402
from components.stories.grouping import cluster, scored_edges  # noqa: E402
from components.stories.planted import bcubed, planted_corpus  # noqa: E402
from components.stories.stories import make_stories, story_of_article  # noqa: E402


def timed_grouping(corpus) -> tuple[list, dict[str, float]]:
    """group_stories, stage by stage, with each stage's wall time."""
    times = {}
    t = time.perf_counter()
    f = build_features(corpus)
    times["features"] = time.perf_counter() - t
    t = time.perf_counter()
    edges = scored_edges(f)
    times["pairs"] = time.perf_counter() - t
    t = time.perf_counter()
    stories = make_stories(corpus, f, cluster(len(f.ids), edges), edges)
    times["cluster"] = time.perf_counter() - t
    times["total"] = sum(times.values())
    return stories, times


def quality(n: int, seeds: list[int]) -> None:
    for seed in seeds:
        planted = planted_corpus(n, seed=seed)
        stories, times = timed_grouping(planted.corpus)
        p, r, f1 = bcubed(story_of_article(stories), planted.gold)
        print(
            f"planted n={n:>6} seed={seed}: B-cubed P={p:.3f} R={r:.3f} F1={f1:.3f}; "
            f"{len(stories)} stories; {times['total']:.1f} s"
        )


def speed(n: int) -> float:
    planted = planted_corpus(n, seed=0)
    stories, times = timed_grouping(planted.corpus)
    p, r, f1 = bcubed(story_of_article(stories), planted.gold)
    stages = ", ".join(f"{k} {v:.1f} s" for k, v in times.items())
    print(f"planted n={n:>6}: {stages}; {1e3 * times['total'] / n:.2f} ms/article; F1={f1:.3f}")
    from components.store.synthetic import corpus_tables

    synthetic = corpus_tables(n)
    _stories, times = timed_grouping(synthetic)
    stages = ", ".join(f"{k} {v:.1f} s" for k, v in times.items())
    print(f"synthetic n={n:>6}: {stages}; {1e3 * times['total'] / n:.2f} ms/article")
    return times["total"] / n


def build_seconds_per_article(n: int) -> float:
    """A cold build of n synthetic files (worker-free, this process), per article."""
    from components.store import build
    from components.store.synthetic import write_corpus

    with tempfile.TemporaryDirectory() as tmp:
        corpus, cache = Path(tmp) / "corpus", Path(tmp) / "cache"
        write_corpus(corpus, n)
        build(corpus, cache)  # warms the gazetteer index; then time a cold build of a fresh cache
        t = time.perf_counter()
        build(corpus, Path(tmp) / "cache2")
        per = (time.perf_counter() - t) / n
    print(f"cold build n={n}: {1e3 * per:.2f} ms/article")
    return per


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    ap.add_argument("--quality", type=int, nargs="*", default=[2_000, 10_000])
    ap.add_argument("--build-n", type=int, default=0)
    args = ap.parse_args()
    for n in args.quality:
        quality(n, [0, 1, 2])
    per_group = {n: speed(n) for n in args.sizes}
    if args.build_n:
        per_build = build_seconds_per_article(args.build_n)
        for n, g in per_group.items():
            print(f"n={n}: grouping adds {100 * g / per_build:.1f} % to the build (per-article costs)")


if __name__ == "__main__":
    main()
