"""Bootstrap the emulator and deploy a cloud assembly into it with the real CDK CLI."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sts_constructs.conventions import CDK_CLI_INSTALL
from sts_constructs.emulator._process import Emulator, EmulatorError, StaticCredentials
from sts_constructs.template import parse_template

__all__ = [
    "DeployResult",
    "SkippedResource",
    "bootstrap",
    "cdk_environment",
    "deploy",
    "run_cdk",
    "skipped_resources",
]

TOOLKIT_STACK = "CDKToolkit"
# The CLI builds the template URL from this; moto then reads the bucket from its own S3.
# The emulator never contacts this address.
_S3_URL_FOR_CLOUDFORMATION = "https://s3.{region}.amazonaws.com"
# CDK's version-reporting resource: AWS records it, nothing to create in an emulator.
_NOTHING_TO_CREATE = {"AWS::CDK::Metadata"}
# Why the emulator skips a type, where we know more than "moto has no model for it".
_WHY_SKIPPED = {
    "AWS::S3::BucketPolicy": "moto would evaluate it without its conditions, so a "
    "deny-unless-TLS statement would deny every call; bucket policies are not enforced here",
    "AWS::CloudFormation::StackSet": "moto's CloudFormation has no StackSet resource; "
    "nothing is rolled out, so the StackSet's role exists in no account here",
}


@dataclass(frozen=True)
class SkippedResource:
    """A template resource the emulator reported but did not create."""

    stack_name: str
    logical_id: str
    resource_type: str
    reason: str = "the emulator has no model for this type"


@dataclass(frozen=True)
class DeployResult:
    """What one ``cdk deploy`` into the emulator did."""

    stacks: dict[str, dict[str, str]]  # stack name -> output key -> value
    skipped: tuple[SkippedResource, ...]
    seconds: float
    cli_output: str


def cdk_environment(
    emulator: Emulator,
    *,
    cdk_home: Path | None = None,
    credentials: StaticCredentials | None = None,
    region: str | None = None,
) -> dict[str, str]:
    """Return the environment in which the CDK CLI deploys into ``emulator``.

    The CLI caches access key -> account under ``CDK_HOME``: each emulator gets its own.

    Args:
        credentials: Default: the admin's key.
        region: Default: the emulator's region.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "CDK_"))}
    # Raises EmulatorError unless started.
    env.update(emulator.environment(credentials=credentials, region=region))
    env.update(
        {
            "AWS_ENDPOINT_URL_S3_FOR_CLOUDFORMATION": _S3_URL_FOR_CLOUDFORMATION.format(
                region=region or emulator.region
            ),
            "CDK_HOME": str(cdk_home or emulator.workdir / "cdk-home"),
            "CDK_DISABLE_VERSION_CHECK": "1",
            "CI": "true",  # no interactive progress bars in captured output
        }
    )
    return env


def _cdk(cdk: str | None) -> str:
    found = cdk or shutil.which("cdk")
    if found is None:
        raise EmulatorError(
            f"the CDK CLI (cdk) is not on PATH: `{CDK_CLI_INSTALL}` installs it in "
            "node_modules/.bin; put that directory on PATH"
        )
    return found


def run_cdk(
    cdk: str,
    arguments: Sequence[str],
    *,
    env: dict[str, str],
    cwd: Path,
    timeout: float | None = None,  # Seconds. Default: no limit.
) -> subprocess.CompletedProcess[str]:
    """Run the CDK CLI ``cdk`` with ``arguments``; return its status and output (a failing
    CLI does not raise; ``subprocess.TimeoutExpired`` after ``timeout``)."""
    return subprocess.run(
        [cdk, *arguments],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )


def bootstrap(
    emulator: Emulator,
    *,
    cdk: str | None = None,
    credentials: StaticCredentials | None = None,
    region: str | None = None,
) -> dict[str, str]:
    """Create the CDK toolkit stack in the account of ``credentials`` and ``region``.

    Return the stack's outputs. ``cdk bootstrap`` itself leaves the stack without outputs in
    moto; creating it from ``cdk bootstrap --show-template`` with CreateStack gives it its
    outputs. The template is the same for every account and region: it is asked for once.

    Args:
        credentials: Default: the admin's key (its account).
        region: Default: the emulator's region.
    """
    template = _bootstrap_template(_cdk(cdk), cdk_environment(emulator), emulator.workdir)
    cloudformation = emulator.client("cloudformation", credentials=credentials, region=region)
    cloudformation.create_stack(
        StackName=TOOLKIT_STACK,
        TemplateBody=template,
        Capabilities=["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"],
    )
    stack = cloudformation.describe_stacks(StackName=TOOLKIT_STACK)["Stacks"][0]
    if stack["StackStatus"] != "CREATE_COMPLETE":
        raise EmulatorError(f"the toolkit stack is {stack['StackStatus']}")
    return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}


