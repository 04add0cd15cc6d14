"""Data-layer benchmark: cold build throughput, gazetteer index load, incremental rebuilds, peak memory.

    python benchmarks/bench_build.py --n 20000            # throughput + incremental on 20k articles
    python benchmarks/bench_build.py --memory-n 100000    # also peak RSS of a 100k build + load

Prints figures; asserts nothing. Synthetic articles come from components.store.synthetic (seed-style text in
nl/en/de with place names, boilerplate and embedded posts).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def _child(code: str, env: dict | None = None) -> dict:
    """Run code in a fresh interpreter (honest cold timings and peak RSS); it prints one JSON line."""
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, **(env or {})},
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def index_load_seconds(cache_root: Path) -> dict:
    return _child(f"""
import json, time
from components.places.gazetteer_index import load_gazetteer
load_gazetteer({str(cache_root)!r})  # make sure the index exists
load_gazetteer.cache_clear()
t = time.perf_counter(); g = load_gazetteer({str(cache_root)!r}); dt = time.perf_counter() - t
print(json.dumps({{"seconds": dt, "rows": len(g)}}))
""")


def cold_build(corpus: Path, cache: Path, cache_root: Path, workers: int = 1) -> dict:
    """CPU time includes the pool's worker processes (reaped children)."""
    return _child(
        f"""
import json, time, resource
from components.places.gazetteer_index import load_gazetteer
from components.store import build
from components.store.engines import LocalEngine
if __name__ == "__main__":
  load_gazetteer({str(cache_root)!r})  # index cached and loaded: the build itself is measured
  t = time.perf_counter(); c = time.process_time()
  s = build({str(corpus)!r}, {str(cache)!r}, engine=LocalEngine({workers}))
  wall, cpu = time.perf_counter() - t, time.process_time() - c
  k = resource.getrusage(resource.RUSAGE_CHILDREN)  # the pool's workers, reaped
  print(json.dumps({{"wall": wall, "cpu": cpu + k.ru_utime + k.ru_stime, "files": s.files,
                   "errors": s.errors,
                   "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
""",
        {"NEWS_ATLAS_CACHE": str(cache_root)},
    )


def rebuild(corpus: Path, cache: Path, cache_root: Path) -> dict:
    return _child(
        f"""
import json, time
from components.store import build
t = time.perf_counter(); s = build({str(corpus)!r}, {str(cache)!r})
print(json.dumps({{"wall": time.perf_counter() - t, "processed": s.processed, "reused": s.reused}}))
""",
        {"NEWS_ATLAS_CACHE": str(cache_root)},
    )


def build_and_load_memory(corpus: Path, cache: Path, cache_root: Path) -> dict:
    """Peak RSS of the build (a worker process, as the dashboard runs it) and of loading the tables."""
    built = _child(
        f"""
import json, resource, time
from components.store import build
t = time.perf_counter(); build({str(corpus)!r}, {str(cache)!r}); b = time.perf_counter() - t
print(json.dumps({{"build": b, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
""",
        {"NEWS_ATLAS_CACHE": str(cache_root)},
    )
    loaded = _child(
        f"""
import json, resource, time
from components.store import load
t = time.perf_counter(); c = load({str(cache)!r}); l = time.perf_counter() - t
print(json.dumps({{"load": l, "articles": len(c.articles), "mentions": len(c.mentions),
                   "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
""",
        {"NEWS_ATLAS_CACHE": str(cache_root)},
    )
    return {"build": built["build"], "build_peak_mb": built["peak_mb"], **loaded}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20_000, help="articles for throughput and incremental runs")
    ap.add_argument("--memory-n", type=int, default=0, help="articles for the peak-memory run (0: skip)")
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--only-memory", action="store_true", help="skip the throughput and incremental runs")
    ap.add_argument("--workers", type=int, default=1, help="processes for the cold build (1: one core)")
    args = ap.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="atlas-bench-"))
    cache_root = work / "cache"
    if not args.only_memory:
        throughput_and_incremental(args.n, work, cache_root, args.workers)
    if args.memory_n:
        memory(args.memory_n, work, cache_root)


def throughput_and_incremental(n: int, work: Path, cache_root: Path, workers: int = 1) -> None:
    from components.store.synthetic import write_corpus

    corpus, cache = work / f"corpus-{n}", work / "cache" / f"build-{n}"
    if not corpus.exists():
        t = time.perf_counter()
        write_corpus(corpus, n)
        print(f"generated {n} articles in {time.perf_counter() - t:.1f} s -> {corpus}")
    idx = index_load_seconds(cache_root)
    print(f"gazetteer index load from cache: {idx['seconds']:.2f} s ({idx['rows']:,} places)")

    shutil.rmtree(cache, ignore_errors=True)  # a cold build starts from nothing (the index stays cached)
    r = cold_build(corpus, cache, cache_root, workers)
    print(
        f"cold build, {r['files']} articles, {workers} worker(s): {r['wall']:.1f} s wall, "
        f"{r['cpu']:.1f} s CPU -> "
        f"{r['files'] / r['wall']:.0f} articles/s wall, "
        f"{r['files'] / r['cpu']:.0f} articles/s per CPU-second; "
        f"{r['errors']} errors; peak {r['peak_mb']:.0f} MB"
    )
    r = rebuild(corpus, cache, cache_root)
    print(f"rebuild, nothing changed: {r['wall']:.2f} s ({r['processed']} processed)")
    victim = sorted(corpus.rglob("*.txt"))[len(list(corpus.rglob("*.txt"))) // 2]
    victim.write_text(
        victim.read_text(encoding="utf-8") + "\nOok in Odessa klonk luchtalarm.\n", encoding="utf-8"
    )
    r = rebuild(corpus, cache, cache_root)
    print(f"rebuild, one file changed: {r['wall']:.2f} s ({r['processed']} processed, {r['reused']} reused)")
    extra = corpus / "extra" / f"new-{time.time_ns()}.txt"  # new on every run, also in a reused workdir
    extra.parent.mkdir(exist_ok=True)
    extra.write_text(" date 2022-10 Explosies in Charkiv en Soemy, meldt de gouverneur.\n", encoding="utf-8")
    r = rebuild(corpus, cache, cache_root)
    print(f"rebuild, one file added: {r['wall']:.2f} s ({r['processed']} processed)")


def memory(n: int, work: Path, cache_root: Path) -> None:
    from components.store.synthetic import write_corpus

    mcorpus, mcache = work / f"corpus-{n}", work / "cache" / f"mem-{n}"
    shutil.rmtree(mcache, ignore_errors=True)
    if not mcorpus.exists():
        write_corpus(mcorpus, n, seed=1)
    m = build_and_load_memory(mcorpus, mcache, cache_root)
    print(
        f"{m['articles']} articles ({m['mentions']:,} mentions): build {m['build']:.0f} s "
        f"(peak RSS {m['build_peak_mb']:.0f} MB), load {m['load']:.1f} s (peak RSS {m['peak_mb']:.0f} MB)"
    )


if __name__ == "__main__":
    main()
