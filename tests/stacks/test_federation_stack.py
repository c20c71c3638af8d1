"""The federation stack: every path synthesizes from config, with exact trusts, clean checks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from aws_cdk import App, Stack
from aws_cdk.cx_api import CloudAssembly

from stacks.config import ConfigError
from tests.stacks.conftest import ROOT, app_for, synthesized
from tests.support import assert_logical_ids_match, cfn_lint_errors, nag_findings, resources

ALL_PATHS = "tests/stacks/configs/federation-all-paths.yaml"
SAMPLE_METADATA = ROOT / "config" / "saml" / "sample-idp-metadata.xml"


@pytest.fixture(scope="module")
def all_paths() -> dict[str, Any]:
    return synthesized(ALL_PATHS).template("sts-fedtest-federation")


@pytest.fixture(scope="module")
def default_federation(sandbox_templates: dict[str, dict[str, Any]]) -> dict[str, Any]:
    template: dict[str, Any] = sandbox_templates["sts-sandbox-federation"]
    return template


def role(template: dict[str, Any], name: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [
        resource["Properties"]
        for resource in resources(template, "AWS::IAM::Role").values()
        if resource["Properties"]["RoleName"] == name
    ]
    assert len(found) == 1, f"expected one role named {name!r}, found {len(found)}"
    return found[0]


def trust(template: dict[str, Any], name: str) -> dict[str, Any]:
    (statement,) = role(template, name)["AssumeRolePolicyDocument"]["Statement"]
    result: dict[str, Any] = statement
    return result


def lint(assembly: CloudAssembly, stack_name: str) -> list[str]:
    stack = assembly.get_stack_by_name(stack_name)
    return cfn_lint_errors(Path(stack.template_full_path))


# The default app (config/sandbox.yaml)


def test_default_github_role_trusts_main_and_production_of_one_repository(
    default_federation: dict[str, Any],
) -> None:
    (provider_id,) = resources(default_federation, "AWS::IAM::OIDCProvider")

    assert trust(default_federation, "github-deploy-sample-app") == {
        "Sid": "GitHubActions",
        "Effect": "Allow",
        "Principal": {"Federated": {"Ref": provider_id}},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {
            "StringEquals": {
                "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                "token.actions.githubusercontent.com:sub": [
                    "repo:octo-org@123456/sample-app@456789:ref:refs/heads/main",
                    "repo:octo-org@123456/sample-app@456789:environment:production",
                ],
            }
        },
    }


def test_default_saml_role_is_for_console_sign_in(default_federation: dict[str, Any]) -> None:
    (provider_id,) = resources(default_federation, "AWS::IAM::SAMLProvider")
    provider = default_federation["Resources"][provider_id]["Properties"]

    assert provider == {
        "Name": "sample-idp",
        "SamlMetadataDocument": SAMPLE_METADATA.read_text(),
    }
    assert trust(default_federation, "saml-console-access") == {
        "Sid": "SamlProvider",
        "Effect": "Allow",
        "Principal": {"Federated": {"Ref": provider_id}},
        "Action": "sts:AssumeRoleWithSAML",
        "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}},
    }


def test_default_federation_stack_passes_cdk_nag(sandbox_app: App) -> None:
    stack = sandbox_app.node.find_child("StsSandboxFederation")
    assert isinstance(stack, Stack)

    assert nag_findings(stack) == []


def test_default_federation_stack_passes_cfn_lint(sandbox_assembly: CloudAssembly) -> None:
    assert lint(sandbox_assembly, "sts-sandbox-federation") == []


def test_default_logical_ids_are_in_the_snapshot(default_federation: dict[str, Any]) -> None:
    assert_logical_ids_match("sts-sandbox-federation", default_federation)


# Every path, from tests/stacks/configs/federation-all-paths.yaml


def test_every_federation_path_synthesizes(all_paths: dict[str, Any]) -> None:
    types = sorted(resource["Type"] for resource in all_paths["Resources"].values())

    assert types.count("AWS::IAM::OIDCProvider") == 3  # gitlab is `existing: true`
    assert types.count("AWS::IAM::SAMLProvider") == 1
    assert types.count("AWS::IAM::Role") == 10
    assert types.count("AWS::IAM::AccessKey") == 1
    assert types.count("AWS::IAM::UserToGroupAddition") == 1


@pytest.mark.parametrize(
    ("name", "action", "condition"),
    [
        (
            "gitlab-deploy",
            "sts:AssumeRoleWithWebIdentity",
            {
                "StringEquals": {
                    "gitlab.com:aud": "https://gitlab.com",
                    "gitlab.com:sub": "project_path:acme/infra/app:ref_type:branch:ref:main",
                }
            },
        ),
        (
            "eks-payments-api",
            "sts:AssumeRoleWithWebIdentity",
            {
                "StringEquals": {
                    "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud": (
                        "sts.amazonaws.com"
                    ),
                    "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub": (
                        "system:serviceaccount:payments:api"
                    ),
                }
            },
        ),
        (
            "google-reporting",
            "sts:AssumeRoleWithWebIdentity",
            {
                "StringEquals": {
                    "accounts.google.com:aud": "123-abc.apps.googleusercontent.com",
                    "accounts.google.com:sub": "110169484474386276334",
                }
            },
        ),
        (
            "cognito-app-users",
            "sts:AssumeRoleWithWebIdentity",
            {
                "StringEquals": {
                    "cognito-identity.amazonaws.com:aud": (
                        "us-east-1:12345678-abcd-abcd-abcd-123456789012"
                    )
                },
                "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"},
            },
        ),
        (
            "corp-sso-deployer",
            "sts:AssumeRoleWithWebIdentity",
            {
                "StringEquals": {
                    "login.example.com/realms/ci:aud": "aws",
                    "login.example.com/realms/ci:sub": "service-account-deployer",
                }
            },
        ),
        (
            "saml-api-eu",
            "sts:AssumeRoleWithSAML",
            {"StringEquals": {"SAML:aud": "https://eu-west-1.signin.aws.amazon.com/saml"}},
        ),
    ],
)
def test_each_preset_renders_its_trust(
    all_paths: dict[str, Any], name: str, action: str, condition: dict[str, Any]
) -> None:
    statement = trust(all_paths, name)

    assert statement["Action"] == action
    assert statement["Condition"] == condition


def test_github_role_from_config_in_migration_mode(all_paths: dict[str, Any]) -> None:
    condition = trust(all_paths, "gh-deploy")["Condition"]

    assert condition == {
        "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
        "StringLike": {
            "token.actions.githubusercontent.com:sub": [
                "repo:octo-org/app:ref:refs/heads/main",
                "repo:octo-org/app:environment:production",
                "repo:octo-org@123456/app@456789:ref:refs/heads/main",
                "repo:octo-org@123456/app@456789:environment:production",
                "repo:octo-org/docs:ref:refs/tags/v*",
                "repo:octo-org/docs:pull_request",
            ]
        },
    }


def test_owner_wide_opt_outs_render_their_patterns(all_paths: dict[str, Any]) -> None:
    github = trust(all_paths, "gh-org-read")["Condition"]
    gitlab = trust(all_paths, "gitlab-group-read")["Condition"]

    assert github["StringLike"] == {
        "token.actions.githubusercontent.com:sub": "repo:octo-org/*:ref:refs/heads/main"
    }
    assert gitlab["StringLike"] == {
        "gitlab.com:sub": "project_path:acme/*:ref_type:branch:ref:main"
    }


def test_owner_wide_trust_without_the_config_opt_out_fails_synth(tmp_path: Path) -> None:
    """The trust check refuses an owner-wide subject that no opt-out acknowledged."""
    from sts_constructs import AssumableRole
    from sts_constructs.federation import (
        GitHubActionsTrust,
        GitHubBranch,
        GitHubRepository,
        OidcProvider,
    )

    app = app_for("config/sandbox.yaml")
    stack = app.node.find_child("StsSandboxFederation")
    assert isinstance(stack, Stack)
    AssumableRole(
        stack,
        "Unacknowledged",
        trust=GitHubActionsTrust(
            provider=OidcProvider.from_issuer("https://token.actions.githubusercontent.com"),
            repositories=[
                GitHubRepository(
                    owner="octo-org",
                    name="*",
                    allow_any_repository_of_owner=True,
                    filters=[GitHubBranch("main")],
                )
            ],
        ),
    )

    with pytest.raises(RuntimeError, match="ValidationFailed"):
        app.synth(force=True)
    report = json.loads((Path(app.outdir) / "validation-report.json").read_text())
    failed = {
        (violation["ruleName"], construct["constructPath"])
        for plugin in report["pluginReports"]
        for violation in plugin["violations"]
        for construct in violation["violatingConstructs"]
    }
    assert failed == {("STS-FED2", "StsSandboxFederation/Unacknowledged/Resource")}


def test_existing_provider_is_referenced_not_created(all_paths: dict[str, Any]) -> None:
    principal = trust(all_paths, "gitlab-deploy")["Principal"]["Federated"]

    assert "Fn::Join" in principal
    assert principal["Fn::Join"][1][-1] == ":oidc-provider/gitlab.com"
    assert "GitlabOidcProviderArn" not in all_paths["Outputs"]


def test_saml_role_session_duration_from_config(all_paths: dict[str, Any]) -> None:
    assert role(all_paths, "saml-console")["MaxSessionDuration"] == 4 * 3600


def test_broker_and_mfa_group_outputs_never_hold_a_secret(all_paths: dict[str, Any]) -> None:
    outputs = all_paths["Outputs"]

    assert {"PortalBrokerUserName", "PortalBrokerAccessKeySecretArn", "OperatorsGroupName"} <= set(
        outputs
    )
    assert "SecretAccessKey" not in json.dumps(outputs)


def test_mfa_group_members_come_from_the_config(all_paths: dict[str, Any]) -> None:
    (addition,) = resources(all_paths, "AWS::IAM::UserToGroupAddition").values()

    assert addition["Properties"]["Users"] == ["alice"]


def test_federation_stack_deploys_after_the_sandbox() -> None:
    stack = synthesized(ALL_PATHS).assembly.get_stack_by_name("sts-fedtest-federation")

    assert "StsFedtest" in [dependency.id for dependency in stack.dependencies]


def test_all_paths_pass_cdk_nag() -> None:
    assert nag_findings(synthesized(ALL_PATHS).app) == []


def test_all_paths_pass_cfn_lint() -> None:
    assert lint(synthesized(ALL_PATHS).assembly, "sts-fedtest-federation") == []


def test_all_paths_pass_the_trust_checks_without_warnings() -> None:
    from sts_constructs.checks import check_paths

    findings = check_paths([synthesized(ALL_PATHS).assembly.directory])

    assert [(f.rule, f.resource, f.message) for f in findings] == []


# Config errors name file, field, value and rule


def refuse(path: Path) -> None:
    """Load a config and build its stacks: the config or the library refuses a value."""
    app_for(str(path))


def write(tmp_path: Path, federation: dict[str, Any]) -> Path:
    path = tmp_path / "env.yaml"
    path.write_text(yaml.safe_dump({"federation": federation}))
    return path


GITHUB = {"name": "github", "url": "https://token.actions.githubusercontent.com"}


def github_role(**repository: Any) -> dict[str, Any]:
    return {
        "oidc_providers": [{**GITHUB, "client_ids": ["sts.amazonaws.com"]}],
        "roles": [
            {
                "kind": "github-actions",
                "name": "deploy",
                "provider": "github",
                "repositories": [{"owner": "octo-org", "name": "app", **repository}],
            }
        ],
    }


@pytest.mark.parametrize(
    ("federation", "message"),
    [
        (
            github_role(branches=["main"], name="*"),
            r"federation.roles\[0\].repositories\[0\]: .*'\*' matches every "
            r"repository of 'octo-org'.*allow_any_repository_of_owner",
        ),
        (
            github_role(branches=["main"], owner="octo org"),
            r"repositories\[0\]: .*owner: 'octo org' is not a GitHub owner",
        ),
        (github_role(), r"repositories\[0\]: .*filters: \[\] names nothing"),
        (
            {"oidc_providers": [{**GITHUB, "client_ids": []}]},
            r"federation.oidc_providers\[0\].client_ids: .*at least 1 item",
        ),
        (
            {"oidc_providers": [{"name": "x", "url": "http://x.example.com", "client_ids": ["a"]}]},
            r"federation.oidc_providers\[0\].url: 'http://x.example.com' is not an OIDC issuer URL",
        ),
        (
            {**github_role(branches=["main"]), "oidc_providers": []},
            r"federation.roles\[0\].provider: 'github' is not in federation.oidc_providers",
        ),
        (
            {
                "oidc_providers": [{**GITHUB, "client_ids": ["sts.amazonaws.com"]}],
                "roles": [
                    {
                        "kind": "oidc",
                        "name": "r",
                        "provider": "github",
                        "subjects": ["repo:octo-org/*"],
                        "audiences": ["sts.amazonaws.com"],
                    }
                ],
            },
            r"subjects\[0\]: 'repo:octo-org/\*' must be the exact subject",
        ),
        (
            {"saml_providers": [{"name": "idp", "metadata_file": "missing.xml"}]},
            r"federation.saml_providers\[0\].metadata_file: '.*missing.xml': cannot read the "
            r"SAML metadata file: No such file",
        ),
        (
            {
                "brokers": [
                    {
                        "name": "b",
                        "federated_user_prefix": "*",
                        "permission_ceiling": ["arn:aws:iam::111111111111:policy/x"],
                    }
                ]
            },
            r"federation.brokers\[0\].federated_user_prefix: '\*' is not a federated user",
        ),
        (
            {"roles": [{"kind": "kerberos", "name": "x"}]},
            r"federation.roles\[0\]: .*'kerberos'",
        ),
    ],
)
def test_config_errors_name_field_value_and_rule(
    tmp_path: Path, federation: dict[str, Any], message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        refuse(write(tmp_path, federation))


def test_malformed_saml_metadata_in_config_fails_before_synth(tmp_path: Path) -> None:
    (tmp_path / "idp.xml").write_text("<md:EntityDescriptor" + " " * 1000)
    path = write(tmp_path, {"saml_providers": [{"name": "idp", "metadata_file": "idp.xml"}]})

    with pytest.raises(ConfigError, match=r"metadata_file: .*idp.xml' is not well-formed XML"):
        refuse(path)


def test_a_broker_with_an_aws_managed_ceiling_passes_cdk_nag(tmp_path: Path) -> None:
    config = write(
        tmp_path,
        {
            "brokers": [
                {
                    "name": "read-broker",
                    "federated_user_prefix": "reader-",
                    "permission_ceiling": ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
                }
            ]
        },
    )

    app = app_for(str(config))

    assert nag_findings(app) == []
