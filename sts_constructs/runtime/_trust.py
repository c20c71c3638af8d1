"""Who a deployed role trusts, read from its stack's template: may a profile's keys assume it?

A role whose trust names only services (EC2 through an instance profile) or identity
providers (OIDC, SAML) is assumed through them, never with ``sts:AssumeRole`` and a
profile's keys; a profile for it could never work.
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
"""

from __future__ import annotations

import json
from typing import Any

from sts_constructs.runtime._errors import explain
from sts_constructs.template import as_list
from sts_constructs.validation import is_account_id, parse_role_arn

__all__ = [
    "aws_principals",
    "keys_cannot_assume",
    "logical_id",
    "non_aws_trust",
    "template",
    "trusts",
]

# What assumes a role through a federated principal, by the provider's resource type.
_FEDERATED_ACTIONS = {
    "AWS::IAM::OIDCProvider": "sts:AssumeRoleWithWebIdentity",
    "AWS::IAM::SAMLProvider": "sts:AssumeRoleWithSAML",
}


def template(session: Any, stack_name: str, *, fix: str | None = None) -> dict[str, Any]:
    """Return the deployed template of ``stack_name`` (``cloudformation:GetTemplate``)."""
    try:
        body = session.client("cloudformation").get_template(StackName=stack_name)["TemplateBody"]
    except Exception as error:
        raise explain(
            error, action="cloudformation:GetTemplate", resource=stack_name, fix=fix
        ) from None
    if isinstance(body, str):
        parsed: dict[str, Any] = json.loads(body)
        return parsed
    return dict(body)


def logical_id(template: dict[str, Any], output_key: str) -> str | None:
    """Return the logical ID of the role an output names (``Fn::GetAtt [id, Arn]``)."""
    value = template.get("Outputs", {}).get(output_key, {}).get("Value", {})
    get_att = value.get("Fn::GetAtt") if isinstance(value, dict) else None
    return str(get_att[0]) if isinstance(get_att, list) and get_att else None


def _statements(template: dict[str, Any], logical_id: str | None) -> list[dict[str, Any]]:
    resource = template.get("Resources", {}).get(logical_id or "", {})
    document = resource.get("Properties", {}).get("AssumeRolePolicyDocument", {})
    if not isinstance(document, dict):
        return []
    return [s for s in as_list(document.get("Statement")) if isinstance(s, dict)]


def non_aws_trust(template: dict[str, Any], logical_id: str | None) -> list[str]:
    """Return the services and identity providers of a trust that names no AWS principal.

    Empty when the trust names an AWS principal, or cannot be read.
    """
    trusted: list[str] = []
    for statement in _statements(template, logical_id):
        principal = statement.get("Principal", {})
        if not isinstance(principal, dict) or not set(principal) <= {"Service", "Federated"}:
            return []
        trusted.extend(str(s) for s in as_list(principal.get("Service")))
        trusted.extend(_provider_name(template, p) for p in as_list(principal.get("Federated")))
    return trusted


def keys_cannot_assume(template: dict[str, Any], output_key: str) -> str | None:
    """Return why no access key can assume the role ``output_key`` names (``None``: it may)."""
    others = non_aws_trust(template, logical_id(template, output_key))
    if not others:
        return None
    return f"trusts only {', '.join(others)}, not an AWS principal's keys"


def aws_principals(
    template: dict[str, Any], output_key: str, *, account_id: str
) -> list[str] | None:
    """Return the AWS principals (ARNs or account IDs) the role's trust names.

    ``None`` when one of them is not literal and cannot be resolved from the template (a user
    or role of the same stack with a literal name, in ``account_id``, is resolved).
    """
    principals: list[str] = []
    resources = template.get("Resources", {})
    for statement in _statements(template, logical_id(template, output_key)):
        if statement.get("Effect") != "Allow":
            continue
        principal = statement.get("Principal", {})
        if not isinstance(principal, dict):
            return None
        for value in as_list(principal.get("AWS")):
            if isinstance(value, str):
                principals.append(value)
                continue
            get_att = value.get("Fn::GetAtt") if isinstance(value, dict) else None
            resource = resources.get(get_att[0], {}) if isinstance(get_att, list) else {}
            kinds = {"AWS::IAM::User": "user", "AWS::IAM::Role": "role"}
            kind = kinds.get(str(resource.get("Type")))
            name = resource.get("Properties", {}).get(f"{(kind or '').title()}Name")
            if kind is None or not isinstance(name, str):
                return None
            path = resource.get("Properties", {}).get("Path", "/")
            principals.append(f"arn:aws:iam::{account_id}:{kind}{path}{name}")
    return principals


def trusts(principals: list[str], caller: str) -> bool:
    """Return whether ``principals`` name ``caller`` (an IAM ARN), its role or its account."""
    account = caller.split(":")[4] if caller.count(":") >= 5 else ""
    names = {caller, account, f"arn:aws:iam::{account}:root"}
    if ":assumed-role/" in caller:
        role = caller.split(":assumed-role/")[1].split("/")[0]
        names.add(f"arn:aws:iam::{account}:role/{role}")
    for principal in principals:
        if principal in names:
            return True
        parsed = parse_role_arn(principal)
        if parsed and f"arn:aws:iam::{parsed[0]}:role/{parsed[2]}" in names:
            return True
        if principal == "*" or (is_account_id(principal) and principal == account):
            return True
    return False


def _provider_name(template: dict[str, Any], principal: Any) -> str:
    """Return a readable name for a Federated principal (often a Ref to the provider)."""
    if isinstance(principal, dict):
        target = principal.get("Ref") or (principal.get("Fn::GetAtt") or ["provider"])[0]
        kind = template.get("Resources", {}).get(target, {}).get("Type", "")
        via = f" ({_FEDERATED_ACTIONS[kind]})" if kind in _FEDERATED_ACTIONS else ""
        return f"the identity provider {target}{via}"
    text = str(principal)
    via = ""
    if ":oidc-provider/" in text:
        via = f" ({_FEDERATED_ACTIONS['AWS::IAM::OIDCProvider']})"
    elif ":saml-provider/" in text:
        via = f" ({_FEDERATED_ACTIONS['AWS::IAM::SAMLProvider']})"
    return f"the identity provider {text.rsplit('/', 1)[-1]}{via}"
