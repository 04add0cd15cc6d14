"""Issue 9, cases 9-11: a damaged, read-only or concurrently built cache never crashes a build or a load,
is healed by the next build, and a reader sees one generation, never a mix."""

from __future__ import annotations

import errno
import json
import multiprocessing as mp
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from components.__main__ import main
from components.store import build, load, load_or_build
from components.store.manifest import Manifest
from components.store.shards import CacheStore, digest


def _gen(cache: Path) -> Path:
    return CacheStore(cache).manifest_path().parent


def _flip_middle(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for i in range(8, min(len(data) - 200, 40)):  # data pages follow the 4-byte magic; footer intact
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def _cli(corpus, cache, command="build") -> int:
    return main([command, str(corpus), "--cache", str(cache), "--quiet"])


def test_flipped_bytes_are_detected_skipped_and_repaired(corpus, tmp_path, capsys):
    cache = tmp_path / "c"
    build(corpus, cache)
    shard = sorted((_gen(cache) / "tables" / "articles").glob("part-*.parquet"))[0]
    _flip_middle(shard)
    damaged = load(cache)
    assert damaged.stale_reason and "damaged" in damaged.stale_reason and len(damaged.articles) < 5
    stats = build(corpus, cache)
    assert stats.repaired_shards == [int(shard.stem.split("-")[1])] and not stats.rebuilt_all
    healed = load(cache)
    assert len(healed.articles) == 5 and healed.stale_reason is None
    _flip_middle(sorted((_gen(cache) / "tables" / "articles").glob("part-*.parquet"))[0])
    assert _cli(corpus, cache, "places") == 0  # the CLI repairs on the way, never exits 1
    assert len(load(cache).articles) == 5 and CacheStore(cache).verify()


def test_a_deleted_shard_is_rebuilt_alone(corpus, tmp_path):
    cache = tmp_path / "c"
    build(corpus, cache)
    shard = sorted((_gen(cache) / "tables" / "mentions").glob("part-*.parquet"))[0]
    shard.unlink()
    assert load(cache).stale_reason
    stats = build(corpus, cache)
    assert stats.repaired_shards and 1 <= stats.processed < 5
    assert "damaged" in stats.summary()
    assert len(load(cache).articles) == 5 and CacheStore(cache).verify()


def test_a_manifest_with_wrong_types_is_rebuilt(corpus, tmp_path):
    cache = tmp_path / "c"
    build(corpus, cache)
    path = CacheStore(cache).manifest_path()
    good = json.loads(path.read_text(encoding="utf-8"))
    wrong = (
        {**good, "files": []},
        {**good, "files": {"a0.txt": "x"}},
        {**good, "files": {"a0.txt": [1, 2, "h", "x"]}},
        {**good, "shards": {"x": 1}},
    )
    for bad in wrong:
        path.write_text(json.dumps(bad), encoding="utf-8")
        assert load(cache).articles.empty  # an invalid manifest is never half-trusted
        assert _cli(corpus, cache) == 0
        assert len(load(cache).articles) == 5
        path = CacheStore(cache).manifest_path()


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=8), c, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(
    doc=st.fixed_dictionaries(
        {},
        optional={"version": _JSON, "files": _JSON, "shards": _JSON, "skipped": _JSON},
    )
    | _JSON
)
def test_random_manifests_are_valid_or_rejected_with_a_reason(doc):
    try:
        m = Manifest.from_json(json.dumps(doc))
    except ValueError as exc:
        assert str(exc)
    else:
        assert isinstance(m.version, str) and all(0 <= e.shard < 32 for e in m.files.values())
        Manifest.from_json(m.to_json())  # what it accepts, it can write back


def test_read_only_cache_serves_the_last_good_one(corpus, tmp_path, monkeypatch, capsys):
    from components.store import generations

    cache = tmp_path / "c"
    build(corpus, cache)
    (corpus / "a9.txt").write_text(" date 2022-05 Raketten op Lviv.\n", encoding="utf-8")
    for p in [cache, *cache.rglob("*")]:
        p.chmod(0o555 if p.is_dir() else 0o444)

    def denied(*args, **kw):  # root ignores file modes: make the write fail as a read-only mount would
        raise PermissionError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(generations.tempfile, "mkdtemp", denied)
    try:
        capsys.readouterr()
        assert _cli(corpus, cache) == 0
        err = capsys.readouterr().err
        assert "Traceback" not in err
        assert len([line for line in err.splitlines() if "cannot be updated" in line]) == 1
        corpus_ = load_or_build(corpus, cache)
        assert len(corpus_.articles) == 5 and "cannot be updated" in corpus_.stale_reason
    finally:
        for p in [cache, *cache.rglob("*")]:
            p.chmod(0o755 if p.is_dir() else 0o644)


def _writer(corpus: str, cache: str, rounds: int, me: int, out) -> None:
    try:
        for k in range(rounds):
            path = Path(corpus) / f"w{me}.txt"
            path.write_text(
                f" date 2022-0{k % 9 + 1} Raketten op Kiev, ronde {k} van {me}.\n", encoding="utf-8"
            )
            build(corpus, cache)
        out.put(("ok", "writer", me))
    except Exception as exc:  # reported to the parent, which fails the test
        out.put(("error", "", repr(exc)))


