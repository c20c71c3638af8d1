"""GitHubActionsTrust: exact trust policies per filter and subject format; unsafe input refused."""

from __future__ import annotations

from typing import Any

import pytest

from sts_constructs.federation import (
    ExistingOidcProvider,
    GitHubActionsTrust,
    GitHubBranch,
    GitHubEnvironment,
    GitHubPullRequest,
    GitHubRepository,
    GitHubSubjectFormat,
    GitHubTag,
    github_actions_issuer,
)

ARN = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"
GITHUB = ExistingOidcProvider(
    provider_arn=ARN, issuer="token.actions.githubusercontent.com", client_ids=["sts.amazonaws.com"]
)
AUD = "token.actions.githubusercontent.com:aud"
SUB = "token.actions.githubusercontent.com:sub"


def repo(**overrides: Any) -> GitHubRepository:
    fields: dict[str, Any] = {
        "owner": "octo-org",
        "name": "app",
        "filters": [GitHubBranch("main")],
        **overrides,
    }
    return GitHubRepository(**fields)


def statement(*repositories: GitHubRepository, **kwargs: Any) -> dict[str, Any]:
    document = GitHubActionsTrust(
        provider=kwargs.pop("provider", GITHUB), repositories=list(repositories), **kwargs
    ).policy_document()
    assert document["Version"] == "2012-10-17"
    (only,) = document["Statement"]
    result: dict[str, Any] = only
    return result


def test_branch_filter_pins_aud_and_sub_with_string_equals() -> None:
    assert statement(repo()) == {
        "Sid": "GitHubActions",
        "Effect": "Allow",
        "Principal": {"Federated": ARN},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {
            "StringEquals": {AUD: "sts.amazonaws.com", SUB: "repo:octo-org/app:ref:refs/heads/main"}
        },
    }


@pytest.mark.parametrize(
    ("item", "subject"),
    [
        (GitHubBranch("release/v1"), "repo:octo-org/app:ref:refs/heads/release/v1"),
        (GitHubTag("v1.2.3"), "repo:octo-org/app:ref:refs/tags/v1.2.3"),
        (GitHubEnvironment("production"), "repo:octo-org/app:environment:production"),
        (GitHubPullRequest(), "repo:octo-org/app:pull_request"),
    ],
)
def test_each_filter_renders_its_subject(item: Any, subject: str) -> None:
    condition = statement(repo(filters=[item]))["Condition"]

    assert condition == {"StringEquals": {AUD: "sts.amazonaws.com", SUB: subject}}


def test_a_wildcard_filter_moves_every_subject_to_string_like() -> None:
    condition = statement(repo(filters=[GitHubBranch("main"), GitHubTag("v*")]))["Condition"]

    assert condition == {
        "StringEquals": {AUD: "sts.amazonaws.com"},
        "StringLike": {
            SUB: ["repo:octo-org/app:ref:refs/heads/main", "repo:octo-org/app:ref:refs/tags/v*"]
        },
    }


def test_several_repositories_share_one_statement() -> None:
    condition = statement(
        repo(filters=[GitHubBranch("main"), GitHubEnvironment("prod")]),
        repo(owner="other-org", name="infra.config", filters=[GitHubPullRequest()]),
    )["Condition"]

    assert condition["StringEquals"][SUB] == [
        "repo:octo-org/app:ref:refs/heads/main",
        "repo:octo-org/app:environment:prod",
        "repo:other-org/infra.config:pull_request",
    ]


def test_immutable_ids_are_the_default_when_ids_are_given() -> None:
    condition = statement(repo(owner_id=123456, repository_id=456789))["Condition"]

    assert condition["StringEquals"][SUB] == "repo:octo-org@123456/app@456789:ref:refs/heads/main"


def test_migration_mode_accepts_both_subject_formats() -> None:
    repository = repo(
        owner_id=123456,
        repository_id=456789,
        subject_format=GitHubSubjectFormat.BOTH,
        filters=[GitHubBranch("main"), GitHubEnvironment("production")],
    )

    assert statement(repository)["Condition"]["StringEquals"][SUB] == [
        "repo:octo-org/app:ref:refs/heads/main",
        "repo:octo-org/app:environment:production",
        "repo:octo-org@123456/app@456789:ref:refs/heads/main",
        "repo:octo-org@123456/app@456789:environment:production",
    ]


