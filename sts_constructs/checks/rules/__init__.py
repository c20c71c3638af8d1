"""Every rule, one per module; ``RULES`` lists them in ID order.

A rule module defines ``check`` (a small pure function over one resource or one template)
and ``RULE`` (its ID, severity, title and AWS link). Add a module, then add it here.
"""

from __future__ import annotations

from .._finding import Rule
from . import (
    fed_cognito_without_aud_amr,
    fed_missing_audience,
    fed_saml_audience_not_sign_in,
    fed_saml_without_audience,
    fed_set_operator_on_single_value,
    fed_shared_issuer_without_sub,
    fed_wildcard_subject,
    fed_wrong_action,
    iam_access_key,
    iam_assume_root_without_task_policy,
    iam_console_password,
    iam_pass_or_assume_role_on_any,
    iam_privilege_escalation,
    iam_unrestricted_web_identity_token,
    limit_inline_policy_total,
    limit_managed_policies_attached,
    limit_managed_policy_size,
    limit_max_session_duration,
    limit_names,
    limit_oidc_provider,
    limit_path,
    limit_stack_resources,
    limit_stack_sections,
    limit_template_body_size,
    limit_template_size,
    limit_trust_policy_size,
    read_identity_policy,
    read_template,
    read_trust_policy,
    trust_any_principal,
    trust_confused_deputy_service,
    trust_malformed_external_id,
    trust_malformed_service_principal,
    trust_mfa_not_required,
    trust_non_sts_action,
    trust_not_principal,
    trust_outside_account_without_external_id,
    trust_pod_identity_without_tags,
    trust_privileged_role_for_others,
    trust_roles_anywhere_any_anchor,
)

__all__ = ["RULES", "rule_by_id"]


_FAMILIES = ("STS-READ", "STS-FED", "STS-TRUST", "STS-IAM", "STS-LIMIT")


def _order(rule: Rule) -> tuple[int, int]:
    family = rule.id.rstrip("0123456789")
    return _FAMILIES.index(family), int(rule.id[len(family) :])


RULES: tuple[Rule, ...] = tuple(
    sorted(
        (
            fed_shared_issuer_without_sub.RULE,
            fed_wildcard_subject.RULE,
            fed_missing_audience.RULE,
            fed_set_operator_on_single_value.RULE,
            fed_cognito_without_aud_amr.RULE,
            fed_saml_without_audience.RULE,
            fed_wrong_action.RULE,
            fed_saml_audience_not_sign_in.RULE,
            trust_any_principal.RULE,
            trust_outside_account_without_external_id.RULE,
            trust_roles_anywhere_any_anchor.RULE,
            trust_pod_identity_without_tags.RULE,
            trust_malformed_external_id.RULE,
            trust_mfa_not_required.RULE,
            trust_not_principal.RULE,
            trust_non_sts_action.RULE,
            trust_confused_deputy_service.RULE,
            trust_malformed_service_principal.RULE,
            trust_privileged_role_for_others.RULE,
            iam_pass_or_assume_role_on_any.RULE,
            iam_privilege_escalation.RULE,
            iam_assume_root_without_task_policy.RULE,
            iam_unrestricted_web_identity_token.RULE,
            iam_access_key.RULE,
            iam_console_password.RULE,
            limit_trust_policy_size.RULE,
            limit_managed_policy_size.RULE,
            limit_inline_policy_total.RULE,
            limit_managed_policies_attached.RULE,
            limit_names.RULE,
            limit_path.RULE,
            limit_max_session_duration.RULE,
            limit_stack_resources.RULE,
            limit_stack_sections.RULE,
            limit_template_size.RULE,
            limit_template_body_size.RULE,
            limit_oidc_provider.RULE,
            read_trust_policy.RULE,
            read_identity_policy.RULE,
            read_template.RULE,
        ),
        key=_order,
    )
)

_BY_ID = {rule.id: rule for rule in RULES}


def rule_by_id(rule_id: str) -> Rule:
    """Return the rule with ``rule_id`` (``KeyError`` naming the known IDs if there is none)."""
    try:
        return _BY_ID[rule_id]
    except KeyError:
        raise KeyError(f"{rule_id!r} is not a rule; known: {', '.join(_BY_ID)}") from None
