"""The accounts file of ``sts-constructs emulator up --accounts``: the accounts to create at
start, and an optional organization that holds them.

Read from outside the process, so every value is validated before it is used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sts_constructs.emulator._process import EmulatorError
from sts_constructs.validation import validate_account_id

__all__ = ["AccountsFile", "read_accounts_file"]


@dataclass(frozen=True)
class AccountsFile:
    """The accounts to create at start: account ID -> name, and an optional organization.

    Attributes:
        management_account_id: Default: the emulator admin's account.
    """

    accounts: dict[str, str]
    organization_id: str | None = None
    management_account_id: str | None = None


def read_accounts_file(path: Path) -> AccountsFile:
    """Read ``path`` (YAML or JSON): ``accounts: [{name, id}]``, optional ``organization_id``
    and ``management_account`` (a name or ID of the list). An app config works as it is: its
    ``cross_account`` section is read. Raise EmulatorError naming the field and the rule.
    """
    import yaml

    from sts_constructs.validation import validate_principal_org_id

    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EmulatorError(f"--accounts {path}: no such file") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise EmulatorError(f"--accounts {path}: cannot read it: {first}") from None
    if isinstance(raw, dict) and isinstance(raw.get("cross_account"), dict):
        raw = raw["cross_account"]
    if not isinstance(raw, dict) or not isinstance(raw.get("accounts"), list):
        raise EmulatorError(f"--accounts {path}: expected a mapping with an `accounts` list")
    accounts: dict[str, str] = {}
    for index, entry in enumerate(raw["accounts"]):
        where = f"--accounts {path}: accounts[{index}]"
        if not isinstance(entry, dict):
            raise EmulatorError(f"{where}: expected a mapping with `name` and `id`")
        account_id, name = entry.get("id"), entry.get("name", "")
        try:
            validate_account_id(f"{where}.id", account_id if isinstance(account_id, str) else "")
        except ValueError:
            raise EmulatorError(
                f"{where}.id: {account_id!r}: expected 12 digits, quoted in YAML"
            ) from None
        if not isinstance(name, str) or not re.fullmatch(r"[\w.-]{0,64}", name, re.ASCII):
            raise EmulatorError(f"{where}.name: {name!r}: expected up to 64 of A-Z a-z 0-9 _ . -")
        if str(account_id) in accounts:
            raise EmulatorError(f"{where}.id: {account_id} is listed twice")
        accounts[str(account_id)] = name or str(account_id)
    organization_id = raw.get("organization_id")
    if organization_id is not None:
        try:
            validate_principal_org_id(f"--accounts {path}: organization_id", organization_id)
        except (ValueError, TypeError) as error:
            raise EmulatorError(str(error)) from None
    management = raw.get("management_account")
    management_id: str | None = None
    if management is not None:
        by_name = {name: account for account, name in accounts.items()}
        management_id = by_name.get(str(management)) or (
            str(management) if str(management) in accounts else None
        )
        if management_id is None:
            raise EmulatorError(
                f"--accounts {path}: management_account: {management!r}: "
                "expected the name or ID of a listed account"
            )
    return AccountsFile(accounts, organization_id, management_id)
