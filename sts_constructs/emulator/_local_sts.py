"""A deployed app in the emulator, seen from a test: principals, and what they may assume.

>>> def test_ci_of_other_repos_cannot_deploy(sts_emulator):          # doctest: +SKIP
...     denied = sts_emulator.web_identity("github", sub="repo:octo-org/other:ref:refs/heads/main")
...     assert not denied.can_assume("deploy")

A role or user is named by its ARN, its IAM name, or its construct ID in the app (``deploy``
for ``Role(stack, "Deploy", ...)``, case-insensitive); ``account=`` narrows the search.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sts_constructs.emulator._app import AppDeployment
from sts_constructs.emulator._process import Emulator, EmulatorError, StaticCredentials
from sts_constructs.runtime._errors import error_code
from sts_constructs.runtime._session import EndpointSession

__all__ = ["Decision", "DeployedResource", "LocalSts", "Principal"]

_DEFAULT_SESSION_NAME = "sts-emulator-test"
_AUDIENCE = "sts.amazonaws.com"


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


@dataclass(frozen=True)
class Decision:
    """What STS answered to one assume call: allowed or not, and why."""

    allowed: bool
    reason: str  # The emulator's reason (the trust statement that matched, or what failed).
    principal: str
    role_arn: str
    error_code: str | None = None  # Default: none (allowed).
    session: Principal | None = field(default=None, repr=False)  # The role's, when allowed.

    def __bool__(self) -> bool:
        return self.allowed


class Principal:
    """Someone a test acts as: an IAM user, a role session, or a federated user.

    ``session`` and ``client`` are for users and role sessions; a federated principal only
    assumes roles (:meth:`assume`), which returns the role's session when allowed.
    """

    def __init__(
        self,
        local: LocalSts,
        *,
        name: str,
        credentials: StaticCredentials | None = None,
    ) -> None:
        self.local = local
        self.name = name
        self.credentials = credentials

    def __repr__(self) -> str:
        return f"<Principal {self.name}>"

    @property
    def session(self) -> EndpointSession:
        """Return a boto3 session (wrapped: every client goes to the emulator) as this principal."""
        if self.credentials is None:
            raise EmulatorError(
                f"{self.name}: a federated principal has no credentials of its own; "
                "assume a role with it (.assume(ROLE).session)"
            )
        return self.local.emulator.session(credentials=self.credentials)

    def client(self, service: str, **kwargs: Any) -> Any:
        """Return a boto3 client for ``service`` on the emulator, as this principal."""
        return self.session.client(service, **kwargs)

    def environment(self) -> dict[str, str]:
        """Return the ``AWS_*`` variables of this principal (for a subprocess)."""
        return self.local.emulator.environment(credentials=self.session_credentials())

    def session_credentials(self) -> StaticCredentials:
        """Return this principal's credentials; raise EmulatorError for a federated one."""
        if self.credentials is None:
            self.session  # noqa: B018 (raises the one-line error)
        assert self.credentials is not None
        return self.credentials

    def assume(
        self,
        role: str,
        *,
        account: str | None = None,  # Default: the one account that has the role.
        session_name: str = _DEFAULT_SESSION_NAME,
        external_id: str | None = None,
        duration_seconds: int | None = None,  # Default: STS's, one hour.
        source_identity: str | None = None,
        tags: dict[str, str] | None = None,  # Default: no session tags.
        mfa_serial: str | None = None,
        token_code: str | None = None,
    ) -> Decision:
        """Call ``sts:AssumeRole`` on ``role`` as this principal; return the decision and why.

        A denial is a :class:`Decision` with ``allowed`` False, not an exception; an error
        that is not STS's answer (the emulator is gone) raises.
        """
        role_arn = self.local.role_arn(role, account=account)
        request: dict[str, Any] = {"RoleArn": role_arn, "RoleSessionName": session_name}
        optional = {
            "ExternalId": external_id,
            "DurationSeconds": duration_seconds,
            "SourceIdentity": source_identity,
            "SerialNumber": mfa_serial,
            "TokenCode": token_code,
        }
        request.update({k: v for k, v in optional.items() if v is not None})
        if tags:
            request["Tags"] = [{"Key": k, "Value": v} for k, v in tags.items()]
        sts = self.client("sts")
        return self.local._decide(self.name, role_arn, lambda: sts.assume_role(**request))

    def can_assume(self, role: str, **kwargs: Any) -> bool:
        """Return whether :meth:`assume` with the same arguments is allowed."""
        return self.assume(role, **kwargs).allowed


