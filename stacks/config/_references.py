"""Checks across entries of a config: unique names, references that resolve, IDs that collide.

They read the file's data as written (plain mappings and lists), not the validated model, so
they run even when some fields are wrong: one run reports every problem of the file. An entry
whose fields have the wrong type is skipped here (its field error says what is wrong).

IAM names are unique per account ignoring case (a user ``Alice`` and a user ``alice`` cannot
both exist), and construct IDs come from the names in PascalCase (``a-b`` and ``a.b`` both give
``AB``): two entries that would meet in one account or one stack are refused here, before CDK or
CloudFormation refuses them with a stack trace.
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from stacks import _names as ids
from sts_constructs.validation import quote_value

__all__ = ["reference_errors"]

Entry = Mapping[str, Any]
_KNOWN_MAX = 10


def reference_errors(data: Mapping[str, Any]) -> list[str]:
    """Return every cross-entry problem of a config's data, one ``field: message`` each."""
    problems: list[str] = []
    _sandbox(data, problems)
    federation = data.get("federation")
    if isinstance(federation, Mapping):
        _federation(federation, problems)
    cross_account = data.get("cross_account")
    if isinstance(cross_account, Mapping):
        _cross_account(cross_account, problems)
    _one_account(data, problems)
    return problems


# --- Reading the data as written -------------------------------------------------------------
def _entries(data: Mapping[str, Any] | None, key: str) -> Iterator[tuple[int, Entry]]:
    values = data.get(key) if isinstance(data, Mapping) else None
    if isinstance(values, list):
        for i, value in enumerate(values):
            if isinstance(value, Mapping):
                yield i, value


def _text(entry: Entry | None, key: str) -> str | None:
    value = entry.get(key) if isinstance(entry, Mapping) else None
    return value if isinstance(value, str) else None


def _texts(entry: Entry | None, key: str) -> list[tuple[int, str]]:
    values = entry.get(key) if isinstance(entry, Mapping) else None
    if not isinstance(values, list):
        return []
    return [(i, value) for i, value in enumerate(values) if isinstance(value, str)]


def _known(names: Sequence[str]) -> str:
    """The names a reference may use, for a message: at most 10 of them."""
    if not names:
        return "none"
    shown = ", ".join(names[:_KNOWN_MAX])
    return shown if len(names) <= _KNOWN_MAX else f"{shown}, ... ({len(names)} in all)"


def _count(entry: Entry, key: str) -> int:
    values = entry.get(key)
    return len(values) if isinstance(values, list) else 0


# --- Names unique ignoring case, IDs unique exactly -------------------------------------------
@dataclass
class _Names:
    """IAM names of one kind in one account: unique ignoring case."""

    kind: str
    where: str = "per account"
    seen: dict[str, tuple[str, str]] = field(default_factory=dict)

    def claim(self, problems: list[str], location: str, name: str | None) -> None:
        if name is None:
            return
        first = self.seen.setdefault(name.lower(), (location, name))
        if first[0] == location:
            return
        same = "" if first[1] == name else " ignoring case"
        problems.append(
            f"{location}: {quote_value(name)} is the same {self.kind} name{same} as "
            f"{first[0]} ({quote_value(first[1])}); IAM {self.kind} names are unique "
            f"{self.where}, ignoring case"
        )


@dataclass
class _Ids:
    """The construct IDs of one stack: a second entry claiming one is refused."""

    stack: str
    names_checked: bool = False
    """Names equal ignoring case are reported as IAM names already: skip their IDs."""
    seen: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    reported: set[tuple[str, str]] = field(default_factory=set)

    def claim(
        self,
        problems: list[str],
        location: str,
        name: str,
        construct_ids: Sequence[str],
        *,
        owner: str | None = None,
    ) -> None:
        """Claim ``construct_ids`` for ``location``; entries of one ``owner`` share them."""
        owner = owner or location
        for construct_id in construct_ids:
            first = self.seen.setdefault(construct_id, (owner, location, name))
            if first[0] == owner or (first[1], location) in self.reported:
                continue
            if self.names_checked and first[2].lower() == name.lower():
                continue
            self.reported.add((first[1], location))
            problems.append(
                f"{location}: {quote_value(name)} gives the construct ID {construct_id!r} in "
                f"the {self.stack} stack, as {first[1]} ({quote_value(first[2])}) does "
                "(IDs are names in PascalCase); rename one"
            )

    def claim_each(
        self,
        problems: list[str],
        data: Mapping[str, Any],
        sections: Iterable[tuple[str, Callable[[str, Entry], Sequence[str]]]],
        *,
        prefix: str = "",
    ) -> None:
        """Claim ``construct_ids(name, entry)`` for each named entry of each section of ``data``
        (a ``(key, construct_ids)`` pair); locations start with ``prefix``."""
        for key, construct_ids in sections:
            for i, entry in _entries(data, key):
                name = _text(entry, "name")
                if name is not None:
                    location = f"{prefix}{key}[{i}].name"
                    self.claim(problems, location, name, construct_ids(name, entry))


