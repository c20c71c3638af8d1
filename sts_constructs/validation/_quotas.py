"""IAM, STS and CloudFormation quotas, in seconds, characters, bytes and counts.

Constants only: every name in capitals is public (``sts_constructs.validation`` exports them).

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
"""

from __future__ import annotations

from typing import Final

# --- Durations, in seconds -------------------------------------------------------------------
# A role's MaxSessionDuration: 1 to 12 hours (CreateRole).
MIN_SESSION_DURATION_SECONDS: Final = 3_600
MAX_SESSION_DURATION_SECONDS: Final = 43_200
# AssumeRole* DurationSeconds: at least 15 minutes.
ASSUME_ROLE_MIN_DURATION_SECONDS: Final = 900
# Role chaining (role-session or other temporary credentials calling AssumeRole): at most 1 h.
CHAINED_SESSION_MAX_SECONDS: Final = 3_600
# GetFederationToken and GetSessionToken: up to 36 hours (root: 1 hour).
FEDERATION_TOKEN_MAX_SECONDS: Final = 129_600
SESSION_TOKEN_MAX_SECONDS: Final = 129_600
# AssumeRoot: at most 15 minutes.
ROOT_SESSION_MAX_SECONDS: Final = 900

# --- Sizes, in characters (IAM counts policy JSON without whitespace) --------------------------
# The default trust-policy quota; raisable through Service Quotas up to the hard maximum.
TRUST_POLICY_MAX_CHARS: Final = 2_048
TRUST_POLICY_HARD_MAX_CHARS: Final = 4_096
MANAGED_POLICY_MAX_CHARS: Final = 6_144
ROLE_INLINE_POLICIES_MAX_CHARS: Final = 10_240
USER_INLINE_POLICIES_MAX_CHARS: Final = 2_048
GROUP_INLINE_POLICIES_MAX_CHARS: Final = 5_120
SESSION_POLICY_MAX_CHARS: Final = 2_048
DESCRIPTION_MAX_CHARS: Final = 1_000
IAM_PATH_MAX_CHARS: Final = 512

# --- Counts ----------------------------------------------------------------------------------
# Managed policies attached to a role or a user: 10 by default, raisable to 20 (the hard
# maximum); to a group: 10, not raisable.
DEFAULT_MANAGED_POLICIES_PER_ROLE: Final = 10
MAX_MANAGED_POLICIES_PER_ROLE: Final = 20
MAX_MANAGED_POLICIES_PER_GROUP: Final = 10
ACCESS_KEYS_PER_USER: Final = 2
SESSION_TAGS_MAX: Final = 50
SESSION_TAG_KEY_MAX_CHARS: Final = 128
SESSION_TAG_VALUE_MAX_CHARS: Final = 256
OIDC_CLIENT_IDS_MAX: Final = 100
OIDC_THUMBPRINTS_MAX: Final = 5

# --- CloudFormation, per stack and template --------------------------------------------------
# https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
STACK_RESOURCES_MAX: Final = 500
STACK_OUTPUTS_MAX: Final = 200
STACK_PARAMETERS_MAX: Final = 200
STACK_MAPPINGS_MAX: Final = 200
# A template body passed in the API call (CreateStack, CreateStackSet ``TemplateBody``), and
# one read from S3 (``TemplateURL``, as CDK deploys its templates), in bytes.
TEMPLATE_BODY_MAX_BYTES: Final = 51_200
TEMPLATE_URL_MAX_BYTES: Final = 1_048_576

# Values quoted in error messages are cut to this many characters, so a huge value (a YAML
# alias bomb, a pasted file) cannot make a message huge.
MESSAGE_VALUE_MAX_CHARS: Final = 200
