#!/bin/sh
# Start the News Atlas server. This is the Docker image's CMD, and the tests run it verbatim.
#
# Environment (all optional):
#   NEWS_ATLAS_CORPUS      corpus directory the dashboard reads (image: /app/corpus)
#   NEWS_ATLAS_CACHE       cache root: the corpus's Parquet cache and the gazetteer index (image: /app/cache,
#                          prebuilt at image build time)
#   NEWS_ATLAS_BUILD_ON_START
#                          1 (default): bring the cache up to date before serving, so no viewer waits
#                          for a build; only changed files are rebuilt, so a fresh cache costs little.
#                          0: skip, and let the first visit build it with a progress bar.
#   PORT                   port to listen on (default 8501; many hosts set it)
#   STREAMLIT_SERVER_ADDRESS, STREAMLIT_SERVER_BASE_URL_PATH, ...
#                          any Streamlit option, e.g. STREAMLIT_SERVER_BASE_URL_PATH=atlas behind a
#                          reverse proxy at https://host/atlas/
set -eu

cd "$(dirname "$0")/.."

if [ "${NEWS_ATLAS_BUILD_ON_START:-1}" = "1" ] && [ -n "${NEWS_ATLAS_CORPUS:-}" ]; then
    # A broken corpus must not keep the server down: the dashboard explains the problem instead.
    # NEWS_ATLAS_CACHE is the cache root: the corpus cache and the gazetteer index both live there.
    python -m components build "$NEWS_ATLAS_CORPUS" \
        || echo "start.sh: cache build failed; the dashboard will retry on first visit" >&2
fi

# exec: Streamlit becomes this process, so `docker stop` (SIGTERM) reaches it directly.
exec python -m streamlit run dashboard.py --server.port "${PORT:-8501}"