def test_owner_wide_trust_needs_the_explicit_opt_out() -> None:
    repository = repo(name="*", allow_any_repository_of_owner=True)

    assert statement(repository)["Condition"] == {
        "StringEquals": {AUD: "sts.amazonaws.com"},
        "StringLike": {SUB: "repo:octo-org/*:ref:refs/heads/main"},
    }


def test_owner_wide_trust_with_immutable_owner_id() -> None:
    repository = repo(name="*", allow_any_repository_of_owner=True, owner_id=123456)

    assert statement(repository)["Condition"]["StringLike"][SUB] == (
        "repo:octo-org@123456/*:ref:refs/heads/main"
    )


def test_session_tags_only_when_asked() -> None:
    assert statement(repo(), allow_session_tags=True)["Action"] == [
        "sts:AssumeRoleWithWebIdentity",
        "sts:TagSession",
    ]


def test_custom_audience_is_pinned() -> None:
    provider = ExistingOidcProvider(provider_arn=ARN, issuer=GITHUB.issuer)

    condition = statement(repo(), provider=provider, audience="my-aws-audience")["Condition"]

    assert condition["StringEquals"][AUD] == "my-aws-audience"


def test_enterprise_issuer_prefixes_the_condition_keys() -> None:
    issuer = github_actions_issuer(enterprise_slug="acme")
    provider = ExistingOidcProvider(
        provider_arn=f"arn:aws:iam::111111111111:oidc-provider/{issuer[8:]}",
        issuer=issuer.removeprefix("https://"),
    )

    condition = statement(repo(), provider=provider)["Condition"]

    assert issuer == "https://token.actions.githubusercontent.com/acme"
    assert condition == {
        "StringEquals": {
            "token.actions.githubusercontent.com/acme:aud": "sts.amazonaws.com",
            "token.actions.githubusercontent.com/acme:sub": "repo:octo-org/app:ref:refs/heads/main",
        }
    }


def test_enterprise_server_issuer() -> None:
    issuer = github_actions_issuer(server_hostname="github.example.com")
    provider = ExistingOidcProvider(provider_arn=ARN, issuer=issuer.removeprefix("https://"))

    condition = statement(repo(), provider=provider)["Condition"]

    assert issuer == "https://github.example.com/_services/token"
    assert "github.example.com/_services/token:sub" in condition["StringEquals"]


def test_no_ForAllValues_or_ForAnyValue_anywhere() -> None:
    rendered = str(statement(repo(filters=[GitHubTag("v*")]), allow_session_tags=True))

    assert "ForAllValues" not in rendered
    assert "ForAnyValue" not in rendered


@pytest.mark.parametrize("bad", ["-octo", "octo-", "octo org", "octo/org", "*", "", "a" * 40])
def test_fails_on_illegal_owner(bad: str) -> None:
    with pytest.raises(ValueError, match=r"owner: .* is not a GitHub owner"):
        repo(owner=bad)


@pytest.mark.parametrize("bad", ["app name", "app/x", "..", "a" * 101, "app:x", ""])
def test_fails_on_illegal_repository_name(bad: str) -> None:
    with pytest.raises(ValueError, match=r"name: .* is not a GitHub repository name"):
        repo(name=bad)


@pytest.mark.parametrize("bad", ["*", "app-*", "*-app"])
def test_fails_on_owner_wide_name_without_the_opt_out(bad: str) -> None:
    with pytest.raises(ValueError, match=r"allow_any_repository_of_owner=True"):
        repo(name=bad)


def test_fails_on_the_opt_out_with_one_repository_named() -> None:
    with pytest.raises(ValueError, match=r"name: 'app' names one repository while"):
        repo(allow_any_repository_of_owner=True)


def test_fails_on_empty_filters() -> None:
    with pytest.raises(ValueError, match=r"filters: \[\] names nothing"):
        repo(filters=[])


def test_fails_on_a_raw_string_filter() -> None:
    with pytest.raises(
        TypeError,
        match=r"filters\[0\]: 'main' is a str; expected GitHubBranch \| GitHubTag \| ",
    ):
        repo(filters=["main"])


