"""Work in a daemon thread, awaited from a Textual worker.

Textual's thread workers run in the event loop's default executor, whose
threads the interpreter joins at exit: quitting while the engine is matching
would wait for it to finish. Here the work runs in a daemon thread instead,
and the async worker only awaits its result, so the usual worker machinery
(``exit_on_error``, ``Worker.StateChanged``, ``wait_for_complete``, cancelling
every worker on quit) applies while the process can end at once. A cancelled
worker sets the work's stop event; the work checks it between steps.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class Stopped(Exception):
    """Raised inside the work when it is asked to stop."""


async def in_daemon_thread(work: Callable[[threading.Event], T], *, name: str) -> T:
    """Run ``work(stop)`` in a daemon thread and return (or raise) what it does."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()
    stop = threading.Event()

    def settle(result: T | None, error: BaseException | None) -> None:
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)  # type: ignore[arg-type]

    def run() -> None:
        try:
            result: T | None = work(stop)
            error: BaseException | None = None
        except BaseException as exc:  # handed to the awaiting worker
            result, error = None, exc
        with contextlib.suppress(RuntimeError):  # the loop has closed: the reader is gone
            loop.call_soon_threadsafe(settle, result, error)

    threading.Thread(target=run, name=name, daemon=True).start()
    try:
        return await future
    finally:
        stop.set()