class _WebIdentity(Principal):
    def __init__(self, local: LocalSts, *, name: str, claims: dict[str, Any]) -> None:
        super().__init__(local, name=name)
        self.claims = claims

    def assume(  # type: ignore[override]
        self,
        role: str,
        *,
        account: str | None = None,
        session_name: str = _DEFAULT_SESSION_NAME,
        duration_seconds: int | None = None,
        lifetime_seconds: int | None = None,  # Of the token. Default: 300.
    ) -> Decision:
        """Call ``sts:AssumeRoleWithWebIdentity`` on ``role`` with a fresh token of the claims."""
        role_arn = self.local.role_arn(role, account=account)
        token = self.local.emulator.oidc_token(self.claims, lifetime_seconds=lifetime_seconds)
        request: dict[str, Any] = {
            "RoleArn": role_arn,
            "RoleSessionName": session_name,
            "WebIdentityToken": token,
        }
        if duration_seconds is not None:
            request["DurationSeconds"] = duration_seconds
        sts = self.local._unsigned_sts()
        return self.local._decide(
            self.name, role_arn, lambda: sts.assume_role_with_web_identity(**request)
        )


class _SamlUser(Principal):
    def __init__(
        self,
        local: LocalSts,
        *,
        name: str,
        provider: str,
        subject: str,
        attributes: dict[str, list[str]],
    ) -> None:
        super().__init__(local, name=name)
        self.provider = provider
        self.subject = subject
        self.attributes = attributes

    def assume(  # type: ignore[override]
        self,
        role: str,
        *,
        account: str | None = None,
        session_name: str | None = None,  # Default: the subject (the RoleSessionName attribute).
        duration_seconds: int | None = None,
    ) -> Decision:
        """Call ``sts:AssumeRoleWithSAML`` on ``role`` with a response of the emulator's IdP."""
        role_arn = self.local.role_arn(role, account=account)
        provider_arn = self.local.provider_arn(
            self.provider, kind="AWS::IAM::SAMLProvider", account=role_arn.split(":")[4]
        )
        options: dict[str, Any] = {"attributes": self.attributes} if self.attributes else {}
        if duration_seconds is not None:
            options["duration_seconds"] = duration_seconds
        assertion = self.local.emulator.saml_response(
            provider_arn=provider_arn,
            role_arn=role_arn,
            subject=self.subject,
            session_name=session_name or self.subject,
            **options,
        )
        sts = self.local._unsigned_sts()
        return self.local._decide(
            self.name,
            role_arn,
            lambda: sts.assume_role_with_saml(
                RoleArn=role_arn, PrincipalArn=provider_arn, SAMLAssertion=assertion
            ),
        )


# Issuers by the short names a test may use (the federation presets' issuers).
def _known_issuers() -> dict[str, str]:
    from sts_constructs.emulator.tokens import GITHUB_ACTIONS_ISSUER, GITLAB_ISSUER

    return {"github": GITHUB_ACTIONS_ISSUER, "gitlab": GITLAB_ISSUER}


