"""Runtime tools on boto3: assume a deployed role, write AWS CLI profiles, verify the roles.

Errors are :class:`RuntimeToolError`, one line each, never carrying a secret. Names load
lazily, through the loader every package uses (``sts_constructs._lazy``); boto3 loads only
when a tool runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sts_constructs._lazy import lazy_exports

if TYPE_CHECKING:
    from sts_constructs.runtime._assume import AssumeRequest as AssumeRequest
    from sts_constructs.runtime._assume import Credentials as Credentials
    from sts_constructs.runtime._assume import assume_role as assume_role
    from sts_constructs.runtime._assume import format_credentials as format_credentials
    from sts_constructs.runtime._assume import mask as mask
    from sts_constructs.runtime._assume import validate_request as validate_request
    from sts_constructs.runtime._errors import RuntimeToolError as RuntimeToolError
    from sts_constructs.runtime._errors import explain as explain
    from sts_constructs.runtime._profiles import PROFILE_NAME_MAX_CHARS as PROFILE_NAME_MAX_CHARS
    from sts_constructs.runtime._profiles import ProfileSpec as ProfileSpec
    from sts_constructs.runtime._profiles import WriteResult as WriteResult
    from sts_constructs.runtime._profiles import render_profile as render_profile
    from sts_constructs.runtime._profiles import validate_profile as validate_profile
    from sts_constructs.runtime._profiles import write_profiles as write_profiles
    from sts_constructs.runtime._session import EndpointSession as EndpointSession
    from sts_constructs.runtime._session import make_session as make_session
    from sts_constructs.runtime._session import with_credentials as with_credentials
    from sts_constructs.runtime._stacks import DeployedRole as DeployedRole
    from sts_constructs.runtime._stacks import RefusedOutput as RefusedOutput
    from sts_constructs.runtime._stacks import RoleScan as RoleScan
    from sts_constructs.runtime._stacks import deployed_roles as deployed_roles
    from sts_constructs.runtime._stacks import resolve_role as resolve_role
    from sts_constructs.runtime._stacks import scan_role_outputs as scan_role_outputs
    from sts_constructs.runtime._stacks import stack_outputs as stack_outputs
    from sts_constructs.runtime._verify import Probe as Probe
    from sts_constructs.runtime._verify import RoleReport as RoleReport
    from sts_constructs.runtime._verify import verify_roles as verify_roles

__all__, __getattr__, __dir__ = lazy_exports(__name__, __file__)
