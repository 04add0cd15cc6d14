"""Cache generations: readers see the old cache or the new one, never a mix; two builds never collide.

Layout of a cache folder:
    CURRENT                 the name of the live generation (one line, replaced atomically)
    build.lock              flock'ed exclusively by the one build that may write at a time
    gen-XXXX/manifest.json  a generation: its manifest, its shards, and
    gen-XXXX/readers.lock   flock'ed shared by every reader while it loads from this generation
    gen-XXXX/tables/<table>/part-NN.parquet

A build writes a NEW generation (unchanged shards hard-linked from the live one), then switches CURRENT
to it in one rename; generations no reader holds any more are removed afterwards. A reader resolves
CURRENT once and reads every file from that generation under its shared lock.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from components.files import atomic_write_text

log = logging.getLogger(__name__)

POINTER = "CURRENT"
BUILD_LOCK = "build.lock"
READERS_LOCK = "readers.lock"
MANIFEST = "manifest.json"
_READ_ONLY = {errno.EACCES, errno.EPERM, errno.EROFS}


class CacheReadOnly(OSError):
    """The cache folder cannot be written; the message is the one line shown to the user."""


def is_read_only_error(exc: OSError) -> bool:
    return exc.errno in _READ_ONLY


def current_generation(folder: Path) -> Path | None:
    """The live generation's folder, or None when the cache holds none (new, or an older layout)."""
    try:
        name = (folder / POINTER).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if not name.startswith("gen-") or "/" in name or not (folder / name / MANIFEST).exists():
        return None
    return folder / name


@contextlib.contextmanager
def reading(folder: Path, attempts: int = 200) -> Iterator[Path | None]:
    """Hold the live generation for reading: resolved once, shared-locked so no build removes it."""
    for _ in range(attempts):
        gen = current_generation(folder)
        if gen is None:
            yield None
            return
        try:
            fd = os.open(gen / READERS_LOCK, os.O_RDONLY)
        except FileNotFoundError:  # removed between resolving and opening: resolve again
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_SH)
            if (gen / MANIFEST).exists():  # still there now that no build can remove it
                yield gen
                return
        finally:
            os.close(fd)
        time.sleep(0.001)
    yield None


@contextlib.contextmanager
def build_lock(folder: Path) -> Iterator[None]:
    """One build at a time per cache. Raises CacheReadOnly when the folder cannot be written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / BUILD_LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        if is_read_only_error(exc):
            raise CacheReadOnly(exc.errno, f"read-only: {exc.strerror}") from exc
        raise
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def new_generation(folder: Path) -> Path:
    """An empty generation folder with its readers' lock file (call under the build lock)."""
    gen = Path(tempfile.mkdtemp(prefix="gen-", dir=folder))
    (gen / "tables").mkdir()
    atomic_write_text(gen / READERS_LOCK, "")
    return gen


def switch_to(folder: Path, gen: Path) -> None:
    """Make `gen` the live generation: one atomic rename of the pointer file."""
    atomic_write_text(folder / POINTER, gen.name + "\n")


def remove_unused(folder: Path, keep: Path | None) -> None:
    """Delete every other generation that no reader holds, and the pre-generation layout's files."""
    for legacy in (folder / "tables", folder / MANIFEST):
        with contextlib.suppress(OSError):
            shutil.rmtree(legacy) if legacy.is_dir() else legacy.unlink()
    for gen in folder.glob("gen-*"):
        if keep is not None and gen.name == keep.name:
            continue
        _remove_if_unread(gen)


def _remove_if_unread(gen: Path) -> None:
    try:
        fd = os.open(gen / READERS_LOCK, os.O_RDONLY)
    except OSError:  # a build that crashed before creating it: nobody can be reading
        shutil.rmtree(gen, ignore_errors=True)
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        log.debug("generation %s is still being read; removed by a later build", gen)
    else:
        shutil.rmtree(gen, ignore_errors=True)
    finally:
        os.close(fd)


def link_or_copy(src: Path, dst: Path) -> None:
    """Share an unchanged shard with the new generation: files are never modified in place."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)
