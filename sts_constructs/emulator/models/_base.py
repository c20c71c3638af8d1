"""The base of every model: what moto asks a CloudFormation model, answered from class data.

moto builds its type map from the *direct* subclasses of ``CloudFormationModel``
(``moto.cloudformation.parsing.get_model_list``); a model therefore lists ``CloudFormationModel``
among its own bases, after :class:`ResourceModel`, which is not one (it would register itself).
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from moto.iam.models import iam_backends
from moto.utilities.utils import get_partition

__all__ = ["Physical", "ResourceModel", "document", "iam_backend", "inline_policies"]


class ResourceModel:
    """Answer moto's three class questions from ``TYPE``, ``NAME_PROPERTY`` and ``ATTRIBUTES``.

    ``TYPE`` is the CloudFormation type (``AWS::IAM::Group``); ``NAME_PROPERTY`` the property
    that names the resource, "" when it has none (CloudFormation then makes a name);
    ``ATTRIBUTES`` the names ``Fn::GetAtt`` may read.
    """

    TYPE: ClassVar[str]
    NAME_PROPERTY: ClassVar[str] = ""
    ATTRIBUTES: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def cloudformation_type(cls) -> str:
        """Return the CloudFormation type this model creates."""
        return cls.TYPE

    @classmethod
    def cloudformation_name_type(cls) -> str:
        """Return the property that names the resource ("" when none does)."""
        return cls.NAME_PROPERTY

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        """Return whether ``Fn::GetAtt`` may read ``attr``."""
        return attr in cls.ATTRIBUTES


class Physical:
    """A resource moto has no model object for: its physical ID and ``Fn::GetAtt`` values."""

    def __init__(self, physical_resource_id: str, attributes: dict[str, str]) -> None:
        self.physical_resource_id = physical_resource_id
        self.attributes = attributes

    def is_created(self) -> bool:
        """Return True: the backend call that made the resource has returned."""
        return True

    def get_cfn_attribute(self, attribute_name: str) -> str:
        """Return the value of ``Fn::GetAtt`` ``attribute_name``."""
        from moto.cloudformation.exceptions import UnformattedGetAttTemplateException

        if attribute_name in self.attributes:
            return self.attributes[attribute_name]
        raise UnformattedGetAttTemplateException()


def iam_backend(account_id: str, region_name: str) -> Any:
    """Return moto's IAM backend of ``account_id`` in the partition of ``region_name``."""
    return iam_backends[account_id][get_partition(region_name)]


def document(value: Any) -> str:
    """Return a policy document as the JSON text IAM stores (CloudFormation passes dicts)."""
    return value if isinstance(value, str) else json.dumps(value)


def inline_policies(properties: dict[str, Any]) -> dict[str, str]:
    """Return the ``Policies`` property as policy name -> JSON document."""
    return {
        policy["PolicyName"]: document(policy["PolicyDocument"])
        for policy in properties.get("Policies") or []
    }


def remove_policies(backend: Any, kind: str, name: str, principal: Any) -> None:
    """Delete the inline and detach the managed policies of the ``kind`` principal ``name``.

    ``kind`` is ``"role"``, ``"user"`` or ``"group"``: moto names its calls after it
    (``delete_role_policy``, ``detach_user_policy``, ...) with the same arguments.
    """
    for policy_name in list(principal.policies):
        getattr(backend, f"delete_{kind}_policy")(name, policy_name)
    for arn in list(principal.managed_policies):
        getattr(backend, f"detach_{kind}_policy")(arn, name)


def apply_policies(backend: Any, kind: str, name: str, properties: dict[str, Any]) -> None:
    """Put the ``Policies`` and attach the ``ManagedPolicyArns`` of a template's principal."""
    for policy_name, policy_document in inline_policies(properties).items():
        getattr(backend, f"put_{kind}_policy")(name, policy_name, policy_document)
    for arn in properties.get("ManagedPolicyArns") or []:
        getattr(backend, f"attach_{kind}_policy")(arn, name)
