"""Self-hosting: the Dockerfile is sane, and the exact command the image runs serves a healthy app.

No Docker engine runs here, so the image's CMD (deploy/start.sh) is run outside Docker with the
image's environment pointed at a temporary cache directory, and Streamlit's health endpoint, the
Docker HEALTHCHECK script and the hardening of the live server are checked against it.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shlex
import subprocess
import sys
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from deploy.healthcheck import health_url
from deploy.local_stack import START_COMMAND, local_stack, log_tail, render

REPO = Path(__file__).resolve().parents[2]
DOCKERFILE = REPO / "Dockerfile"


def dockerfile_instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with comments dropped and continuation lines joined."""
    joined = re.sub(
        r"\\\n", " ", "\n".join(ln for ln in text.splitlines() if not ln.lstrip().startswith("#"))
    )
    pairs = []
    for line in joined.splitlines():
        if line.strip():
            keyword, _, args = line.strip().partition(" ")
            pairs.append((keyword.upper(), " ".join(args.split())))
    return pairs


def dockerfile_env(instructions: list[tuple[str, str]]) -> dict[str, str]:
    env: dict[str, str] = {}
    for keyword, args in instructions:
        if keyword == "ENV":
            env.update(dict(item.split("=", 1) for item in shlex.split(args)))
    return env


@pytest.fixture(scope="module")
def instructions() -> list[tuple[str, str]]:
    return dockerfile_instructions(DOCKERFILE.read_text())


def args_of(instructions: list[tuple[str, str]], keyword: str) -> list[str]:
    return [args for kw, args in instructions if kw == keyword]


# --- Dockerfile, lint level ---------------------------------------------------------------------


def test_base_image_is_slim_python_matching_the_project(instructions):
    (base,) = args_of(instructions, "FROM")
    match = re.fullmatch(r"python:(3\.\d+)-slim(-\w+)?", base)
    assert match, f"expected a pinned slim Python base image, got {base!r}"
    requires = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["requires-python"]
    floor = re.search(r">=\s*(3\.\d+)", requires)
    assert floor and match.group(1) == floor.group(1), f"image Python {match.group(1)} vs {requires}"


def test_serves_as_a_non_root_user(instructions):
    users = [(i, args) for i, (kw, args) in enumerate(instructions) if kw == "USER"]
    assert users, "no USER instruction: the server would run as root"
    last_index, last_user = users[-1]
    assert last_user.split(":")[0] not in {"root", "0"}
    cmd_index = max(i for i, (kw, _) in enumerate(instructions) if kw == "CMD")
    assert last_index < cmd_index
    assert any(kw == "RUN" and "useradd" in args and last_user in args for kw, args in instructions)


def test_cmd_is_the_start_script_the_tests_run(instructions):
    (cmd,) = args_of(instructions, "CMD")
    assert json.loads(cmd) == START_COMMAND, "exec form, and the same command local_stack runs"
    assert (REPO / START_COMMAND[-1]).is_file()


def test_healthcheck_uses_streamlit_health_endpoint(instructions):
    (check,) = args_of(instructions, "HEALTHCHECK")
    exec_form = json.loads(check.split(" CMD ", 1)[1])
    assert exec_form == ["python", "deploy/healthcheck.py"]
    assert re.search(r"--start-period=\d+s", check)
    assert health_url({}) == "http://127.0.0.1:8501/_stcore/health"
    env = {"PORT": "9000", "STREAMLIT_SERVER_BASE_URL_PATH": "/atlas/"}
    assert health_url(env) == "http://127.0.0.1:9000/atlas/_stcore/health"


def test_cache_is_built_at_image_build_time_where_the_app_reads_it(instructions):
    env = dockerfile_env(instructions)
    builds = [args for args in args_of(instructions, "RUN") if "-m components build" in args]
    assert len(builds) == 1
    # The build writes under the cache root the app reads (NEWS_ATLAS_CACHE, set by ENV before it).
    assert env["NEWS_ATLAS_CORPUS"] in builds[0] and "--cache" not in builds[0]
    assert env["NEWS_ATLAS_CACHE"] == "/app/cache"
    # The build runs as the serving user, so the cache is writable later (incremental rebuilds).
    build_index = instructions.index(("RUN", builds[0]))
    assert any(kw == "USER" for kw, _ in instructions[:build_index])


