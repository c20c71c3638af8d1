"""AWS CDK constructs for AWS STS: who may get temporary credentials, and how.

See the README for one section per use case. The constructs load lazily: importing
``sts_constructs.checks`` or the ``sts-constructs`` command does not start CDK's Node.js
process (about 1.5 s); the first construct you use does.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sts_constructs._acknowledge import acknowledge
    from sts_constructs._assumable_role import AssumableRole
    from sts_constructs._assume_only_user import AssumeOnlyUser
    from sts_constructs._instance_role import Ec2InstanceRole
    from sts_constructs._trust import PolicyDocument, Trust, TrustedPrincipal, TrustPolicySource

__all__ = [
    "AssumableRole",
    "AssumeOnlyUser",
    "Ec2InstanceRole",
    "PolicyDocument",
    "Trust",
    "TrustPolicySource",
    "TrustedPrincipal",
    "acknowledge",
]

# Public name -> private module that defines it.
_MODULES = {
    "AssumableRole": "_assumable_role",
    "AssumeOnlyUser": "_assume_only_user",
    "Ec2InstanceRole": "_instance_role",
    "PolicyDocument": "_trust",
    "Trust": "_trust",
    "TrustPolicySource": "_trust",
    "TrustedPrincipal": "_trust",
    "acknowledge": "_acknowledge",
}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module 'sts_constructs' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"sts_constructs.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
