"""CloudFormation models that moto 5.2 lacks or applies only in part: one module per type.

moto builds its CloudFormation type map from the direct subclasses of ``CloudFormationModel``
(``moto.cloudformation.parsing.get_model_map``); when two subclasses name the same type, the one
defined last wins. Importing this package and calling :func:`install` therefore teaches the
emulator's CloudFormation the types of :data:`MODELS`, each implemented on moto's own backends
over :class:`~sts_constructs.emulator.models._base.ResourceModel`.

Not modelled on purpose: ``AWS::S3::BucketPolicy``. moto evaluates bucket policies without
their conditions, so the usual "deny unless aws:SecureTransport" statement would deny every
call to a bucket (the emulator speaks plain HTTP). It stays "skipped by the emulator".

The package depends on moto only (never on the rest of sts-constructs), so that it can go
upstream as is.
"""

from __future__ import annotations

from moto.core.common_models import CloudFormationModel

from sts_constructs.emulator.models.group import GroupModel
from sts_constructs.emulator.models.oidc_provider import OidcProviderModel
from sts_constructs.emulator.models.role import RoleModel
from sts_constructs.emulator.models.saml_provider import SamlProviderModel
from sts_constructs.emulator.models.secret import SecretModel
from sts_constructs.emulator.models.user import UserModel
from sts_constructs.emulator.models.user_to_group_addition import UserToGroupAdditionModel

__all__ = [
    "MODELS",
    "GroupModel",
    "OidcProviderModel",
    "RoleModel",
    "SamlProviderModel",
    "SecretModel",
    "UserModel",
    "UserToGroupAdditionModel",
    "install",
]

MODELS: tuple[type[CloudFormationModel], ...] = (
    GroupModel,
    OidcProviderModel,
    RoleModel,
    SamlProviderModel,
    SecretModel,
    UserModel,
    UserToGroupAdditionModel,
)


def install() -> list[str]:
    """Make moto's CloudFormation use :data:`MODELS`; return the types they cover.

    Clears moto's cached type map, so that it also works after moto parsed a template.
    Raises ``RuntimeError`` when moto did not take a model (a moto release changed how it
    builds its type map).
    """
    from moto.cloudformation import parsing

    parsing.get_model_list.cache_clear()
    parsing.get_model_map.cache_clear()
    parsing.get_name_type_map.cache_clear()
    model_map = parsing.get_model_map()
    ours = [model.cloudformation_type() for model in MODELS]
    missing = [name for name in ours if model_map.get(name) not in MODELS]
    if missing:  # pragma: no cover - a moto release changed how it builds its type map
        raise RuntimeError(f"moto did not take the models for {', '.join(missing)}")
    return ours
