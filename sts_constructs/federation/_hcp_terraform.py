"""HCP Terraform (Terraform Cloud) and Terraform Enterprise: the workspaces and run phases whose
runs may assume a role.

The ``app.terraform.io`` issuer is shared by every organization.
https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/aws-configuration
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from sts_constructs._arguments import check_fields
from sts_constructs.federation._preset import WebIdentityPreset
from sts_constructs.federation._references import OidcProviderLike
from sts_constructs.federation._validation import require_items
from sts_constructs.validation import quote_value, require_unique

__all__ = [
    "HCP_TERRAFORM_AUDIENCE",
    "HCP_TERRAFORM_ISSUER",
    "HcpTerraformRunPhase",
    "HcpTerraformTrust",
    "HcpTerraformWorkspace",
]

HCP_TERRAFORM_ISSUER: Final = "https://app.terraform.io"
# What HCP Terraform puts in "aud" unless the workspace sets TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE.
HCP_TERRAFORM_AUDIENCE: Final = "aws.workload.identity"
_NAME = re.compile(r"[A-Za-z0-9_-]{1,90}")
_NAME_RULE = "1-90 of letters, digits, '_' and '-'"
# A project name may hold spaces ("Default Project"), not ':' (the claim separator).
_PROJECT = re.compile(r"[A-Za-z0-9_ -]{1,40}")


class HcpTerraformRunPhase(StrEnum):
    """The phase of a run: give ``plan`` and ``apply`` different roles (read-only plans)."""

    PLAN = "plan"
    APPLY = "apply"


@dataclass(frozen=True, kw_only=True)
class HcpTerraformWorkspace:
    """Define which runs of one HCP Terraform workspace may get in.

    The ``sub`` is ``organization:<ORG>:project:<PROJECT>:workspace:<WORKSPACE>:run_phase:<PHASE>``.
    """

    organization: str
    """The organization name."""
    project: str
    """The project name, such as ``Default Project``."""
    workspace: str
    """The workspace name."""
    run_phases: Sequence[HcpTerraformRunPhase]
    """The phases allowed in. Required, not empty: a plan role and an apply role are usually
    different roles."""

    def __post_init__(self) -> None:
        check_fields(self)
        for field, pattern, rule in (
            ("organization", _NAME, _NAME_RULE),
            ("project", _PROJECT, "1-40 of letters, digits, spaces, '_' and '-'"),
            ("workspace", _NAME, _NAME_RULE),
        ):
            value = getattr(self, field)
            if not pattern.fullmatch(value):
                raise ValueError(
                    f"{field}: {quote_value(value)} is not an HCP Terraform {field} name: {rule}"
                )
        require_items("run_phases", self.run_phases, "run phase ('plan' or 'apply')")
        phases = []
        for i, phase in enumerate(self.run_phases):
            if phase not in [p.value for p in HcpTerraformRunPhase]:
                raise ValueError(f"run_phases[{i}]: {quote_value(phase)} is not 'plan' or 'apply'")
            phases.append(HcpTerraformRunPhase(phase))
        require_unique("run_phases", phases)
        object.__setattr__(self, "run_phases", tuple(phases))

    def subjects(self) -> list[str]:
        """Return the exact ``sub`` of each allowed run phase."""
        prefix = (
            f"organization:{self.organization}:project:{self.project}"
            f":workspace:{self.workspace}:run_phase:"
        )
        return [prefix + phase.value for phase in self.run_phases]


@dataclass(frozen=True, kw_only=True)
class HcpTerraformTrust(WebIdentityPreset):
    """Define a trust in HCP Terraform (or Terraform Enterprise) runs of the given workspaces.

    The ``app.terraform.io`` issuer is shared by every organization: ``sub`` always names the
    organization, project and workspace, exactly (no wildcards).
    """

    provider: OidcProviderLike
    """The OIDC provider of ``https://app.terraform.io`` (or your Terraform Enterprise host):
    ours or CDK's own ``iam.OidcProviderNative`` / ``iam.IOidcProvider``."""
    workspaces: Sequence[HcpTerraformWorkspace]
    """The workspaces whose runs may assume the role. Required, not empty."""
    audience: str = HCP_TERRAFORM_AUDIENCE
    """The ``aud`` of the workload identity token. Default: ``aws.workload.identity``."""

    _SID = "HcpTerraform"
    # HCP Terraform or a Terraform Enterprise host (any https issuer without a path).
    _ISSUER = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?")
    _ISSUER_RULE = (
        "{issuer!r} is not the issuer of HCP Terraform (" + HCP_TERRAFORM_ISSUER + ") or a "
        "Terraform Enterprise host (no path)"
    )
    _SCOPE = ("workspaces", "HcpTerraformWorkspace", "workspaces[].subjects")