# --- Sections --------------------------------------------------------------------------------
def _sandbox(data: Mapping[str, Any], problems: list[str]) -> None:
    users = _Names("user")
    user_names: list[str] = []
    for i, user in _entries(data, "users"):
        name = _text(user, "name")
        users.claim(problems, f"users[{i}].name", name)
        if name is not None:
            user_names.append(name)
    roles = _Names("role")
    for section in ("roles", "instance_roles"):
        for i, role in _entries(data, section):
            roles.claim(problems, f"{section}[{i}].name", _text(role, "name"))
    federation = data.get("federation")
    for i, role in _entries(federation, "roles"):
        roles.claim(problems, f"federation.roles[{i}].name", _text(role, "name"))
    for i, broker in _entries(federation, "brokers"):
        # A broker is an IAM user in the same account as the sandbox's users.
        users.claim(problems, f"federation.brokers[{i}].name", _text(broker, "name"))

    user_set = set(user_names)
    users_by_lower = {name.lower(): name for name in reversed(user_names)}
    for i, entry in _entries(data, "roles"):
        for j, trusted in _texts(entry, "trusted_users"):
            if trusted in user_set:
                continue
            other = users_by_lower.get(trusted.lower())
            hint = f"; did you mean {other!r}?" if other else ""
            problems.append(
                f"roles[{i}].trusted_users[{j}]: {quote_value(trusted)} is not a user in users "
                f"(known: {_known(user_names)}){hint}"
            )

    stack = _Ids("sandbox", names_checked=True)
    stack.claim(problems, "the sandbox bucket", "SandboxBucket", ids.SANDBOX_BUCKET_IDS)
    stack.claim_each(
        problems,
        data,
        [("users", _user_ids), ("roles", _role_ids), ("instance_roles", _instance_role_ids)],
    )


def _role_ids(name: str, role: Entry) -> list[str]:
    return ids.role_ids(
        name,
        boundary=role.get("permissions_boundary") is not None,
        managed_policies=_count(role, "managed_policies"),
    )


# The construct IDs of an entry, from its name and the fields that add constructs.
def _user_ids(name: str, user: Entry) -> list[str]:
    access_key, password = user.get("access_key"), user.get("console_password")
    return ids.user_ids(name, access_key=access_key is True, console_password=password is True)


def _instance_role_ids(name: str, role: Entry) -> list[str]:
    return ids.instance_role_ids(name, managed_policies=_count(role, "managed_policies"))


def _oidc_provider_ids(name: str, provider: Entry) -> list[str]:
    # An existing provider is referenced, not created: it adds no construct.
    return [] if provider.get("existing") is True else ids.oidc_provider_ids(name)


def _saml_provider_ids(name: str, _: Entry) -> list[str]:
    return ids.saml_provider_ids(name)


def _broker_ids(name: str, broker: Entry) -> list[str]:
    return ids.broker_ids(name, permission_ceiling=_count(broker, "permission_ceiling"))


def _unique(problems: list[str], section: str, entries: Any, key: str, what: str) -> None:
    seen: dict[str, int] = {}
    for i, entry in entries:
        value = _text(entry, key)
        if value is None:
            continue
        first = seen.setdefault(value, i)
        if first != i:
            problems.append(
                f"{section}[{i}].{key}: {quote_value(value)} is also {section}[{first}].{key}; "
                f"{what}"
            )


