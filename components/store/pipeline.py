"""Build a corpus into the cache, incrementally, and load it back as tables.

`build` looks at every file under the corpus root, re-processes only the files whose content changed
since the last build (by content hash, with size and mtime as a fast pre-check), rewrites only the
cache shards those files live in, and records the result in the manifest. `load` reads the tables;
`load_or_build` does both and is what the dashboard calls.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from components.corpus import repeated_lines as shared_lines
from components.corpus.readers import ReadError, read_file, scan_corpus
from components.fingerprint import ANALYSIS_PACKAGES, tree_fingerprint
from components.places.gazetteer_index import inputs_fingerprint, load_gazetteer
from components.places.geocoders import get_geocoder
from components.store.article_rows import analyze_source
from components.store.schema import PIPELINE_VERSION, Corpus, conform
from components.store.shards import (
    SHARDED,
    CacheStore,
    FileEntry,
    Manifest,
    arrow_schema,
    atomic_write_text,
    shard_of,
)

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[2]
Progress = Callable[[int, int, str], None]


@dataclass
class BuildStats:
    files: int = 0
    processed: int = 0
    reused: int = 0
    removed: int = 0
    articles: int = 0
    errors: int = 0
    rebuilt_all: bool = False
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"{self.files} files: {self.processed} processed, {self.reused} unchanged, "
            f"{self.removed} removed; "
            f"{self.errors} errors; {self.seconds:.2f} s"
        )


def cache_root() -> Path:
    """Where caches live: $NEWS_ATLAS_CACHE, else the project's cache/ folder."""
    return Path(os.environ.get("NEWS_ATLAS_CACHE") or REPO_ROOT / "cache")


def default_cache_dir(corpus_dir: str | Path) -> Path:
    """<cache root>/<corpus name>-<hash of its absolute path>, so two corpora never share a cache."""
    root = Path(corpus_dir).resolve()
    digest = hashlib.blake2b(str(root).encode(), digest_size=4).hexdigest()
    return cache_root() / f"{root.name or 'corpus'}-{digest}"


def pipeline_version(geocoder: str | None) -> str:
    """Schema version, analysis code, gazetteer data and code, and the geocoder setting."""
    code = tree_fingerprint(ANALYSIS_PACKAGES)
    return f"p{PIPELINE_VERSION}-c{code}-g{inputs_fingerprint()}-{geocoder or 'offline'}"


def corpus_fingerprint(corpus_dir: str | Path) -> str:
    """A cheap key (names, sizes, mtimes) that changes whenever any corpus file changes."""
    root = Path(corpus_dir)
    h = hashlib.blake2b(digest_size=10)
    for f in scan_corpus(root):
        h.update(f"{f.name}\0{f.size}\0{f.mtime_ns}\n".encode())
    return h.hexdigest()


def article_id(file: str, row: int | None, explicit: str | None) -> str:
    if explicit:
        return str(explicit)
    stem = file.rsplit(".", 1)[0] if "." in file.rsplit("/", 1)[-1] else file
    return stem if row is None else f"{stem}#{row}"


