"""Name the construct in the errors its arguments raise, as an exception note (PEP 678).

A construct's error message is one line, the rule: ``max_session_duration: '13h' is above the
12h IAM maximum``. In an app with hundreds of roles the traceback must also say which one, so
a ``ValueError`` or ``TypeError`` raised while one of this package's constructs is built gets
the note ``in <construct path> (<class>)``; ``str(error)`` stays the rule alone. When a
construct builds another of this package (``CrossAccountRole`` its role), the note names the
outer one: the construct the user wrote.
"""

from __future__ import annotations

import functools
from typing import Any

__all__ = ["NamedInErrors"]

# The note a construct put on an error: an outer construct replaces it with its own.
_NOTE = "_sts_constructs_note"


class NamedInErrors:
    """Mixin of this package's constructs (after the jsii base): see the module docstring."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        init = cls.__dict__.get("__init__")
        if init is None:
            return

        @functools.wraps(init)
        def __init__(self: Any, scope: Any, construct_id: str, *args: Any, **kwargs: Any) -> None:
            try:
                init(self, scope, construct_id, *args, **kwargs)
            except (ValueError, TypeError) as error:
                inner = getattr(error, _NOTE, None)
                if inner is not None and inner in getattr(error, "__notes__", ()):
                    error.__notes__.remove(inner)
                note = f"in {_path(scope, construct_id)} ({cls.__name__})"
                setattr(error, _NOTE, note)
                error.add_note(note)
                raise

        setattr(cls, "__init__", __init__)  # noqa: B010 (mypy: no method assignment)


def _path(scope: Any, construct_id: Any) -> str:
    """Return the path the construct would have; only on the error path (a call into CDK)."""
    try:
        parent = str(scope.node.path)
    except Exception:  # A scope that is no construct: the TypeError itself says so.
        parent = repr(scope)
    return f"{parent}/{construct_id}" if parent else str(construct_id)
