"""Every IAM and STS rule and quota this project checks, in one place.

Constructs, the config model, the template checks and the runtime tools all import this
module, so a rule is written once. Predicates (``is_*``) answer a yes or no; validators
(``validate_*``) raise ``ValueError`` naming the field, the value received (its first 200
characters) and the rule, and return the value unchanged, so config loaders can reuse them.
Values that hold unresolved CDK tokens are skipped by the validators: they are only known at
deploy time.

Every pattern is matched against the whole value (``re.fullmatch``): ``$`` alone would accept
a trailing newline. ``rule_validator`` builds the validator of one rule from a predicate.

Sources:
- IAM quotas: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
- AssumeRole: https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
- GetFederationToken: https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html
- Role: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
- CloudFormation quotas (stacks, templates, StackSets):
  https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
- STS features since 2024 (AssumeRoot, GetWebIdentityToken, Roles Anywhere, EKS Pod Identity):
  see ``_sts_features``.
"""

from __future__ import annotations

from . import _patterns, _providers, _quotas, _resources, _sts_features, _validators
from ._patterns import *  # noqa: F403
from ._providers import *  # noqa: F403
from ._quotas import *  # noqa: F403
from ._resources import *  # noqa: F403
from ._sts_features import *  # noqa: F403
from ._validators import *  # noqa: F403

# Each module's ``__all__`` is the one list of its public names; _quotas holds constants only.
__all__ = sorted(
    [
        *_patterns.__all__,
        *_providers.__all__,
        *(name for name in vars(_quotas) if name.isupper()),
        *_resources.__all__,
        *_sts_features.__all__,
        *_validators.__all__,
    ]
)
