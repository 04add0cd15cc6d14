"""A built cache of synthetic articles, written straight from `synthetic.numbered_tables`.

Dashboard benchmarks at a million articles need a cache, not a corpus folder: parsing a million files
would take an hour on this machine and measure the parser. Each of the cache's shards holds one
contiguous block of article numbers, made by its own process from its own seed, so the shards are
written in parallel and the result is deterministic for (n, seed). The cache has the layout and the
manifest of a real build (one generation, every shard hashed), so `loading.load` reads it unchanged.

    python -m components.store.synthetic_cache /tmp/na-scale-1m 1000000 --workers 2
"""

from __future__ import annotations

import argparse
import random
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd
import pyarrow as pa

from components.store import generations as gens
from components.store.cache_keys import pipeline_version
from components.store.manifest import N_SHARDS, FileEntry, Manifest
from components.store.schema import TABLES
from components.store.shards import arrow_schema, shard_key, write_shard_file
from components.store.synthetic import numbered_tables


def _block(n: int, shard: int) -> range:
    """The article numbers of one shard: contiguous, the remainder spread over the first shards."""
    size, extra = divmod(n, N_SHARDS)
    lo = shard * size + min(shard, extra)
    return range(lo, lo + size + (1 if shard < extra else 0))


def _arrow(table: str, frame: pd.DataFrame, files: pa.Array | None = None) -> pa.Table:
    """A frame of the schema as the shard's Arrow table (mentions also carry their source file)."""
    schema = arrow_schema(table)
    data = pa.Table.from_pandas(frame[list(TABLES[table])], preserve_index=False)
    if "file" not in data.column_names:
        data = data.append_column("file", pa.nulls(len(frame), pa.string()) if files is None else files)
    return data.select(schema.names).cast(schema)


def write_shard(generation: str, n: int, seed: int, shard: int) -> dict[str, object]:
    """Make one shard's articles and write its tables into the generation; returns hashes and files."""
    numbers = _block(n, shard)
    corpus = numbered_tables(numbers, random.Random(seed * 1_000_003 + shard))
    arts = corpus.articles
    file_of = dict(zip(arts["article_id"], arts["file"], strict=True))
    hashes, files = {}, {}
    mention_files = pa.array(corpus.mentions["article_id"].map(file_of).astype(object), pa.string())
    tables = {
        "articles": _arrow("articles", arts),
        "mentions": _arrow("mentions", corpus.mentions, mention_files),
        "places": _arrow("places", corpus.places),
    }
    for table, data in tables.items():
        if data.num_rows:
            hashes[shard_key(table, shard)] = write_shard_file(Path(generation), table, shard, data)
    for name, text in zip(arts["file"], arts["text"], strict=True):
        files[str(name)] = FileEntry(len(text.encode("utf-8")), 0, f"synthetic-{seed}", shard)
    return {"shards": hashes, "files": files}


def synthetic_cache(folder: str | Path, n: int, seed: int = 0, workers: int = 1) -> Path:
    """Write a cache of n synthetic articles into `folder` (a new generation made live); returns it."""
    folder = Path(folder)
    with gens.build_lock(folder):
        gen = gens.new_generation(folder)
        manifest = Manifest(pipeline_version(None))
        jobs = [s for s in range(N_SHARDS) if len(_block(n, s))]
        if workers > 1:
            with ProcessPoolExecutor(workers) as pool:
                args = zip(*[(str(gen), n, seed, s) for s in jobs], strict=True)
                results = list(pool.map(write_shard, *args))
        else:
            results = [write_shard(str(gen), n, seed, s) for s in jobs]
        for res in results:
            manifest.shards.update(res["shards"])  # type: ignore[arg-type]
            manifest.files.update(res["files"])  # type: ignore[arg-type]
        manifest.shards = dict(sorted(manifest.shards.items()))
        (gen / gens.MANIFEST).write_text(manifest.to_json(), encoding="utf-8")
        gens.switch_to(folder, gen)
        gens.remove_unused(folder, keep=gen)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cache", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    synthetic_cache(args.cache, args.n, args.seed, args.workers)


if __name__ == "__main__":
    main()
