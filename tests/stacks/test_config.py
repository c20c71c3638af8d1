"""The config file: a bad value fails before synthesis, naming file, field, value and rule."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from stacks.config import ConfigError, json_schema, load_config

ROOT = Path(__file__).resolve().parents[2]
VALID = {
    "users": [{"name": "sts-user", "access_key": True}],
    "roles": [
        {"name": "reader", "trusted_users": ["sts-user"], "require_mfa": False},
        {"name": "admin", "trusted_users": ["sts-user"], "max_session_duration": "2h"},
    ],
}


def write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "env.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def with_role_field(field: str, value: object) -> dict[str, object]:
    roles = [dict(role) for role in VALID["roles"]]  # type: ignore[attr-defined]
    roles[1][field] = value
    return {**VALID, "roles": roles}


def test_default_config_loads() -> None:
    config = load_config(ROOT / "config" / "sandbox.yaml")

    assert [user.name for user in config.users] == ["sts-user"]
    assert config.roles[0].trusted_users == ["sts-user"]
    assert config.account is None


def test_durations_accept_units(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, with_role_field("max_session_duration", "90m")))

    assert config.roles[1].max_session_duration == 5400


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "max_session_duration",
            "13h",
            r"roles\[1\]\.max_session_duration: '13h' is above the 12h IAM maximum",
        ),
        (
            "max_session_duration",
            "30m",
            r"roles\[1\]\.max_session_duration: '30m' is below the 1h",
        ),
        (
            "max_session_duration",
            "soon",
            r"roles\[1\]\.max_session_duration: 'soon' is not a duration",
        ),
        ("name", "bad name", r"roles\[1\]\.name: 'bad name' must be 1-64 characters"),
        ("path", "admins", r"roles\[1\]\.path: 'admins' must be '/'"),
        ("external_id", "x", r"roles\[1\]\.external_id: 'x' is not a valid sts:ExternalId"),
        (
            "trusted_principals",
            ["*"],
            r"roles\[1\]\.trusted_principals\[0\]: '\*' must be a 12-digit",
        ),
        (
            "principal_org_id",
            "o-1",
            r"roles\[1\]\.principal_org_id: 'o-1' is not an organization ID",
        ),
        ("session_tag_keys", ["a b"], r"roles\[1\]\.session_tag_keys\[0\]: 'a b' is not a valid"),
        (
            "sandbox_bucket",
            "write",
            r"roles\[1\]\.sandbox_bucket: 'write': Input should be 'none' or 'read'",
        ),
        (
            "permissions_boundary",
            "boundary",
            r"roles\[1\]\.permissions_boundary: 'boundary' is not a managed policy ARN",
        ),
        (
            "colour",
            "blue",
            r"roles\[1\]\.colour: 'blue': unknown setting; the settings here: description, ",
        ),
        (
            "trusted_user",
            ["sts-user"],
            r"roles\[1\]\.trusted_user: \['sts-user'\]: unknown setting; did you mean "
            r"'trusted_users'\? the settings here: ",
        ),
    ],
)
def test_fails_on_bad_role_field(tmp_path: Path, field: str, value: object, message: str) -> None:
    path = write(tmp_path, with_role_field(field, value))

    with pytest.raises(ConfigError, match=rf"^{path}: {message}"):
        load_config(path)


def test_an_unknown_top_level_key_names_the_close_setting(tmp_path: Path) -> None:
    path = write(tmp_path, {**VALID, "rolez": []})

    with pytest.raises(ConfigError) as error:
        load_config(path)

    assert str(error.value) == (
        f"{path}: rolez: []: unknown setting; did you mean 'roles'? the settings here: name, "
        "account, region, users, roles, instance_roles, federation, cross_account"
    )


def test_an_unknown_key_of_a_federated_role_lists_the_settings_of_its_kind(
    tmp_path: Path,
) -> None:
    (role,) = _GITHUB_DEPLOY["roles"]
    federation = {**_GITHUB_DEPLOY, "roles": [{**role, "branch": "main"}]}
    path = write(tmp_path, {**VALID, "federation": federation})

    with pytest.raises(ConfigError) as error:
        load_config(path)

    (line,) = [line for line in str(error.value).splitlines() if "branch" in line]
    assert line.startswith(f"{path}: federation.roles[0].branch: 'main': unknown setting; ")
    assert line.endswith(", provider, audience, kind, repositories, claims (entry 'deploy')")


@pytest.mark.parametrize(
    ("field", "value", "ends"),
    [
        ("path", "admins", " (entry 'admin')"),
        ("session_tag_keys", ["a b"], " (entry 'admin')"),
        ("name", "bad name", "(IAM names)"),  # the name itself: not repeated
    ],
)
def test_an_error_in_a_list_entry_names_the_entry(
    tmp_path: Path, field: str, value: object, ends: str
) -> None:
    path = write(tmp_path, with_role_field(field, value))

    with pytest.raises(ConfigError) as error:
        load_config(path)

    (line,) = [line for line in error.value.lines if f"roles[1].{field}" in line]
    assert line.endswith(ends)


def test_fails_on_unknown_trusted_user(tmp_path: Path) -> None:
    path = write(tmp_path, with_role_field("trusted_users", ["bob"]))

    with pytest.raises(
        ConfigError,
        match=r"roles\[1\]\.trusted_users\[0\]: 'bob' is not a user in users \(known: sts-user\)",
    ):
        load_config(path)


def test_fails_on_a_role_nobody_may_assume(tmp_path: Path) -> None:
    path = write(tmp_path, with_role_field("trusted_users", []))

    with pytest.raises(
        ConfigError, match=r"roles\[1\]: trusted_users and trusted_principals are both empty"
    ):
        load_config(path)


# A federated role of the same name, in a stack of its own: IAM names are unique per account.
_GITHUB_DEPLOY = {
    "oidc_providers": [
        {
            "name": "github",
            "url": "https://token.actions.githubusercontent.com",
            "client_ids": ["sts.amazonaws.com"],
        }
    ],
    "roles": [
        {
            "kind": "github-actions",
            "name": "deploy",
            "provider": "github",
            "repositories": [{"owner": "octo-org", "name": "app", "branches": ["main"]}],
        }
    ],
}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            with_role_field("name", "READER"),
            r"roles\[1\]\.name: 'READER' is the same role name ignoring case as "
            r"roles\[0\]\.name \('reader'\); IAM role names are unique per account",
        ),
        (
            {**with_role_field("name", "Deploy"), "federation": _GITHUB_DEPLOY},
            r"federation.roles\[0\].name: 'deploy' is the same role name ignoring case as "
            r"roles\[1\].name \('Deploy'\)",
        ),
    ],
    ids=["sandbox", "across-stacks"],
)
def test_fails_on_duplicate_role_names_ignoring_case(
    tmp_path: Path, data: dict[str, object], message: str
) -> None:
    path = write(tmp_path, data)

    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_fails_on_bad_account(tmp_path: Path) -> None:
    path = write(tmp_path, {**VALID, "account": "12345"})

    with pytest.raises(ConfigError, match=rf"^{path}: account: '12345' is not an AWS account ID"):
        load_config(path)


def test_lists_every_bad_field(tmp_path: Path) -> None:
    path = write(tmp_path, {**VALID, "account": "1", "region": "mars"})

    with pytest.raises(ConfigError) as error:
        load_config(path)

    assert len(str(error.value).splitlines()) == 2


def test_fails_on_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"missing.yaml: cannot read the config file"):
        load_config(tmp_path / "missing.yaml")


def test_fails_on_bad_yaml(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("roles: [\n")

    with pytest.raises(
        ConfigError,
        match=r"bad.yaml: line 2, column 1: not valid YAML: did not find expected node content",
    ):
        load_config(path)


def test_published_schema_matches_the_model() -> None:
    published = json.loads((ROOT / "config" / "schema.json").read_text())

    assert published == json_schema(), "config/schema.json is stale: run `make schema`"


def test_app_refuses_bad_config_before_writing_anything(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    path = write(tmp_path, with_role_field("max_session_duration", "13h"))
    outdir = tmp_path / "cdk.out"
    result = subprocess.run(
        [sys.executable, str(ROOT / "app.py")],
        cwd=ROOT,
        env={
            **os.environ,
            "CDK_CONTEXT_JSON": json.dumps({"config": str(path)}),
            "CDK_OUTDIR": str(outdir),
        },
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 1
    assert f"{path}: roles[1].max_session_duration: '13h' is above the 12h" in result.stderr
    assert not outdir.exists() or not any(outdir.iterdir())


# --- The file itself: plain YAML, one line per problem (issue 9, kinds 3 and 5) ---------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "users: [{name: a, name: b}]\n",
            r"line 1: the key 'name' appears again \(first on line 1\)",
        ),
        ("users:\n  - &u {name: a}\n", r"line 2: the anchor &u names a value to repeat"),
        ("? [a, b]\n: 1\n", r"line 1: a key must be a plain value"),
        ("name: !!python/object:os.system x\n", r"line 1, column 7: not valid YAML: could not "),
        ("users: [\n", r"line 2, column 1: not valid YAML: did not find expected node content"),
        ("42\n", r"expected a mapping of settings at the top, got int"),
    ],
)
def test_fails_on_yaml_a_config_refuses(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "env.yaml"
    path.write_text(text)

    with pytest.raises(ConfigError, match=rf"^{path}: {message}") as error:
        load_config(path)

    assert len(error.value.lines) == 1


def test_fails_on_a_directory_as_the_config(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"the config file is not a regular file"):
        load_config(tmp_path)


def test_fails_on_a_config_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "env.yaml"
    path.write_text("# " + "x" * 1_048_576 + "\n")

    with pytest.raises(ConfigError, match=r"has 1048579 bytes, more than the 1048576 allowed"):
        load_config(path)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "mfa_max_age",
            "40h",
            r"roles\[1\]\.mfa_max_age: '40h' must be more than 0 and at most 36h",
        ),
        ("max_session_duration", "721m", r"max_session_duration: '721m' is above the 12h IAM"),
        (
            "max_session_duration",
            60,
            r"roles\[1\]\.max_session_duration: 60 \(seconds\) is below the 1h",
        ),
        (
            "managed_policies",
            ["arn:aws:iam::aws:policy/*"],
            r"roles\[1\]\.managed_policies\[0\]: 'arn:aws:iam::aws:policy/\*' is not a managed",
        ),
        ("description", "tab\tand é are fine, 😀 is not", r"has '😀' \(U\+1F600\)"),
    ],
)
def test_messages_quote_the_value_as_written(
    tmp_path: Path, field: str, value: object, message: str
) -> None:
    path = write(tmp_path, with_role_field(field, value))

    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_720m_is_12h_and_allowed(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, with_role_field("max_session_duration", "720m")))

    assert config.roles[1].max_session_duration == 43_200


def test_reports_field_and_reference_errors_in_one_run(tmp_path: Path) -> None:
    data = {
        "users": [{"name": "sts-user"}, {"name": "Sts-User"}],
        "roles": [
            {"name": "reader", "trusted_users": ["sts-user"], "path": "nope"},
            {"name": "READER", "trusted_users": ["sts-usr"]},
        ],
    }

    with pytest.raises(ConfigError) as error:
        load_config(write(tmp_path, data))

    assert [line.split(": ", 2)[1] for line in error.value.lines] == [
        "roles[0].path",
        "users[1].name",
        "roles[1].name",
        "roles[1].trusted_users[0]",
    ]


def test_reports_at_most_100_problems_and_how_many_more(tmp_path: Path) -> None:
    path = write(tmp_path, {"users": [{"name": f"bad name {i}"} for i in range(150)]})

    with pytest.raises(ConfigError) as error:
        load_config(path)

    assert len(error.value.lines) == 101
    assert error.value.lines[-1] == f"{path}: 50 more problems not shown"


def test_known_names_in_a_message_are_capped(tmp_path: Path) -> None:
    data = {
        "users": [{"name": f"user-{i}"} for i in range(30)],
        "roles": [{"name": "r", "trusted_users": ["nobody"]}],
    }

    with pytest.raises(ConfigError, match=r"\(known: user-0, .*, user-9, \.\.\. \(30 in all\)\)"):
        load_config(write(tmp_path, data))
