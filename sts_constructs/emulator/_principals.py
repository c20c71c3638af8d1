"""Someone a test acts as, and what STS answered when they asked for a role.

An IAM user or a role session signs its calls with its own key; a web identity or a SAML
user holds no key and only assumes roles, each call with a fresh token or assertion.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sts_constructs.emulator._process import EmulatorError, StaticCredentials
from sts_constructs.runtime._session import EndpointSession

if TYPE_CHECKING:
    from sts_constructs.emulator._local_sts import LocalSts

__all__ = ["DEFAULT_SESSION_NAME", "Decision", "Principal", "SamlUser", "WebIdentity"]

DEFAULT_SESSION_NAME = "sts-emulator-test"


@dataclass(frozen=True)
class Decision:
    """What STS answered to one assume call: allowed or not, and why.

    Attributes:
        error_code: Default: none (allowed).
    """

    allowed: bool
    reason: str  # The emulator's reason (the trust statement that matched, or what failed).
    principal: str
    role_arn: str
    error_code: str | None = None
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
        account: str | None = None,
        session_name: str = DEFAULT_SESSION_NAME,
        external_id: str | None = None,
        duration_seconds: int | None = None,
        source_identity: str | None = None,
        tags: dict[str, str] | None = None,
        mfa_serial: str | None = None,
        token_code: str | None = None,
    ) -> Decision:
        """Call ``sts:AssumeRole`` on ``role`` as this principal; return the decision and why.

        A denial is a :class:`Decision` with ``allowed`` False, not an exception; an error
        that is not STS's answer (the emulator is gone) raises.

        Args:
            account: Default: the one account that has the role.
            duration_seconds: Default: STS's, one hour.
            tags: Default: no session tags.
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


class WebIdentity(Principal):
    """A holder of OIDC tokens with ``claims``, signed by the emulator for their issuer."""

    def __init__(self, local: LocalSts, *, name: str, claims: dict[str, Any]) -> None:
        super().__init__(local, name=name)
        self.claims = claims

    def assume(  # type: ignore[override]
        self,
        role: str,
        *,
        account: str | None = None,
        session_name: str = DEFAULT_SESSION_NAME,
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


class SamlUser(Principal):
    """A user of a SAML provider, signed in by the emulator's IdP."""

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
        session_name: str | None = None,
        duration_seconds: int | None = None,
    ) -> Decision:
        """Call ``sts:AssumeRoleWithSAML`` on ``role`` with a response of the emulator's IdP.

        Args:
            session_name: Default: the subject (the RoleSessionName attribute).
        """
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
