"""Build throughput on every core and on Dask: cold builds, one changed file, peak RSS per worker.

    python benchmarks/bench_scale.py --n 20000                 # workers 1 and 2, Dask, one changed file
    python benchmarks/bench_scale.py --n 20000 --skip dask     # without the Dask engine
    python benchmarks/bench_scale.py --n 100000 --skip serial  # larger corpora, if time allows

Articles are "real-sentence" synthetic: sentences of the seed articles and the evaluation set's news-style
texts (CC0), shuffled into articles of 8-24 sentences of one language under a ` date` header; harder for
place finding than `components.store.synthetic`, whose sentences are short templates. Every build runs
in a fresh interpreter with the gazetteer index already on disk. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SOURCES = [REPO / "seeds", REPO / "evaluation" / "devset" / "texts"]


def sentence_pools() -> dict[str, list[str]]:
    """Every sentence of the seed and evaluation texts, by language (nl/en/de), headers left out."""
    from components.corpus.language import detect_language
    from components.corpus.sentences import sentence_spans

    pools: dict[str, list[str]] = {}
    for src in SOURCES:
        for path in sorted(src.rglob("*.txt")):
            text = path.read_text(encoding="utf-8")
            body = "\n".join(line for line in text.splitlines() if not line.startswith(" date"))
            lang = detect_language(body) or "en"
            sents = [body[s:e].strip() for s, e in sentence_spans(body)]
            pools.setdefault(lang, []).extend(s for s in sents if 20 <= len(s) <= 400)
    return pools


def write_real_corpus(out: Path, n: int, seed: int = 0) -> None:
    """n articles of real news sentences, 1,000 per sub-folder."""
    rng = random.Random(seed)
    pools = sentence_pools()
    langs = [lang for lang in ("nl", "en", "de") if pools.get(lang)]
    for k in range(n):
        lang = langs[k % len(langs)] if rng.random() < 0.5 else rng.choice(langs)
        sents = rng.sample(pools[lang], min(len(pools[lang]), rng.randint(8, 24)))
        paras = [" ".join(sents[i : i + 3]) for i in range(0, len(sents), 3)]
        month = f"2022-{rng.randint(1, 12):02d}"
        p = out / f"batch{k // 1000:04d}" / f"{k:07d}.txt"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(f" date {month} " + "\n\n".join(paras) + "\n", encoding="utf-8")


def _child(code: str, cache_root: Path) -> dict:
    """Run code in a fresh interpreter; it prints one JSON line last."""
    env = {**os.environ, "NEWS_ATLAS_CACHE": str(cache_root), "PYTHONPATH": str(REPO)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, env=env, check=False
    )
    if out.returncode:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


WARM = """
from components.places.gazetteer_index import load_gazetteer
from components.store import cache_root
load_gazetteer(str(cache_root()))
print("{}")
"""

BUILD = """
import json, resource, time
from components.places.gazetteer_index import load_gazetteer
from components.store import build, cache_root
from components.store.engines import make_engine

class Recording:
    def __init__(self, inner): self.inner, self.results = inner, []
    def run(self, jobs, progress=None):
        self.results = self.inner.run(jobs, progress); return self.results

if __name__ == "__main__":
    load_gazetteer(str(cache_root()))  # the index is on disk; loading it is part of a build, not timed
    engine = Recording(make_engine({engine!r}, workers={workers!r}))
    t, c = time.perf_counter(), time.process_time()
    s = build({corpus!r}, {cache!r}, engine=engine)
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({{"wall": wall, "cpu": cpu + kids.ru_utime + kids.ru_stime, "files": s.files,
        "processed": s.processed, "errors": s.errors,
        "parent_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_mb": max((r.peak_mb for r in engine.results), default=0.0),
        "load": __import__("os").getloadavg()[0]}}))
"""


def run_build(corpus: Path, cache: Path, cache_root: Path, engine: str, workers: int | None) -> dict:
    code = BUILD.format(engine=engine, workers=workers, corpus=str(corpus), cache=str(cache))
    return _child(code, cache_root)


def report(label: str, r: dict, workers: int) -> None:
    per_cpu = r["processed"] / r["cpu"] if r["cpu"] else 0.0
    print(
        f"{label}: {r['processed']} articles in {r['wall']:.1f} s wall -> {r['processed'] / r['wall']:.0f}"
        f" articles/s wall, {per_cpu:.0f} per CPU-second ({workers} worker(s)); peak RSS parent"
        f" {r['parent_mb']:.0f} MB, worker {r['worker_mb']:.0f} MB; {r['errors']} errors;"
        f" load average {r['load']:.1f}",
        flush=True,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20_000)
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--skip", nargs="*", default=[], choices=["serial", "pool", "dask", "incremental"])
    args = ap.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="atlas-scale-"))
    cache_root, corpus = work / "cache", work / f"real-{args.n}"
    if not corpus.exists():
        t = time.perf_counter()
        write_real_corpus(corpus, args.n)
        print(f"generated {args.n} real-sentence articles in {time.perf_counter() - t:.1f} s -> {corpus}")
    _child(WARM, cache_root)  # builds the gazetteer index once, outside the timings
    from components.store.engines import cpu_count

    cores = cpu_count()
    runs = [("serial", "local", 1, 1), ("pool", "local", cores, cores), ("dask", "dask", cores, cores)]
    for key, engine, workers, shown in runs:
        if key in args.skip:
            continue
        cache = work / f"cache-{key}"
        shutil.rmtree(cache, ignore_errors=True)
        report(f"cold build, {engine} engine", run_build(corpus, cache, cache_root, engine, workers), shown)
    if "incremental" not in args.skip:
        cache = next(
            work / f"cache-{k}" for k in ("pool", "serial", "dask") if (work / f"cache-{k}").exists()
        )
        victim = sorted(corpus.rglob("*.txt"))[args.n // 2]
        victim.write_text(victim.read_text(encoding="utf-8") + "\nOok in Odessa klonk luchtalarm.\n", "utf-8")
        r = run_build(corpus, cache, cache_root, "local", None)
        print(f"rebuild, one file changed at {args.n}: {r['wall']:.2f} s ({r['processed']} processed)")


if __name__ == "__main__":
    main()
