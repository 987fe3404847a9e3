"""Queries that a time limit or Ctrl-C can stop at once.

pyoxigraph evaluates a query in Rust without returning to Python, so neither a signal handler nor a
timer can interrupt it in-process: the query runs in a child process, which is ended when the time
is up or the user presses Ctrl-C (the server ends its workers the same way, kgbuild/serve.py).
"""

import multiprocessing
import signal
from collections.abc import Callable

from .errors import Interrupted, KgbuildError, QueryTimeout


def _child(connection, function: Callable, args: tuple) -> None:
    # Ctrl-C reaches the whole process group: it is the parent's to handle, by ending this process.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        connection.send(("ok", function(*args)))
    except KgbuildError as exc:
        connection.send(("error", str(exc), exc.exit_code))
    except Exception as exc:  # noqa: BLE001 - said in one line by the parent, as every other error
        connection.send(("error", f"internal error, please report it: {exc!r}", 1))


def stoppable(function: Callable, args: tuple, seconds: float | None, what: str = "the query"):
    """`function(*args)` run in a child process; its (picklable) result, or its KgbuildError raised
    here. Past `seconds` (None: no limit) it is ended and QueryTimeout raised; on Ctrl-C, Interrupted.

    The child is forked, not spawned: it starts in milliseconds with the modules already imported, and
    the parent has opened no store (whose threads a fork would not copy) when it forks."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, function, args), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(seconds):
            raise QueryTimeout(f"{what} was stopped after {seconds:g} s (--timeout); no partial result is given")
        try:
            answer = receive.recv()
        except EOFError:
            child.join()
            raise KgbuildError(f"{what} ended without an answer (its process exited with {child.exitcode})") from None
    except KeyboardInterrupt:
        raise Interrupted(f"interrupted: {what} was stopped") from None
    finally:
        child.kill()  # at once, whether it is done, past its time or interrupted
        child.join()
        receive.close()
    if answer[0] == "error":
        error = KgbuildError(answer[1])
        error.exit_code = answer[2]
        raise error
    return answer[1]
