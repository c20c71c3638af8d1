"""The roles, users and identity providers of an app deployed into the emulator.

A test names one by its ARN, its IAM name, or its construct ID in the app (``deploy`` for
``Role(stack, "Deploy", ...)``, case-insensitive); ``account=`` narrows the search.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sts_constructs.emulator._app import AppDeployment, admin_of
from sts_constructs.emulator._process import Emulator, EmulatorError
from sts_constructs.runtime._errors import error_code

__all__ = ["AppResources", "DeployedResource"]

# The session the app's resources are read with, in an account other than the admin's.
ADMIN_SESSION = "sts-emulator-fixture"
_KINDS = frozenset(
    {"AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::OIDCProvider", "AWS::IAM::SAMLProvider"}
)


@dataclass(frozen=True)
class DeployedResource:
    """A role, user or identity provider of the app, as deployed into one account."""

    kind: str  # The CloudFormation type, e.g. AWS::IAM::Role.
    construct_path: str  # aws:cdk:path, e.g. MyStack/Deploy/Resource ("" when not recorded).
    logical_id: str
    physical_id: str  # A role's or user's name; a provider's ARN.
    account_id: str
    arn: str

    @property
    def construct_id(self) -> str:
        """Return the ID of the construct that holds the resource (``Deploy``)."""
        parts = self._construct_parts()
        return parts[-1] if parts else self.logical_id

    def _construct_parts(self) -> list[str]:
        # An L2 keeps its CfnResource as "Resource" (or "Default"); a construct wrapping an L2
        # keeps that as "Resource" too: OwnApp/Deploy/Resource/Resource is "Deploy".
        parts = [p for p in self.construct_path.split("/") if p]
        while len(parts) > 1 and parts[-1] in {"Resource", "Default"}:
            parts.pop()
        return parts

    @property
    def name(self) -> str:
        """Return the IAM name: a role's or user's name, a SAML provider's name, an OIDC
        provider's issuer host and path (``token.actions.githubusercontent.com``)."""
        for marker in (":saml-provider/", ":oidc-provider/"):
            if marker in self.arn:
                return self.arn.split(marker, 1)[1]
        return self.physical_id

    @property
    def construct_id_path(self) -> str:
        """Return the path of the construct that holds the resource (``OwnApp/Deploy``)."""
        return "/".join(self._construct_parts())


class AppResources:
    """The deployed app's roles, users and identity providers (read once, on first use)."""

    def __init__(self, emulator: Emulator, deployment: AppDeployment) -> None:
        self.emulator = emulator
        self.deployment = deployment
        self._resources: list[DeployedResource] | None = None

    @property
    def all(self) -> list[DeployedResource]:
        """Return the app's roles, users and identity providers as deployed."""
        if self._resources is None:
            self._resources = self._read()
        return self._resources

    def _read(self) -> list[DeployedResource]:
        found: list[DeployedResource] = []
        for stack in self.deployment.stacks:
            wanted = {k: r for k, r in stack.resources.items() if r.get("Type") in _KINDS}
            if not wanted:
                continue
            admin = admin_of(self.emulator, stack.account_id, session_name=ADMIN_SESSION)
            cloudformation = self.emulator.client(
                "cloudformation", credentials=admin, region=stack.region
            )
            summaries = cloudformation.list_stack_resources(StackName=stack.stack_name)
            physical = {
                s["LogicalResourceId"]: s.get("PhysicalResourceId", "")
                for s in summaries["StackResourceSummaries"]
                if s.get("LogicalResourceId")
            }
            iam = self.emulator.client("iam", credentials=admin)
            for logical_id, resource in wanted.items():
                kind = resource["Type"]
                path = str(resource.get("Metadata", {}).get("aws:cdk:path", ""))
                name = physical.get(logical_id) or self._provider_name(resource)
                if not name:
                    continue
                arn = self._arn(iam, kind, name, stack.account_id)
                if arn:
                    found.append(
                        DeployedResource(kind, path, logical_id, name, stack.account_id, arn)
                    )
        return found

    @staticmethod
    def _provider_name(resource: dict[str, Any]) -> str:
        # Providers the emulator created without a stack resource summary: found by name.
        properties = resource.get("Properties", {})
        name = properties.get("Name") or properties.get("Url")
        return name if isinstance(name, str) else ""

    @staticmethod
    def _arn(iam: Any, kind: str, name: str, account_id: str) -> str:
        try:
            if kind == "AWS::IAM::Role":
                return str(iam.get_role(RoleName=name)["Role"]["Arn"])
            if kind == "AWS::IAM::User":
                return str(iam.get_user(UserName=name)["User"]["Arn"])
        except Exception as error:
            if error_code(error) == "NoSuchEntity":
                return ""
            raise
        if name.startswith("arn:"):
            return name
        if kind == "AWS::IAM::OIDCProvider":
            return f"arn:aws:iam::{account_id}:oidc-provider/{name.removeprefix('https://')}"
        return f"arn:aws:iam::{account_id}:saml-provider/{name}"

    def find(self, reference: str, *, kind: str, account: str | None) -> DeployedResource:
        what = {"AWS::IAM::Role": "role", "AWS::IAM::User": "user"}.get(kind, "provider")
        candidates = [
            r for r in self.all if r.kind == kind and (account is None or r.account_id == account)
        ]
        matches = [
            r
            for r in candidates
            if reference in {r.arn, r.physical_id, r.logical_id, r.name}
            or reference.lower() == r.construct_id.lower()
            or (r.construct_path != "" and reference == r.construct_id_path)
        ]
        if len(matches) == 1:
            return matches[0]
        known = ", ".join(sorted(f"{r.construct_id} ({r.arn})" for r in candidates)) or "none"
        if not matches:
            raise EmulatorError(
                f"{what} {reference!r}: not in the deployed app; its {what}s: {known}"
            )
        listed = ", ".join(r.arn for r in matches)
        raise EmulatorError(
            f"{what} {reference!r}: {len(matches)} match ({listed}); name one by its ARN or "
            "pass account="
        )

    def role_arn(self, role: str, *, account: str | None = None) -> str:
        """Return the ARN of ``role``: an ARN (as is), a role name or a construct ID."""
        from sts_constructs.validation import is_role_arn

        if is_role_arn(role):
            return role
        return self.find(role, kind="AWS::IAM::Role", account=account).arn

    def provider_arn(self, provider: str, *, kind: str, account: str | None = None) -> str:
        """Return the ARN of an identity provider of the app: an ARN, a name or construct ID."""
        if provider.startswith("arn:"):
            return provider
        return self.find(provider, kind=kind, account=account).arn