def _reader(cache: str, stop, out) -> None:
    from components.store.loading import load_snapshot

    loads = 0
    try:
        while not stop.is_set():
            with CacheStore(Path(cache)).snapshot() as snap:
                corpus = load_snapshot(snap)
                manifest = snap.manifest
            if manifest is None:
                continue
            # One generation: every article is the version of its file the manifest recorded.
            for file, text in zip(corpus.articles["file"], corpus.articles["text"], strict=True):
                assert digest(text.encode("utf-8")) == manifest.files[file].hash, file
            assert set(corpus.articles["file"]) == set(manifest.files)
            loads += 1
        out.put(("ok", "reader", loads))
    except Exception as exc:
        out.put(("error", "", repr(exc)))


def test_concurrent_builds_and_reads_never_mix_or_corrupt(corpus, tmp_path):
    cache = tmp_path / "c"
    build(corpus, cache)
    ctx = mp.get_context("spawn")
    out, stop = ctx.Queue(), ctx.Event()
    writers = [ctx.Process(target=_writer, args=(str(corpus), str(cache), 5, i, out)) for i in range(2)]
    readers = [ctx.Process(target=_reader, args=(str(cache), stop, out)) for _ in range(2)]
    for p in writers + readers:
        p.start()
    deadline = time.monotonic() + 240
    for p in writers:
        p.join(max(1, deadline - time.monotonic()))
    stop.set()
    for p in readers:
        p.join(max(1, deadline - time.monotonic()))
    results = [out.get(timeout=5) for _ in writers + readers]
    for p in writers + readers:
        if p.is_alive():
            p.kill()
    assert all(status == "ok" for status, _, _ in results), results
    loads = [n for _, role, n in results if role == "reader"]
    assert len(loads) == 2 and min(loads) >= 1, results  # both readers really read during the builds
    final = load(cache)
    assert len(final.articles) == 7 and CacheStore(cache).verify()
    (corpus / "a0.txt").write_text(" date 2022-03 Nog meer over Charkiv.\n", encoding="utf-8")
    build(corpus, cache)
    assert len(list(cache.glob("gen-*"))) == 1  # old generations go once no reader holds them


def test_old_cache_layout_is_replaced(corpus, tmp_path):
    """A cache written before generations (manifest.json and tables/ at the top) is rebuilt and removed."""
    cache = tmp_path / "c"
    (cache / "tables" / "articles").mkdir(parents=True)
    (cache / "tables" / "articles" / "part-00.parquet").write_bytes(b"PAR1junk")
    (cache / "manifest.json").write_text('{"version": "x", "files": {}}', encoding="utf-8")
    assert build(corpus, cache).rebuilt_all
    assert len(load(cache).articles) == 5
    assert not (cache / "tables").exists() and not (cache / "manifest.json").exists()


_OPS = st.lists(
    st.one_of(
        st.tuples(st.just("write"), st.integers(0, 3), st.integers(0, 99)),
        st.tuples(st.just("delete"), st.integers(0, 3), st.just(0)),
        st.tuples(st.just("flip"), st.integers(0, 4), st.integers(0, 31)),
        st.tuples(st.just("unlink"), st.integers(0, 4), st.integers(0, 31)),
        st.tuples(st.just("manifest"), st.integers(0, 2), st.just(0)),
    ),
    min_size=1,
    max_size=5,
)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=_OPS)
def test_any_sequence_of_edits_and_damage_is_healed_by_the_next_build(tmp_path_factory, ops):
    """Random corpus edits and cache damage, each followed by a load (never raises); the next build
    brings the cache back to exactly the corpus."""
    from components.store.manifest import SHARDED

    root = tmp_path_factory.mktemp("corpus")
    cache = root.parent / (root.name + "-cache")
    for i in range(4):
        (root / f"f{i}.txt").write_text(f" date 2022-05 Kiev, bericht {i}.\n", encoding="utf-8")
    build(root, cache)
    for op, a, b in ops:
        gen = _gen(cache)
        if op == "write":
            (root / f"f{a}.txt").write_text(f" date 2022-06 Lviv, versie {b}.\n", encoding="utf-8")
        elif op == "delete":
            (root / f"f{a}.txt").unlink(missing_ok=True)
        elif op in ("flip", "unlink"):
            shard = gen / "tables" / SHARDED[a] / f"part-{b:02d}.parquet"
            if shard.exists():
                _flip_middle(shard) if op == "flip" else shard.unlink()
        else:
            bad = ['{"version": 1}', '{"files": []}', "[]"][a]
            (gen / "manifest.json").write_text(bad, encoding="utf-8")
        load(cache)  # damaged or stale, a load never raises
    build(root, cache)
    corpus = load(cache)
    expected = {p.name: p.read_text(encoding="utf-8") for p in root.glob("*.txt")}
    assert dict(zip(corpus.articles["file"], corpus.articles["text"], strict=True)) == expected
    assert corpus.stale_reason is None and CacheStore(cache).verify()