def meaningful_lines(path: Path) -> list[str]:
    """Non-empty, non-comment lines of a plain config file."""
    return [
        ln.strip() for ln in path.read_text().splitlines() if ln.strip() and not ln.lstrip().startswith("#")
    ]


def dockerignored(path: str) -> bool:
    """Rough .dockerignore matching: enough for the plain patterns this repository uses."""
    return any(
        fnmatch.fnmatch(path, pat)
        or path.startswith(pat.rstrip("/") + "/")
        or fnmatch.fnmatch(path, f"**/{pat}")
        for pat in meaningful_lines(REPO / ".dockerignore")
    )


def test_copy_sources_exist_and_are_not_ignored(instructions):
    build_args = dict(arg.split("=", 1) for arg in args_of(instructions, "ARG"))
    for copy in args_of(instructions, "COPY"):
        *sources, _dest = [p for p in copy.split() if not p.startswith("--")]
        for source in sources:
            source = re.sub(r"\$\{(\w+)\}", lambda m: build_args[m.group(1)], source)
            assert (REPO / source).exists(), f"COPY {source}: missing from the build context"
            assert not dockerignored(source), f"COPY {source}: excluded by .dockerignore"


def test_dockerignore_keeps_secrets_and_local_state_out():
    for must in (".streamlit/secrets.toml", "sub/secrets.toml", ".git", "cache"):
        assert dockerignored(must), must


def test_requirements_txt_installs_this_project_with_an_existing_extra():
    lines = meaningful_lines(REPO / "requirements.txt")
    assert len(lines) == 1, "one source of truth: pyproject.toml"
    match = re.fullmatch(r"\.(?:\[([\w,-]+)\])?", lines[0])
    assert match, lines
    extras = tomllib.loads((REPO / "pyproject.toml").read_text())["project"].get("optional-dependencies", {})
    for extra in filter(None, (match.group(1) or "").split(",")):
        assert extra in extras, f"requirements.txt asks for extra [{extra}] that pyproject.toml lacks"


def test_nginx_template_renders_and_keeps_nginx_variables():
    text = (REPO / "deploy/nginx/atlas.location.conf.template").read_text()
    conf = render(text, {"ATLAS_PREFIX": "/atlas", "ATLAS_UPSTREAM": "127.0.0.1:8501"})
    assert "location /atlas/_stcore/stream {" in conf
    assert "proxy_set_header Upgrade $http_upgrade;" in conf
    assert 'proxy_set_header Connection "upgrade";' in conf
    assert "proxy_pass http://127.0.0.1:8501;" in conf  # no URI part: /atlas/ reaches Streamlit intact
    assert "${" not in conf
    with pytest.raises(KeyError):
        render(text, {"ATLAS_PREFIX": "/atlas"})


# --- the shipped Streamlit configuration -------------------------------------------------------

READ_CONFIG = """
import json
from streamlit import config
from streamlit.runtime import app_session
config.get_config_options(force_reparse=True)
keys = ["server.enableXsrfProtection", "server.enableCORS", "server.corsAllowedOrigins",
        "server.maxUploadSize", "server.fileWatcherType", "server.runOnSave", "server.headless",
        "server.enableStaticServing", "browser.gatherUsageStats", "client.toolbarMode",
        "client.showErrorDetails", "runner.magicEnabled", "runner.postScriptGC"]
values = {k: config.get_option(k) for k in keys}
# The values must also survive the code that sends them to the browser.
values["toolbar_enum"] = app_session._get_toolbar_mode()
values["error_links_enum"] = app_session._get_show_error_links()
print(json.dumps(values))
"""


