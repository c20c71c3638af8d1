"""The construct IDs the config's collision check predicts are the IDs the stacks create."""

from __future__ import annotations

from typing import Any

import pytest
from aws_cdk import App, Stack

from stacks import _names as ids
from stacks.config import load_config
from sts_constructs import conventions
from tests.stacks.conftest import ROOT, synthesized

FEDERATION_CONFIG = "tests/stacks/configs/federation-all-paths.yaml"
MULTI_ACCOUNT_CONFIG = "config/multi-account.yaml"


def children(app: App, stack_name: str) -> set[str]:
    (stack,) = [s for s in app.node.children if isinstance(s, Stack) and s.stack_name == stack_name]
    return {child.node.id for child in stack.node.children}


def role_ids(name: str, entry: Any) -> set[str]:
    """The IDs ``stacks._names`` predicts for a role of the config (any section)."""
    return set(
        ids.role_ids(
            name,
            boundary=entry.permissions_boundary is not None,
            managed_policies=len(entry.managed_policies),
        )
    )


def test_sandbox_ids_are_predicted(sandbox_app: App) -> None:
    config = load_config(ROOT / "config" / "sandbox.yaml")
    predicted = set(ids.SANDBOX_BUCKET_IDS)
    for user in config.users:
        predicted |= set(
            ids.user_ids(
                user.name, access_key=user.access_key, console_password=user.console_password
            )
        )
    for role in config.roles:
        predicted |= role_ids(role.name, role)
    for instance_role in config.instance_roles:
        predicted |= set(
            ids.instance_role_ids(
                instance_role.name, managed_policies=len(instance_role.managed_policies)
            )
        )

    assert predicted <= children(sandbox_app, "sts-sandbox")


@pytest.fixture(scope="module")
def federation_app() -> App:
    return synthesized(FEDERATION_CONFIG).app


def test_federation_ids_are_predicted(federation_app: App) -> None:
    federation = load_config(ROOT / FEDERATION_CONFIG).federation
    assert federation is not None
    predicted: set[str] = set()
    for oidc in federation.oidc_providers:
        if not oidc.existing:
            predicted |= set(ids.oidc_provider_ids(oidc.name))
    for saml in federation.saml_providers:
        predicted |= set(ids.saml_provider_ids(saml.name))
    for role in federation.roles:
        predicted |= role_ids(role.name, role)
    for broker in federation.brokers:
        predicted |= set(
            ids.broker_ids(broker.name, permission_ceiling=len(broker.permission_ceiling))
        )
    for group in federation.mfa_session_groups:
        predicted |= set(
            ids.mfa_group_ids(group.name, managed_policies=len(group.managed_policies))
        )
        predicted |= {ids.mfa_group_member_id(group.name, member) for member in group.members}

    assert predicted
    assert predicted <= children(federation_app, "sts-fedtest-federation")


def test_cross_account_ids_are_predicted() -> None:
    app = synthesized(MULTI_ACCOUNT_CONFIG).app
    config = load_config(ROOT / MULTI_ACCOUNT_CONFIG)
    cross_account = config.cross_account
    assert cross_account is not None
    for access in cross_account.access:
        roles_stack = f"sts-{config.name}-{access.target}-roles"
        assert role_ids(access.role, access) <= children(app, roles_stack)
        if access.source is not None and access.grant_to is not None:
            grants = children(app, f"sts-{config.name}-{access.source}-grants")
            assert ids.grant_id(access.role) in grants
            for group in access.grant_to.groups:
                assert set(ids.group_ids(group)) <= grants
            for role in access.grant_to.roles:
                assert ids.existing_principal_id("roles", role.rpartition("/")[2]) in grants
    for org_role in cross_account.organization_roles:
        admin = children(app, f"sts-{config.name}-{org_role.stack_set.admin}-stacksets")
        assert set(ids.stack_set_ids(org_role.role)) <= admin
        grants = children(app, f"sts-{config.name}-{org_role.source}-grants")
        targets = None if org_role.stack_set.organizational_units else org_role.stack_set.accounts
        assert set(ids.organization_grant_ids(org_role.role, target_accounts=targets)) <= grants


def test_outputs_and_stack_names_follow_the_shared_conventions(
    sandbox_templates: dict[str, dict[str, Any]],
) -> None:
    config = load_config(ROOT / "config" / "sandbox.yaml")
    sandbox = sandbox_templates[conventions.sandbox_stack_name(config.name)]
    assert conventions.federation_stack_name(config.name) in sandbox_templates
    role_outputs = {
        output["Description"]: key
        for key, output in sandbox["Outputs"].items()
        if conventions.is_role_arn_output(key)
    }

    assert conventions.WALKTHROUGH_ROLE in role_outputs
    assert sorted(role_outputs) == sorted(
        [role.name for role in config.roles] + [r.name for r in config.instance_roles]
    )
    assert conventions.BUCKET_NAME_OUTPUT in sandbox["Outputs"]


def test_cross_account_stack_names_follow_the_shared_conventions() -> None:
    config = load_config(ROOT / MULTI_ACCOUNT_CONFIG)
    app = synthesized(MULTI_ACCOUNT_CONFIG).app
    names = {s.stack_name for s in app.node.children if isinstance(s, Stack)}

    assert conventions.cross_account_stack_name(config.name, "prod", "roles") in names
    assert all(
        name.endswith(conventions.CROSS_ACCOUNT_STACK_SUFFIXES)
        for name in names
        if name.startswith(conventions.sandbox_stack_name(config.name) + "-")
    )
