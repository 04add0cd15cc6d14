"""Command line: `python -m components build|places|export CORPUS`.

Build prints a progress bar and a summary on stderr and lists every bad input there; it exits 0 unless
nothing at all could be read. A damaged cache is repaired (and said so); a cache that cannot be written
is served as it is, with one line saying so.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from components.store.schema import Corpus
from components.values import none_if_missing

if TYPE_CHECKING:
    from components.store.engines import Engine


def make_parser() -> argparse.ArgumentParser:
    """The three commands and their shared options."""
    parser = argparse.ArgumentParser(prog="python -m components", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, text in (
        ("build", "parse, find and place every mention; write the cache"),
        ("places", "print every article with its place mentions"),
        ("export", "write the places with their mention counts"),
    ):
        p = sub.add_parser(name, help=text)
        p.add_argument("corpus", type=Path, help="folder (searched recursively) or a single file")
        p.add_argument(
            "--cache", type=Path, default=None, help="cache folder (default: cache/<corpus>-<hash>)"
        )
        p.add_argument(
            "--geocoder",
            choices=["nominatim"],
            default=None,
            help="look up names the offline gazetteer cannot place (online; cached, rate-limited)",
        )
        p.add_argument("--quiet", action="store_true", help="no progress bar")
        p.add_argument(
            "--workers", type=int, default=None, help="processes for the build (default: one per core)"
        )
        p.add_argument(
            "--engine", choices=["local", "dask"], default="local", help="run the build here or on Dask"
        )
        p.add_argument("--scheduler", default=None, help="Dask scheduler tcp://HOST:PORT (default: local)")
        p.add_argument(
            "--follow-symlinks",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="read symbolic links that point outside the corpus (default: listed, not followed; "
            "env NEWS_ATLAS_FOLLOW_SYMLINKS=1)",
        )
        p.add_argument(
            "--progress-jsonl", action="store_true", help=argparse.SUPPRESS
        )  # for a parent process
        if name == "places":
            p.add_argument("--json", action="store_true", help="JSON output (the default)")
        if name == "export":
            p.add_argument("--format", choices=["csv", "geojson"], default="csv")
            p.add_argument("--output", "-o", type=Path, default=None, help="file to write (default: stdout)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    from components.store import default_cache_dir, load

    if not args.corpus.exists():
        print(f"error: corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    cache = args.cache or default_cache_dir(args.corpus)
    from components.store.engines import make_engine

    try:
        engine = make_engine(args.engine, workers=args.workers, scheduler=args.scheduler)
    except ValueError as exc:  # --scheduler without --engine dask
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ImportError as exc:
        print(f"error: {exc}; the Dask engine needs: pip install 'news-atlas[dask]'", file=sys.stderr)
        return 2
    stats = _build(args, cache, engine)
    if stats.stale_reason:
        print(f"warning: {stats.stale_reason}", file=sys.stderr)
    if args.progress_jsonl:  # a worker for the dashboard, which loads the tables itself
        if stats.stale_reason:
            print(json.dumps({"stale": stats.stale_reason}), flush=True)
        print(stats.summary(), file=sys.stderr)
        return 0
    corpus = load(cache)
    for row in corpus.errors.itertuples(index=False):
        print(f"error: {row.file}: {row.error}", file=sys.stderr)
    if corpus.stale_reason and corpus.stale_reason != stats.stale_reason:
        print(f"warning: {corpus.stale_reason}", file=sys.stderr)
    if args.command == "build":
        print(
            f"{stats.summary()}; {len(corpus.articles)} articles, {len(corpus.mentions)} mentions, "
            f"{len(corpus.places)} places -> {cache}",
            file=sys.stderr,
        )
    elif args.command == "places":
        json.dump(places_json(corpus), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        from components.store.export import to_csv, to_geojson

        text = to_csv(corpus) if args.format == "csv" else to_geojson(corpus)
        if args.output:
            args.output.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
    return 1 if stats.files and corpus.articles.empty else 0


def _build(args: argparse.Namespace, cache: Path, engine: Engine):
    from components.store import build

    bar = None
    if args.progress_jsonl:  # a parent process (the dashboard) draws the progress itself

        def progress(done: int, total: int, name: str) -> None:
            print(json.dumps({"done": done, "total": total, "file": name}), flush=True)

    else:
        if not args.quiet and (args.command == "build" or sys.stderr.isatty()):
            from tqdm import tqdm

            bar = tqdm(total=0, unit="file", desc="building", file=sys.stderr, leave=False)

        def progress(done: int, total: int, name: str) -> None:
            if bar is not None:
                bar.total = total
                bar.update(done - bar.n)  # workers report whole shards: `done` may jump

    try:
        return build(
            args.corpus,
            cache,
            geocoder=args.geocoder,
            progress=progress,
            follow_symlinks=args.follow_symlinks,
            engine=engine,
        )
    finally:
        if bar is not None:
            bar.close()


def places_json(corpus: Corpus) -> dict:
    """The documented `places --json` shape: articles with their mentions, and the errors."""
    m = corpus.mentions.sort_values(["article_id", "start"])
    by_article = {aid: grp for aid, grp in m.groupby("article_id", sort=False)}
    articles = []
    for a in corpus.articles.itertuples(index=False):
        grp = by_article.get(a.article_id)
        rows = [] if grp is None else list(grp.itertuples(index=False))
        mentions = [
            {
                "start": int(r.start),
                "end": int(r.end),
                "surface": r.surface,
                "place_id": _s(r.place_id),
                "name": _s(r.name),
                "kind": _s(r.kind),
                "lat": _f(r.lat),
                "lon": _f(r.lon),
                "country": _s(r.country),
                "in_post": bool(r.in_post),
                "score": _f(r.score),
                "reason": _s(r.reason),
            }
            for r in rows
            if _s(r.place_id) is not None
        ]
        unresolved = [
            {"start": int(r.start), "end": int(r.end), "surface": r.surface, "reason": _s(r.reason)}
            for r in rows
            if _s(r.place_id) is None
        ]
        articles.append(
            {
                "id": a.article_id,
                "file": a.file,
                "title": _s(a.title),
                "title_source": _s(a.title_source),
                "date": _s(a.date),
                "month": _s(a.month),
                "date_precision": _s(a.date_precision),
                "date_source": _s(a.date_source),
                "language": _s(a.language),
                "outlet": _s(a.outlet),
                "mentions": mentions,
                "unresolved": unresolved,
            }
        )
    errors = [
        {"file": r.file, "row": _i(r.row), "reason": _s(r.reason), "error": r.error}
        for r in corpus.errors.itertuples(index=False)
    ]
    return {"articles": articles, "errors": errors}


def _s(value: object) -> str | None:
    """A text cell for JSON: missing (NA, NaN) becomes null."""
    value = none_if_missing(value)
    return None if value is None else str(value)


def _i(value: object) -> int | None:
    """An integer cell for JSON: missing (NA) becomes null."""
    value = none_if_missing(value)
    return None if value is None else int(value)


def _f(value: object) -> float | None:
    """A number cell for JSON: missing (NA, NaN) becomes null."""
    value = none_if_missing(value)
    return None if value is None else float(value)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `... | head`: the reader left; that is not an error
        sys.stderr.close()
        sys.exit(0)
