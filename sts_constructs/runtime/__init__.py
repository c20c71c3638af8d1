"""Runtime tools on boto3: assume a deployed role, write AWS CLI profiles, verify the roles.

Errors are :class:`RuntimeToolError`, one line each, never carrying a secret.
"""

from __future__ import annotations

from sts_constructs.runtime._assume import (
    AssumeRequest,
    Credentials,
    assume_role,
    format_credentials,
    mask,
    validate_request,
)
from sts_constructs.runtime._errors import RuntimeToolError, explain
from sts_constructs.runtime._profiles import (
    PROFILE_NAME_MAX_CHARS,
    ProfileSpec,
    WriteResult,
    render_profile,
    validate_profile,
    write_profiles,
)
from sts_constructs.runtime._session import EndpointSession, make_session, with_credentials
from sts_constructs.runtime._stacks import (
    DeployedRole,
    RefusedOutput,
    deployed_roles,
    resolve_role,
    scan_role_outputs,
    stack_outputs,
)
from sts_constructs.runtime._verify import Probe, RoleReport, verify_roles

__all__ = [
    "PROFILE_NAME_MAX_CHARS",
    "AssumeRequest",
    "Credentials",
    "DeployedRole",
    "EndpointSession",
    "Probe",
    "ProfileSpec",
    "RefusedOutput",
    "RoleReport",
    "RuntimeToolError",
    "WriteResult",
    "assume_role",
    "deployed_roles",
    "explain",
    "format_credentials",
    "make_session",
    "mask",
    "render_profile",
    "resolve_role",
    "scan_role_outputs",
    "stack_outputs",
    "validate_profile",
    "validate_request",
    "verify_roles",
    "with_credentials",
    "write_profiles",
]
