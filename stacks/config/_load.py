"""Read a config file safely: a regular file of bounded size, plain YAML, no repeated keys.

Every refusal is one line naming the file (and the line of the YAML, when there is one): the
config is read before anything is synthesized, and nothing in it can make the reader hang.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node
from yaml.resolver import Resolver

from stacks.config._base import ConfigError
from sts_constructs.validation import quote_value

__all__ = ["CONFIG_MAX_BYTES", "CONFIG_MAX_DEPTH", "read_config_file", "read_regular_file"]

CONFIG_MAX_BYTES: Final = 1_048_576
"""A config file is at most 1 MiB: ours are a few kilobytes."""
CONFIG_MAX_DEPTH: Final = 64
"""Mappings and lists nest at most 64 deep (ours nest 6)."""


def read_regular_file(path: Path, *, what: str, max_bytes: int = CONFIG_MAX_BYTES) -> bytes:
    """Return the bytes of a regular file of at most ``max_bytes``; never block.

    A FIFO, a device or a directory is refused before it is read: opening a FIFO for reading
    would wait for a writer forever. Raises ``ConfigError`` with one line.
    """
    try:
        # O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise ConfigError(f"{path}: cannot read the {what}: {error.strerror}") from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise ConfigError(
                f"{path}: the {what} is not a regular file (a FIFO, device or directory); "
                "give the path of a file"
            )
        if status.st_size > max_bytes:
            raise ConfigError(
                f"{path}: the {what} has {status.st_size} bytes, more than the {max_bytes} allowed"
            )
        with os.fdopen(descriptor, "rb", closefd=True) as file:
            descriptor = -1
            data = file.read(max_bytes + 1)
    finally:
        if descriptor >= 0:
            os.close(descriptor)
    if len(data) > max_bytes:
        raise ConfigError(f"{path}: the {what} has more than the {max_bytes} bytes allowed")
    return data


# libyaml's parser (C) when PyYAML has it: five times faster on a large file. Its events are
# composed in Python (PyYAML's Composer), so every check below sees each event; libyaml's own
# composer, which would resolve aliases out of sight, is not used.
if TYPE_CHECKING:
    _Loader = yaml.SafeLoader
else:
    try:
        from yaml._yaml import CParser
    except ImportError:  # PyYAML built without libyaml: the pure-Python loader.
        _Loader = yaml.SafeLoader
    else:

        class _Loader(Composer, CParser, SafeConstructor, Resolver):
            def __init__(self, stream):
                CParser.__init__(self, stream)
                Composer.__init__(self)
                SafeConstructor.__init__(self)
                Resolver.__init__(self)


class _ConfigLoader(_Loader):
    """Plain YAML only: no anchors or aliases, no repeated keys, bounded nesting.

    An alias repeats a value without writing it out; nested aliases multiply (a few hundred
    bytes expand to billions of nodes), so a config writes every value out instead.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent):
            raise _refuse(
                event.start_mark,
                f"the alias *{event.anchor} repeats a value; a config writes every value out "
                "(YAML anchors and aliases are not allowed)",
            )
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _refuse(
                event.start_mark,
                f"the anchor &{anchor} names a value to repeat; a config writes every value "
                "out (YAML anchors and aliases are not allowed)",
            )
        self._depth += 1
        try:
            if self._depth > CONFIG_MAX_DEPTH:
                raise _refuse(
                    event.start_mark,
                    f"values nest more than {CONFIG_MAX_DEPTH} levels deep",
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            try:
                first = seen.get(key)
            except TypeError:
                raise _refuse(key_node.start_mark, "a key must be a plain value") from None
            if first is not None:
                raise _refuse(
                    key_node.start_mark,
                    f"the key {quote_value(key)} appears again (first on line {first}); YAML "
                    "would keep only the last value: remove one",
                )
            seen[key] = line
        return super().construct_mapping(node, deep=deep)


class _Refused(yaml.YAMLError):
    def __init__(self, mark: Any, rule: str) -> None:
        super().__init__(rule)
        self.mark = mark
        self.rule = rule


def named_file(value: str, context: Any, *, what: str, max_bytes: int) -> str:
    """Return the absolute path of a file a config names, once it is a regular file of at most
    ``max_bytes`` (a FIFO would block). A relative path is relative to the config file's
    directory (``context["config_dir"]``, pydantic's validation context). Raises ``ValueError``
    ``'<path>': <rule>`` naming the file as resolved."""
    path = Path(value)
    base = (context or {}).get("config_dir")
    if not path.is_absolute() and base is not None:
        path = Path(base) / path
    try:
        read_regular_file(path, what=what, max_bytes=max_bytes)
    except ConfigError as error:
        rule = str(error).removeprefix(f"{path}: ")
        raise ValueError(f"{quote_value(str(path))}: {rule}") from None
    return str(path.resolve())


def _refuse(mark: Any, rule: str) -> _Refused:
    return _Refused(mark, rule)


def read_config_file(path: Path) -> Any:
    """Return the YAML document of a config file; raise ``ConfigError`` with one line."""
    raw = read_regular_file(path, what="config file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ConfigError(
            f"{path}: not UTF-8 text (byte {error.start}): save the config as UTF-8"
        ) from None
    loader = _ConfigLoader(text)
    try:
        return loader.get_single_data()
    except _Refused as error:
        raise ConfigError(f"{path}: line {error.mark.line + 1}: {error.rule}") from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        problem = " ".join(str(error.problem or error.context or "").split())
        raise ConfigError(f"{path}: {where}not valid YAML: {problem}") from None
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: not valid YAML: {' '.join(str(error).split())}") from None
    except RecursionError:
        raise ConfigError(f"{path}: values nest too deeply") from None
    except ValueError as error:
        # A constructor refused a scalar, such as an integer of more than 4,300 digits.
        raise ConfigError(f"{path}: not valid YAML: {' '.join(str(error).split())}") from None
    finally:
        loader.dispose()
