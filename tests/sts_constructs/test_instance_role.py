"""Ec2InstanceRole: EC2 may assume it, and an instance profile carries it."""

from __future__ import annotations

import pytest
from aws_cdk import Stack

from sts_constructs import Ec2InstanceRole
from tests.support import nag_findings, only, resources, template_of


def test_only_ec2_may_assume_it(stack: Stack) -> None:
    Ec2InstanceRole(stack, "App", role_name="app")

    role = only(template_of(stack), "AWS::IAM::Role")

    assert role["RoleName"] == "app"
    assert role["AssumeRolePolicyDocument"]["Statement"] == [
        {
            "Sid": "TrustedServices",
            "Effect": "Allow",
            "Principal": {"Service": "ec2.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ]


def test_instance_profile_holds_the_role(stack: Stack) -> None:
    Ec2InstanceRole(stack, "App", instance_profile_name="app-profile", path="/apps/")

    template = template_of(stack)
    (role_id,) = resources(template, "AWS::IAM::Role")
    profile = only(template, "AWS::IAM::InstanceProfile")

    assert profile == {
        "Roles": [{"Ref": role_id}],
        "InstanceProfileName": "app-profile",
        "Path": "/apps/",
    }


def test_default_passes_cdk_nag(stack: Stack) -> None:
    Ec2InstanceRole(stack, "App")

    assert nag_findings(stack) == []


def test_fails_on_bad_profile_name(stack: Stack) -> None:
    with pytest.raises(ValueError, match=r"instance_profile_name: 'a/b' must be 1-128"):
        Ec2InstanceRole(stack, "App", instance_profile_name="a/b")
