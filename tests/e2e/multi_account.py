"""The multi-account app deployed into its emulated accounts, shared by the end-to-end tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sts_constructs.emulator import StaticCredentials
from sts_constructs.emulator.cross_account import AccountDeploy, CrossAccountAccess

# config/multi-account.yaml: CI's role in tools deploys to prod; people read prod with MFA.
TOOLS, PROD, SECURITY, MANAGEMENT = "111111111111", "222222222222", "333333333333", "999999999999"
ORGANIZATION_ID = "o-a1b2c3d4e5"
ACCOUNTS = {MANAGEMENT: "management", SECURITY: "security", TOOLS: "tools", PROD: "prod"}
ACCESS = CrossAccountAccess(
    source_name="tools",
    source_account_id=TOOLS,
    source_region="eu-west-1",
    grantee_role="ci/ci-deployer",
    target_name="prod",
    target_account_id=PROD,
    target_role_arn=f"arn:aws:iam::{PROD}:role/cross-account/prod-deployer",
    other_role_arn=f"arn:aws:iam::{PROD}:role/cross-account/prod-read-only",
)


@dataclass(frozen=True)
class MultiAccount:
    """The deployed multi-account app: one deploy per account, and the tools admin session."""

    deploys: tuple[AccountDeploy, ...]
    source_admin: StaticCredentials
    assembly: Path = field(default=Path())  # The synthesized cdk.out that was deployed.

    def account_of(self, stack_name: str) -> str:
        """Return the account ``stack_name`` was deployed into."""
        (account,) = (d.account_id for d in self.deploys if stack_name in d.result.stacks)
        return account