@pytest.mark.parametrize("bad", ["", "a b", "a..b", "a:b", "${aws:username}", "/main", "x?"])
def test_fails_on_malformed_branch(bad: str) -> None:
    with pytest.raises(ValueError, match=r"GitHubBranch.name: .* is not a branch or tag name"):
        GitHubBranch(bad)


def test_fails_on_environment_with_a_colon() -> None:
    with pytest.raises(ValueError, match=r"GitHubEnvironment.name: 'prod:x'"):
        GitHubEnvironment("prod:x")


def test_fails_on_immutable_format_without_ids() -> None:
    with pytest.raises(ValueError, match=r"subject_format: 'immutable-ids' needs owner_id"):
        repo(subject_format=GitHubSubjectFormat.IMMUTABLE_IDS)


def test_fails_on_both_formats_with_one_id_missing() -> None:
    with pytest.raises(ValueError, match=r"'both' needs repository_id"):
        repo(subject_format=GitHubSubjectFormat.BOTH, owner_id=1)


def test_fails_on_an_owner_id_without_repository_id() -> None:
    with pytest.raises(ValueError, match=r"owner_id: 123 given without repository_id"):
        repo(owner_id=123)


def test_subject_format_as_a_string() -> None:
    assert repo(subject_format="both", owner_id=1, repository_id=2).subjects() == [
        "repo:octo-org/app:ref:refs/heads/main",
        "repo:octo-org@1/app@2:ref:refs/heads/main",
    ]
    with pytest.raises(ValueError, match=r"subject_format: 'ids' is not one of"):
        repo(subject_format="ids")


def test_fails_on_names_format_with_ids() -> None:
    with pytest.raises(ValueError, match=r"subject_format: 'names' with owner_id"):
        repo(subject_format=GitHubSubjectFormat.NAMES, owner_id=1, repository_id=2)


@pytest.mark.parametrize("bad", [0, -5])
def test_fails_on_a_non_positive_id(bad: Any) -> None:
    with pytest.raises(ValueError, match=r"owner_id: .* is not a GitHub ID"):
        repo(owner_id=bad, repository_id=2)


@pytest.mark.parametrize("bad", [True, "123", 1.5])
def test_fails_on_an_id_that_is_not_an_int(bad: Any) -> None:
    with pytest.raises(TypeError, match=r"owner_id: .* is an? \w+; expected int \| None"):
        repo(owner_id=bad, repository_id=2)


def test_fails_on_no_repositories() -> None:
    with pytest.raises(ValueError, match=r"repositories: \[\] names nothing"):
        GitHubActionsTrust(provider=GITHUB, repositories=[])


def test_fails_on_the_same_subject_twice() -> None:
    with pytest.raises(ValueError, match=r"appears more than once"):
        GitHubActionsTrust(provider=GITHUB, repositories=[repo(), repo()])


def test_fails_on_a_provider_of_another_issuer() -> None:
    gitlab = ExistingOidcProvider(
        provider_arn="arn:aws:iam::111111111111:oidc-provider/gitlab.com", issuer="gitlab.com"
    )
    with pytest.raises(ValueError, match=r"provider: issuer 'gitlab.com' is not a GitHub"):
        GitHubActionsTrust(provider=gitlab, repositories=[repo()])


@pytest.mark.parametrize("bad", ["", "*", "sts.*", "${aws:username}"])
def test_fails_on_unpinned_audience(bad: str) -> None:
    provider = ExistingOidcProvider(provider_arn=ARN, issuer=GITHUB.issuer)
    with pytest.raises(ValueError, match=r"audience: "):
        GitHubActionsTrust(provider=provider, repositories=[repo()], audience=bad)


def test_fails_on_audience_the_provider_does_not_accept() -> None:
    with pytest.raises(ValueError, match=r"'api://aws' is not a client ID of the provider"):
        GitHubActionsTrust(provider=GITHUB, repositories=[repo()], audience="api://aws")


def test_fails_on_bad_enterprise_slug() -> None:
    with pytest.raises(ValueError, match=r"enterprise_slug: 'Acme Corp'"):
        github_actions_issuer(enterprise_slug="Acme Corp")
