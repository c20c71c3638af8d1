"""Act in the emulator as a principal of a trust model, the way ``explain`` says it gets in.

For one (role, principal) pair, :func:`emulator_allows` makes the principal (an IAM user, a
member of a group, a principal of an account, a holder of an OIDC token or a SAML assertion,
an EC2 instance), meets the conditions ``explain`` lists for that way in (token claims,
``sts:ExternalId``, MFA, session tags, ``aws:PrincipalArn``), walks the chain of roles, and
returns whether the emulator let it assume the role. Where ``explain`` finds no way in, the
principal acts with the facts of its own way into another role (a token of the same provider
for another role, say), so a denial is not a trivial one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from botocore import UNSIGNED
from botocore.config import Config

from sts_constructs.analysis import TrustModel
from sts_constructs.analysis._assembly import UNKNOWN_ACCOUNT
from sts_constructs.analysis._explain import explain
from sts_constructs.analysis._model import Node
from sts_constructs.emulator import Emulator, StaticCredentials
from sts_constructs.emulator.story import attempt, enrol_mfa_device
from tests.e2e.instances import role_credentials

# What the emulator can act as; why it cannot act as the rest.
ACTED = ("user", "group", "account", "oidc-provider", "saml-provider", "service")
NOT_ACTED = {
    "role": "a role is reached through the principals that assume it (explain's path)",
    "instance-profile": "an instance profile is EC2's way in (the ec2.amazonaws.com service)",
    "federated-user": "GetFederationToken credentials cannot call AssumeRole (no trust edge)",
    "anyone": "an anonymous caller cannot call AssumeRole",
}
EC2 = "ec2.amazonaws.com"
_TRIVIAL = {"Version": "2012-10-17"}


def _credentials(answer: dict[str, Any]) -> StaticCredentials:
    c = answer["Credentials"]
    return StaticCredentials(c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])


def _policy(action: str) -> str:
    return json.dumps(
        {**_TRIVIAL, "Statement": [{"Effect": "Allow", "Action": action, "Resource": "*"}]}
    )


def _trust(account: str) -> str:
    """Return a trust policy that lets principals of ``account`` (with the right) in."""
    statement = {
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
        "Action": "sts:AssumeRole",
    }
    return json.dumps({**_TRIVIAL, "Statement": [statement]})


@dataclass
class Pair:
    """One comparison: explain's answer and the emulator's for ``principal`` on ``role``."""

    role: str
    principal: str
    explained: bool
    emulated: bool


@dataclass
class Actor:
    """Acts as the principals of ``model`` in ``emulator``; ``account`` is where stacks without
    an environment were deployed."""

    emulator: Emulator
    model: TrustModel
    account: str
    _keys: dict[str, StaticCredentials] = field(default_factory=dict)  # "account/user" -> key
    _devices: dict[str, tuple[str, str]] = field(default_factory=dict)  # -> MFA serial, seed
    _made: set[str] = field(default_factory=set)  # "account/user" of users made here

    def arn(self, model_arn: str) -> str:
        """Return the deployed ARN of a model ARN (an environment-agnostic one has no account)."""
        return model_arn.replace(f":{UNKNOWN_ACCOUNT}:", f":{self.account}:")

    def hold_organization(self) -> None:
        """Hold the organization the model's conditions name, with the model's accounts."""
        organizations = {
            value
            for edge in self.model.edges
            for term in edge.conditions
            if term.key.lower() in ("aws:principalorgid", "aws:resourceorgid")
            for value in term.values
        }
        others = {n.account for n in self.model.nodes.values() if n.account}
        accounts = [self.account, *sorted(others - {UNKNOWN_ACCOUNT, self.account})]
        for organization_id in organizations:
            self.emulator.create_organization(
                organization_id=organization_id,
                management_account_id=accounts[0],
                accounts={account: f"account-{account}" for account in accounts},
            )

    def create_existing(self, arn: str) -> None:
        """Create the role or customer managed policy ``arn`` an app names as existing."""
        parts = arn.split(":", 5)
        account, resource = parts[4], parts[5]
        kind, _, path_name = resource.partition("/")
        path, _, name = path_name.rpartition("/")
        iam = self.emulator.client("iam", credentials=self._admin(account))
        iam_path = f"/{path}/" if path else "/"
        if kind == "policy":
            iam.create_policy(
                PolicyName=name, Path=iam_path, PolicyDocument=_policy("s3:ListBucket")
            )
            return
        iam.create_role(RoleName=name, Path=iam_path, AssumeRolePolicyDocument=_trust(account))

    def deployed_roles(self) -> tuple[list[Node], list[str]]:
        """Return the model's roles the emulator holds, and the ARNs of those it does not."""
        held, missing = [], []
        for role in self.roles():
            arn = self.arn(role.id)
            iam = self.emulator.client("iam", credentials=self._admin(arn.split(":")[4]))
            try:
                iam.get_role(RoleName=arn.rsplit("/", 1)[-1])
            except iam.exceptions.NoSuchEntityException:
                missing.append(arn)
            else:
                held.append(role)
        return held, missing

    def principals(self) -> Iterator[Node]:
        """Yield the model's principals the emulator can act as (EC2 the only service)."""
        for node in self.model.nodes.values():
            if node.kind in ACTED and (node.kind != "service" or node.id == EC2):
                yield node

    def roles(self) -> list[Node]:
        """Return the model's roles."""
        return [node for node in self.model.nodes.values() if node.kind == "role"]

    def compare(self, roles: list[Node]) -> list[Pair]:
        """Compare each of ``roles`` with every principal the emulator can act as."""
        pairs = []
        for role in roles:
            for principal in self.principals():
                answer = explain(self.model, role.id, principal.id)
                reach = answer["principals"][0] if answer["principals"] else None
                emulated = self.allows(principal, role, reach)
                pairs.append(Pair(role.id, principal.id, bool(answer["allowed"]), emulated))
        return pairs

    # ---------------------------------------------------------------- the facts of a way in

    def _facts(self, principal: Node, reach: dict[str, Any] | None) -> list[dict[str, Any]]:
        """Return the conditions to meet: the reach's, else the principal's way into a role."""
        if reach is not None:
            return list(reach["conditions"])
        for role in self.roles():
            found = explain(self.model, role.id, principal.id)["principals"]
            if found:
                return list(found[0]["conditions"])
        return []

    @staticmethod
    def _values(facts: list[dict[str, Any]], key: str) -> list[str]:
        for term in facts:
            if term["key"].lower() == key.lower():
                return [value.replace("*", "x") for value in term["values"]]
        return []

    def _assume_arguments(self, facts: list[dict[str, Any]]) -> dict[str, Any]:
        arguments: dict[str, Any] = {}
        if external := self._values(facts, "sts:ExternalId"):
            arguments["ExternalId"] = external[0]
        tags = [
            {"Key": term["key"].split("/", 1)[1], "Value": term["values"][0]}
            for term in facts
            if term["key"].startswith("aws:RequestTag/")
        ]
        if tags:
            arguments["Tags"] = tags
        return arguments

    # ------------------------------------------------------------------ the principals

    def _admin(self, account: str | None) -> StaticCredentials | None:
        account = account or self.account
        return None if account == self.emulator.account_id else self.emulator.account_admin(account)

    def _user(self, name: str, account: str | None, *, mfa: bool) -> StaticCredentials:
        """Return a key of IAM user ``name`` (made once), or a new MFA session of it."""
        iam = self.emulator.client("iam", credentials=self._admin(account))
        key = f"{account or self.account}/{name}"
        if key not in self._keys:
            made = iam.create_access_key(UserName=name)["AccessKey"]
            self._keys[key] = StaticCredentials(made["AccessKeyId"], made["SecretAccessKey"])
        if not mfa:
            return self._keys[key]
        if key not in self._devices:
            self._devices[key] = enrol_mfa_device(self.emulator, iam, name)
        serial, seed = self._devices[key]
        answer = self.emulator.client("sts", credentials=self._keys[key]).get_session_token(
            SerialNumber=serial, TokenCode=self.emulator.mfa_code(seed)
        )
        return _credentials(answer)

    def _new_user(
        self, name: str, account: str | None, *, group: str = "", policy: str = ""
    ) -> str:
        """Create IAM user ``name`` (once) in ``group`` or with ``policy``; return the name."""
        key = f"{account or self.account}/{name}"
        if key not in self._made:
            iam = self.emulator.client("iam", credentials=self._admin(account))
            iam.create_user(UserName=name)
            if group:
                iam.add_user_to_group(GroupName=group, UserName=name)
            if policy:
                iam.put_user_policy(UserName=name, PolicyName="assume", PolicyDocument=policy)
            self._made.add(key)
        return name

    def _group_name(self, name: str, account: str | None) -> str:
        """Return the deployed name of group ``name`` (a generated one holds its logical ID)."""
        iam = self.emulator.client("iam", credentials=self._admin(account))
        names = [group["GroupName"] for group in iam.list_groups()["Groups"]]
        return name if name in names else next(n for n in names if name in n)

    def _signer(self, principal: Node, facts: list[dict[str, Any]]) -> StaticCredentials:
        """Return credentials of ``principal`` (an IAM user, group member or account's)."""
        mfa = bool(self._values(facts, "aws:MultiFactorAuthPresent"))
        account = principal.account if principal.account != UNKNOWN_ACCOUNT else None
        if principal.kind == "user":
            return self._user(str(principal.name), account, mfa=mfa)
        if principal.kind == "group":
            group = self._group_name(str(principal.name), account)
            name = self._new_user(f"diff-{group}"[:64], account, group=group)
            return self._user(name, account, mfa=mfa)
        # A principal of the account: a user allowed sts:AssumeRole, or the role the trust's
        # aws:PrincipalArn names (made to trust the account) assumed by that user.
        name = self._new_user("diff-account-user", account, policy=_policy("sts:AssumeRole"))
        user = self._user(name, account, mfa=mfa)
        named = [arn for arn in self._values(facts, "aws:PrincipalArn") if ":role/" in arn]
        if not named:
            return user
        role_arn = named[0]
        path, _, role_name = role_arn.split(":role/", 1)[1].rpartition("/")
        trust = _trust(str(principal.account))
        iam = self.emulator.client("iam", credentials=self._admin(account))
        try:
            iam.create_role(
                RoleName=role_name,
                Path=f"/{path}/" if path else "/",
                AssumeRolePolicyDocument=trust,
            )
        except iam.exceptions.EntityAlreadyExistsException:
            iam.update_assume_role_policy(RoleName=role_name, PolicyDocument=trust)
        iam.put_role_policy(
            RoleName=role_name, PolicyName="diff-assume", PolicyDocument=_policy("sts:AssumeRole")
        )
        answer = self.emulator.client("sts", credentials=user).assume_role(
            RoleArn=role_arn, RoleSessionName="diff"
        )
        return _credentials(answer)

    # ------------------------------------------------------------------------ the calls

    def _first_hop(self, principal: Node, role_arn: str, facts: list[dict[str, Any]]) -> Any:
        """Return the first AssumeRole* answer of ``principal`` on ``role_arn`` (None: denied)."""
        unsigned = self.emulator.session().client("sts", config=Config(signature_version=UNSIGNED))
        if principal.kind == "oidc-provider":
            issuer = principal.id.split(":oidc-provider/", 1)[-1]
            claims: dict[str, Any] = {"iss": f"https://{issuer}", "sub": "diff", "aud": "diff"}
            for term in facts:
                prefix, _, claim = term["key"].rpartition(":")
                if prefix == issuer:
                    values = [value.replace("*", "x") for value in term["values"]]
                    claims[claim] = (
                        values if term["operator"].startswith("ForAnyValue") else values[0]
                    )
            return attempt(
                unsigned.assume_role_with_web_identity,
                RoleArn=role_arn,
                RoleSessionName="diff",
                WebIdentityToken=self.emulator.oidc_token(claims),
            )[1]
        if principal.kind == "saml-provider":
            provider = self.arn(principal.id)
            response = self.emulator.saml_response(
                provider_arn=provider, role_arn=role_arn, subject="diff", session_name="diff"
            )
            return attempt(
                unsigned.assume_role_with_saml,
                RoleArn=role_arn,
                PrincipalArn=provider,
                SAMLAssertion=response,
            )[1]
        if principal.kind == "service":
            return self._instance_credentials(role_arn)
        sts = self.emulator.client("sts", credentials=self._signer(principal, facts))
        return attempt(
            sts.assume_role,
            RoleArn=role_arn,
            RoleSessionName="diff",
            **self._assume_arguments(facts),
        )[1]

    def _instance_credentials(self, role_arn: str) -> Any:
        """EC2's way in: an instance of a profile that holds the role (made when none is)."""
        account, role_name = role_arn.split(":")[4], role_arn.rsplit("/", 1)[-1]
        iam = self.emulator.client("iam", credentials=self._admin(account))
        profiles = iam.list_instance_profiles_for_role(RoleName=role_name)["InstanceProfiles"]
        if profiles:
            profile = profiles[0]["InstanceProfileName"]
        else:
            profile = f"diff-{role_name}"[:64]
            iam.create_instance_profile(InstanceProfileName=profile)
            iam.add_role_to_instance_profile(InstanceProfileName=profile, RoleName=role_name)
        instance = self.emulator.launch_instance(profile, account_id=account)
        document = role_credentials(instance.metadata_endpoint, role_name)
        if document["Code"] != "Success":
            return None
        return {
            "Credentials": {
                "AccessKeyId": document["AccessKeyId"],
                "SecretAccessKey": document["SecretAccessKey"],
                "SessionToken": document["Token"],
            }
        }

    def allows(self, principal: Node, role: Node, reach: dict[str, Any] | None) -> bool:
        """Return whether the emulator lets ``principal`` assume ``role`` along explain's path."""
        facts = self._facts(principal, reach)
        path = [self.arn(arn) for arn in (reach["path"] if reach else [role.id])]
        answer = self._first_hop(principal, path[0], facts)
        for role_arn in path[1:]:
            if answer is None:
                return False
            sts = self.emulator.client("sts", credentials=_credentials(answer))
            answer = attempt(
                sts.assume_role,
                RoleArn=role_arn,
                RoleSessionName="diff",
                **self._assume_arguments(facts),
            )[1]
        return answer is not None