def build(
    corpus_dir: str | Path,
    cache_dir: str | Path | None = None,
    *,
    geocoder: str | None = None,
    progress: Progress | None = None,
) -> BuildStats:
    """Bring the cache up to date with the corpus; returns what was done."""
    t0 = time.perf_counter()
    root = Path(corpus_dir)
    if not root.exists():
        raise FileNotFoundError(f"corpus folder not found: {root}")
    store = CacheStore(Path(cache_dir) if cache_dir else default_cache_dir(root))
    version = pipeline_version(geocoder)
    stats = BuildStats()
    manifest = store.read_manifest(version)
    if manifest is None or not store.verify():
        store.clear()
        manifest = Manifest(version)
        stats.rebuilt_all = True

    files = scan_corpus(root)
    names = {f.name for f in files}
    stats.files = len(names)
    changed: dict[str, Path] = {}
    new_entries: dict[str, FileEntry] = {}
    for f in files:
        name = f.name
        old = manifest.files.get(name)
        if old and old.size == f.size and old.mtime_ns == f.mtime_ns:
            new_entries[name] = old
            continue
        path = Path(f.path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            data, digest = b"", f"unreadable:{exc}"
        else:
            digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        if old and old.hash == digest:
            new_entries[name] = FileEntry(f.size, f.mtime_ns, digest, old.shard)
            continue
        changed[name] = path  # read again when its shard is processed: memory stays flat
        new_entries[name] = FileEntry(f.size, f.mtime_ns, digest, shard_of(name))
    removed = [name for name in manifest.files if name not in names]
    stats.removed = len(removed)
    stats.reused = stats.files - len(changed)

    by_shard: dict[int, list[str]] = defaultdict(list)
    for name in changed:
        by_shard[shard_of(name)].append(name)
    for name in removed:
        by_shard.setdefault(manifest.files[name].shard, [])
    dropped = set(changed) | set(removed)

    g = None
    geo = get_geocoder(geocoder, cache_root()) if changed else None
    done = errors_seen = 0
    for shard in sorted(by_shard):
        frames = {t: _without(store.read_shard_arrow(t, shard), dropped) for t in SHARDED}
        rows: dict[str, list[dict]] = defaultdict(list)
        for name in sorted(by_shard[shard]):
            if g is None:
                g = load_gazetteer(str(cache_root()))
            errors_seen += _process_file(changed[name], name, g, rows, geo)
            done += 1
            if progress:
                progress(done, len(changed), name)
        _write_shard(store, shard, frames, rows)

    if geo is not None:
        geo.save()
    if changed or removed or stats.rebuilt_all or new_entries != manifest.files:
        # Nothing changed, nothing written: a read-only cache (a mounted volume) still loads.
        manifest.files = new_entries
        store.write_manifest(manifest)
    stats.processed = len(changed)
    stats.errors = errors_seen
    stats.seconds = time.perf_counter() - t0
    return stats


def _without(table: pa.Table, files: set[str]) -> pa.Table:
    if not files or not table.num_rows:
        return table
    return table.filter(pc.invert(pc.is_in(table["file"], value_set=pa.array(sorted(files), pa.string()))))


def _process_file(path: Path, name: str, g, rows: dict[str, list[dict]], geocoder=None) -> int:
    """Analyze one file into table rows; every problem becomes an error row naming the file.
    Returns how many errors the file produced."""
    before = len(rows["errors"])
    seen_ids: set[str] = set()
    for item in read_file(path, name):
        if isinstance(item, ReadError):
            rows["errors"].append({"file": name, "error": _located(item.file, name) + item.error})
            continue
        try:
            res = analyze_source(item, g, geocoder)
        except Exception as exc:  # one broken article must never stop the others
            log.exception("failed to analyze %s", name)
            where = f"{name}:{item.row}" if item.row is not None else name
            rows["errors"].append(
                {"file": name, "error": _located(where, name) + f"analysis failed: {exc!r}"}
            )
            continue
        aid = article_id(name, item.row, res.explicit_id)
        if aid in seen_ids:
            rows["errors"].append(
                {
                    "file": name,
                    "error": _located(f"{name}:{item.row}", name)
                    + f"duplicate article id {aid!r} in the same file; loaded as {aid}#{item.row}",
                }
            )
            aid = f"{aid}#{item.row}"
        seen_ids.add(aid)
        res.article["article_id"] = aid
        res.article["file"] = name
        rows["articles"].append(res.article)
        for m in res.mentions:
            m["article_id"] = aid
            m["file"] = name
        rows["mentions"].extend(res.mentions)
        for p in res.posts:
            p["article_id"] = aid
            p["file"] = name
        rows["posts"].extend(res.posts)
        for p in res.places.values():
            rows["places"].append({**p, "file": name})
        for w in res.warnings:
            where = f"{name}:{item.row}" if item.row else name
            rows["errors"].append({"file": name, "error": _located(where, name) + w})
    return len(rows["errors"]) - before


def _located(where: str, name: str) -> str:
    """Errors name the file in their own column; a row number goes into the message."""
    return f"row {where.rsplit(':', 1)[1]}: " if where != name and ":" in where else ""


def _write_shard(
    store: CacheStore, shard: int, old: dict[str, pa.Table], rows: dict[str, list[dict]]
) -> None:
    """Rewrite a shard: its unchanged rows plus the rows of the files just processed."""
    for table, kept in old.items():
        schema = arrow_schema(table)
        new = rows.get(table)
        data = pa.concat_tables([kept, pa.Table.from_pylist(new, schema=schema)]) if new else kept
        store.write_shard(table, shard, data)


def load(cache_dir: str | Path) -> Corpus:
    """Read a built cache into tables, making article ids unique corpus-wide."""
    store = CacheStore(Path(cache_dir))
    arts = store.read_table("articles", sort_by=("file", "row"))
    errors = store.read_table("errors")
    arts, extra_errors, remap = _unique_ids(arts)
    # Mentions and posts carry their source file only in the shards; it is needed only to re-point
    # them at a renamed duplicate, and costs ~25 bytes per mention otherwise.
    mentions = store.read_table("mentions", keep_file=bool(remap))
    posts = store.read_table("posts", keep_file=bool(remap))
    if remap:
        mentions = _remap_ids(mentions, remap).drop(columns="file")
        posts = _remap_ids(posts, remap).drop(columns="file")
        errors = pd.concat([errors, conform("errors", extra_errors)], ignore_index=True)
    arts, mentions = shared_lines.apply(arts, mentions, _repeated_lines(store, arts))
    places = store.read_table("places").drop_duplicates("place_id").sort_values("name").reset_index(drop=True)
    return Corpus(
        articles=arts,
        mentions=mentions,
        places=places,
        posts=posts,
        errors=errors.sort_values("file", kind="stable").reset_index(drop=True),
    )


def _repeated_lines(store: CacheStore, arts: pd.DataFrame) -> dict[str, list[tuple[int, int]]]:
    """Lines repeated across one outlet's articles, computed once per state of the cache."""
    manifest = store.folder / "manifest.json"
    key = hashlib.blake2b(manifest.read_bytes() if manifest.exists() else b"", digest_size=12).hexdigest()
    path = store.folder / f"repeated-lines-{key}.json"
    if path.exists():
        with contextlib.suppress(OSError, ValueError):
            return {k: [tuple(s) for s in v] for k, v in json.loads(path.read_text(encoding="utf-8")).items()}
    spans = shared_lines.repeated_line_spans(arts)
    with contextlib.suppress(OSError):  # a read-only cache still loads; it just recomputes
        for old in store.folder.glob("repeated-lines-*.json"):
            old.unlink()
        atomic_write_text(path, json.dumps(spans))
    return spans


def _unique_ids(arts: pd.DataFrame) -> tuple[pd.DataFrame, list[dict], dict[tuple[str, str], str]]:
    """Two files claiming one article id: the later one is loaded as 'id~2', and an error says so."""
    n = arts.groupby("article_id", sort=False).cumcount()
    dup = n > 0
    if not dup.any():
        return arts, [], {}
    first_file = arts.drop_duplicates("article_id").set_index("article_id")["file"]
    new_ids = arts["article_id"].where(~dup, arts["article_id"] + "~" + (n + 1).astype("string"))
    errors, remap = [], {}
    for i in arts.index[dup]:
        old, new, file = arts.at[i, "article_id"], new_ids.at[i], arts.at[i, "file"]
        remap[(old, file)] = new
        errors.append(
            {
                "file": file,
                "error": f"duplicate article id {old!r} (also used by {first_file[old]}); loaded as {new!r}",
            }
        )
    return arts.assign(article_id=new_ids), errors, remap


def _remap_ids(frame: pd.DataFrame, remap: dict[tuple[str, str], str]) -> pd.DataFrame:
    keys = list(zip(frame["article_id"], frame["file"], strict=True))
    return frame.assign(
        article_id=pd.Series([remap.get(k, k[0]) for k in keys], index=frame.index, dtype="string")
    )


def load_or_build(
    corpus_dir: str | Path,
    cache_dir: str | Path | None = None,
    *,
    geocoder: str | None = None,
    progress: Progress | None = None,
    separate_process: bool = False,
) -> Corpus:
    """Bring the cache up to date, then load it. With separate_process, the build runs in a worker
    process: a server keeps only the loaded tables (not the gazetteer index and the build's
    working memory) and its other sessions are not slowed by the build holding the GIL."""
    folder = Path(cache_dir) if cache_dir else default_cache_dir(corpus_dir)
    if separate_process:
        if needs_build(corpus_dir, folder, geocoder=geocoder):
            build_in_worker(corpus_dir, folder, geocoder=geocoder, progress=progress)
    else:
        build(corpus_dir, folder, geocoder=geocoder, progress=progress)
    return load(folder)


def needs_build(corpus_dir: str | Path, cache_dir: str | Path, *, geocoder: str | None = None) -> bool:
    """Would `build` do anything? (Manifest of this version, same files with the same sizes and mtimes.)"""
    store = CacheStore(Path(cache_dir))
    manifest = store.read_manifest(pipeline_version(geocoder))
    if manifest is None:
        return True
    files = scan_corpus(Path(corpus_dir))
    if len(files) != len(manifest.files):
        return True
    for f in files:
        old = manifest.files.get(f.name)
        if old is None or old.size != f.size or old.mtime_ns != f.mtime_ns:
            return True
    return not store.verify()


def build_in_worker(
    corpus_dir: str | Path,
    cache_dir: str | Path,
    *,
    geocoder: str | None = None,
    progress: Progress | None = None,
) -> None:
    """`python -m components build` in a child process, relaying its progress (JSON lines on stdout)."""
    import subprocess
    import sys

    root = Path(corpus_dir)
    if not root.exists():
        raise FileNotFoundError(f"corpus folder not found: {root}")
    cmd = [
        sys.executable,
        "-m",
        "components",
        "build",
        str(root),
        "--cache",
        str(cache_dir),
        "--progress-jsonl",
    ]
    if geocoder:
        cmd += ["--geocoder", geocoder]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")])),
    }
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        for line in proc.stdout:
            if progress and line.startswith("{"):
                with contextlib.suppress(ValueError, KeyError):
                    event = json.loads(line)
                    progress(event["done"], event["total"], event["file"])
        err = proc.stderr.read()
    if proc.returncode not in (0, 1):  # 1: nothing readable, reported in the errors table
        raise RuntimeError(f"cache build failed ({proc.returncode}): {err.strip()[-2000:]}")