# The template depends on the CLI only: asked for once per CLI, not once per account.
_BOOTSTRAP_TEMPLATES: dict[str, str] = {}


def _bootstrap_template(cdk: str, env: dict[str, str], cwd: Path) -> str:
    """Return the output of ``cdk bootstrap --show-template`` for the CLI ``cdk``."""
    if cdk not in _BOOTSTRAP_TEMPLATES:
        result = run_cdk(cdk, ["bootstrap", "--show-template"], env=env, cwd=cwd)
        if result.returncode != 0:
            raise EmulatorError(
                f"cdk bootstrap --show-template failed: {_last_line(result.stderr)}"
            )
        _BOOTSTRAP_TEMPLATES[cdk] = result.stdout
    return _BOOTSTRAP_TEMPLATES[cdk]


def deploy(
    emulator: Emulator,
    *,
    assembly: Path,
    cdk: str | None = None,
    cwd: Path | None = None,
    stacks: Sequence[str] = (),
    credentials: StaticCredentials | None = None,
    region: str | None = None,
) -> DeployResult:
    """Run ``cdk deploy --method=direct`` for the synthesized ``assembly`` into ``emulator``.

    The stacks deploy into the account of ``credentials``, in ``region``. Change sets in moto
    lose stack outputs, hence ``--method=direct``. Raises :class:`EmulatorError` with the CLI's
    last lines when the deploy fails.

    Args:
        cwd: Default: the assembly's parent directory.
        stacks: Default: every stack (--all). Construct IDs of the assembly.
        credentials: Default: the admin's key (its account).
        region: Default: the emulator's region.
    """
    started = time.monotonic()
    result = run_cdk(
        _cdk(cdk),
        [
            "deploy",
            "--app",
            str(assembly.resolve()),
            *(stacks or ["--all"]),
            "--method=direct",
            "--require-approval",
            "never",
            "--no-previous-parameters",
            "--progress",
            "events",
        ],
        env=cdk_environment(emulator, credentials=credentials, region=region),
        cwd=cwd or assembly.resolve().parent,
    )
    output = result.stdout + result.stderr
    if result.returncode != 0:
        raise EmulatorError(f"cdk deploy failed: {_last_line(output)}", details=output)
    seconds = time.monotonic() - started
    names = _stack_names(assembly, only=stacks)
    cloudformation = emulator.client("cloudformation", credentials=credentials, region=region)
    outputs: dict[str, dict[str, str]] = {}
    skipped: list[SkippedResource] = []
    for name in names:
        stack = cloudformation.describe_stacks(StackName=name)["Stacks"][0]
        outputs[name] = {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}
        skipped.extend(skipped_resources(cloudformation, stack_name=name))
    return DeployResult(stacks=outputs, skipped=tuple(skipped), seconds=seconds, cli_output=output)


def _stack_names(assembly: Path, *, only: Sequence[str] = ()) -> list[str]:
    """Return the stack names of ``assembly`` (of the construct IDs ``only``, when given)."""
    manifest = json.loads((assembly / "manifest.json").read_text(encoding="utf-8"))
    return [
        artifact.get("properties", {}).get("stackName") or name
        for name, artifact in manifest.get("artifacts", {}).items()
        if artifact.get("type") == "aws:cloudformation:stack" and (not only or name in only)
    ]


def skipped_resources(cloudformation: Any, *, stack_name: str) -> list[SkippedResource]:
    """Return the resources of the deployed template that the emulator did not create.

    moto lists a resource type it has no model for without logical ID or type; comparing
    the template with ListStackResources finds them. Resources with a ``Condition`` are
    left out (moto skips a false one on purpose); ``AWS::CDK::Metadata`` has nothing to create.
    """
    body = cloudformation.get_template(StackName=stack_name)["TemplateBody"]
    # The CLI sends a template without an asset as YAML text; one with an asset as JSON.
    template = parse_template(body, source=stack_name) if isinstance(body, str) else body
    created = {
        summary["LogicalResourceId"]
        for summary in cloudformation.list_stack_resources(StackName=stack_name)[
            "StackResourceSummaries"
        ]
        if summary.get("LogicalResourceId") and summary.get("ResourceType")
    }
    return [
        SkippedResource(
            stack_name,
            logical_id,
            resource["Type"],
            _WHY_SKIPPED.get(resource["Type"], SkippedResource.reason),
        )
        for logical_id, resource in template.get("Resources", {}).items()
        if logical_id not in created
        and resource["Type"] not in _NOTHING_TO_CREATE
        and "Condition" not in resource
    ]


def _last_line(text: str) -> str:
    """Return the last line that says something (the CLI ends with bare "AggregateError:")."""
    lines = [line.strip(" ‣❌\t") for line in text.strip().splitlines()]
    telling = [line for line in lines if line and not line.endswith(":")]
    return telling[-1] if telling else "(no output)"
