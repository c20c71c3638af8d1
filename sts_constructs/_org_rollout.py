"""CloudFormation StackSets that roll a template out to many accounts: CloudFormation deploys.

The template is an ordinary CDK stack in a nested ``Stage``, synthesized with the app and put
into the StackSet's ``TemplateBody``: no asset bucket, no bootstrap in the target accounts, no
custom resource. ``cdk deploy --all`` deploys only top-level stacks, never the nested one.
See https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/what-is-cfnstacksets.html
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any

import jsii
from aws_cdk import (
    BootstraplessSynthesizer,
    IResolveContext,
    IStableStringProducer,
    Lazy,
    Stack,
    Stage,
)
from aws_cdk import aws_cloudformation as cloudformation
from constructs import Construct

from sts_constructs._arguments import check_arguments
from sts_constructs._construct_errors import NamedInErrors
from sts_constructs.validation import (
    IAM_NAME_PROPERTIES,
    TEMPLATE_BODY_MAX_BYTES,
    require_unique,
    validate_account_id,
    validate_iam_name,
    validate_organizational_unit_id,
    validate_region,
    validate_role_arn,
    validate_stack_set_name,
)

__all__ = ["OrganizationStackSet", "SelfManagedStackSet", "StackSetCallAs"]


class StackSetCallAs(StrEnum):
    """Which account creates the StackSet: the management account or a delegated admin."""

    SELF = "SELF"
    """The organization's management account (the default)."""
    DELEGATED_ADMIN = "DELEGATED_ADMIN"
    """A member account registered as delegated administrator for StackSets."""


class _StackSetBase(Construct, NamedInErrors):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        arguments: Mapping[str, Any],
    ) -> None:
        """Check what both StackSets take: ``arguments`` is the subclass's ``locals()``."""
        stack_set_name: str = arguments["stack_set_name"]
        regions: Sequence[str] | None = arguments["regions"]
        description: str | None = arguments["description"]
        self._description = description
        self._operation_preferences: (
            cloudformation.CfnStackSet.OperationPreferencesProperty | None
        ) = arguments["operation_preferences"]
        super().__init__(scope, construct_id)
        validate_stack_set_name("stack_set_name", stack_set_name)
        own_region = Stack.of(self).region
        regions = list(regions) if regions is not None else [own_region]
        if not regions:
            raise ValueError("regions: []: name at least one region to deploy to")
        for i, region in enumerate(regions):
            validate_region(f"regions[{i}]", region)
        require_unique("regions", regions)
        self.stack_set_name = stack_set_name
        """The StackSet's name."""
        self.regions: tuple[str, ...] = tuple(regions)
        """The regions each account gets a stack instance in."""

        stage = Stage(self, "Template")
        self.template = Stack(
            stage,
            "Template",
            stack_name=stack_set_name,  # How `cdk ls` shows it; it is never deployed as is.
            # No bootstrap version parameter and no assets: the accounts are not bootstrapped.
            synthesizer=BootstraplessSynthesizer(),
            analytics_reporting=False,
            description=description,
        )
        """The stack to fill with what every account gets; it stays account-agnostic."""
        self._producer = _TemplateBody(stage, self)

    def _stack_set(
        self,
        *,
        permission_model: str,
        deployment_targets: cloudformation.CfnStackSet.DeploymentTargetsProperty,
        **model_properties: Any,
    ) -> cloudformation.CfnStackSet:
        """Make the ``AWS::CloudFormation::StackSet``: one instance per target and region."""
        return cloudformation.CfnStackSet(
            self,
            "Resource",
            stack_set_name=self.stack_set_name,
            permission_model=permission_model,
            capabilities=["CAPABILITY_NAMED_IAM"],
            managed_execution={"Active": True},
            operation_preferences=self._operation_preferences,
            description=self._description,
            stack_instances_group=[
                cloudformation.CfnStackSet.StackInstancesProperty(
                    deployment_targets=deployment_targets, regions=list(self.regions)
                )
            ],
            template_body=Lazy.string(self._producer),
            **model_properties,
        )

    def template_json(self) -> dict[str, Any]:
        """Return the synthesized template of ``template``.

        Call it once ``template`` is complete: its stage synthesizes once, and CDK refuses
        changes to a synthesized stage.
        """
        return self._producer.template()


