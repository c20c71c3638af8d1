"""Every public construct documents, in what ``help()`` shows, its defaults and its errors.

Issue 11: defaults live in docstrings, not in ``# Default:`` comments beside a signature, and
each construct's docstring has a Raises section.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
from constructs import Construct

import sts_constructs
import sts_constructs.federation

PACKAGE = Path(sts_constructs.__file__).parent
CONSTRUCTS = sorted(
    {
        getattr(package, name)
        for package in (sts_constructs, sts_constructs.federation)
        for name in package.__all__
        if inspect.isclass(getattr(package, name)) and issubclass(getattr(package, name), Construct)
    },
    key=lambda cls: cls.__qualname__,
)


def _docs(cls: type) -> str:
    # A newline between the two, so the last line of one never runs into the other's first.
    return (cls.__doc__ or "") + "\n" + (cls.__init__.__doc__ or "")


@pytest.mark.parametrize("cls", CONSTRUCTS, ids=lambda cls: cls.__qualname__)
def test_construct_docstring_has_a_raises_section(cls: type) -> None:
    assert "Raises:" in _docs(cls)


@pytest.mark.parametrize("cls", CONSTRUCTS, ids=lambda cls: cls.__qualname__)
def test_every_optional_argument_says_its_default(cls: type) -> None:
    docs = _docs(cls)
    optional = [
        parameter.name
        for parameter in inspect.signature(cls.__init__).parameters.values()
        if parameter.default is not inspect.Parameter.empty
    ]
    entries = _argument_entries(docs)
    assert [name for name in optional if "Default" not in entries.get(name, "")] == []


def _argument_entries(docs: str) -> dict[str, str]:
    """Each ``name: text`` entry of the docstrings' Args sections, with its wrapped lines."""
    entries: dict[str, str] = {}
    lines = docs.splitlines()
    for start, heading in enumerate(lines):
        if heading.strip() != "Args:":
            continue
        section = len(heading) - len(heading.lstrip())
        entry_indent: int | None = None
        name = ""
        for line in lines[start + 1 :]:
            stripped = line.strip()
            depth = len(line) - len(line.lstrip())
            if stripped and depth <= section:
                break  # The next section (Raises:) or the end of the docstring.
            if not stripped:
                continue
            entry_indent = depth if entry_indent is None else entry_indent
            match = re.fullmatch(r"(\w+): ?(.*)", stripped)
            if depth == entry_indent and match:
                name = match.group(1)
                entries[name] = match.group(2)
            elif name:
                entries[name] += " " + stripped
    return entries


def test_argument_entries_join_wrapped_lines_and_stop_at_the_next_section() -> None:
    docs = """Define a thing.

    Args:
        name: The name,
            1-64 characters. Default:
            generated.
        path: The path.

    Raises:
        ValueError: not an argument.
    """

    assert _argument_entries(docs) == {
        "name": "The name, 1-64 characters. Default: generated.",
        "path": "The path.",
    }


def test_no_default_comments_beside_signatures() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)}:{number}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"#\s*Default:", line)
    ]
    assert offenders == []
