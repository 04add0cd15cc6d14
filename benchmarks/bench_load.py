"""Load benchmark: many colleagues on one hosted dashboard, changing filters, through the proxy.

Starts the app exactly as the Docker image does (deploy/start.sh) behind nginx under /atlas/
(deploy/local_stack.py), then opens N concurrent sessions over Streamlit's own WebSocket protocol,
the way the browser does: each session opens a page of the dashboard, then changes the sidebar
filters (months range, places, search text, clear) several times. Per filter change it measures
the server response: from sending the rerun to the script having finished, as seen by the client
through nginx. A response counts as an error when the script raised (an exception element), finished
with an error status, or did not answer within the timeout.

    python benchmarks/bench_load.py                      # 30 sessions x 8 changes on the seeds
    python benchmarks/bench_load.py --think 0.2 1         # stress: everyone clicks about every 0.6 s
    python benchmarks/bench_load.py --synthetic 2000      # 2,000 synthetic articles instead
    python benchmarks/bench_load.py --url http://127.0.0.1:8080/atlas/   # an already running server

Each simulated user waits a random think time (default 1-3 s: someone flicking through filters,
faster than anyone reading a chart) between changes. Opening the page is reported separately.
Target (issue "Share it"): p95 <= 1 s and no errors on the seeds. Prints the figures; asserts nothing.
No browser is involved, so the client costs next to nothing and the timings are the server's.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from deploy.local_stack import local_stack, log_tail  # noqa: E402

PAGES = ["", "timeline", "map", "articles", "places", "compare"]
SEARCH_WORDS = ["Kharkiv", "Oekraïne", "Russland", "attack", "grain", ""]
FINISHED = ForwardMsg.ScriptFinishedStatus


@dataclass
class Widget:
    """A sidebar filter widget as the server described it, with the value the client holds."""

    id: str
    kind: str  # select_slider | multiselect | text_input
    label: str
    options: list[str]
    value: list[str] | str


@dataclass
class RunResult:
    seconds: float
    error: str | None = None
    kind: str = "change"  # "open": the first run of a shared link; "change": a filter change
    change: str = ""  # what the simulated user changed
    summary: str = ""  # the view's description afterwards ("1 article · 2022-09 · Kharkiv")


@dataclass
class Session:
    """One simulated browser tab: its WebSocket, its widgets and query string."""

    ws: websockets.ClientConnection
    page: str
    query_string: str = ""
    widgets: dict[str, Widget] = field(default_factory=dict)
    summary: str = ""  # the page's one-line description of the filtered view, as last rendered

    def widget_states(self) -> list[WidgetState]:
        states = []
        for widget in self.widgets.values():
            state = WidgetState(id=widget.id)
            if widget.kind == "text_input":
                state.string_value = str(widget.value)
            else:
                state.string_array_value.data.extend(list(widget.value))
            states.append(state)
        return states


def _pick(options: list[str], indices: Sequence[float]) -> list[str]:
    return [options[int(i)] for i in indices if 0 <= int(i) < len(options)]


def _learn_widget(session: Session, msg: ForwardMsg) -> str | None:
    """Record filter widgets from a delta; return an error text for an exception element."""
    if not msg.HasField("delta") or not msg.delta.HasField("new_element"):
        return None
    element = msg.delta.new_element
    kind = element.WhichOneof("type")
    if kind == "exception":
        return f"{element.exception.type}: {element.exception.message}"[:200]
    if kind == "html" and "news-atlas-view" in element.html.body:
        session.summary = re.sub(r"<[^>]+>", "", element.html.body).strip()
        return None
    if kind == "slider" and element.slider.type == element.slider.SELECT_SLIDER:
        slider = element.slider
        options = list(slider.options)
        value = list(slider.raw_value) or _pick(options, slider.value or slider.default)
        widget = Widget(slider.id, "select_slider", slider.label, options, value)
    elif kind == "multiselect":
        multi = element.multiselect
        options = list(multi.options)
        value = list(multi.raw_values) or _pick(options, multi.default)
        widget = Widget(multi.id, "multiselect", multi.label, options, value)
    elif kind == "text_input":
        text = element.text_input
        value = text.value if text.HasField("value") else text.default
        widget = Widget(text.id, "text_input", text.label, [], value)
    else:
        return None
    known = session.widgets.get(widget.label)
    if known is not None and known.id == widget.id:
        widget.value = known.value  # the client's value wins, as in the browser
    session.widgets[widget.label] = widget
    return None


async def run_script(session: Session, timeout: float) -> RunResult:
    """Ask for a rerun with the session's widget values; wait until the script has settled."""
    client_state = ClientState(query_string=session.query_string, page_name=session.page)
    client_state.widget_states.widgets.extend(session.widget_states())
    started = time.perf_counter()
    await session.ws.send(BackMsg(rerun_script=client_state).SerializeToString())
    error = None
    started_run = False  # messages of a run that began before our request are not its answer
    try:
        async with asyncio.timeout(timeout):
            while True:
                msg = ForwardMsg()
                msg.ParseFromString(await session.ws.recv())
                started_run = started_run or msg.HasField("new_session")
                if not started_run:
                    continue
                error = _learn_widget(session, msg) or error
                if msg.HasField("page_info_changed"):
                    session.query_string = msg.page_info_changed.query_string
                if msg.HasField("script_finished"):
                    status = msg.script_finished
                    if status == FINISHED.FINISHED_EARLY_FOR_RERUN:
                        continue  # the app called st.rerun(): the user waits for the next run too
                    if status == FINISHED.FINISHED_WITH_COMPILE_ERROR:
                        error = error or "compile error"
                    break
    except TimeoutError:
        error = f"no answer within {timeout:.0f}s"
    except websockets.ConnectionClosed as exc:
        error = f"connection closed: {exc}"
    return RunResult(time.perf_counter() - started, error, summary=session.summary)


