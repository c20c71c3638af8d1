"""The base of every model: what moto asks a CloudFormation model, answered once.

moto builds its type map from the *direct* subclasses of ``CloudFormationModel``
(``moto.cloudformation.parsing.get_model_list``); a model therefore lists ``CloudFormationModel``
among its own bases, after :class:`ResourceModel`, which is not one (it would register itself).

moto calls three class methods with the same arguments in every model; :class:`ResourceModel`
takes them and hands a model one :class:`Call` (``create``, ``update``, ``delete``).
:class:`PrincipalModel` adds what a role, a user and a group share: their inline and managed
policies, replaced on update, and a new resource when the name changes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

from moto.iam.models import iam_backends
from moto.utilities.utils import get_partition

__all__ = [
    "Call",
    "Physical",
    "PrincipalModel",
    "ResourceModel",
    "apply_policies",
    "document",
    "iam_backend",
    "inline_policies",
    "remove_policies",
]


@dataclass(frozen=True)
class Call:
    """What moto's CloudFormation asks a model about one resource.

    ``name`` is the resource's name (for an update: the new one CloudFormation would give);
    ``template`` its JSON in the template (``Type``, ``Properties``); ``kwargs`` what moto
    passes on to a create.
    """

    name: str
    template: dict[str, Any]
    account_id: str
    region_name: str
    kwargs: dict[str, Any] = field(default_factory=dict)

    @property
    def properties(self) -> dict[str, Any]:
        """Return the resource's ``Properties`` ({} when it has none)."""
        properties: dict[str, Any] = self.template.get("Properties", {})
        return properties

    @property
    def iam(self) -> Any:
        """Return moto's IAM backend of the call's account."""
        return iam_backend(self.account_id, self.region_name)

    def named(self, name: str) -> Call:
        """Return the same call for the resource ``name``."""
        return replace(self, name=name)


class ResourceModel:
    """Answer moto's three class questions from ``TYPE``, ``NAME_PROPERTY`` and ``ATTRIBUTES``,
    and its three calls with :meth:`create`, :meth:`update` and :meth:`delete`.

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

    @classmethod
    def create_from_cloudformation_json(
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> Any:
        """Create the resource (moto's entry point): :meth:`create`."""
        return cls.create(Call(resource_name, cloudformation_json, account_id, region_name, kwargs))

    @classmethod
    def update_from_cloudformation_json(
        cls,
        original_resource: Any,
        new_resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> Any:
        """Update the resource (moto's entry point): :meth:`update`."""
        call = Call(new_resource_name, cloudformation_json, account_id, region_name)
        return cls.update(original_resource, call)

    @classmethod
    def delete_from_cloudformation_json(
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> None:
        """Delete the resource (moto's entry point): :meth:`delete`."""
        cls.delete(Call(resource_name, cloudformation_json, account_id, region_name))

    @classmethod
    def create(cls, call: Call) -> Any:
        """Create the resource; return moto's object or a :class:`Physical`."""
        raise NotImplementedError

    @classmethod
    def update(cls, original: Any, call: Call) -> Any:
        """Update ``original`` in place or replace it; by default do nothing (as moto's base)."""
        return None

    @classmethod
    def delete(cls, call: Call) -> None:
        """Delete the resource ``call.name``; by default do nothing (as moto's base)."""


class PrincipalModel(ResourceModel):
    """A role, a user or a group: its ``Policies`` and ``ManagedPolicyArns`` are applied on
    create and replaced on update; a new name (:meth:`replaced`) makes a new resource.

    ``KIND`` is ``"role"``, ``"user"`` or ``"group"``: moto names its calls after it, and
    the type (``AWS::IAM::Role``) and name property (``RoleName``) follow from it.
    """

    KIND: ClassVar[str]
    ATTRIBUTES = frozenset({"Arn"})

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.TYPE = f"AWS::IAM::{cls.KIND.title()}"
        cls.NAME_PROPERTY = f"{cls.KIND.title()}Name"

    @classmethod
    def name_of(cls, original: Any) -> str:
        """Return the name of the resource ``original`` (moto's object, or a Physical)."""
        return str(original.name)

    @classmethod
    def replaced(cls, original: Any, call: Call) -> bool:
        """Return whether the update makes a new resource: its name changes."""
        name = cls.name_of(original)
        return bool(call.properties.get(cls.NAME_PROPERTY, name) != name)

    @classmethod
    def update(cls, original: Any, call: Call) -> Any:
        """Replace the resource when :meth:`replaced`, else update it and its policies."""
        name = cls.name_of(original)
        if cls.replaced(original, call):
            cls.delete(call.named(name))
            return cls.create(call.named(call.properties.get(cls.NAME_PROPERTY, call.name)))
        cls.update_in_place(original, call)
        backend = call.iam
        remove_policies(backend, cls.KIND, name, cls.principal(backend, original))
        apply_policies(backend, cls.KIND, name, call.properties)
        return original

    @classmethod
    def update_in_place(cls, original: Any, call: Call) -> None:
        """Apply the properties other than the policies (none by default)."""

    @classmethod
    def principal(cls, backend: Any, original: Any) -> Any:
        """Return moto's object of ``original`` (it is one by default)."""
        return original

    @classmethod
    def delete(cls, call: Call) -> None:
        """Remove the policies of the ``KIND`` ``call.name``, then delete it (when it exists)."""
        backend = call.iam
        principal = getattr(backend, f"{cls.KIND}s").get(call.name)
        if principal is None:
            return
        cls.leave(backend, principal)
        remove_policies(backend, cls.KIND, call.name, principal)
        getattr(backend, f"delete_{cls.KIND}")(call.name)

    @classmethod
    def leave(cls, backend: Any, principal: Any) -> None:
        """Undo what ties ``principal`` to other resources before it is deleted (nothing)."""


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