def test_shipped_config_is_hardened():
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    out = subprocess.run(
        [sys.executable, "-c", READ_CONFIG], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    values = json.loads(out.stdout.strip().splitlines()[-1])
    from streamlit.proto.NewSession_pb2 import Config

    assert values["server.enableXsrfProtection"] is True
    # CORS *protection* on and no extra origins: nothing cross-origin gets in (see config.toml).
    assert values["server.enableCORS"] is True and values["server.corsAllowedOrigins"] == []
    assert values["server.maxUploadSize"] <= 1
    assert values["server.fileWatcherType"] == "none" and values["server.runOnSave"] is False
    assert values["server.headless"] is True and values["server.enableStaticServing"] is True
    assert values["browser.gatherUsageStats"] is False
    assert values["client.toolbarMode"] == "viewer" and values["toolbar_enum"] == Config.ToolbarMode.VIEWER
    assert values["client.showErrorDetails"] == "none"
    assert values["error_links_enum"] == Config.ShowErrorLinks.SHOW_ERROR_LINKS_FALSE
    assert values["runner.magicEnabled"] is False
    assert values["runner.postScriptGC"] is False  # see config.toml: a full GC per rerun stalls all sessions


# --- the image's start command, run for real ----------------------------------------------------


def _get(url: str, headers: dict[str, str] | None = None, method: str = "GET"):
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def _websocket_opens(url: str, origin: str) -> bool:
    """Whether the server accepts Streamlit's WebSocket from a page on `origin`."""
    import asyncio
    import concurrent.futures

    import websockets

    async def attempt() -> bool:
        try:
            async with websockets.connect(url, subprotocols=["streamlit"], origin=origin, open_timeout=15):
                return True
        except websockets.InvalidStatus:
            return False

    # In its own thread: Playwright's sync API (browser tests in the same session) keeps an event loop
    # running in the main thread, where asyncio.run() refuses to start.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, attempt()).result()


@pytest.mark.slow
def test_start_command_serves_a_healthy_hardened_app(tmp_path):
    cache = tmp_path / "cache"
    with local_stack(REPO / "seeds", cache=cache, prefix="", with_proxy=False) as stack:
        try:
            base = stack.app_url  # http://127.0.0.1:PORT/
            status, _, body = _get(base + "_stcore/health")
            assert (status, body) == (200, b"ok")
            # The HEALTHCHECK script, with the environment the image has.
            port = base.rsplit(":", 1)[1].strip("/")
            check = subprocess.run(
                [sys.executable, "deploy/healthcheck.py"], cwd=REPO, env={**os.environ, "PORT": port},
                capture_output=True, timeout=30,
            )  # fmt: skip
            assert check.returncode == 0, check.stderr
            # start.sh brought the cache up to date before serving.
            assert any(p.is_file() for p in cache.rglob("*")), "no cache files were built"
            # The page and the bundled map data are served.
            status, _, html = _get(base)
            assert status == 200 and b"<html" in html.lower()
            topojson = sorted((REPO / "static").rglob("*.json"))
            if topojson:
                status, _, _ = _get(
                    base + "app/static/" + topojson[0].relative_to(REPO / "static").as_posix()
                )
                assert status == 200
            # Hardening, observed on the wire: no CORS grant to a foreign origin, an XSRF cookie,
            # and a state-changing request without the XSRF token is refused.
            status, headers, _ = _get(base + "_stcore/health", {"Origin": "http://evil.example"})
            assert status == 200 and headers.get("Access-Control-Allow-Origin") is None
            assert "_streamlit_xsrf" in (headers.get("Set-Cookie") or "")
            status, _, _ = _get(base + "_stcore/upload_file/some-session/some-file", method="PUT")
            assert status in (403, 405), f"upload without XSRF token answered {status}"
            # CORS protection on: a page on another site cannot open the app's WebSocket.
            stream = base.replace("http://", "ws://") + "_stcore/stream"
            assert _websocket_opens(stream, base.rstrip("/"))
            assert not _websocket_opens(stream, "http://evil.example")
        except AssertionError:
            print(log_tail(stack.runtime_dir / "app.log"))
            raise
    # Once the server is gone, the health check says so.
    check = subprocess.run(
        [sys.executable, "deploy/healthcheck.py"], cwd=REPO, env={**os.environ, "PORT": port},
        capture_output=True, timeout=30,
    )  # fmt: skip
    assert check.returncode == 1