def next_change(session: Session, rng: random.Random) -> str:
    """Change one filter the way a user would; return a short description."""
    widgets = list(session.widgets.values())
    choices = [w for w in widgets if w.kind != "multiselect" or w.options]
    if not choices:
        return "rerun"
    widget = rng.choice(choices)
    if widget.kind == "select_slider" and len(widget.options) >= 2:
        lo = rng.randrange(len(widget.options))
        hi = rng.randrange(lo, len(widget.options))
        widget.value = [widget.options[lo], widget.options[hi]]
    elif widget.kind == "multiselect":
        widget.value = rng.sample(widget.options, k=min(len(widget.options), rng.choice([0, 1, 1, 2])))
    elif widget.kind == "text_input":
        widget.value = rng.choice(SEARCH_WORDS)
    return f"{widget.label}={widget.value}"


@dataclass(frozen=True)
class Load:
    """What the simulated colleagues do."""

    sessions: int = 30
    changes: int = 8  # filter changes per session, after opening the page
    think: tuple[float, float] = (1.0, 3.0)  # seconds between changes, uniform
    timeout: float = 60.0  # a change not answered by then counts as an error


async def one_session(
    ws_url: str, origin: str, page: str, load: Load, seed: int, results: list[RunResult]
) -> None:
    """Open a page, then change filters `load.changes` times with a think time between."""
    rng = random.Random(seed)
    try:
        ws = await websockets.connect(
            ws_url, subprotocols=["streamlit"], origin=origin, max_size=None, open_timeout=load.timeout
        )
    except Exception as exc:  # noqa: BLE001 - a refused session is a measured error
        results.append(RunResult(0.0, f"connect: {exc}", kind="open"))
        return
    async with ws:
        session = Session(ws, page)
        first = await run_script(session, load.timeout)
        first.kind, first.change = "open", f"open {page or '(home)'}"
        results.append(first)
        for _ in range(load.changes):
            await asyncio.sleep(rng.uniform(*load.think))
            change = next_change(session, rng)
            result = await run_script(session, load.timeout)
            result.change = f"{page or '(home)'}: {change}"
            results.append(result)


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (no interpolation), so p95 is a response that really happened."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(pct / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


