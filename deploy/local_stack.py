"""Run the hosted setup on this machine: the app via deploy/start.sh, optionally behind nginx.

The proxy browser test, the deploy test and the load benchmark use this, so they exercise exactly
what the Docker image runs (START_COMMAND) and the shipped nginx template. A person can use it too:

    python deploy/local_stack.py --corpus seeds            # -> http://127.0.0.1:8080/atlas/

nginx runs in the foreground as our child, with its pid, logs and temp files in its own directory,
so it needs no root and leaves nothing behind.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NGINX_DIR = REPO / "deploy" / "nginx"
# The Docker image's CMD, run from the image's WORKDIR (the repository root here).
START_COMMAND = ["sh", "deploy/start.sh"]
_PLACEHOLDER = re.compile(r"\$\{(ATLAS_[A-Z_]+)\}")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def find_nginx() -> str | None:
    """The nginx binary; /usr/sbin is often not on an ordinary user's PATH."""
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
    )


def render(template: str, values: Mapping[str, str]) -> str:
    """Fill ${ATLAS_*} placeholders (as envsubst would); nginx's own $variables stay untouched."""
    missing = sorted({m for m in _PLACEHOLDER.findall(template) if m not in values})
    if missing:
        raise KeyError(f"no value for {', '.join(missing)}")
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


def normalise_prefix(prefix: str) -> str:
    """'/atlas/' or 'atlas' -> '/atlas' (the template wants a leading slash and no trailing one)."""
    cleaned = prefix.strip().strip("/")
    if not re.fullmatch(r"[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*", cleaned):
        raise ValueError(f"not a usable URL sub-path: {prefix!r}")
    return "/" + cleaned


def write_nginx_config(runtime_dir: Path, *, prefix: str, upstream: str, listen: str) -> Path:
    """Render the location snippet and the standalone config into runtime_dir; return nginx.conf."""
    runtime_dir.mkdir(parents=True, exist_ok=True)
    # Worker processes (user nobody when started as root) must reach their temp dirs in here.
    runtime_dir.chmod(0o755)
    values = {
        "ATLAS_PREFIX": normalise_prefix(prefix),
        "ATLAS_UPSTREAM": upstream,
        "ATLAS_LISTEN": listen,
        "ATLAS_RUNTIME_DIR": str(runtime_dir),
    }
    location = render((NGINX_DIR / "atlas.location.conf.template").read_text(), values)
    (runtime_dir / "atlas.location.conf").write_text(location)
    conf = runtime_dir / "nginx.conf"
    conf.write_text(render((NGINX_DIR / "standalone.conf.template").read_text(), values))
    return conf


def nginx_command(nginx: str, conf: Path) -> list[str]:
    """Foreground nginx with its own prefix and start-up error log (never /var/log/nginx)."""
    runtime = conf.parent
    return [nginx, "-p", str(runtime), "-c", str(conf), "-e", str(runtime / "error.log")]


def wait_until_healthy(url: str, proc: subprocess.Popen[bytes], timeout: float) -> None:
    """Poll a /_stcore/health URL until it says ok; fail early if the process dies."""
    deadline = time.monotonic() + timeout
    last_error = "no answer yet"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} before {url} was healthy")
        try:
            with urllib.request.urlopen(url, timeout=3) as response:  # noqa: S310 - local http
                if response.read(16).strip() == b"ok":
                    return
        except (urllib.error.URLError, OSError) as exc:
            last_error = str(exc)
        time.sleep(0.3)
    raise TimeoutError(f"{url} not healthy after {timeout:.0f}s ({last_error})")


def stop(proc: subprocess.Popen[bytes] | None, timeout: float = 10) -> None:
    """Stop a child started with start_new_session=True, and anything it started."""
    if proc is None or proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=timeout)


def reuse_gazetteer_index(cache_root: Path) -> None:
    """Link an already built gazetteer index into a fresh cache root, so a test server does not spend
    ~20 s rebuilding it (the image builds its own at image build time)."""
    from components.places.gazetteer_index import index_path
    from components.store.paths import REPO_ROOT

    built = index_path(REPO_ROOT / "cache")
    target = index_path(Path(cache_root))
    if built.exists() and not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(built)


