"""The one place the commands make their rich console (``show``, ``check``, ``verify``, the demo).

On a terminal the console is rich's own: it wraps at the terminal's width. Anywhere else (a
pipe, a file, a CI log) nothing reads a width, so the console does not hard-wrap: text is
printed soft-wrapped (each line whole) and tables get :data:`UNWRAPPED_WIDTH` columns, so a
cell breaks only when it is longer than that. ``COLUMNS`` in the environment still sets the
width, as it does for rich.
"""

from __future__ import annotations

import os
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["UNWRAPPED_WIDTH", "make_console"]

# The width of a console that is not a terminal: wide enough that no table a command prints
# folds a cell, narrow enough that a rule drawn across it is not megabytes.
UNWRAPPED_WIDTH = 1000


def make_console(file: IO[str] | None = None, **options: Any) -> Console:
    """Return a rich ``Console`` writing to ``file`` (default: standard output).

    ``options`` are the ``Console`` constructor's (``highlight``, ``stderr``...). When the
    console is not a terminal and ``COLUMNS`` is not set, it is made soft-wrapping and
    :data:`UNWRAPPED_WIDTH` columns wide.
    """
    from rich.console import Console

    console = Console(file=file, **options)
    if not console.is_terminal and not os.environ.get("COLUMNS"):
        console.soft_wrap = True
        console.width = UNWRAPPED_WIDTH
    return console
