"""The federation section's STS features (docs/sts-features.md) synthesize from config, with
exact trusts, cdk-nag and the trust checks on; each refusal names the config entry."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from aws_cdk import App

from stacks.config import ConfigError, load_config
from tests.stacks.conftest import ROOT, synthesized
from tests.support import assert_logical_ids_match, nag_findings, resources

CONFIG = "tests/stacks/configs/sts-features.yaml"
STACK = "sts-stsfeat-federation"


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    return synthesized(CONFIG).template(STACK)


def role_trust(template: dict[str, Any], name: str) -> list[dict[str, Any]]:
    (found,) = [
        r["Properties"]["AssumeRolePolicyDocument"]["Statement"]
        for r in resources(template, "AWS::IAM::Role").values()
        if r["Properties"]["RoleName"] == name
    ]
    statements: list[dict[str, Any]] = found
    return statements


def test_config_synthesizes_with_both_plugins(template: dict[str, Any]) -> None:
    assert nag_findings(synthesized(CONFIG).app) == []
    assert_logical_ids_match(STACK, template)


def test_github_claims_and_subject_template_from_config(template: dict[str, Any]) -> None:
    (statement,) = role_trust(template, "gh-production")
    gh = "token.actions.githubusercontent.com"

    assert statement["Condition"]["StringEquals"][f"{gh}:sub"] == [
        "repo:octo-org@123456/app@456789:environment:production",
        "repo:octo-org/tools:environment:release:job_workflow_ref:"
        "octo-org/ci/.github/workflows/release.yml@refs/heads/main",
    ]
    assert statement["Condition"]["StringEquals"][f"{gh}:environment"] == ["production", "release"]
    assert statement["Condition"]["StringLike"] == {
        f"{gh}:job_workflow_ref": "octo-org/ci/.github/workflows/*.yml@refs/heads/main"
    }


@pytest.mark.parametrize(
    ("role", "key", "value"),
    [
        (
            "bitbucket-deploy",
            "StringLike",
            "{aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee}{12345678-1234-4234-8234-123456789abc}:*",
        ),
        (
            "circleci-deploy",
            "StringLike",
            "org/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/project/11111111-2222-4333-8444-555555555555/user/*",
        ),
        (
            "buildkite-deploy",
            "StringLike",
            "organization:acme:pipeline:deploy-app:ref:refs/heads/main:commit:*",
        ),
        (
            "terraform-apply",
            "StringEquals",
            "organization:acme:project:Default Project:workspace:network-prod:run_phase:apply",
        ),
        ("azure-deploy", "StringEquals", "sc://acme/Platform/aws-prod"),
    ],
)
def test_ci_roles_from_config(template: dict[str, Any], role: str, key: str, value: str) -> None:
    (statement,) = role_trust(template, role)
    subjects = [v for k, v in statement["Condition"][key].items() if k.endswith(":sub")]

    assert subjects == [value]


def test_pod_identity_roles_anywhere_and_grants_from_config(template: dict[str, Any]) -> None:
    (pods,) = role_trust(template, "payments-api")
    (agents,) = role_trust(template, "build-agents")
    policies = {
        r["Properties"]["PolicyDocument"]["Statement"][0]["Action"]: r["Properties"]
        for r in resources(template, "AWS::IAM::ManagedPolicy").values()
    }

    assert pods["Condition"]["StringEquals"]["aws:RequestTag/kubernetes-service-account"] == "api"
    assert agents["Condition"]["StringEquals"] == {"aws:PrincipalTag/x509Subject/OU": "build"}
    assert "Fn::GetAtt" in agents["Condition"]["ArnEquals"]["aws:SourceArn"]
    assert len(resources(template, "AWS::EKS::PodIdentityAssociation")) == 1
    assert len(resources(template, "AWS::RolesAnywhere::Profile")) == 1
    # The ARNs follow the stack's partition (AWS::Partition).
    assert policies["sts:AssumeRoot"]["PolicyDocument"]["Statement"][0]["Condition"] == {
        "StringEquals": {
            "sts:TaskPolicyArn": {
                "Fn::Join": [
                    "",
                    [
                        "arn:",
                        {"Ref": "AWS::Partition"},
                        ":iam::aws:policy/root-task/S3UnlockBucketPolicy",
                    ],
                ]
            }
        }
    }
    assert "sts:GetWebIdentityToken" in policies


def _config(tmp_path: Path, federation: dict[str, Any]) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(
        yaml.safe_dump({"name": "bad", "account": "111111111111", "federation": federation})
    )
    return path


def _build(path: Path) -> None:
    from app import build_app

    context = __import__("json").loads((ROOT / "cdk.json").read_text())["context"]
    build_app(App(context={**context, "config": str(path)}))


PCA = (
    "arn:aws:acm-pca:eu-west-1:111111111111:"
    "certificate-authority/3f2a9c1e-5b7d-4c8e-9f0a-1b2c3d4e5f60"
)
CIRCLE = {
    "name": "circleci",
    "url": "https://oidc.circleci.com/org/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
    "client_ids": ["0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"],
}


@pytest.mark.parametrize(
    ("federation", "message"),
    [
        (
            {"web_identity_tokens": [{"name": "t", "audiences": ["*"], "roles": ["r"]}]},
            "federation.web_identity_tokens[0].audiences[0]: '*' must be the exact audience",
        ),
        (
            {
                "web_identity_tokens": [
                    {"name": "t", "audiences": ["a"], "max_duration_seconds": 7200, "roles": ["r"]}
                ]
            },
            "federation.web_identity_tokens[0].max_duration_seconds: 7200 must be whole seconds",
        ),
        (
            {
                "root_access": [
                    {
                        "name": "r",
                        "member_account_ids": ["*"],
                        "task_policies": ["S3UnlockBucketPolicy"],
                        "roles": ["r"],
                    }
                ]
            },
            "federation.root_access[0].member_account_ids[0]: '*' is not an AWS account ID",
        ),
        (
            {
                "roles": [
                    {
                        "kind": "roles-anywhere",
                        "name": "ra",
                        "allow_any_certificate_of_anchor": True,
                    }
                ]
            },
            "names no trust anchor",
        ),
        (
            {"roles_anywhere": {"trust_anchors": [{"name": "ca"}]}},
            "give exactly one of certificate_file or acm_pca_arn",
        ),
        (
            {"roles": [{"kind": "eks-pod-identity", "name": "p", "workloads": []}]},
            "federation.roles[0].workloads: []: List should have at least 1 item",
        ),
    ],
)
def test_fails_on_config_errors_before_synth(
    tmp_path: Path, federation: dict[str, Any], message: str
) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_config(_config(tmp_path, federation))


@pytest.mark.parametrize(
    ("federation", "expected"),
    [
        (
            {"roles": [{"kind": "roles-anywhere", "name": "bad name", "path": "x"}]},
            [
                "federation.roles[0].path: 'x' must be '/'",
                "federation.roles[0].name: 'bad name' must be 1-64 characters",
                "federation.roles[0]: names no trust anchor: give trust_anchors or",
            ],
        ),
        (
            {"roles_anywhere": {"trust_anchors": [{"name": "Bad Name"}]}},
            [
                "federation.roles_anywhere.trust_anchors[0].name: 'Bad Name': String should",
                "federation.roles_anywhere.trust_anchors[0]: give exactly one of certificate_file",
            ],
        ),
        (
            {
                "roles_anywhere": {
                    "trust_anchors": [
                        {"name": "ca", "acm_pca_arn": PCA},
                        {"name": "ca", "acm_pca_arn": PCA},
                    ],
                    "profiles": [{"name": "p", "roles": ["ra"], "session_duration": 60}],
                }
            },
            [
                "federation.roles_anywhere.profiles[0].session_duration: 60s is outside 900-43200s",
                "federation.roles_anywhere: trust_anchors[].name: 'ca' ",
            ],
        ),
    ],
)
def test_an_entrys_rules_across_fields_come_with_its_field_errors_in_one_run(
    tmp_path: Path, federation: dict[str, Any], expected: list[str]
) -> None:
    with pytest.raises(ConfigError) as error:
        load_config(_config(tmp_path, federation))

    lines = [line.split(": ", 1)[1] for line in str(error.value).splitlines()]
    assert [any(line.startswith(e) for line in lines) for e in expected] == [True] * len(expected)


@pytest.mark.parametrize(
    ("federation", "message"),
    [
        (
            {
                "oidc_providers": [CIRCLE],
                "roles": [
                    {
                        "kind": "circleci",
                        "name": "c",
                        "provider": "circleci",
                        "projects": [{"project_id": "*"}],
                    }
                ],
            },
            "federation.roles[0].projects[0]: project_id: '*' is not a UUID",
        ),
        (
            {
                "roles": [
                    {
                        "kind": "eks-pod-identity",
                        "name": "p",
                        "workloads": [
                            {"namespace": "*", "service_account": "a", "cluster_name": "c"}
                        ],
                    }
                ]
            },
            "federation.roles[0].workloads[0]: namespace: '*' is not a Kubernetes namespace",
        ),
        (
            {
                "roles": [
                    {
                        "kind": "roles-anywhere",
                        "name": "ra",
                        "trust_anchors": ["nope"],
                        "allow_any_certificate_of_anchor": True,
                    }
                ],
            },
            "federation.roles[0].trust_anchors[0]: 'nope' is not in federation.roles_anywhere",
        ),
        (
            {
                "roles": [
                    {
                        "kind": "eks-pod-identity",
                        "name": "p",
                        "workloads": [
                            {"namespace": "a", "service_account": "b", "cluster_name": "c"}
                        ],
                    }
                ],
                "web_identity_tokens": [
                    {"name": "t", "audiences": ["https://x.example.com"], "roles": ["ghost"]}
                ],
            },
            "federation.web_identity_tokens[0].roles[0]: 'ghost' is not a role of federation.roles",
        ),
        (
            {
                "roles": [
                    {
                        "kind": "eks-pod-identity",
                        "name": "p",
                        "allow_session_tags": True,
                        "workloads": [
                            {"namespace": "a", "service_account": "b", "cluster_name": "c"}
                        ],
                    }
                ],
            },
            "federation.roles[0].allow_session_tags: True is not an option of kind",
        ),
    ],
)
def test_fails_on_library_refusals_naming_the_entry(
    tmp_path: Path, federation: dict[str, Any], message: str
) -> None:
    # app.py's builder reports the library's refusal as one line naming file and entry.
    with pytest.raises(ConfigError, match=re.escape(message)) as error:
        _build(_config(tmp_path, federation))
    assert len(error.value.lines) == 1
