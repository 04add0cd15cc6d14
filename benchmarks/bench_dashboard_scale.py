"""The dashboard on a built cache at 20k / 100k / 1M articles: first load, memory, filter-change time.

    python benchmarks/bench_dashboard_scale.py CACHE [CACHE ...]           # caches from synthetic_cache
    python -m components.store.synthetic_cache /tmp/na-scale-1m 1000000 --workers 2   # makes one
    python benchmarks/bench_dashboard_scale.py --cold CACHE                # forget saved loads first
    python benchmarks/bench_dashboard_scale.py --repo /work/main CACHE      # another checkout's code

Each cache is measured in a fresh interpreter:
  * `load`   - `components.store.load(cache)`: cold (the generation's first load: shards read and
               verified, repeated lines found, text laid out for mapping and saved) or warm (mapped);
  * `index`  - `CorpusIndex(corpus)` (per-article and per-mention codes);
  * memory   - VmRSS and its anonymous part (the process's own memory; the rest is mapped file pages
               the OS can drop) after load + index + one text search, and the peak RSS;
  * pages    - server time of one `AppTest.run()` after changing the months or the places filter, per
               page (median of --repeat), as in bench_dashboard.py.
Targets (issue 11): 1M articles: first load <= 15 s, memory <= 2 GB, filter change <= 500 ms; 100k <= 300 ms.
Benchmarks print figures; tests never assert on wall-clock time.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHILD = r"""
import gc, json, resource, statistics, sys, time
repo = sys.argv[1]
sys.path.insert(0, repo)
sys.path.insert(0, repo + "/benchmarks")

def mem():
    out = {}
    for line in open("/proc/self/status"):
        key, _, value = line.partition(":")
        if key in ("VmRSS", "RssAnon"):
            out[key] = int(value.split()[0]) // 1024
    return out

from components.store import load
from components.explore.corpus_index import CorpusIndex
t = time.perf_counter(); corpus = load(sys.argv[2]); load_s = time.perf_counter() - t
t = time.perf_counter(); index = CorpusIndex(corpus); index_s = time.perf_counter() - t
t = time.perf_counter(); index.search("kyiv"); search_s = time.perf_counter() - t
gc.collect()
res = {"articles": len(corpus.articles), "mentions": len(corpus.mentions), "load_s": load_s,
       "index_s": index_s, "search_s": search_s, **mem(),
       "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, "pages": {}}
if int(sys.argv[3]):
    import bench_dashboard as bd
    from components.views.app_state import use_corpus
    import components.views.app_state as app_state
    app_state.CorpusIndex = lambda c, _i=index: _i  # the index built above, not a second one
    use_corpus(corpus, key="scale")
    bd.REPO = __import__("pathlib").Path(repo)
    for page in bd.PAGES:
        got = bd.page_changes(page, int(sys.argv[3]))
        res["pages"][page] = {k: statistics.median(v) for k, v in got.items()}
    gc.collect()
    res["after_pages"] = mem()
    res["peak"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(json.dumps(res))
"""


def forget_saved_loads(cache: Path) -> None:
    """Remove what earlier loads saved in each generation, so the next load is a generation's first."""
    for gen in cache.glob("gen-*"):
        shutil.rmtree(gen / "mapped", ignore_errors=True)
        (gen / "repeated-lines.json").unlink(missing_ok=True)


def measure(cache: Path, repo: Path, repeat: int) -> dict:
    env = {**os.environ, "PYTHONPATH": str(repo)}
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(repo), str(cache), str(repeat)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if out.returncode:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def report(cache: Path, label: str, res: dict) -> None:
    print(
        f"{res['articles']:>9,} art {res['mentions']:>11,} ment  {label:<5} load {res['load_s']:6.1f} s  "
        f"index {res['index_s']:5.1f} s  search {res['search_s']:5.2f} s  RSS {res['VmRSS']:>5} MB "
        f"(own {res['RssAnon']:>5} MB)  peak {res['peak']:>5} MB   [{cache}]"
    )
    for page, times in res["pages"].items():
        print(
            f"{'':>10}{page:<9} month {times['month']:7.1f} ms  place {times['place']:7.1f} ms  "
            f"rerun {times['rerun']:6.1f} ms"
        )
    if "after_pages" in res:
        after = res["after_pages"]
        print(f"{'':>10}RSS after the pages {after['VmRSS']} MB (own {after['RssAnon']} MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("caches", type=Path, nargs="+")
    parser.add_argument("--cold", action="store_true", help="measure each generation's first load too")
    parser.add_argument("--repeat", type=int, default=5, help="filter changes per page (0: no pages)")
    parser.add_argument("--repo", type=Path, default=REPO, help="the checkout whose code is measured")
    args = parser.parse_args()
    for cache in args.caches:
        if args.cold:
            forget_saved_loads(cache)
            report(cache, "cold", measure(cache, args.repo, 0))
        report(cache, "warm", measure(cache, args.repo, args.repeat))


if __name__ == "__main__":
    main()
