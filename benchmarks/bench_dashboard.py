"""Server time from a filter change to a rendered page, at 1k / 10k / 100k synthetic articles.

    python benchmarks/bench_dashboard.py                 # 1000 10000 100000
    python benchmarks/bench_dashboard.py --sizes 1000 --repeat 3

Each figure is the wall time of one `AppTest.run()` after changing a sidebar widget, i.e. the whole
script run on the server (entry script, sidebar, filtering, the page's charts/tables, serialising
the messages) in this process. Every change goes to a state not seen before, so the filtered-view
memo never answers. Next to it, in the same run:
  * `bare rerun`   - a one-line Streamlit page (the framework's floor, and AppTest's own overhead);
  * `shell rerun`  - the dashboard with its sidebar but an empty page (our fixed cost per run).
Targets (from the issue): a filter change <= 300 ms at 100k; <= 1.5x the empty page at 1k.
Benchmarks print figures; tests never assert on wall-clock time.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from streamlit.testing.v1 import AppTest  # noqa: E402

from components.store.synthetic import corpus_tables  # noqa: E402
from components.views.app_state import get_index, use_corpus  # noqa: E402

PAGES = ["overview", "timeline", "map", "places"]
BARE_PAGE = "import streamlit as st\nst.write('empty page')\n"
SHELL_PAGE = (
    "import sys\nsys.path.insert(0, {repo!r})\nimport streamlit as st\n"
    "from components.views.app_state import render_sidebar\n"
    "st.set_page_config(layout='wide')\nview = render_sidebar()\n"
)


def timed(action: Callable[[], object]) -> float:
    gc.collect()
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples):7.1f}"


def bare_reruns(repeat: int) -> list[float]:
    at = AppTest.from_string(BARE_PAGE, default_timeout=120)
    at.run()
    return [timed(at.run) for _ in range(repeat)]


def shell_reruns(repeat: int) -> list[float]:
    """The dashboard's sidebar and filtering with nothing on the page, changing the month each time."""
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "shell.py"
        script.write_text(SHELL_PAGE.format(repo=str(REPO)))
        at = AppTest.from_file(str(script), default_timeout=120)
        at.run()
        return [timed(lambda i=i: set_month(at, i).run()) for i in range(repeat)]


def set_month(at: AppTest, i: int) -> AppTest:
    months = get_index().months
    lo = i % max(len(months) - 2, 1)
    hi = min(lo + 2 + i // 8, len(months) - 1)
    at.select_slider(key="filter_month").set_value((months[lo], months[hi]))
    return at


def set_place(at: AppTest, i: int) -> AppTest:
    names = get_index().place_names
    at.multiselect(key="filter_place").set_value([names[i % len(names)], names[(i * 3 + 1) % len(names)]])
    return at


def page_changes(page: str, repeat: int) -> dict[str, list[float]]:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120)
    at.run()
    if page != "overview":
        at.switch_page(f"app_pages/{page}.py").run()
    at.run()  # warm: first use of the page's caches
    assert not at.exception, [e.value for e in at.exception]
    out = {
        "month": [timed(lambda i=i: set_month(at, i).run()) for i in range(repeat)],
        "place": [timed(lambda i=i: set_place(at, i).run()) for i in range(repeat)],
        "rerun": [timed(at.run) for _ in range(repeat)],  # same filters: the memoised view
    }
    assert not at.exception, [e.value for e in at.exception]
    return out


def search_ms(repeat: int) -> tuple[float, float]:
    index = get_index()
    first = timed(lambda: index.search("kharkiv"))
    later = [timed(lambda i=i: index.search(f"zz{i}")) for i in range(repeat)]
    return first, statistics.median(later)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    print("server time per run, median of", args.repeat, "(ms)")
    header = f"{'articles':>9} {'page':<9} {'month':>8} {'place':>8} {'rerun':>8} {'bare':>8} {'shell':>8}"
    print(header)
    print("-" * len(header))
    for n in args.sizes:
        t0 = time.perf_counter()
        corpus = corpus_tables(n)
        use_corpus(corpus, key=f"synthetic-{n}")
        setup = time.perf_counter() - t0
        bare = bare_reruns(args.repeat)
        shell = shell_reruns(args.repeat)
        worst = 0.0
        for page in PAGES:
            res = page_changes(page, args.repeat)
            worst = max(worst, statistics.median(res["month"]), statistics.median(res["place"]))
            print(
                f"{n:>9,} {page:<9} {median_ms(res['month'])} {median_ms(res['place'])} "
                f"{median_ms(res['rerun'])} {median_ms(bare)} {median_ms(shell)}"
            )
        first, later = search_ms(args.repeat)
        pad = " " * 10
        print(
            f"{pad}{len(corpus.mentions):,} mentions; tables+index {setup:.1f}s; text search: first "
            f"{first:.0f} ms (builds the search buffer), then {later:.0f} ms per new query"
        )
        shell_ms, bare_ms = statistics.median(shell), statistics.median(bare)
        print(
            f"{pad}slowest filter change {worst:.0f} ms = {worst / shell_ms:.1f}x the shell page, "
            f"{worst / bare_ms:.1f}x the bare page"
        )
        use_corpus(None)
        del corpus
        gc.collect()


if __name__ == "__main__":
    main()
