"""Story grouping benchmark: B-cubed on planted stories, cost per article, share of the build, rebuilds.

    python benchmarks/bench_stories.py                                   # quality, 20k and 100k, 20k build
    python benchmarks/bench_stories.py --sizes 20000 --build-sizes 20000 100000

Quality: B-cubed precision / recall / F1 of `group_stories` against the planted truth
(`components.stories.planted`: events written up by several nl/en/de outlets, singletons and same-town
"near misses" around them). Cost: each stage (features, candidate pairs + scores, clustering, story
records) on planted corpora and on `store.synthetic.corpus_tables` (20 places only: the worst case
for candidate pairs), as CPU seconds of this process (the machine is shared: wall time is printed too,
but CPU time is what compares with the build's). Share: a cold one-core build of `write_corpus(n)`
files (a fresh interpreter, gazetteer index loaded first; CPU of the process and its workers) gives
the build's cost per article at that size. Rebuild: `stories_for` with its text memo after one
article changed, against a grouping from scratch. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
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


def timed_grouping(corpus) -> tuple[list, dict[str, float], float]:
    """group_stories, stage by stage: (stories, CPU seconds per stage and total, wall seconds)."""
    times: dict[str, float] = {}
    wall = time.perf_counter()
    t = time.process_time()
    f = build_features(corpus)
    times["features"] = time.process_time() - t
    t = time.process_time()
    edges = scored_edges(f)
    times["pairs"] = time.process_time() - t
    t = time.process_time()
    groups = cluster(len(f.ids), edges)
    times["cluster"] = time.process_time() - t
    t = time.process_time()
    stories = make_stories(corpus, f, groups, edges)
    times["stories"] = time.process_time() - t
    times["total"] = sum(times.values())
    return stories, times, time.perf_counter() - wall


def quality(n: int, seeds: list[int]) -> None:
    for seed in seeds:
        planted = planted_corpus(n, seed=seed)
        stories, times, _wall = timed_grouping(planted.corpus)
        p, r, f1 = bcubed(story_of_article(stories), planted.gold)
        print(
            f"planted n={n:>6} seed={seed}: B-cubed P={p:.3f} R={r:.3f} F1={f1:.3f}; "
            f"{len(stories)} stories; {times['total']:.1f} s CPU"
        )


def _line(label: str, n: int, times: dict[str, float], wall: float) -> str:
    stages = ", ".join(f"{k} {v:.1f}" for k, v in times.items() if k != "total")
    return (
        f"{label} n={n:>6}: CPU s {stages}; total {times['total']:.1f} s CPU ({wall:.1f} s wall); "
        f"{1e3 * times['total'] / n:.3f} ms/article"
    )


def speed(n: int) -> float:
    """Grouping CPU seconds per article: planted and synthetic corpora (the larger is returned)."""
    planted = planted_corpus(n, seed=0)
    stories, times, wall = timed_grouping(planted.corpus)
    _p, _r, f1 = bcubed(story_of_article(stories), planted.gold)
    print(_line("planted  ", n, times, wall) + f"; B-cubed F1={f1:.3f}")
    per = times["total"] / n
    from components.store.synthetic import corpus_tables

    synthetic = corpus_tables(n)
    _stories, times, wall = timed_grouping(synthetic)
    print(_line("synthetic", n, times, wall))
    return max(per, times["total"] / n)


def rebuild(n: int) -> None:
    """stories_for after one changed article, with the text memo, against a grouping from scratch."""
    from components.store.synthetic import corpus_tables
    from components.stories.cache import stories_for

    corpus = corpus_tables(n)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "manifest.json").write_text('{"state": 1}')
        t = time.process_time()
        stories_for(corpus, folder)
        cold = time.process_time() - t
        arts = corpus.articles.copy()
        arts.loc[arts.index[0], "body"] = "An edited article about the weather, 12 degrees. " * 5
        edited = type(corpus)(**{**corpus.__dict__, "articles": arts})
        (folder / "manifest.json").write_text('{"state": 2}')
        t = time.process_time()
        stories_for(edited, folder)
        warm = time.process_time() - t
    print(
        f"rebuild n={n:>6}: stories from scratch {cold:.1f} s CPU (memo written); "
        f"after one changed article {warm:.1f} s CPU"
    )


def build_cpu_per_article(n: int) -> float:
    """A cold one-core build of n synthetic files in a fresh interpreter: CPU seconds per article."""
    from components.store import cache_root
    from components.store.synthetic import write_corpus

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        write_corpus(corpus, n)
        code = f"""
import json, time, resource
from components.places.gazetteer_index import load_gazetteer
from components.store import build, cache_root
from components.store.engines import LocalEngine
if __name__ == "__main__":
  load_gazetteer(str(cache_root()))
  t = time.perf_counter(); c = time.process_time()
  build({str(corpus)!r}, {str(Path(tmp) / "cache")!r}, engine=LocalEngine(1))
  k = resource.getrusage(resource.RUSAGE_CHILDREN)
  cpu = time.process_time() - c + k.ru_utime + k.ru_stime
  print(json.dumps({{"wall": time.perf_counter() - t, "cpu": cpu}}))
"""
        env = {**os.environ, "NEWS_ATLAS_CACHE": str(cache_root()), "PYTHONPATH": str(REPO)}
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
        )
        result = json.loads(out.stdout.strip().splitlines()[-1])
    cpu, wall = result["cpu"], result["wall"]
    per = cpu / n
    print(f"cold build n={n:>6}: {cpu:.0f} s CPU ({wall:.0f} s wall); {1e3 * per:.3f} ms/article")
    return per


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[20_000, 100_000])
    ap.add_argument("--quality", type=int, nargs="*", default=[2_000, 10_000])
    ap.add_argument(
        "--build-sizes", type=int, nargs="*", default=[20_000], help="cold builds to compare with"
    )
    ap.add_argument(
        "--rebuild", type=int, nargs="*", default=[100_000], help="one changed article at these sizes"
    )
    args = ap.parse_args()
    for n in args.quality:
        quality(n, [0, 1, 2])
    per_group = {n: speed(n) for n in args.sizes}
    for n in args.rebuild:
        rebuild(n)
    per_build = {n: build_cpu_per_article(n) for n in args.build_sizes}
    for n, g in per_group.items():
        b = per_build.get(n) or per_build.get(max(per_build, default=0))
        if b:
            print(
                f"n={n:>6}: grouping adds {100 * g / b:.1f} % to the build's CPU (worst corpus, per article)"
            )


if __name__ == "__main__":
    main()
