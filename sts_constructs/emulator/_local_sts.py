"""A deployed app in the emulator, seen from a test: principals, and what they may assume.

>>> def test_ci_of_other_repos_cannot_deploy(sts_emulator):          # doctest: +SKIP
...     denied = sts_emulator.web_identity("github", sub="repo:octo-org/other:ref:refs/heads/main")
...     assert not denied.can_assume("deploy")

A role or user is named by its ARN, its IAM name, or its construct ID in the app (``deploy``
for ``Role(stack, "Deploy", ...)``, case-insensitive); ``account=`` narrows the search.
"""

from __future__ import annotations

from typing import Any

from sts_constructs.emulator._app import AppDeployment, admin_of
from sts_constructs.emulator._deployed import ADMIN_SESSION, AppResources, DeployedResource
from sts_constructs.emulator._principals import (
    DEFAULT_SESSION_NAME,
    Decision,
    Principal,
    SamlUser,
    WebIdentity,
)
from sts_constructs.emulator._process import Emulator, EmulatorError, StaticCredentials
from sts_constructs.runtime._errors import error_code

__all__ = ["Decision", "DeployedResource", "LocalSts", "Principal"]

_AUDIENCE = "sts.amazonaws.com"


# Issuers by the short names a test may use (the federation presets' issuers).
def _known_issuers() -> dict[str, str]:
    from sts_constructs.emulator.tokens import GITHUB_ACTIONS_ISSUER, GITLAB_ISSUER

    return {"github": GITHUB_ACTIONS_ISSUER, "gitlab": GITLAB_ISSUER}


class LocalSts:
    """The emulator with an app deployed: hand out principals and ask what they may assume."""

    def __init__(self, emulator: Emulator, deployment: AppDeployment) -> None:
        self.emulator = emulator
        self.deployment = deployment
        self._found = AppResources(emulator, deployment)
        self._user_keys: dict[str, StaticCredentials] = {}

    # ------------------------------------------------------------------ finding resources

    @property
    def resources(self) -> list[DeployedResource]:
        """Return the app's roles, users and identity providers as deployed (read once)."""
        return self._found.all

    def role_arn(self, role: str, *, account: str | None = None) -> str:
        """Return the ARN of ``role``: an ARN (as is), a role name or a construct ID."""
        return self._found.role_arn(role, account=account)

    def provider_arn(self, provider: str, *, kind: str, account: str | None = None) -> str:
        """Return the ARN of an identity provider of the app: an ARN, a name or construct ID."""
        return self._found.provider_arn(provider, kind=kind, account=account)

    # ------------------------------------------------------------------------- principals

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
        found = self._found.find(user, kind="AWS::IAM::User", account=account)
        if found.arn not in self._user_keys:
            iam = self.emulator.client(
                "iam",
                credentials=admin_of(self.emulator, found.account_id, session_name=ADMIN_SESSION),
            )
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
        session_name: str = DEFAULT_SESSION_NAME,
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
            self,
            name=answer["AssumedRoleUser"]["Arn"],
            credentials=StaticCredentials.from_answer(answer),
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
        return WebIdentity(self, name=f"{url} sub {full['sub']!r}", claims=full)

    def saml(
        self,
        provider: str,
        *,
        subject: str,
        attributes: dict[str, list[str]] | None = None,
    ) -> Principal:
        """Return a user of the app's SAML provider ``provider`` (ARN, name or construct ID).

        Each :meth:`Principal.assume` gets a response signed by the emulator's IdP.

        Args:
            attributes: Default: none beyond Role.
        """
        return SamlUser(
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
            self,
            name=answer["AssumedRoleUser"]["Arn"],
            credentials=StaticCredentials.from_answer(answer),
        )
        return Decision(True, self._last_reason(role_arn), principal, role_arn, session=session)

    def _last_reason(self, role_arn: str) -> str:
        """Return why the emulator allowed the last call on ``role_arn`` (its decision log)."""
        for record in reversed(self.emulator.decisions()):
            if record.target == role_arn and record.allowed:
                return record.why
        return "allowed"
