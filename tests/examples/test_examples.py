"""Every use-case example under examples/ synthesizes with cdk-nag and the trust checks on.

An example is a folder with a README.md and either a ``config.yaml`` for the app in this
repository (built as ``cdk synth -c config=...`` builds it) or an ``app.py`` using the
constructs (run as ``cdk synth --app "python3 examples/<name>/app.py"`` runs it). Each is built
once per test session, in this process, and every test reads that result: CDK's built-in
template validation costs seconds on a process's first synth, and once.

``examples/own-app-tests`` is a project of its own, run by ``tests/emulator/test_pytest_plugin.py``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import pytest
from aws_cdk import App
from cdk_nag import AwsSolutionsChecks

from sts_constructs.checks import Finding, check_assembly, format_findings, read_assembly
from tests.support import cfn_lint_errors

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES_DIR = ROOT / "examples"
WORKFLOW = "octo-org/automation/.github/workflows/deploy.yml@refs/heads/main"

# Each example, and strings its templates must hold: what its README says the trust allows.
EXAMPLES: dict[str, tuple[str, ...]] = {
    "walkthrough": ('"sts:AssumeRole"', '"ec2.amazonaws.com"', '"RoleName": "walkthrough-s3-read"'),
    "cross-account-first-party": (
        '":iam::111111111111:role/ci/ci-deployer"',
        '"aws:MultiFactorAuthAge": "3600"',
        '"aws:PrincipalOrgID": "o-a1b2c3d4e5"',
        '"GroupName": "prod-readers"',
    ),
    "cross-account-third-party": ('"sts:ExternalId": "vendor-7f3a9c21"', ":iam::444455556666:root"),
    "org-stackset": (
        '"AutoDeployment": {"Enabled": true',
        "ou-ab12-workload1",
        '"aws:ResourceOrgID": "o-a1b2c3d4e5"',
    ),
    "github-actions": (
        '"sts:AssumeRoleWithWebIdentity"',
        "repo:octo-org@123456/sample-app@456789:ref:refs/heads/main",
        "repo:octo-org@123456/sample-app@456789:environment:production",
        '"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"',
    ),
    "gitlab-ci": (
        "project_path:acme/infra/app:ref_type:branch:ref:main",
        "project_path:acme/infra/app:ref_type:tag:ref:v*",
        '"gitlab.com:aud": "https://gitlab.com"',
    ),
    "eks-irsa": (
        '"system:serviceaccount:payments:api"',
        '"oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud"',
    ),
    "cognito-identity-pool": (
        '"cognito-identity.amazonaws.com:aud": "us-east-1:12345678-abcd-abcd-abcd-123456789012"',
        '"cognito-identity.amazonaws.com:amr": "authenticated"',
        '"cognito-identity.amazonaws.com:amr": "unauthenticated"',
    ),
    "generic-oidc": (
        '"login.example.com/realms/ci:sub": "service-account-deployer"',
        '"login.example.com/realms/ci:aud": "aws"',
    ),
    "saml-console-and-api": (
        '"sts:AssumeRoleWithSAML"',
        '"SAML:aud": "https://signin.aws.amazon.com/saml"',
    ),
    "federation-token-broker": ('"sts:GetFederationToken"', "federated-user/portal-*"),
    "mfa-sessions": ('"sts:GetSessionToken"', '"aws:MultiFactorAuthAge": "43200"'),
    # The STS features added since 2024 (docs/sts-features.md).
    "github-actions-claims": (
        '"token.actions.githubusercontent.com:repository_id": "456789"',
        '"token.actions.githubusercontent.com:environment": "production"',
        f'"token.actions.githubusercontent.com:job_workflow_ref": "{WORKFLOW}"',
        "repo:octo-org/tools:environment:release:job_workflow_ref:octo-org/automation/"
        ".github/workflows/release.yml@refs/heads/main",
    ),
    "ci-pipelines": (
        '"ari:cloud:bitbucket::workspace/3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b"',
        "{aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee}{12345678-1234-4234-8234-123456789abc}:*",
        "org/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/project/11111111-2222-4333-8444-555555555555/user/*",
        "organization:acme:pipeline:deploy-app:ref:refs/heads/main:commit:*",
        "organization:acme:project:Default Project:workspace:network-prod:run_phase:apply",
        '"sc://acme/Platform/aws-prod"',
        '"api://AzureADTokenExchange"',
    ),
    "eks-pod-identity": (
        '"aws:RequestTag/eks-cluster-name": "payments"',
        '"aws:RequestTag/kubernetes-namespace": "payments"',
        '"aws:RequestTag/kubernetes-service-account": "api"',
        '"DisableSessionTags": false',
    ),
    "roles-anywhere": (
        '"rolesanywhere.amazonaws.com"',
        '"aws:SourceArn": {"Fn::GetAtt": [',
        '"aws:PrincipalTag/x509Subject/OU": "build"',
        '"aws:PrincipalTag/x509SAN/DNS": "*.agents.example.com"',
    ),
    "centralized-root-access": (
        '"sts:AssumeRoot"',
        # The ARNs follow the stack's partition: "arn:", {"Ref": "AWS::Partition"}, the rest.
        '{"Ref": "AWS::Partition"}, ":iam::222222222222:root"',
        '{"Ref": "AWS::Partition"}, ":iam::aws:policy/root-task/S3UnlockBucketPolicy"',
        '{"Ref": "AWS::Partition"}, ":iam::aws:policy/root-task/IAMAuditRootUserCredentials"',
    ),
    "outbound-identity-federation": (
        '"sts:GetWebIdentityToken"',
        '"ForAllValues:StringEquals": {"sts:IdentityTokenAudience": '
        '"https://api.partner.example.com"}',
        '"sts:DurationSeconds": "300"',
        '"sts:SigningAlgorithm": "ES384"',
    ),
}

# (example, test) -> reason: a trust check that raises a false alarm on an example is marked
# here (strict: the test fails once the check is fixed), never acknowledged away.
KNOWN_FALSE_ALARMS: dict[tuple[str, str], str] = {}


@dataclass
class Built:
    """What one example produced: the synth error, the findings of both plugins, templates."""

    error: str | None = None
    nag: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    templates: dict[str, dict[str, Any]] = field(default_factory=dict)
    template_paths: list[Path] = field(default_factory=list)


def _cdk_json_context() -> dict[str, Any]:
    context: dict[str, Any] = json.loads((ROOT / "cdk.json").read_text())["context"]
    return context


def _build(folder: Path, outdir: Path) -> Built:
    """Build and synthesize one example; record what failed instead of raising."""
    built = Built()
    config = folder / "config.yaml"
    app: Any = None
    try:
        if config.is_file():
            # As `cdk synth -c config=examples/<name>/config.yaml` from the root builds it.
            from app import build_app

            context = {**_cdk_json_context(), "config": str(config)}
            app = build_app(App(context=context, outdir=str(outdir)))
            app.synth()
        else:
            # As `cdk synth --app "python3 examples/<name>/app.py"` runs it: the script adds
            # the validation plugins and ends with app.synth(). Our own namespace keeps `app`
            # when that synth fails.
            script = folder / "app.py"
            namespace: dict[str, Any] = {"__name__": "__main__", "__file__": str(script)}
            try:
                exec(compile(script.read_text(encoding="utf-8"), str(script), "exec"), namespace)
            finally:
                app = namespace.get("app")
    except Exception as error:
        # A failed synth is a plugin's report (or a construct's error): test_..._synthesizes
        # shows it; the other tests still read what was built.
        built.error = f"{type(error).__name__}: {error}"
    if not isinstance(app, App):
        built.error = built.error or f"{folder.name}: no module-level `app` (an aws_cdk.App)"
        return built
    report = AwsSolutionsChecks().validate_scope(app)
    built.nag = [
        f"{violation.rule_name} at {resource.construct_path}"
        for violation in report.violations
        for resource in violation.violating_resources
    ]
    directory = Path(app.outdir)
    if (directory / "manifest.json").is_file():
        built.findings = check_assembly(directory)
        built.template_paths = [stack.path for stack in read_assembly(directory)]
        built.templates = {path.name: json.loads(path.read_text()) for path in built.template_paths}
    return built


class Examples:
    """Build each example on first use, once per test process.

    Every instance shares the builds (tests/e2e/test_differential.py deploys the same ones):
    an example's synth, CDK's validation included, is paid once.
    """

    _built: ClassVar[dict[str, Built]] = {}

    def __init__(self, tmp: pytest.TempPathFactory) -> None:
        self._tmp = tmp

    def __getitem__(self, name: str) -> Built:
        if name not in self._built:
            self._built[name] = _build(EXAMPLES_DIR / name, self._tmp.mktemp(name))
        return self._built[name]


@pytest.fixture(scope="session")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Examples:
    return Examples(tmp_path_factory)


def _params(test: str) -> list[Any]:
    return [
        pytest.param(
            name,
            marks=[pytest.mark.xfail(strict=True, reason=KNOWN_FALSE_ALARMS[(name, test)])]
            if (name, test) in KNOWN_FALSE_ALARMS
            else [],
        )
        for name in EXAMPLES
    ]


@pytest.mark.parametrize("name", _params("synth"))
def test_example_synthesizes_with_both_plugins(examples: Examples, name: str) -> None:
    assert examples[name].error is None


@pytest.mark.parametrize("name", _params("nag"))
def test_example_passes_cdk_nag(examples: Examples, name: str) -> None:
    assert examples[name].nag == []


@pytest.mark.parametrize("name", _params("trust"))
def test_example_passes_trust_checks_with_warnings(examples: Examples, name: str) -> None:
    findings = examples[name].findings
    assert findings == [], format_findings(findings)


@pytest.mark.parametrize("name", _params("cfn-lint"))
def test_example_templates_pass_cfn_lint(examples: Examples, name: str) -> None:
    paths = examples[name].template_paths
    errors = [f"{path.name}: {error}" for path in paths for error in cfn_lint_errors(path)]

    assert paths != []
    assert errors == []


@pytest.mark.parametrize("name", _params("holds"))
def test_example_holds_what_its_readme_says(examples: Examples, name: str) -> None:
    text = json.dumps(examples[name].templates)
    missing = [marker for marker in EXAMPLES[name] if marker not in text]
    assert missing == []


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_example_has_one_entry_point_and_a_readme(name: str) -> None:
    folder = EXAMPLES_DIR / name
    entry_points = [p.name for p in (folder / "config.yaml", folder / "app.py") if p.is_file()]
    readme = (folder / "README.md").read_text(encoding="utf-8")

    assert len(entry_points) == 1
    headings = re.findall(r"^## (.+)$", readme, re.MULTILINE)
    assert headings[:3] == ["What it sets up", "Synthesize it", "What the trust allows"]
    assert f"examples/{name}/{entry_points[0]}" in readme  # the synth command names the file


def test_an_example_with_its_own_cdk_json_sets_the_projects_feature_flags() -> None:
    # As `cdk init` would: its own `cdk synth` prints no "feature flags are not configured"
    # note, and builds what the tests here build (they synthesize with the root's flags).
    flags = {k: v for k, v in _cdk_json_context().items() if k.startswith("@aws-cdk")}
    own = sorted(EXAMPLES_DIR.glob("*/cdk.json"))

    assert own
    assert [p for p in own if json.loads(p.read_text())["context"] != flags] == []


def test_index_lists_every_example_folder() -> None:
    index = (EXAMPLES_DIR / "README.md").read_text(encoding="utf-8")
    folders = sorted(p.name for p in EXAMPLES_DIR.iterdir() if p.is_dir())
    unlisted = [name for name in folders if f"]({name}/)" not in index]

    assert set(EXAMPLES) <= set(folders)
    assert unlisted == []
