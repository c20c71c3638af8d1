"""The sandbox stack: the STS walkthrough (a user, a role it may assume, a bucket, an app)."""

from __future__ import annotations

from typing import Any

from aws_cdk import CfnOutput, Duration, RemovalPolicy, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from constructs import Construct

from stacks._errors import collect, entries
from stacks._names import pascal
from stacks._policies import acknowledge_aws_managed, managed_policies
from stacks._roles import config_role
from stacks.config import AppConfig, BucketAccess, InstanceRoleConfig, RoleConfig, UserConfig
from sts_constructs import AssumableRole, AssumeOnlyUser, Ec2InstanceRole, Trust, acknowledge
from sts_constructs.conventions import (
    BUCKET_NAME_OUTPUT,
    access_key_secret_output_key,
    role_arn_output_key,
)

__all__ = ["SandboxStack"]


class SandboxStack(Stack):
    """Compose the identities of one config: users, the roles they assume, instance roles.

    Construct IDs and output keys derive from the config names (``sts-user`` gives
    ``UserStsUser`` and the output ``StsUserName``); renaming an identity replaces it.
    """

    def __init__(
        self, scope: Construct, construct_id: str, *, config: AppConfig, **kwargs: Any
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.bucket = s3.Bucket(
            self,
            "SandboxBucket",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            removal_policy=RemovalPolicy.RETAIN,
        )
        acknowledge(
            self.bucket,
            "AwsSolutions-S1",
            "A sandbox bucket of demo objects; a log bucket would double the walkthrough's "
            "resources. Turn on server access logs before storing real data.",
        )
        CfnOutput(self, BUCKET_NAME_OUTPUT, value=self.bucket.bucket_name)

        self.users: dict[str, AssumeOnlyUser] = {}
        self.roles: dict[str, AssumableRole] = {}
        self.instance_roles: dict[str, Ec2InstanceRole] = {}
        # Each entry is built in turn; the library's refusals are collected, naming the entry.
        collect(
            [
                *entries("users", config.users, self._user),
                *entries("roles", config.roles, self._role),
                *entries("instance_roles", config.instance_roles, self._instance_role),
            ]
        )

    def _instance_role(self, instance_role: InstanceRoleConfig) -> None:
        key = pascal(instance_role.name)
        app = Ec2InstanceRole(
            self,
            f"InstanceRole{key}",
            role_name=instance_role.name,
            instance_profile_name=instance_role.name,
            path=instance_role.path,
            max_session_duration=Duration.seconds(instance_role.max_session_duration),
            managed_policies=managed_policies(self, key, instance_role.managed_policies),
        )
        acknowledge_aws_managed(app.resource, instance_role.managed_policies)
        self._grant_bucket(app.role, instance_role.sandbox_bucket)
        self.instance_roles[instance_role.name] = app
        CfnOutput(
            self,
            role_arn_output_key(key),
            value=app.role.role_arn,
            description=instance_role.name,
        )
        CfnOutput(
            self,
            f"{key}InstanceProfileName",
            value=app.instance_profile.instance_profile_name,
        )

    def _user(self, user: UserConfig) -> None:
        key = pascal(user.name)
        # The config's other fields are the construct's arguments, by the same names.
        construct = AssumeOnlyUser(
            self, f"User{key}", user_name=user.name, **user.model_dump(exclude={"name"})
        )
        CfnOutput(self, f"{key}Name", value=construct.user_name)
        if construct.access_key is not None:
            acknowledge(
                construct.access_key,
                "STS-IAM3",
                "The walkthrough's user signs in with an access key to call AssumeRole; the "
                "key has no permission but sts:AssumeRole and its secret is in Secrets Manager.",
            )
        if construct.access_key_secret is not None:
            # The secret's ARN, never its value.
            CfnOutput(
                self,
                access_key_secret_output_key(key),
                value=construct.access_key_secret.secret_arn,
            )
        if construct.password_secret is not None:
            CfnOutput(self, f"{key}PasswordSecretArn", value=construct.password_secret.secret_arn)
        self.users[user.name] = construct

    def _role(self, role: RoleConfig) -> None:
        if any(name not in self.users for name in role.trusted_users):
            return  # The user was refused, and its line says why.
        trusted_users = [self.users[name] for name in role.trusted_users]
        construct = config_role(
            AssumableRole,
            self,
            role,
            role.name,
            trust=Trust(
                principals=[*(user.user for user in trusted_users), *role.trusted_principals],
                require_mfa=role.require_mfa,
                mfa_max_age=(
                    Duration.seconds(role.mfa_max_age) if role.mfa_max_age is not None else None
                ),
                external_id=role.external_id,
                principal_org_id=role.principal_org_id,
                session_tag_keys=role.session_tag_keys,
                allow_source_identity=role.allow_source_identity,
            ),
            trust_policy_max_chars=role.trust_policy_max_chars,
        )
        for user in trusted_users:
            user.allow_assume(construct.role)
        self._grant_bucket(construct.role, role.sandbox_bucket)
        self.roles[role.name] = construct

    def _grant_bucket(self, role: iam.IRole, access: BucketAccess) -> None:
        if access is BucketAccess.NONE:
            return
        self.bucket.grant_read(role)
        policy = role.node.find_child("DefaultPolicy")
        bucket = self.get_logical_id(self.bucket.node.default_child)  # type: ignore[arg-type]
        for finding in (
            "Action::s3:GetBucket*",
            "Action::s3:GetObject*",
            "Action::s3:List*",
            f"Resource::<{bucket}.Arn>/*",
        ):
            acknowledge(
                policy,
                f"AwsSolutions-IAM5[{finding}]",
                "Read access to every object of the one sandbox bucket is the intent; the "
                "wildcards are CDK's grant_read on that bucket only.",
            )
