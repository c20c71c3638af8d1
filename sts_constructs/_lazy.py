"""One lazy loader for every package of sts_constructs: public names from one list.

A package's ``__init__`` lists its public names once, as the imports of its
``if TYPE_CHECKING:`` block (``from sts_constructs._trust import Trust as Trust``): type
checkers and editors read them there, and ``lazy_exports`` reads the same block to build
``__all__`` and a module ``__getattr__`` that imports each name on first use. Importing the
package therefore does not start CDK's Node.js process (about 1.5 s); the first construct
used does.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, init_file: str
) -> tuple[list[str], Callable[[str], Any], Callable[[], list[str]]]:
    """Return ``__all__``, ``__getattr__`` and ``__dir__`` for ``package``.

    ``init_file`` is the package's ``__init__.py`` (``__file__``); its ``if TYPE_CHECKING:``
    block is the one list of public names. ``__all__`` comes back sorted.
    """
    modules = _type_checking_imports(Path(init_file))
    namespace = importlib.import_module(package).__dict__

    def __getattr__(name: str) -> Any:
        module = modules.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *modules})

    return sorted(modules), __getattr__, __dir__


def _type_checking_imports(init_file: Path) -> dict[str, str]:
    """Return public name -> defining module, from the ``if TYPE_CHECKING:`` block."""
    tree = ast.parse(init_file.read_text(encoding="utf-8"))
    names: dict[str, str] = {}
    for node in tree.body:
        if not (isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"):
            continue
        for statement in node.body:
            if isinstance(statement, ast.ImportFrom) and statement.module:
                for alias in statement.names:
                    names[alias.asname or alias.name] = statement.module
    return names
