"""The examples of the STS features added since 2024 (issue 16) synthesize with cdk-nag and the
trust checks on, pass both, and hold what their READMEs say.

Built with ``test_examples._build``, as ``cdk synth --app "python3 examples/<name>/app.py"``
runs them (the script adds both validation plugins and ends with ``app.synth()``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from cfnlint.api import ManualArgs, lint_file

from sts_constructs.checks import format_findings
from tests.examples.test_examples import Built, _build

EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "examples"
WORKFLOW = "octo-org/automation/.github/workflows/deploy.yml@refs/heads/main"

# Each example, and strings its templates must hold: what its README says the trust allows.
EXAMPLES: dict[str, tuple[str, ...]] = {
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
        '"aws:RequestTag/eks-cluster-arn": "arn:aws:eks:eu-west-1:111111111111:cluster/payments"',
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
        '"arn:aws:iam::222222222222:root"',
        "arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy",
        "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials",
    ),
    "outbound-identity-federation": (
        '"sts:GetWebIdentityToken"',
        '"ForAllValues:StringEquals": {"sts:IdentityTokenAudience": '
        '"https://api.partner.example.com"}',
        '"sts:DurationSeconds": "300"',
        '"sts:SigningAlgorithm": "ES384"',
    ),
}


class Examples:
    """Build each example on first use, once per session."""

    def __init__(self, tmp: pytest.TempPathFactory) -> None:
        self._tmp = tmp
        self._built: dict[str, Built] = {}

    def __getitem__(self, name: str) -> Built:
        if name not in self._built:
            self._built[name] = _build(EXAMPLES_DIR / name, self._tmp.mktemp(name))
        return self._built[name]


@pytest.fixture(scope="session")
def feature_examples(tmp_path_factory: pytest.TempPathFactory) -> Examples:
    return Examples(tmp_path_factory)


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_example_synthesizes_with_both_plugins(feature_examples: Examples, name: str) -> None:
    assert feature_examples[name].error is None


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_example_passes_cdk_nag(feature_examples: Examples, name: str) -> None:
    assert feature_examples[name].nag == []


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_example_passes_trust_checks_with_warnings(feature_examples: Examples, name: str) -> None:
    findings = feature_examples[name].findings
    assert findings == [], format_findings(findings)


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_example_templates_pass_cfn_lint(feature_examples: Examples, name: str) -> None:
    paths = feature_examples[name].template_paths
    errors = [
        f"{path.name}: {match}"
        for path in paths
        for match in lint_file(path, config=ManualArgs(regions=["us-east-1"]))
        if match.rule.id.startswith("E")
    ]

    assert paths != []
    assert errors == []


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_example_holds_what_its_readme_says(feature_examples: Examples, name: str) -> None:
    text = json.dumps(feature_examples[name].templates)
    missing = [marker for marker in EXAMPLES[name] if marker not in text]
    assert missing == []


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_example_has_an_app_and_a_readme(name: str) -> None:
    folder = EXAMPLES_DIR / name
    readme = (folder / "README.md").read_text(encoding="utf-8")

    assert (folder / "app.py").is_file()
    headings = re.findall(r"^## (.+)$", readme, re.MULTILINE)
    assert headings[:3] == ["What it sets up", "Synthesize it", "What the trust allows"]
    assert f"examples/{name}/app.py" in readme
