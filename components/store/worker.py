"""Run a build in a child process (`python -m components build --progress-jsonl`), relaying its progress.

A server that builds in a worker keeps only the loaded tables, not the gazetteer index and the build's
working memory, and its other sessions are not slowed by the build holding the GIL.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from components.store.paths import REPO_ROOT


def build_in_worker(
    corpus_dir: str | Path,
    cache_dir: str | Path,
    *,
    geocoder: str | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    follow_symlinks: bool | None = None,
) -> str | None:
    """`python -m components build` in a child process, relaying its progress (JSON lines on stdout).
    Returns why the cache could not be updated (read-only), else None."""
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
    if follow_symlinks is not None:
        cmd += ["--follow-symlinks" if follow_symlinks else "--no-follow-symlinks"]
    stale = None
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")])),
    }
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        for line in proc.stdout:
            if line.startswith("{"):
                with contextlib.suppress(ValueError, KeyError, TypeError):
                    event = json.loads(line)
                    if "stale" in event:
                        stale = str(event["stale"])
                    elif progress:
                        progress(event["done"], event["total"], event["file"])
        err = proc.stderr.read()
    if proc.returncode not in (0, 1):  # 1: nothing readable, reported in the errors table
        raise RuntimeError(f"cache build failed ({proc.returncode}): {err.strip()[-2000:]}")
    return stale