@jsii.implements(IStableStringProducer)
class _TemplateBody:
    """Produce the StackSet's template body from the nested stage, when the app synthesizes."""

    def __init__(self, stage: Stage, owner: _StackSetBase) -> None:
        self._stage = stage
        self._owner = owner

    def template(self) -> dict[str, Any]:
        (stack,) = self._stage.synth().stacks
        template: dict[str, Any] = stack.template
        return template

    def produce(self, context: IResolveContext | None = None) -> str:
        template = self.template()
        _check_single_region(self._owner, template)
        body = json.dumps(template, separators=(",", ":"))
        size = len(body.encode())
        if size > TEMPLATE_BODY_MAX_BYTES:
            raise ValueError(
                f"{self._owner.node.path}.template: {size} bytes is above "
                f"{TEMPLATE_BODY_MAX_BYTES}, CloudFormation's limit for a template body; "
                "split the StackSet"
            )
        return body


class OrganizationStackSet(_StackSetBase):
    """Define a service-managed StackSet: one stack in every account of chosen OUs.

    AWS Organizations grants CloudFormation the permissions, and automatic deployment adds
    the stack to every account that joins the OUs later (and, unless retained, removes it from
    an account that leaves). Deploy the stack that holds it in the management account, or in a
    delegated administrator with ``call_as=StackSetCallAs.DELEGATED_ADMIN``. The management
    account itself never gets a stack instance from a service-managed StackSet.
    See https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-manage-auto-deployment.html

    Args:
        stack_set_name: The StackSet's name (letters, digits and ``-``, starting with a
            letter, up to 128 characters).
        organizational_unit_ids: The OUs (``ou-...``) or the root (``r-...``) whose accounts
            get a stack instance; at least one.
        regions: The regions each account gets a stack instance in. Default: this stack's
            region.
        auto_deployment: Accounts that join the OUs later get the stack. Default: True.
        retain_stacks_on_account_removal: Keep the stack in an account that leaves the OUs
            (needs ``auto_deployment``). Default: False (removed with the account).
        call_as: ``StackSetCallAs.SELF`` (the management account) or ``DELEGATED_ADMIN``.
            Default: ``SELF``.
        description: The StackSet's description (also its template's). Default: none.
        operation_preferences: How many accounts at a time, and how many failures stop it.
            Default: CloudFormation's (one account at a time, stop at the first failure).

    Raises:
        TypeError: an argument of the wrong type.
        ValueError: a StackSet name, region or OU ID CloudFormation does not accept, or one
            named twice; no OU or no region; ``retain_stacks_on_account_removal`` without
            ``auto_deployment``; or, at synth, a named IAM resource in a template deployed to
            more than one region.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        stack_set_name: str,
        organizational_unit_ids: Sequence[str],
        regions: Sequence[str] | None = None,
        auto_deployment: bool = True,
        retain_stacks_on_account_removal: bool = False,
        call_as: StackSetCallAs = StackSetCallAs.SELF,
        description: str | None = None,
        operation_preferences: cloudformation.CfnStackSet.OperationPreferencesProperty
        | None = None,
    ) -> None:
        check_arguments(OrganizationStackSet.__init__, locals())
        super().__init__(scope, construct_id, locals())
        if not organizational_unit_ids:
            raise ValueError(
                "organizational_unit_ids: []: name the OUs (or the root 'r-...') to deploy to"
            )
        for i, ou in enumerate(organizational_unit_ids):
            validate_organizational_unit_id(f"organizational_unit_ids[{i}]", ou)
        require_unique("organizational_unit_ids", organizational_unit_ids)
        if call_as not in tuple(StackSetCallAs):
            raise ValueError(f"call_as: {call_as!r} must be 'SELF' or 'DELEGATED_ADMIN'")
        if retain_stacks_on_account_removal and not auto_deployment:
            raise ValueError(
                "retain_stacks_on_account_removal: True needs auto_deployment; without it "
                "CloudFormation never removes stacks from accounts that leave"
            )
        self.organizational_unit_ids: tuple[str, ...] = tuple(organizational_unit_ids)
        """The OUs whose accounts get a stack instance."""
        self.resource = self._stack_set(
            permission_model="SERVICE_MANAGED",
            deployment_targets=cloudformation.CfnStackSet.DeploymentTargetsProperty(
                organizational_unit_ids=list(organizational_unit_ids)
            ),
            auto_deployment=cloudformation.CfnStackSet.AutoDeploymentProperty(
                enabled=auto_deployment,
                retain_stacks_on_account_removal=(
                    retain_stacks_on_account_removal if auto_deployment else None
                ),
            ),
            call_as=StackSetCallAs(call_as).value,
        )
        """The ``AWS::CloudFormation::StackSet``."""


class SelfManagedStackSet(_StackSetBase):
    """Define a self-managed StackSet: one stack in each of the named accounts.

    For accounts outside an AWS Organization (or outside yours). CloudFormation acts through an
    administration role in this account and an execution role in each target account, which
    you create first (AWS publishes templates for both).
    See https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-prereqs-self-managed.html

    Args:
        stack_set_name: The StackSet's name (letters, digits and ``-``, starting with a
            letter, up to 128 characters).
        accounts: The 12-digit accounts that get a stack instance; at least one.
        regions: The regions each account gets a stack instance in. Default: this stack's
            region.
        administration_role_arn: The role CloudFormation acts through in this account.
            Default: ``AWSCloudFormationStackSetAdministrationRole`` in this account.
        execution_role_name: The role it assumes in each target account. Default:
            ``AWSCloudFormationStackSetExecutionRole``, CloudFormation's default.
        description: The StackSet's description (also its template's). Default: none.
        operation_preferences: How many accounts at a time, and how many failures stop it.
            Default: CloudFormation's (one account at a time, stop at the first failure).

    Raises:
        TypeError: an argument of the wrong type.
        ValueError: a StackSet name, region, account ID, administration role ARN or execution
            role name AWS does not accept, or one named twice; no account or no region; or, at
            synth, a named IAM resource in a template deployed to more than one region.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        stack_set_name: str,
        accounts: Sequence[str],
        regions: Sequence[str] | None = None,
        administration_role_arn: str | None = None,
        execution_role_name: str | None = None,
        description: str | None = None,
        operation_preferences: cloudformation.CfnStackSet.OperationPreferencesProperty
        | None = None,
    ) -> None:
        check_arguments(SelfManagedStackSet.__init__, locals())
        super().__init__(scope, construct_id, locals())
        if not accounts:
            raise ValueError("accounts: []: name the 12-digit accounts to deploy to")
        for i, account in enumerate(accounts):
            validate_account_id(f"accounts[{i}]", account)
        require_unique("accounts", accounts)
        if administration_role_arn is not None:
            validate_role_arn("administration_role_arn", administration_role_arn)
        if execution_role_name is not None:
            validate_iam_name("execution_role_name", execution_role_name)
        self.accounts: tuple[str, ...] = tuple(accounts)
        """The accounts that get a stack instance."""
        self.resource = self._stack_set(
            permission_model="SELF_MANAGED",
            deployment_targets=cloudformation.CfnStackSet.DeploymentTargetsProperty(
                accounts=list(accounts)
            ),
            administration_role_arn=administration_role_arn,
            execution_role_name=execution_role_name,
        )
        """The ``AWS::CloudFormation::StackSet``."""


def _check_single_region(owner: _StackSetBase, template: dict[str, Any]) -> None:
    """Refuse named IAM resources in a StackSet that deploys to more than one region."""
    if len(owner.regions) < 2:
        return
    for logical_id, resource in template.get("Resources", {}).items():
        named = IAM_NAME_PROPERTIES.get(resource.get("Type", ""))
        name = resource.get("Properties", {}).get(named[0]) if named else None
        if name is not None:
            raise ValueError(
                f"{owner.node.path}: regions: {list(owner.regions)} would create "
                f"{resource['Type']} {name!r} ({logical_id}) once per region in each account, "
                "but IAM names are global per account: the second region fails. Deploy IAM "
                "from one region"
            )