def _federation(federation: Mapping[str, Any], problems: list[str]) -> None:
    oidc = list(_entries(federation, "oidc_providers"))
    saml = list(_entries(federation, "saml_providers"))
    _unique(problems, "federation.oidc_providers", oidc, "name", "roles name providers by it")
    _unique(
        problems,
        "federation.oidc_providers",
        oidc,
        "url",
        "IAM holds one OIDC provider per issuer URL per account",
    )
    saml_provider_names = _Names("SAML provider")
    for i, provider in saml:
        saml_provider_names.claim(
            problems, f"federation.saml_providers[{i}].name", _text(provider, "name")
        )
    groups = _Names("group")
    for i, group in _entries(federation, "mfa_session_groups"):
        groups.claim(problems, f"federation.mfa_session_groups[{i}].name", _text(group, "name"))

    oidc_names = [n for _, p in oidc if (n := _text(p, "name")) is not None]
    saml_names = [n for _, p in saml if (n := _text(p, "name")) is not None]
    name_sets = {"saml": set(saml_names), "oidc": set(oidc_names)}
    for i, role in _entries(federation, "roles"):
        kind = _text(role, "kind")
        provider_name = _text(role, "provider")
        if kind in {"google", "cognito-identity-pool"} or provider_name is None:
            continue  # Built into IAM: no provider to name.
        known, section = (saml_names, "saml") if kind == "saml" else (oidc_names, "oidc")
        if provider_name not in name_sets[section]:
            problems.append(
                f"federation.roles[{i}].provider: {quote_value(provider_name)} is not in "
                f"federation.{section}_providers (known: {_known(known)})"
            )

    stack = _Ids("federation", names_checked=True)
    stack.claim_each(
        problems,
        federation,
        [
            ("oidc_providers", _oidc_provider_ids),
            ("saml_providers", _saml_provider_ids),
            ("roles", _role_ids),
            ("brokers", _broker_ids),
        ],
        prefix="federation.",
    )
    for i, group in _entries(federation, "mfa_session_groups"):
        name = _text(group, "name")
        if name is None:
            continue
        location = f"federation.mfa_session_groups[{i}]"
        stack.claim(
            problems,
            f"{location}.name",
            name,
            ids.mfa_group_ids(name, managed_policies=_count(group, "managed_policies")),
        )
        members = _Ids(f"federation (group {name})")
        for j, member in _texts(group, "members"):
            members.claim(
                problems,
                f"{location}.members[{j}]",
                member,
                [ids.mfa_group_member_id(name, member)],
            )


@dataclass(frozen=True)
class _Account:
    name: str
    id: str | None
    region: str | None


def _cross_account(config: Mapping[str, Any], problems: list[str]) -> None:
    accounts: dict[str, _Account] = {}
    for i, entry in _entries(config, "accounts"):
        name = _text(entry, "name")
        if name is None:
            continue
        if name in accounts:
            problems.append(
                f"cross_account.accounts[{i}].name: {quote_value(name)} appears more than once"
            )
            continue
        accounts[name] = _Account(name, _text(entry, "id"), _text(entry, "region"))
    by_id = {a.id: a for a in accounts.values() if a.id is not None}

    def known(location: str, name: str | None) -> _Account | None:
        if name is None:
            return None
        if name not in accounts:
            problems.append(
                f"{location}: {quote_value(name)} is not in cross_account.accounts "
                f"(known: {_known(list(accounts))})"
            )
            return None
        return accounts[name]

    # One creator per (account, IAM name): names are global per account, stacks regional.
    roles: dict[tuple[str, str], tuple[str, _Account]] = {}
    groups: dict[tuple[str, str], tuple[str, _Account]] = {}

    def claim(
        table: dict[tuple[str, str], tuple[str, _Account]],
        kind: str,
        location: str,
        account: _Account,
        name: str,
    ) -> None:
        if account.id is None:
            return
        first = table.setdefault((account.id, name.lower()), (location, account))
        other = first[1]
        if first[0] == location or (kind == "group" and other.name == account.name):
            return  # One group in one stack serves several grants.
        where = (
            f"in {other.name} ({other.region}), the same account {account.id} as "
            f"{account.name} ({account.region}): IAM names are global per account, so "
            "create each named role from one region only"
            if other.name != account.name
            else f"in account {account.name}; IAM names are unique per account, ignoring case"
        )
        problems.append(
            f"{location}: {kind} {quote_value(name)} is already created by {first[0]} {where}"
        )

    roles_stacks: dict[str, _Ids] = {}
    grants_stacks: dict[str, _Ids] = {}
    stack_sets_stacks: dict[str, _Ids] = {}

    def stack(table: dict[str, _Ids], account: _Account, kind: str) -> _Ids:
        return table.setdefault(account.name, _Ids(f"{account.name} {kind}"))

    for i, access in _entries(config, "access"):
        location = f"cross_account.access[{i}]"
        role = _text(access, "role")
        target = known(f"{location}.target", _text(access, "target"))
        if target is not None and role is not None:
            claim(roles, "role", f"{location}.role", target, role)
            stack(roles_stacks, target, "roles").claim(
                problems, f"{location}.role", role, _role_ids(role, access)
            )
        third_party = access.get("third_party")
        if isinstance(third_party, Mapping):
            vendor = _text(third_party, "account")
            if vendor in by_id:
                ours = by_id[vendor].name
                problems.append(
                    f"{location}.third_party.account: {quote_value(vendor)} is {ours}, one of "
                    f"your accounts: use source: {ours} and grant_to"
                )
            continue
        source = known(f"{location}.source", _text(access, "source"))
        if source is None or target is None:
            continue
        if source.id is not None and source.id == target.id:
            problems.append(
                f"{location}.source: {quote_value(source.name)} is the target account "
                f"{target.id}; cross-account access needs two accounts (use roles for one)"
            )
        grant_to = access.get("grant_to")
        grants = stack(grants_stacks, source, "grants")
        if role is not None:
            grants.claim(problems, f"{location}.role", role, [ids.grant_id(role)])
        _grantees(problems, grants, f"{location}.grant_to", grant_to)
        for _, group in _texts(grant_to, "groups"):
            claim(groups, "group", f"{location}.grant_to.groups", source, group)

    roles_by_name: dict[str, list[tuple[str, str]]] = {}
    for (account_id, name), (other, _) in roles.items():
        roles_by_name.setdefault(name, []).append((account_id, other))
    org_roles = _Names("role", "in every account a StackSet reaches")
    for i, org_role in _entries(config, "organization_roles"):
        location = f"cross_account.organization_roles[{i}]"
        role = _text(org_role, "role")
        org_roles.claim(problems, f"{location}.role", role)
        source = known(f"{location}.source", _text(org_role, "source"))
        stack_set = org_role.get("stack_set")
        stack_set = stack_set if isinstance(stack_set, Mapping) else {}
        admin = known(f"{location}.stack_set.admin", _text(stack_set, "admin"))
        ous = _texts(stack_set, "organizational_units")
        targets = [value for _, value in _texts(stack_set, "accounts")]
        if ous and config.get("organization_id") is None:
            problems.append(
                f"{location}.stack_set.organizational_units: set without "
                "cross_account.organization_id: the grant allows the role in every account "
                "of your organization (aws:ResourceOrgID), so name it"
            )
        if role is not None:
            for account_id, other in roles_by_name.get(role.lower(), []):
                if ous or account_id in targets:
                    problems.append(
                        f"{location}.role: {quote_value(role)} is also created by {other} in "
                        f"account {account_id}, which the StackSet may reach; IAM names are "
                        "unique per account, ignoring case"
                    )
            if admin is not None:
                stack(stack_sets_stacks, admin, "stacksets").claim(
                    problems, f"{location}.role", role, ids.stack_set_ids(role)
                )
        if source is None:
            continue
        if source.id is not None and source.id in targets:
            problems.append(
                f"{location}.stack_set.accounts: {quote_value(source.id)} is the source "
                f"account {source.name}; the role trusts it from the other accounts"
            )
        grants = stack(grants_stacks, source, "grants")
        if role is not None:
            grants.claim(
                problems,
                f"{location}.role",
                role,
                ids.organization_grant_ids(role, target_accounts=targets if not ous else None),
            )
        grant_to = org_role.get("grant_to")
        _grantees(problems, grants, f"{location}.grant_to", grant_to)
        for _, group in _texts(grant_to, "groups"):
            claim(groups, "group", f"{location}.grant_to.groups", source, group)