def app_environment(
    *, port: int, corpus: Path, cache: Path, base_path: str = "", extra: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The environment the image gives start.sh, pointed at local paths and bound to loopback."""
    reuse_gazetteer_index(cache)
    env = dict(os.environ)
    env.update(
        {
            "PORT": str(port),
            "NEWS_ATLAS_CORPUS": str(corpus),
            "NEWS_ATLAS_CACHE": str(cache),
            "STREAMLIT_SERVER_ADDRESS": "127.0.0.1",
            "STREAMLIT_SERVER_BASE_URL_PATH": base_path.strip("/"),
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra or {})
    return env


def start_app(env: Mapping[str, str], log_path: Path) -> subprocess.Popen[bytes]:
    """Run START_COMMAND from the repository root, as the image runs it from /app."""
    log = log_path.open("wb")
    try:
        return subprocess.Popen(  # noqa: S603 - fixed command
            START_COMMAND,
            cwd=REPO,
            env=dict(env),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    finally:
        log.close()


@dataclass(frozen=True)
class Stack:
    """A running app (and proxy, when asked for)."""

    app_url: str  # direct to Streamlit, with the base path
    url: str  # what a colleague opens: through nginx when there is one
    runtime_dir: Path
    app: subprocess.Popen[bytes]
    proxy: subprocess.Popen[bytes] | None


@contextlib.contextmanager
def local_stack(
    corpus: Path,
    *,
    cache: Path | None = None,
    prefix: str = "/atlas",
    with_proxy: bool = True,
    app_env: Mapping[str, str] | None = None,
    timeout: float = 240,
) -> Iterator[Stack]:
    """Start the app (and nginx in front of it under `prefix`); stop both on exit."""
    runtime = Path(tempfile.mkdtemp(prefix="atlas-stack-"))
    runtime.chmod(0o755)  # nginx workers (user nobody when started as root) must traverse it
    app = proxy = None
    try:
        base = normalise_prefix(prefix) if prefix.strip("/") else ""
        app_port = free_port()
        env = app_environment(
            port=app_port, corpus=corpus, cache=cache or runtime / "cache", base_path=base, extra=app_env
        )
        app = start_app(env, runtime / "app.log")
        app_url = f"http://127.0.0.1:{app_port}{base}/"
        wait_until_healthy(app_url + "_stcore/health", app, timeout)
        url = app_url
        if with_proxy:
            if not base:
                raise ValueError("the proxy setup serves the app under a sub-path; give a prefix")
            nginx = find_nginx()
            if nginx is None:
                raise FileNotFoundError("nginx is not installed")
            proxy_port = free_port()
            conf = write_nginx_config(
                runtime / "nginx",
                prefix=base,
                upstream=f"127.0.0.1:{app_port}",
                listen=f"127.0.0.1:{proxy_port}",
            )
            proxy = subprocess.Popen(  # noqa: S603 - fixed command
                nginx_command(nginx, conf),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            url = f"http://127.0.0.1:{proxy_port}{base}/"
            wait_until_healthy(url + "_stcore/health", proxy, 30)
        yield Stack(app_url=app_url, url=url, runtime_dir=runtime, app=app, proxy=proxy)
    finally:
        stop(proxy)
        stop(app)
        shutil.rmtree(runtime, ignore_errors=True)


def log_tail(path: Path, lines: int = 40) -> str:
    """The end of a log file, for failure messages."""
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO / "seeds")
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--prefix", default="/atlas")
    parser.add_argument("--no-proxy", action="store_true")
    args = parser.parse_args(argv)
    with local_stack(
        args.corpus.resolve(), cache=args.cache, prefix=args.prefix, with_proxy=not args.no_proxy
    ) as stack:
        print(f"News Atlas: {stack.url}   (Ctrl-C stops)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while stack.app.poll() is None:
                time.sleep(1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
