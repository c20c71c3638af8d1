"""GitHub claim condition keys and custom subject templates: exact policies, refusals."""

from __future__ import annotations

from typing import Any

import pytest

from sts_constructs.federation import (
    ExistingOidcProvider,
    GitHubActionsTrust,
    GitHubBranch,
    GitHubClaims,
    GitHubEnvironment,
    GitHubRepository,
    GitHubSubjectTemplate,
)

GH = "token.actions.githubusercontent.com"
PROVIDER = ExistingOidcProvider(
    provider_arn=f"arn:aws:iam::111111111111:oidc-provider/{GH}", issuer=GH
)
WORKFLOW = "octo-org/automation/.github/workflows/deploy.yml@refs/heads/main"


def conditions(trust: GitHubActionsTrust) -> dict[str, Any]:
    (statement,) = trust.policy_document()["Statement"]
    result: dict[str, Any] = statement["Condition"]
    return result


def repository(**kwargs: Any) -> GitHubRepository:
    arguments: dict[str, Any] = {
        "owner": "octo-org",
        "name": "app",
        "filters": [GitHubEnvironment("production")],
    }
    return GitHubRepository(**{**arguments, **kwargs})


def test_claims_add_repository_id_and_environment_to_sub() -> None:
    trust = GitHubActionsTrust(
        provider=PROVIDER,
        repositories=[repository()],
        claims=GitHubClaims(repository_ids=[456789], environments=["production"]),
    )

    assert conditions(trust) == {
        "StringEquals": {
            f"{GH}:aud": "sts.amazonaws.com",
            f"{GH}:sub": "repo:octo-org/app:environment:production",
            f"{GH}:repository_id": "456789",
            f"{GH}:environment": "production",
        }
    }


def test_claims_with_a_pattern_use_string_like_for_that_key_only() -> None:
    trust = GitHubActionsTrust(
        provider=PROVIDER,
        repositories=[repository(filters=[GitHubBranch("main")])],
        claims=GitHubClaims(
            job_workflow_refs=["octo-org/automation/.github/workflows/deploy.yml@refs/tags/v*"],
            actors=["alice", "bob"],
        ),
    )

    assert conditions(trust) == {
        "StringEquals": {
            f"{GH}:aud": "sts.amazonaws.com",
            f"{GH}:sub": "repo:octo-org/app:ref:refs/heads/main",
            f"{GH}:actor": ["alice", "bob"],
        },
        "StringLike": {
            f"{GH}:job_workflow_ref": (
                "octo-org/automation/.github/workflows/deploy.yml@refs/tags/v*"
            )
        },
    }


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "claims: GitHubClaims\\(\\) names no claim"),
        ({"environments": ["*"]}, "claims.environments\\[0\\]: '\\*' matches every value"),
        ({"refs": ["*/*"]}, "claims.refs\\[0\\]: '\\*/\\*' matches every value"),
        ({"repository_ids": [0]}, "claims.repository_ids\\[0\\]: 0 is not a GitHub ID"),
        ({"actors": ["ali*"]}, "claims.actors\\[0\\]: 'ali\\*' must be exact"),
        (
            {"repositories": ["octo-org"]},
            "claims.repositories\\[0\\]: 'octo-org' is not OWNER/REPO",
        ),
        ({"job_workflow_refs": ["deploy.yml"]}, "claims.job_workflow_refs\\[0\\]: 'deploy.yml'"),
        (
            {"workflows": ["${aws:username}"]},
            "claims.workflows\\[0\\]: .* without '\\?' or '\\$\\{'",
        ),
        ({"actor_ids": [7, 7]}, "claims.actor_ids: '7' appears more than once"),
    ],
)
def test_fails_on_unscoped_or_malformed_claims(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        GitHubClaims(**kwargs)


def test_fails_on_a_repository_id_of_the_wrong_type() -> None:
    with pytest.raises(TypeError, match=r"repository_ids\[0\]: True is a bool; expected int"):
        GitHubClaims(repository_ids=[True])


def test_fails_on_claims_of_the_wrong_type() -> None:
    with pytest.raises(ValueError, match=r"claims: .* is not a GitHubClaims"):
        GitHubActionsTrust(
            provider=PROVIDER,
            repositories=[repository()],
            claims={"environments": ["production"]},  # type: ignore[arg-type]
        )


def test_subject_template_renders_keys_in_the_repository_order() -> None:
    template = GitHubSubjectTemplate(
        include_claim_keys=["repo", "context", "job_workflow_ref"],
        claim_values={"job_workflow_ref": WORKFLOW},
    )
    trust = GitHubActionsTrust(
        provider=PROVIDER, repositories=[repository(subject_template=template)]
    )

    assert conditions(trust)["StringEquals"][f"{GH}:sub"] == (
        f"repo:octo-org/app:environment:production:job_workflow_ref:{WORKFLOW}"
    )


def test_subject_template_reads_ids_from_the_repository() -> None:
    template = GitHubSubjectTemplate(
        include_claim_keys=["repository_owner_id", "repository_id", "context"]
    )
    trust = GitHubActionsTrust(
        provider=PROVIDER,
        repositories=[
            repository(
                owner_id=123,
                repository_id=456,
                filters=[GitHubBranch("main"), GitHubBranch("release/*")],
                subject_template=template,
            )
        ],
    )

    assert conditions(trust)["StringLike"][f"{GH}:sub"] == [
        "repository_owner_id:123:repository_id:456:ref:refs/heads/main",
        "repository_owner_id:123:repository_id:456:ref:refs/heads/release/*",
    ]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"include_claim_keys": []}, "include_claim_keys: \\[\\] names nothing"),
        (
            {"include_claim_keys": ["context", "workflow"], "claim_values": {"workflow": "ci"}},
            "include_claim_keys: \\['context', 'workflow'\\] does not name the repository",
        ),
        ({"include_claim_keys": ["repo", "colour"]}, "include_claim_keys\\[1\\]: 'colour' is not"),
        (
            {"include_claim_keys": ["repo", "workflow"]},
            "claim_values: \\{\\} has no value for workflow",
        ),
        (
            {"include_claim_keys": ["repo", "workflow"], "claim_values": {"workflow": "*"}},
            "claim_values\\['workflow'\\]: '\\*' matches every value",
        ),
        (
            {"include_claim_keys": ["repo"], "claim_values": {"workflow": "ci"}},
            "claim_values\\['workflow'\\]: 'ci' is a value for a key not in include_claim_keys",
        ),
        (
            {
                "include_claim_keys": ["repo", "repository_id"],
                "claim_values": {"repository_id": "1"},
            },
            "claim_values\\['repository_id'\\]: '1' is read from the GitHubRepository",
        ),
        ({"include_claim_keys": ["repo", "repo"]}, "include_claim_keys: 'repo' appears more"),
    ],
)
def test_fails_on_templates_that_do_not_scope(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        GitHubSubjectTemplate(**kwargs)


def test_fails_on_template_id_the_repository_does_not_give() -> None:
    template = GitHubSubjectTemplate(include_claim_keys=["repository_id", "context"])
    with pytest.raises(ValueError, match="includes 'repository_id' but the repository's"):
        GitHubActionsTrust(provider=PROVIDER, repositories=[repository(subject_template=template)])
