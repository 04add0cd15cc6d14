# News Atlas, self-hosted. Build:  docker build -t news-atlas .
#   other corpus (a folder inside the build context):  --build-arg CORPUS=path/to/corpus
# Run:    docker run --rm -p 8501:8501 news-atlas          -> http://localhost:8501/
#   under a sub-path behind a proxy:  -e STREAMLIT_SERVER_BASE_URL_PATH=atlas
#   private corpus: -v "$PWD/secrets.toml:/app/.streamlit/secrets.toml:ro"  (see README, Hosting)
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    NEWS_ATLAS_CORPUS=/app/corpus \
    NEWS_ATLAS_CACHE=/app/cache \
    PORT=8501

RUN useradd --create-home --uid 10001 --user-group --shell /usr/sbin/nologin atlas

WORKDIR /app

# Dependencies first, so code edits do not reinstall them.
COPY pyproject.toml README.md ./
COPY components ./components
RUN pip install ".[auth]"

# The app itself: owned by root and read-only for the user that serves it.
COPY dashboard.py ./
COPY app_pages ./app_pages
COPY static ./static
COPY deploy ./deploy
COPY .streamlit/config.toml ./.streamlit/config.toml
ARG CORPUS=seeds
COPY ${CORPUS} ./corpus

# The cache is the only thing the server writes; build it now so the first viewer never waits.
RUN mkdir -p /app/cache && chown atlas:atlas /app/cache
USER atlas
RUN python -m components build /app/corpus

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "deploy/healthcheck.py"]
CMD ["sh", "deploy/start.sh"]