class LocalSts:
    """The emulator with an app deployed: hand out principals and ask what they may assume."""

    def __init__(self, emulator: Emulator, deployment: AppDeployment) -> None:
        self.emulator = emulator
        self.deployment = deployment
        self._resources: list[DeployedResource] | None = None
        self._user_keys: dict[str, StaticCredentials] = {}

    # ------------------------------------------------------------------ finding resources

    @property
    def resources(self) -> list[DeployedResource]:
        """Return the app's roles, users and identity providers as deployed (read once)."""
        if self._resources is None:
            self._resources = self._read_resources()
        return self._resources

    def _read_resources(self) -> list[DeployedResource]:
        kinds = {
            "AWS::IAM::Role",
            "AWS::IAM::User",
            "AWS::IAM::OIDCProvider",
            "AWS::IAM::SAMLProvider",
        }
        found: list[DeployedResource] = []
        for stack in self.deployment.stacks:
            wanted = {k: r for k, r in stack.resources.items() if r.get("Type") in kinds}
            if not wanted:
                continue
            admin = self._admin_of(stack.account_id)
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

    def _find(self, reference: str, *, kind: str, account: str | None) -> DeployedResource:
        what = {"AWS::IAM::Role": "role", "AWS::IAM::User": "user"}.get(kind, "provider")
        candidates = [
            r
            for r in self.resources
            if r.kind == kind and (account is None or r.account_id == account)
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
        return self._find(role, kind="AWS::IAM::Role", account=account).arn

    def provider_arn(self, provider: str, *, kind: str, account: str | None = None) -> str:
        """Return the ARN of an identity provider of the app: an ARN, a name or construct ID."""
        if provider.startswith("arn:"):
            return provider
        return self._find(provider, kind=kind, account=account).arn

    # ------------------------------------------------------------------------- principals

    def _admin_of(self, account_id: str) -> StaticCredentials | None:
        if account_id == self.emulator.account_id:
            return None
        return self.emulator.account_admin(account_id, session_name="sts-emulator-fixture")

    @property
    def admin(self) -> Principal:
        """Return the emulator admin (AdministratorAccess in its own account)."""
        assert self.emulator.admin is not None
        return Principal(
            self,
            name=f"emulator admin ({self.emulator.account_id})",
            credentials=self.emulator.admin,
        )

    def user(self, user: str, *, account: str | None = None) -> Principal:
        """Return an IAM user of the app, signed in with a new access key of its own.

        The key is made once per user by an administrator of the user's account.
        """
        found = self._find(user, kind="AWS::IAM::User", account=account)
        if found.arn not in self._user_keys:
            iam = self.emulator.client("iam", credentials=self._admin_of(found.account_id))
            key = iam.create_access_key(UserName=found.physical_id)["AccessKey"]
            self._user_keys[found.arn] = StaticCredentials(
                key["AccessKeyId"], key["SecretAccessKey"]
            )
        return Principal(self, name=found.arn, credentials=self._user_keys[found.arn])

    def role(
        self,
        role: str,
        *,
        account: str | None = None,
        session_name: str = _DEFAULT_SESSION_NAME,
    ) -> Principal:
        """Return a session of ``role`` whoever its trust lets in (to test what it may do).

        The emulator issues it with enforcement switched off for that one call, as the
        account's own setup would; every later call is checked again.
        """
        role_arn = self.role_arn(role, account=account)
        self.emulator.set_enforcement(enabled=False)
        try:
            answer = self.emulator.client("sts").assume_role(
                RoleArn=role_arn, RoleSessionName=session_name
            )
        finally:
            self.emulator.set_enforcement(enabled=True)
        return Principal(
            self, name=answer["AssumedRoleUser"]["Arn"], credentials=_credentials(answer)
        )

    def web_identity(
        self,
        issuer: str,
        *,
        sub: str | None = None,
        aud: str | list[str] = _AUDIENCE,
        **claims: Any,
    ) -> Principal:
        """Return a holder of OIDC tokens with ``claims``, signed by the emulator for ``issuer``.

        ``issuer``: ``github``, ``gitlab`` or the provider's issuer URL. For ``github``,
        ``repository=`` (owner/name) with ``ref=``, ``environment=`` builds GitHub's own
        claims (sts_constructs.emulator.tokens) when ``sub`` is not given.
        """
        from sts_constructs.emulator.tokens import github_actions_claims

        url = _known_issuers().get(issuer, issuer)
        if not url.startswith("https://"):
            raise EmulatorError(
                f"issuer {issuer!r}: expected github, gitlab or an https:// issuer URL"
            )
        if sub is None and issuer == "github" and "repository" in claims:
            built = github_actions_claims(
                repository=str(claims.pop("repository")),
                **{k: claims.pop(k) for k in ("ref", "environment") if k in claims},
            )
            full = {**built, "aud": aud, **claims}
        else:
            if sub is None:
                raise EmulatorError(f"web_identity({issuer!r}): sub= is required")
            full = {"iss": url, "aud": aud, "sub": sub, **claims}
        return _WebIdentity(self, name=f"{url} sub {full['sub']!r}", claims=full)

    def saml(
        self,
        provider: str,
        *,
        subject: str,
        attributes: dict[str, list[str]] | None = None,  # Default: none beyond Role.
    ) -> Principal:
        """Return a user of the app's SAML provider ``provider`` (ARN, name or construct ID).

        Each :meth:`Principal.assume` gets a response signed by the emulator's IdP.
        """
        return _SamlUser(
            self,
            name=f"SAML user {subject!r} of {provider}",
            provider=provider,
            subject=subject,
            attributes=dict(attributes or {}),
        )

    def assume(self, principal: Principal, role: str, **kwargs: Any) -> Decision:
        """Return the decision for ``principal`` assuming ``role`` (:meth:`Principal.assume`)."""
        return principal.assume(role, **kwargs)

    # ------------------------------------------------------------------------ the calls

    def _unsigned_sts(self) -> Any:
        from botocore import UNSIGNED
        from botocore.config import Config

        return self.emulator.session().client("sts", config=Config(signature_version=UNSIGNED))

    def _decide(self, principal: str, role_arn: str, call: Any) -> Decision:
        try:
            answer = call()
        except Exception as error:
            code = error_code(error)
            if not code:
                raise
            message = str(getattr(error, "response", {}).get("Error", {}).get("Message", error))
            return Decision(False, message, principal, role_arn, error_code=code)
        session = Principal(
            self, name=answer["AssumedRoleUser"]["Arn"], credentials=_credentials(answer)
        )
        return Decision(True, self._last_reason(role_arn), principal, role_arn, session=session)

    def _last_reason(self, role_arn: str) -> str:
        """Return why the emulator allowed the last call on ``role_arn`` (its decision log)."""
        for record in reversed(self.emulator.decisions()):
            if record.target == role_arn and record.allowed:
                return record.why
        return "allowed"


def _credentials(answer: dict[str, Any]) -> StaticCredentials:
    credentials = answer["Credentials"]
    return StaticCredentials(
        credentials["AccessKeyId"], credentials["SecretAccessKey"], credentials["SessionToken"]
    )