async def drive(url: str, load: Load) -> tuple[list[RunResult], float]:
    """Run `load` against the app at `url` (ending in the base path and a slash)."""
    parts = urlsplit(url)
    ws_url = f"ws://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream"
    origin = f"http://{parts.netloc}"
    results: list[RunResult] = []
    started = time.perf_counter()
    await asyncio.gather(
        *(one_session(ws_url, origin, PAGES[i % len(PAGES)], load, i, results) for i in range(load.sessions))
    )
    return results, time.perf_counter() - started


def describe(times: Sequence[float]) -> str:
    if not times:
        return "no successful responses"
    ms = [t * 1000 for t in times]
    return f"p50 {statistics.median(ms):.0f} ms, p95 {percentile(ms, 95):.0f} ms, max {max(ms):.0f} ms"


def report(results: list[RunResult], wall: float, load: Load, label: str, verbose: bool = False) -> None:
    if verbose:
        for r in results:
            print(f"  {r.seconds * 1000:6.0f} ms  {r.change}  ->  {r.error or r.summary}")
    opens = [r.seconds for r in results if r.kind == "open" and r.error is None]
    changes = [r.seconds for r in results if r.kind == "change" and r.error is None]
    errors = [r.error for r in results if r.error is not None]
    n_changes = sum(r.kind == "change" for r in results)
    print(
        f"\n{label}: {load.sessions} concurrent sessions, {n_changes} filter changes "
        f"(think {load.think[0]:g}-{load.think[1]:g} s) in {wall:.1f}s"
    )
    print(f"  opening a shared link:              {describe(opens)}")
    print(f"  server response per filter change:  {describe(changes)}")
    ok = bool(changes) and percentile(changes, 95) <= 1.0 and not errors
    print(f"  errors: {len(errors)}   -> {'meets' if ok else 'MISSES'} the target (p95 <= 1 s, no errors)")
    for r in [r for r in results if r.error][:5]:
        print(f"  error after [{r.change}]: {r.error}")


def first_traceback(log: Path, max_lines: int = 60) -> str:
    """The first Python traceback in a server log, shortened to its frames and the error line."""
    lines = log.read_text(errors="replace").splitlines() if log.exists() else []
    start = next((i for i, ln in enumerate(lines) if ln.startswith("Traceback")), None)
    if start is None:
        return log_tail(log, 20)
    block = [lines[start]]
    for line in lines[start + 1 :]:
        block.append(line)
        if not line.startswith(" "):  # the exception line ends the traceback
            break
    return "\n".join(block[-max_lines:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=Load.sessions)
    parser.add_argument("--changes", type=int, default=Load.changes, help="filter changes per session")
    parser.add_argument("--think", type=float, nargs=2, default=Load.think, metavar=("MIN", "MAX"))
    parser.add_argument("--timeout", type=float, default=Load.timeout, help="seconds before a change fails")
    parser.add_argument("--corpus", type=Path, default=REPO / "seeds")
    parser.add_argument("--synthetic", type=int, default=None, help="serve N synthetic articles instead")
    parser.add_argument("--url", default=None, help="benchmark a running server instead of starting one")
    parser.add_argument("--verbose", action="store_true", help="print every change and the view it gave")
    args = parser.parse_args(argv)
    load = Load(args.sessions, args.changes, tuple(args.think), args.timeout)

    if args.url:
        results, wall = asyncio.run(drive(args.url, load))
        report(results, wall, load, args.url, args.verbose)
        return 0
    env = {"NEWS_ATLAS_SYNTHETIC": str(args.synthetic)} if args.synthetic else {}
    label = f"synthetic {args.synthetic} articles" if args.synthetic else f"corpus {args.corpus.name}"
    with local_stack(args.corpus.resolve(), prefix="/atlas", app_env=env) as stack:
        # Warm the corpus cache once, as the first real visitor would, so the figures are steady state.
        warm, _ = asyncio.run(drive(stack.url, Load(sessions=1, changes=0, timeout=600)))
        if any(r.error for r in warm):
            print("warm-up failed:", warm, "\n", log_tail(stack.runtime_dir / "app.log"))
            return 1
        results, wall = asyncio.run(drive(stack.url, load))
        report(results, wall, load, f"{label} via nginx {stack.url}", args.verbose)
        if any(r.error for r in results):
            print("\nfirst error in the server log:\n" + first_traceback(stack.runtime_dir / "app.log"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