def _grantees(problems: list[str], grants: _Ids, location: str, grant_to: Any) -> None:
    """Claim the IDs of a grant's groups and named principals (shared when the name is)."""
    for j, group in _texts(grant_to, "groups"):
        grants.claim(
            problems, f"{location}.groups[{j}]", group, ids.group_ids(group), owner=f"g:{group}"
        )
    for kind in ("roles", "users"):
        for j, path_and_name in _texts(grant_to, kind):
            name = path_and_name.rpartition("/")[2]
            grants.claim(
                problems,
                f"{location}.{kind}[{j}]",
                path_and_name,
                [ids.existing_principal_id(kind, name)],
                # One construct per principal name, any case.
                owner=f"{kind}:{name.lower()}",
            )


def _one_account(data: Mapping[str, Any], problems: list[str]) -> None:
    """Refuse a sandbox or federation role named like a cross-account role of its account."""
    cross_account = data.get("cross_account")
    if not isinstance(cross_account, Mapping):
        return
    account = _text(data, "account")
    accounts = {
        _text(entry, "name"): _text(entry, "id") for _, entry in _entries(cross_account, "accounts")
    }
    sandbox_roles: dict[str, str] = {}
    for section in ("roles", "instance_roles"):
        for i, role in _entries(data, section):
            if (name := _text(role, "name")) is not None:
                sandbox_roles.setdefault(name.lower(), f"{section}[{i}].name")
    for i, role in _entries(data.get("federation"), "roles"):
        if (name := _text(role, "name")) is not None:
            sandbox_roles.setdefault(name.lower(), f"federation.roles[{i}].name")
    for i, access in _entries(cross_account, "access"):
        role_name = _text(access, "role")
        target_id = accounts.get(_text(access, "target"))
        if role_name is None or role_name.lower() not in sandbox_roles:
            continue
        if account is not None and target_id is not None and account != target_id:
            continue  # Different accounts: the same name is fine.
        where = (
            f"account {target_id}, the account of the config"
            if account is not None
            else f"account {target_id}, which may be the account of your credentials (the "
            "config names no account)"
        )
        problems.append(
            f"cross_account.access[{i}].role: {quote_value(role_name)} is also "
            f"{sandbox_roles[role_name.lower()]}, created in {where}; IAM role names are unique "
            "per account, ignoring case"
        )
