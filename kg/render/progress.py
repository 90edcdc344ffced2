"""Signs of life on stderr while long work runs, drawn by rich: a bar for work in known steps
(`kg build`'s stages, `kg push`'s upload), a spinner with one line per finished step for work
of unknown length (`kg import`, scripts/bench.py's measurements).

Only when stderr is a terminal: in a pipe, a file, CI or a test nothing at all is written, so
`kg build 2> log` and the tests see the same stderr as before. The bars are transient (gone
when the work ends); the command's own result still goes to stdout.
"""
from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Callable, Iterator, TextIO

Steps = Callable[[str, int, int], None]  # (step done, how far, out of how much)


def is_terminal(stream: TextIO | None) -> bool:
    """Return True if `stream` is an interactive terminal (not a pipe, a file or a test)."""
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):  # a replaced or closed stream
        return False


@contextmanager
def bar(title: str, stream: TextIO | None = None) -> Iterator[Steps | None]:
    """Yield a callback (step, done, total) that draws a progress bar on stderr; yield None
    when stderr is not a terminal, so the library skips the calls altogether."""
    stream = sys.stderr if stream is None else stream
    if not is_terminal(stream):
        yield None
        return
    from rich.console import Console
    from rich.progress import (BarColumn, Progress, SpinnerColumn, TaskProgressColumn,
                               TextColumn, TimeElapsedColumn)

    # markup=False: the description holds file names and stage names, printed as they are.
    columns = (SpinnerColumn(), TextColumn("{task.description}", markup=False), BarColumn(),
               TaskProgressColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(file=stream), transient=True) as progress:
        task = progress.add_task(title, total=None)

        def update(step: str, done: int, total: int) -> None:
            progress.update(task, completed=done, total=total,
                            description=f"{title}: {step}")
        yield update


@contextmanager
def spinner(title: str, stream: TextIO | None = None) -> Iterator[Callable[[str], None]]:
    """Yield a callback that prints one line per finished step above a spinner on stderr;
    when stderr is not a terminal the callback does nothing."""
    stream = sys.stderr if stream is None else stream
    if not is_terminal(stream):
        yield lambda line: None
        return
    from rich.console import Console

    console = Console(file=stream, highlight=False, markup=False)
    with console.status(_plain(title)):
        yield lambda line: console.print(_plain(line))


def _plain(text: str):
    from rich.text import Text

    return Text(text)  # a Text, never markup: a file name or label may hold '[...]'
