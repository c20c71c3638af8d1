#!/usr/bin/env python3
"""Build the sandbox app from a config file: ``cdk synth -c config=config/sandbox.yaml``.

A config the app cannot use stops it with exit status 1 and one ``error: file: field: 'value'
rule`` line on stderr per problem; nothing is written to the output directory. The config is
checked before CDK's Node.js process starts, so a bad one fails in a fraction of a second.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

# The packages of this repository: a ModuleNotFoundError naming one is a bug, not a setup.
_OWN_PACKAGES = frozenset({"app", "stacks", "sts_constructs"})
_NOT_INSTALLED_FIX = (
    "activate the project's virtual environment (source .venv/bin/activate, after make "
    "install) or run make synth"
)


def not_installed(error: ModuleNotFoundError) -> str | None:
    """Return the one line for a dependency missing from this Python, ``None`` for a module
    of the project itself (whose error is a bug and keeps its traceback).

    ``npx cdk synth`` runs ``python3 app.py`` with whatever ``python3`` is first on PATH;
    outside the virtual environment that one lacks aws_cdk, pydantic and the rest.
    """
    name = (error.name or "").partition(".")[0]
    if not name or name in _OWN_PACKAGES:
        return None
    return f"{name} is not installed for {sys.executable}: {_NOT_INSTALLED_FIX}"


try:
    from stacks.config import AppConfig, ConfigError, load_config
    from sts_constructs.validation import MESSAGE_VALUE_MAX_CHARS
except ModuleNotFoundError as _error:
    # Run as the CDK app: one line, not a traceback. Imported (tests): the error as it is.
    if __name__ != "__main__" or (_line := not_installed(_error)) is None:
        raise
    print(f"error: {_line}", file=sys.stderr)
    sys.exit(1)

if TYPE_CHECKING:
    import aws_cdk as cdk

DEFAULT_CONFIG = "config/sandbox.yaml"
# The CDK CLI passes context in this variable, or in a file this one names when it is large.
_CONTEXT_ENV = "CDK_CONTEXT_JSON"
_CONTEXT_FILE_ENV = "CONTEXT_OVERFLOW_LOCATION_ENV"
_VALIDATION_FAILED = (
    "cdk-nag or the trust checks report the findings above; fix them, or acknowledge each "
    "with a reason (docs/RULES.md)"
)
# Where a run writes its assembly before moving it into the output directory.
_STAGING_PREFIX = ".synth-"
# An error of synthesis is reported on one line of at most this many characters.
_ERROR_MAX_CHARS = 4 * MESSAGE_VALUE_MAX_CHARS


def build_app(app: cdk.App, *, config: AppConfig | None = None) -> cdk.App:
    """Add the stacks of the config named by the ``config`` context value to ``app``.

    See ``stacks.app.build_app``; imported here so ``import app`` does not start Node.js.
    """
    from stacks.app import build_app as build

    return build(app, config=config)


def context_config_path() -> str:
    """Return the ``config`` context value the CDK CLI passes, or the default config."""
    context: Any = {}
    try:
        if raw := os.environ.get(_CONTEXT_ENV):
            context = json.loads(raw)
        elif location := os.environ.get(_CONTEXT_FILE_ENV):
            context = json.loads(Path(location).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        context = {}  # CDK reads it again and reports what is wrong with it.
    value = context.get("config") if isinstance(context, dict) else None
    return value if isinstance(value, str) and value else DEFAULT_CONFIG


def one_line(error: BaseException) -> str:
    """Return an error's message on one line, at most a few hundred characters.

    jsii puts a JavaScript stack under the message; only the first line says what is wrong.
    """
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    text = lines[0] if lines else type(error).__name__
    # The construct that raised it (its note, sts_constructs._construct_errors).
    notes = [n for n in getattr(error, "__notes__", ()) if isinstance(n, str) and n.strip()]
    if notes:
        text = f"{text} ({notes[-1].strip()})"
    if len(text) > _ERROR_MAX_CHARS:
        text = f"{text[:_ERROR_MAX_CHARS]}... ({len(text)} characters)"
    return text


def _fail(lines: list[str]) -> int:
    for line in lines:
        print(f"error: {line}", file=sys.stderr)
    return 1


def remove_stale_staging(outdir: Path) -> list[Path]:
    """Remove the staging directories of synth runs that were killed; return them.

    A run's staging directory is ``.synth-<pid>-...`` inside the output directory; a run
    killed with SIGKILL cannot remove its own. One whose process is gone is removed; one of
    a live process (another synth into the same directory) is left alone.
    """
    removed = []
    for entry in outdir.glob(f"{_STAGING_PREFIX}*"):
        pid = entry.name.removeprefix(_STAGING_PREFIX).split("-", 1)[0]
        if entry.is_dir() and not entry.is_symlink() and pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # Another user's process.
    return True


def main() -> int:
    """Synthesize the app into the CDK output directory; on any error, write nothing there.

    The assembly is written to a staging directory first and moved into place only when
    synthesis succeeded, so a failed run leaves the output directory as it was.
    """
    path = context_config_path()
    try:
        config = load_config(path)
    except ConfigError as error:
        return _fail(error.lines)

    try:
        import aws_cdk as cdk  # Starts Node.js: only for a config that passed.
    except ModuleNotFoundError as error:
        if (line := not_installed(error)) is None:
            raise
        return _fail([line])

    outdir = Path(os.environ.get("CDK_OUTDIR") or "cdk.out")
    outdir.mkdir(parents=True, exist_ok=True)
    # Inside the output directory: same file system (entries move by rename), no litter
    # beside it, and removed on every path out.
    remove_stale_staging(outdir)
    staging = Path(tempfile.mkdtemp(prefix=f"{_STAGING_PREFIX}{os.getpid()}-", dir=outdir))
    try:
        app = cdk.App(outdir=str(staging))
        build_app(app, config=config)
        app.synth()
    except ConfigError as error:
        return _fail(error.lines)
    except ModuleNotFoundError as error:  # A dependency of the stacks (cdk_nag...).
        if (line := not_installed(error)) is None:
            raise
        return _fail([line])
    except Exception as error:  # Every failure of synthesis gets one line.
        text = str(error)
        if text.startswith("ValidationFailed"):
            # cdk-nag or the trust checks found problems. CDK prints their report itself, or
            # (in some runs) puts it in the error instead of "Validation failed. A copy...".
            report = text.removeprefix("ValidationFailed:").strip()
            if not report.startswith("Validation failed."):
                print(report, file=sys.stderr)
            return _fail([f"{path}: synthesis failed: {_VALIDATION_FAILED}"])
        return _fail([f"{path}: synthesis failed: {one_line(error)}"])
    else:
        for entry in staging.iterdir():
            target = outdir / entry.name
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
            entry.replace(target)
        return 0
    finally:
        shutil.rmtree(staging, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
