"""A pytest plugin: your CDK app deployed into a local STS, and principals to test it with.

Installed with ``pip install "/path/to/sts-constructs[emulator]"`` from a checkout (the package
is not published; entry point ``pytest11``); your tests ask for the session fixture
``sts_emulator``:

>>> def test_ci_of_other_repos_cannot_deploy(sts_emulator):          # doctest: +SKIP
...     denied = sts_emulator.web_identity("github", sub="repo:octo-org/other:ref:refs/heads/main")
...     assert not denied.can_assume("deploy")

Which app: the fixture ``sts_emulator_assembly`` (override it in your ``conftest.py`` to return
a ``cdk.out`` path), else the ini option ``sts_emulator_assembly`` (a synthesized ``cdk.out``,
relative to the rootdir), else ``cdk synth`` in the rootdir (your ``cdk.json``'s app; the ini
option ``sts_emulator_app`` sets another command). The CDK CLI is ``cdk`` on PATH, or the ini
option ``sts_emulator_cdk``. The emulator starts once per test session and stops at its end.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from sts_constructs.emulator._local_sts import Decision, DeployedResource, LocalSts, Principal

__all__ = [
    "Decision",
    "DeployedResource",
    "LocalSts",
    "Principal",
    "sts_emulator",
    "sts_emulator_assembly",
]

_SYNTH_TIMEOUT_SECONDS = 600


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add the ini options of the ``sts_emulator`` fixture."""
    parser.addini(
        "sts_emulator_assembly",
        "sts_emulator: the synthesized cloud assembly to deploy (default: synthesize the app)",
        default="",
    )
    parser.addini(
        "sts_emulator_app",
        "sts_emulator: the command that builds the app, as `cdk synth --app` takes it "
        "(default: the app of cdk.json in the rootdir)",
        default="",
    )
    parser.addini(
        "sts_emulator_cdk", "sts_emulator: the CDK CLI (default: cdk on PATH)", default=""
    )


def _cdk_cli(config: pytest.Config) -> str:
    """Return the CDK CLI to run: the ini option ``sts_emulator_cdk``, else ``cdk`` on PATH;
    fail the session with one line when there is none."""
    from sts_constructs.emulator import EmulatorError
    from sts_constructs.emulator._deploy import _cdk

    named = str(config.getini("sts_emulator_cdk"))
    if named:
        if shutil.which(named) is None:
            pytest.fail(
                f"sts_emulator: the ini option sts_emulator_cdk is {named!r}, which is not "
                "an executable file or a command on PATH",
                pytrace=False,
            )
        return named
    try:
        return _cdk(None)
    except EmulatorError as error:
        missing = str(error)  # failed outside the handler: pytest would show the chain
    pytest.fail(f"sts_emulator: {missing}, or set the ini option sts_emulator_cdk", pytrace=False)


def _synthesize(config: pytest.Config, outdir: Path) -> Path:
    """Run ``cdk synth`` in the rootdir into ``outdir``; fail the session with the CLI's tail."""
    from sts_constructs.emulator._deploy import run_cdk

    cdk = _cdk_cli(config)
    app = str(config.getini("sts_emulator_app"))
    root = Path(config.rootpath)
    if not app and not (root / "cdk.json").is_file():
        pytest.fail(
            f"sts_emulator: no cdk.json in {root}; set the ini option sts_emulator_app "
            "(the app command) or sts_emulator_assembly (a cdk.out), or override the "
            "sts_emulator_assembly fixture",
            pytrace=False,
        )
    arguments = ["synth", "--quiet", "--output", str(outdir), *(["--app", app] if app else [])]
    env = {**os.environ, "CDK_DISABLE_VERSION_CHECK": "1"}
    try:
        result = run_cdk(cdk, arguments, env=env, cwd=root, timeout=_SYNTH_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        pytest.fail(
            f"sts_emulator: {shlex.join([cdk, *arguments])} ran over {_SYNTH_TIMEOUT_SECONDS} s",
            pytrace=False,
        )
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
        pytest.fail(f"sts_emulator: cdk synth failed in {root}:\n{tail}", pytrace=False)
    return outdir


@pytest.fixture(scope="session")
def sts_emulator_assembly(
    pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """Return the cloud assembly the ``sts_emulator`` fixture deploys (override to choose)."""
    named = str(pytestconfig.getini("sts_emulator_assembly"))
    if named:
        return Path(pytestconfig.rootpath) / named
    return _synthesize(pytestconfig, tmp_path_factory.mktemp("sts-emulator") / "cdk.out")


@pytest.fixture(scope="session")
def sts_emulator(sts_emulator_assembly: Path, pytestconfig: pytest.Config) -> Iterator[LocalSts]:
    """Start the local STS (IAM enforced), deploy the app into it, and hand out principals.

    One emulator per test session: tests share what they change in it. Each stack goes to
    the account of its environment (environment-agnostic ones: 123456789012).
    """
    from sts_constructs.emulator import Emulator, EmulatorError
    from sts_constructs.emulator._app import deploy_app

    cdk = _cdk_cli(pytestconfig)
    with Emulator() as emulator:
        try:
            deployment = deploy_app(emulator, assembly=sts_emulator_assembly, cdk=cdk)
        except EmulatorError as error:
            failed = f"sts_emulator: {error}\n{error.details[-3000:]}".rstrip()
        else:
            failed = ""
        if failed:  # failed outside the handler: pytest would show the chain
            pytest.fail(failed, pytrace=False)
        yield LocalSts(emulator, deployment)
