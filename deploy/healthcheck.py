"""Docker HEALTHCHECK: exit 0 when Streamlit's health endpoint answers "ok", else 1.

Reads the same environment as deploy/start.sh (PORT, STREAMLIT_SERVER_BASE_URL_PATH), so it works
whether or not the app is served under a sub-path. Standard library only: the slim image has no curl.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request


def health_url(environ: dict[str, str] | os._Environ[str] = os.environ) -> str:
    """http://127.0.0.1:<port>/<base>/_stcore/health for the server started by start.sh."""
    port = environ.get("PORT", "8501").strip() or "8501"
    base = environ.get("STREAMLIT_SERVER_BASE_URL_PATH", "").strip("/ ")
    prefix = f"/{base}" if base else ""
    return f"http://127.0.0.1:{port}{prefix}/_stcore/health"


def main() -> int:
    url = health_url()
    try:
        with urllib.request.urlopen(url, timeout=4) as response:  # noqa: S310 - fixed http URL
            body = response.read(64).decode("ascii", "replace").strip()
            healthy = response.status == 200 and body == "ok"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        print(f"unhealthy: {url}: {exc}", file=sys.stderr)
        return 1
    if not healthy:
        print(f"unhealthy: {url}: {body!r}", file=sys.stderr)
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
