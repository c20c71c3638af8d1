"""The evaluation-case table: each case cites the AWS page its expected decision comes from."""

from __future__ import annotations

from typing import Any

import pytest

from sts_constructs.evaluator import Request, decide_sts, evaluate

from .policies import allow, deny, doc, trust

_IAM = "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
EVAL = _IAM + "reference_policies_evaluation-logic.html"
BASICS = _IAM + "reference_policies_evaluation-logic_policy-eval-basics.html"
DENYALLOW = _IAM + "reference_policies_evaluation-logic_policy-eval-denyallow.html"
XACCT = _IAM + "reference_policies_evaluation-logic-cross-account.html"
OPS = _IAM + "reference_policies_elements_condition_operators.html"
STRING = OPS + "#Conditions_String"
NUMERIC = OPS + "#Conditions_Numeric"
DATE = OPS + "#Conditions_Date"
BOOL = OPS + "#Conditions_Boolean"
BINARY = OPS + "#Conditions_BinaryEquals"
IP = OPS + "#Conditions_IPAddress"
ARN = OPS + "#Conditions_ARN"
IFEXISTS = OPS + "#Conditions_IfExists"
NULL = OPS + "#Conditions_Null"
MULTIKEY = _IAM + "reference_policies_condition-single-vs-multi-valued-context-keys.html"
MULTICOND = _IAM + "reference_policies_multi-value-conditions.html"
VARIABLES = _IAM + "reference_policies_variables.html"
PRINCIPAL = _IAM + "reference_policies_elements_principal.html"
NOTPRINCIPAL = _IAM + "reference_policies_elements_notprincipal.html"
ACTION = _IAM + "reference_policies_elements_action.html"
NOTACTION = _IAM + "reference_policies_elements_notaction.html"
RESOURCE = _IAM + "reference_policies_elements_resource.html"
NOTRESOURCE = _IAM + "reference_policies_elements_notresource.html"
BOUNDARY = _IAM + "access_policies_boundaries.html"
SESSION = _IAM + "access_policies.html#policies_session"
CHAINING = _IAM + "id_roles_terms-and-concepts.html#iam-term-role-chaining"
ASSUME_API = "https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html"
FEDTOKEN_API = "https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html"
TRUST = _IAM + "id_roles_create_for-user.html"
WEBID = _IAM + "reference_policies_iam-condition-keys.html#condition-keys-wif"
SAMLKEYS = _IAM + "reference_policies_iam-condition-keys.html#condition-keys-saml"
TAGS = _IAM + "id_session-tags.html"
SOURCEID = _IAM + "id_credentials_temp_control-access_monitor.html"
SCP = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html"
MANAGED = _IAM + "access_policies_managed-vs-inline.html#aws-managed-policies"
ORG_ID = _IAM + "reference_policies_condition-keys.html#condition-keys-principalorgid"

ALICE = "arn:aws:iam::111111111111:user/alice"
BOB = "arn:aws:iam::222222222222:user/bob"
ROLE = "arn:aws:iam::111111111111:role/Target"
SESSION_ARN = "arn:aws:sts::111111111111:assumed-role/Source/s1"
OBJECT = "arn:aws:s3:::bucket/key"
GITHUB = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"
SAML_IDP = "arn:aws:iam::111111111111:saml-provider/Corp"


ABSENT = object()

# --- Condition operators: (source, operator, policy value(s), request value(s), allowed) ---
OPERATOR_CASES: list[tuple[str, str, Any, Any, bool]] = [
    (STRING, "StringEquals", "dev", "dev", True),
    (STRING, "StringEquals", "dev", "Dev", False),
    (STRING, "StringEquals", ["dev", "prod"], "prod", True),
    (STRING, "StringEquals", "dev", ABSENT, False),
    (STRING, "StringEquals", "d*", "dev", False),
    (STRING, "StringNotEquals", "dev", "prod", True),
    (STRING, "StringNotEquals", "dev", "dev", False),
    (STRING, "StringNotEquals", ["dev", "prod"], "prod", False),
    (STRING, "StringNotEquals", "dev", ABSENT, True),
    (STRING, "StringEqualsIgnoreCase", "dev", "DEV", True),
    (STRING, "StringEqualsIgnoreCase", "dev", "prod", False),
    (STRING, "StringNotEqualsIgnoreCase", "dev", "DEV", False),
    (STRING, "StringNotEqualsIgnoreCase", "dev", "prod", True),
    (STRING, "StringLike", "repo:o/r:*", "repo:o/r:ref:refs/heads/main", True),
    (STRING, "StringLike", "repo:o/r:*", "repo:o/other:ref:refs/heads/main", False),
    (STRING, "StringLike", "a?c", "abc", True),
    (STRING, "StringLike", "a?c", "abbc", False),
    (STRING, "StringLike", "[ab]", "a", False),
    (STRING, "StringLike", "[ab]", "[ab]", True),
    (STRING, "StringLike", "*", ABSENT, False),
    (STRING, "StringNotLike", "repo:o/*", "repo:x/y", True),
    (STRING, "StringNotLike", "repo:o/*", "repo:o/y", False),
    (STRING, "StringNotLike", "repo:o/*", ABSENT, True),
    (NUMERIC, "NumericEquals", "10", "10", True),
    (NUMERIC, "NumericEquals", "10", "10.0", True),
    (NUMERIC, "NumericEquals", "10", "11", False),
    (NUMERIC, "NumericEquals", "10", "ten", False),
    (NUMERIC, "NumericNotEquals", "10", "11", True),
    (NUMERIC, "NumericNotEquals", "10", "10", False),
    (NUMERIC, "NumericLessThan", "3600", "3599", True),
    (NUMERIC, "NumericLessThan", "3600", "3600", False),
    (NUMERIC, "NumericLessThanEquals", "3600", "3600", True),
    (NUMERIC, "NumericLessThanEquals", "3600", "3601", False),
    (NUMERIC, "NumericGreaterThan", "3600", "3601", True),
    (NUMERIC, "NumericGreaterThan", "3600", "3600", False),
    (NUMERIC, "NumericGreaterThanEquals", "3600", "3600", True),
    (NUMERIC, "NumericGreaterThanEquals", "3600", "10", False),
    (NUMERIC, "NumericLessThan", "3600", ABSENT, False),
    (DATE, "DateLessThan", "2030-01-01T00:00:00Z", "2026-11-30T12:00:00Z", True),
    (DATE, "DateLessThan", "2020-01-01T00:00:00Z", "2026-11-30T12:00:00Z", False),
    (DATE, "DateGreaterThan", "2020-01-01T00:00:00Z", "2026-11-30T12:00:00Z", True),
    (DATE, "DateGreaterThanEquals", "2026-11-30T12:00:00Z", "2026-11-30T12:00:00Z", True),
    (DATE, "DateLessThanEquals", "2026-11-30T11:59:59Z", "2026-11-30T12:00:00Z", False),
    (DATE, "DateEquals", "2026-11-30T12:00:00Z", "2026-11-30T12:00:00+00:00", True),
    (DATE, "DateNotEquals", "2026-11-30T12:00:00Z", "2026-11-30T13:00:00Z", True),
    (DATE, "DateLessThan", "1893456000", "2026-11-30T12:00:00Z", True),  # epoch seconds
    (DATE, "DateLessThan", "2030-01-01", "not a date", False),
    (BOOL, "Bool", "true", True, True),
    (BOOL, "Bool", "true", "true", True),
    (BOOL, "Bool", "true", False, False),
    (BOOL, "Bool", "true", ABSENT, False),
    (BOOL, "Bool", "false", ABSENT, False),
    (BOOL, "Bool", True, "TRUE", True),
    (BINARY, "BinaryEquals", "QmluYXJ5VmFsdWU=", "QmluYXJ5VmFsdWU=", True),
    (BINARY, "BinaryEquals", "QmluYXJ5VmFsdWU=", "b3RoZXI=", False),
    (IP, "IpAddress", "203.0.113.0/24", "203.0.113.7", True),
    (IP, "IpAddress", "203.0.113.0/24", "198.51.100.7", False),
    (IP, "IpAddress", "203.0.113.7", "203.0.113.7", True),
    (IP, "IpAddress", "2001:db8::/32", "2001:db8::1", True),
    (IP, "IpAddress", "203.0.113.0/24", "2001:db8::1", False),
    (IP, "IpAddress", "203.0.113.0/24", ABSENT, False),
    (IP, "NotIpAddress", "203.0.113.0/24", "198.51.100.7", True),
    (IP, "NotIpAddress", "203.0.113.0/24", "203.0.113.7", False),
    (IP, "NotIpAddress", "203.0.113.0/24", ABSENT, True),
    (
        ARN,
        "ArnEquals",
        "arn:aws:iam::111111111111:role/R",
        "arn:aws:iam::111111111111:role/R",
        True,
    ),
    (ARN, "ArnEquals", "arn:aws:iam::*:role/R", "arn:aws:iam::222222222222:role/R", True),
    (
        ARN,
        "ArnLike",
        "arn:aws:iam::111111111111:role/*",
        "arn:aws:iam::111111111111:role/a/b",
        True,
    ),
    (ARN, "ArnLike", "arn:aws:iam::111111111111:role/*", "arn:aws:iam::222222222222:role/a", False),
    (ARN, "ArnLike", "arn:aws:iam::1*:role/x", "arn:aws:iam::111111111111:role/x", True),
    (ARN, "ArnLike", "arn:aws:*", "arn:aws:iam::111111111111:role/x", False),  # 6 parts each
    (ARN, "ArnLike", "arn:aws:iam::111111111111:role/x", "not-an-arn", False),
    (
        ARN,
        "ArnNotEquals",
        "arn:aws:iam::111111111111:role/R",
        "arn:aws:iam::111111111111:role/S",
        True,
    ),
    (
        ARN,
        "ArnNotLike",
        "arn:aws:iam::111111111111:role/*",
        "arn:aws:iam::111111111111:role/S",
        False,
    ),
    (ARN, "ArnNotLike", "arn:aws:iam::111111111111:role/*", ABSENT, True),
    (IFEXISTS, "StringEqualsIfExists", "dev", ABSENT, True),
    (IFEXISTS, "StringEqualsIfExists", "dev", "dev", True),
    (IFEXISTS, "StringEqualsIfExists", "dev", "prod", False),
    (IFEXISTS, "StringLikeIfExists", "d*", ABSENT, True),
    (IFEXISTS, "NumericLessThanIfExists", "3600", ABSENT, True),
    (IFEXISTS, "NumericLessThanIfExists", "3600", "7200", False),
    (IFEXISTS, "BoolIfExists", "true", ABSENT, True),
    (IFEXISTS, "BoolIfExists", "true", False, False),
    (IFEXISTS, "ArnLikeIfExists", "arn:aws:iam::*:role/x", ABSENT, True),
    (IFEXISTS, "IpAddressIfExists", "10.0.0.0/8", "11.0.0.1", False),
    (IFEXISTS, "DateLessThanIfExists", "2030-01-01T00:00:00Z", ABSENT, True),
    (IFEXISTS, "StringNotEqualsIfExists", "dev", ABSENT, True),
    (NULL, "Null", "true", ABSENT, True),
    (NULL, "Null", "true", "x", False),
    (NULL, "Null", "false", "x", True),
    (NULL, "Null", "false", ABSENT, False),
    (MULTIKEY, "ForAllValues:StringEquals", ["a", "b"], ["a"], True),
    (MULTIKEY, "ForAllValues:StringEquals", ["a", "b"], ["a", "b"], True),
    (MULTIKEY, "ForAllValues:StringEquals", ["a", "b"], ["a", "c"], False),
    (MULTIKEY, "ForAllValues:StringEquals", ["a", "b"], [], True),
    (MULTIKEY, "ForAllValues:StringEquals", ["a", "b"], ABSENT, True),
    (MULTIKEY, "ForAnyValue:StringEquals", ["a", "b"], ["c", "a"], True),
    (MULTIKEY, "ForAnyValue:StringEquals", ["a", "b"], ["c"], False),
    (MULTIKEY, "ForAnyValue:StringEquals", ["a", "b"], [], False),
    (MULTIKEY, "ForAnyValue:StringEquals", ["a", "b"], ABSENT, False),
    (MULTIKEY, "ForAnyValue:StringLike", ["auth*"], ["unauthenticated", "authenticated"], True),
    (MULTIKEY, "ForAllValues:StringLike", ["team-*"], ["team-a", "team-b"], True),
    (MULTIKEY, "ForAllValues:StringLike", ["team-*"], ["team-a", "ops"], False),
    (MULTIKEY, "ForAllValues:StringNotEquals", ["admin"], ["a", "b"], True),
    (MULTIKEY, "ForAllValues:StringNotEquals", ["admin"], ["a", "admin"], False),
    (MULTIKEY, "ForAnyValue:StringNotEquals", ["admin"], ["admin", "x"], True),
    (MULTIKEY, "ForAnyValue:StringNotEquals", ["admin"], ["admin"], False),
    (MULTIKEY, "ForAnyValue:StringEqualsIfExists", ["a"], ABSENT, True),
    (MULTICOND, "StringEquals", ["dev", "test", "prod"], "test", True),
    (MULTICOND, "StringNotLike", ["dev*", "test*"], "test-1", False),
    (MULTICOND, "StringNotLike", ["dev*", "test*"], "prod-1", True),
]


@pytest.mark.parametrize(
    ("source", "operator", "values", "request_value", "expected"),
    OPERATOR_CASES,
    ids=[f"{c[1]}-{i}" for i, c in enumerate(OPERATOR_CASES)],
)
def test_condition_operator(
    source: str, operator: str, values: Any, request_value: Any, expected: bool
) -> None:
    policy = doc(allow(Condition={operator: {"test:Key": values}}))
    context = {} if request_value is ABSENT else {"test:Key": request_value}
    decision = evaluate(Request("s3:GetObject", OBJECT, ALICE, context), identity=policy)
    assert decision.allowed is expected, f"{source}: {decision.reason}"
    if not expected:
        assert decision.failed_conditions, source
        assert decision.failed_conditions[0].term.operator == operator


# --- The evaluation flow: (source, evaluate-kwargs, request, expected) ---
def req(
    action: str = "s3:GetObject",
    resource: str = OBJECT,
    principal: str = ALICE,
    *,
    resource_account: str | None = None,
    **context: Any,
) -> Request:
    keys = {k.replace("__", ":"): v for k, v in context.items()}
    return Request(action, resource, principal, keys, resource_account=resource_account)


FlowCase = tuple[str, str, dict[str, Any], Request, bool]


def asked_of(
    source: str, policies: dict[str, Any], *cases: tuple[str, Request, bool]
) -> list[FlowCase]:
    """Return flow cases that ask one set of policies several requests."""
    return [(name, source, policies, request, expected) for name, request, expected in cases]


def grants_to(principal: Any) -> dict[str, Any]:
    """Return a resource policy that allows ``principal`` the request ``req()`` makes."""
    return doc({**allow(), "Principal": principal})


FLOW_CASES: list[FlowCase] = [
    ("default-deny", EVAL, {}, req(), False),
    ("identity-allow", BASICS, {"identity": doc(allow())}, req(), True),
    (
        "identity-allow-json-text",
        BASICS,
        {
            "identity": '{"Version":"2012-10-17",'
            '"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}'
        },
        req(),
        True,
    ),
    ("explicit-deny-wins", DENYALLOW, {"identity": doc(allow(), deny())}, req(), False),
    ("deny-in-other-policy", DENYALLOW, {"identity": [doc(allow()), doc(deny())]}, req(), False),
    (
        "deny-in-resource-policy",
        DENYALLOW,
        {"identity": doc(allow()), "resource": doc({**deny(), "Principal": "*"})},
        req(),
        False,
    ),
    (
        "deny-in-boundary",
        BOUNDARY,
        {"identity": doc(allow()), "boundary": doc(allow("s3:*"), deny())},
        req(),
        False,
    ),
    *asked_of(
        DENYALLOW,
        {"identity": doc(allow(), deny(Condition={"Bool": {"aws:SecureTransport": "false"}}))},
        ("deny-with-failed-condition", req(aws__SecureTransport=True), True),
        ("deny-with-matching-condition", req(aws__SecureTransport=False), False),
    ),
    ("action-wildcard", ACTION, {"identity": doc(allow("s3:Get*"))}, req(), True),
    ("action-case-insensitive", ACTION, {"identity": doc(allow("S3:getobject"))}, req(), True),
    ("action-question-mark", ACTION, {"identity": doc(allow("s3:GetObjec?"))}, req(), True),
    ("action-other-service", ACTION, {"identity": doc(allow("ec2:*"))}, req(), False),
    ("action-list", ACTION, {"identity": doc(allow(["ec2:*", "s3:GetObject"]))}, req(), True),
    (
        "notaction-allows-others",
        NOTACTION,
        {"identity": doc({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"})},
        req(),
        True,
    ),
    (
        "notaction-excludes",
        NOTACTION,
        {"identity": doc({"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"})},
        req(),
        False,
    ),
    (
        "notaction-deny",
        NOTACTION,
        {"identity": doc(allow(), {"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"})},
        req(),
        False,
    ),
    ("resource-exact", RESOURCE, {"identity": doc(allow(resource=OBJECT))}, req(), True),
    (
        "resource-wildcard",
        RESOURCE,
        {"identity": doc(allow(resource="arn:aws:s3:::bucket/*"))},
        req(),
        True,
    ),
    (
        "resource-other",
        RESOURCE,
        {"identity": doc(allow(resource="arn:aws:s3:::other/*"))},
        req(),
        False,
    ),
    (
        "resource-case-sensitive",
        RESOURCE,
        {"identity": doc(allow(resource="arn:aws:s3:::BUCKET/*"))},
        req(),
        False,
    ),
    (
        "notresource",
        NOTRESOURCE,
        {
            "identity": doc(
                {"Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::secret/*"}
            )
        },
        req(),
        True,
    ),
    (
        "notresource-excludes",
        NOTRESOURCE,
        {
            "identity": doc(
                {"Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::bucket/*"}
            )
        },
        req(),
        False,
    ),
    (
        "keys-and",
        MULTICOND,
        {"identity": doc(allow(Condition={"StringEquals": {"a:x": "1", "a:y": "2"}}))},
        req(a__x="1", a__y="3"),
        False,
    ),
    (
        "operators-and",
        MULTICOND,
        {"identity": doc(allow(Condition={"StringEquals": {"a:x": "1"}, "Bool": {"a:y": "true"}}))},
        req(a__x="1", a__y=True),
        True,
    ),
    (
        "key-names-case-insensitive",
        OPS,
        {"identity": doc(allow(Condition={"StringEquals": {"AWS:PrincipalTag/Team": "data"}}))},
        Request("s3:GetObject", OBJECT, ALICE, {"aws:principaltag/team": "data"}),
        True,
    ),
    (
        "values-case-sensitive",
        OPS,
        {"identity": doc(allow(Condition={"StringEquals": {"aws:PrincipalTag/team": "Data"}}))},
        req(**{"aws__PrincipalTag/team": "data"}),
        False,
    ),
    *asked_of(
        VARIABLES,
        {"identity": doc(allow(resource="arn:aws:s3:::bucket/${aws:username}/*"))},
        ("variable-username", req(resource="arn:aws:s3:::bucket/alice/f"), True),
        ("variable-username-other", req(resource="arn:aws:s3:::bucket/bob/f"), False),
    ),
    (
        "variable-old-version-literal",
        VARIABLES,
        {
            "identity": doc(
                allow(resource="arn:aws:s3:::bucket/${aws:username}/*"), version="2008-10-17"
            )
        },
        req(resource="arn:aws:s3:::bucket/alice/f"),
        False,
    ),
    *asked_of(
        VARIABLES,
        {
            "identity": doc(
                allow(
                    Condition={"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}}
                )
            )
        },
        (
            "variable-principal-tag",
            req(**{"aws__ResourceTag/team": "data", "aws__PrincipalTag/team": "data"}),
            True,
        ),
        ("variable-missing-no-default", req(**{"aws__ResourceTag/team": "data"}), False),
    ),
    (
        "variable-default",
        VARIABLES,
        {
            "identity": doc(
                allow(
                    Condition={
                        "StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team, 'none'}"}
                    }
                )
            )
        },
        req(**{"aws__ResourceTag/team": "none"}),
        True,
    ),
    *asked_of(
        VARIABLES,
        {"identity": doc(allow(resource="arn:aws:s3:::bucket/${*}"))},
        ("variable-special-chars", req(resource="arn:aws:s3:::bucket/*"), True),
        ("variable-special-literal-star", req(resource="arn:aws:s3:::bucket/key"), False),
    ),
    (
        "boundary-allows",
        BOUNDARY,
        {"identity": doc(allow()), "boundary": doc(allow("s3:*"))},
        req(),
        True,
    ),
    (
        "boundary-implicit-deny",
        BOUNDARY,
        {"identity": doc(allow()), "boundary": doc(allow("ec2:*"))},
        req(),
        False,
    ),
    ("boundary-alone-grants-nothing", BOUNDARY, {"boundary": doc(allow("s3:*"))}, req(), False),
    (
        "boundary-does-not-limit-resource-grant-to-user",
        BOUNDARY,
        {
            "resource": grants_to({"AWS": ALICE}),
            "boundary": doc(allow("ec2:*")),
        },
        req(),
        True,
    ),
    (
        "boundary-limits-resource-grant-to-role",
        BOUNDARY,
        {
            "resource": grants_to({"AWS": "arn:aws:iam::111111111111:role/Source"}),
            "boundary": doc(allow("ec2:*")),
        },
        req(principal=SESSION_ARN),
        False,
    ),
    (
        "resource-grant-to-role-no-boundary",
        BASICS,
        {"resource": grants_to({"AWS": "arn:aws:iam::111111111111:role/Source"})},
        req(principal=SESSION_ARN),
        True,
    ),
    (
        "resource-grant-to-session-arn",
        SESSION,
        {
            "resource": grants_to({"AWS": SESSION_ARN}),
            "session": doc(allow("ec2:*")),
        },
        req(principal=SESSION_ARN),
        True,
    ),
    (
        "session-policy-limits",
        SESSION,
        {"identity": doc(allow()), "session": doc(allow("ec2:*"))},
        req(principal=SESSION_ARN),
        False,
    ),
    (
        "session-policy-allows",
        SESSION,
        {"identity": doc(allow()), "session": doc(allow("s3:Get*"))},
        req(principal=SESSION_ARN),
        True,
    ),
    (
        "session-policy-alone",
        SESSION,
        {"session": doc(allow("s3:*"))},
        req(principal=SESSION_ARN),
        False,
    ),
    (
        "resource-policy-same-account-user",
        BASICS,
        {"resource": grants_to({"AWS": ALICE})},
        req(),
        True,
    ),
    (
        "resource-policy-account-delegates",
        BASICS,
        {"resource": grants_to({"AWS": "111111111111"})},
        req(resource_account="111111111111"),
        False,
    ),
    (
        "resource-policy-account-and-identity",
        BASICS,
        {
            "resource": grants_to({"AWS": "111111111111"}),
            "identity": doc(allow()),
        },
        req(resource_account="111111111111"),
        True,
    ),
    (
        "resource-policy-other-principal",
        PRINCIPAL,
        {"resource": grants_to({"AWS": BOB})},
        req(),
        False,
    ),
    (
        "cross-account-both-halves",
        XACCT,
        {"identity": doc(allow()), "resource": grants_to({"AWS": BOB})},
        req(principal=BOB, resource_account="111111111111"),
        True,
    ),
    (
        "cross-account-resource-only",
        XACCT,
        {"resource": grants_to({"AWS": BOB})},
        req(principal=BOB, resource_account="111111111111"),
        False,
    ),
    (
        "cross-account-identity-only",
        XACCT,
        {"identity": doc(allow())},
        req(principal=BOB, resource_account="111111111111"),
        False,
    ),
    (
        "cross-account-root-principal",
        XACCT,
        {
            "identity": doc(allow()),
            "resource": grants_to({"AWS": "arn:aws:iam::222222222222:root"}),
        },
        req(principal=BOB, resource_account="111111111111"),
        True,
    ),
    ("star-principal", PRINCIPAL, {"resource": grants_to("*")}, req(), True),
    (
        "aws-star-principal",
        PRINCIPAL,
        {"resource": grants_to({"AWS": "*"})},
        req(),
        True,
    ),
    (
        "service-principal",
        PRINCIPAL,
        {"resource": grants_to({"Service": "cloudtrail.amazonaws.com"})},
        req(principal="cloudtrail.amazonaws.com"),
        True,
    ),
    (
        "service-principal-other",
        PRINCIPAL,
        {"resource": grants_to({"Service": "ec2.amazonaws.com"})},
        req(principal="cloudtrail.amazonaws.com"),
        False,
    ),
    (
        "notprincipal-excludes",
        NOTPRINCIPAL,
        {"resource": doc({**allow(), "NotPrincipal": {"AWS": ALICE}})},
        req(),
        False,
    ),
    (
        "notprincipal-others",
        NOTPRINCIPAL,
        {"resource": doc({**allow(), "NotPrincipal": {"AWS": BOB}})},
        req(),
        True,
    ),
    (
        "notprincipal-deny",
        NOTPRINCIPAL,
        {"identity": doc(allow()), "resource": doc({**deny(), "NotPrincipal": {"AWS": BOB}})},
        req(),
        False,
    ),
    ("scp-allows", SCP, {"identity": doc(allow()), "scps": [doc(allow("*"))]}, req(), True),
    (
        "scp-implicit-deny",
        SCP,
        {"identity": doc(allow()), "scps": [doc(allow("ec2:*"))]},
        req(),
        False,
    ),
    (
        "scp-every-level",
        SCP,
        {"identity": doc(allow()), "scps": [doc(allow("*")), doc(allow("ec2:*"))]},
        req(),
        False,
    ),
    (
        "scp-deny",
        SCP,
        {"identity": doc(allow()), "scps": [doc(allow("*"), deny("s3:*"))]},
        req(),
        False,
    ),
    ("managed-policy-by-name", MANAGED, {"identity": "AmazonS3ReadOnlyAccess"}, req(), True),
    (
        "managed-policy-by-arn",
        MANAGED,
        {"identity": "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"},
        req(action="s3:PutObject"),
        False,
    ),
    (
        "principal-keys-set",
        _IAM + "reference_policies_condition-keys.html#condition-keys-principalarn",
        {
            "identity": doc(
                allow(
                    Condition={
                        "ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::111111111111:role/Source"}
                    }
                )
            )
        },
        req(principal=SESSION_ARN),
        True,
    ),
    (
        "principal-type-user",
        _IAM + "reference_policies_condition-keys.html#condition-keys-principaltype",
        {"identity": doc(allow(Condition={"StringEquals": {"aws:PrincipalType": "User"}}))},
        req(),
        True,
    ),
    (
        "principal-account",
        _IAM + "reference_policies_condition-keys.html#condition-keys-principalaccount",
        {
            "identity": doc(
                allow(Condition={"StringEquals": {"aws:PrincipalAccount": "222222222222"}})
            )
        },
        req(),
        False,
    ),
    (
        "unknown-operator-fails",
        OPS,
        {"identity": doc(allow(Condition={"StringEqual": {"a:x": "1"}}))},
        req(a__x="1"),
        False,
    ),
    (
        "effect-misspelled",
        EVAL,
        {"identity": doc({"Effect": "allow", "Action": "*", "Resource": "*"})},
        req(),
        False,
    ),
]


@pytest.mark.parametrize(
    ("source", "kwargs", "request_", "expected"),
    [c[1:] for c in FLOW_CASES],
    ids=[c[0] for c in FLOW_CASES],
)
def test_evaluation_flow(
    source: str, kwargs: dict[str, Any], request_: Request, expected: bool
) -> None:
    decision = evaluate(request_, **kwargs)
    assert decision.allowed is expected, f"{source}: {decision.reason}"
    assert decision.reason
    if expected:
        assert decision.allowed_by
    elif decision.effect == "ExplicitDeny":
        assert decision.denied_by


# --- STS calls: (id, source, decide_sts kwargs, expected allowed, expected missing) ---
ASSUME_GRANT = doc(allow("sts:AssumeRole", ROLE))
StsCase = tuple[str, str, dict[str, Any], bool, str | None]


def calls_to(
    source: str, shared: dict[str, Any], *cases: tuple[str, dict[str, Any], bool, str | None]
) -> list[StsCase]:
    """Return STS cases that share ``shared`` (caller, trust...), each with its own parameters."""
    return [(name, source, {**shared, **own}, ok, missing) for name, own, ok, missing in cases]


STS_CASES: list[StsCase] = [
    (
        "same-account-trust-names-user",
        TRUST,
        {"caller": ALICE, "trust_policy": trust({"AWS": ALICE})},
        True,
        None,
    ),
    (
        "same-account-trust-names-root-no-grant",
        TRUST,
        {"caller": ALICE, "trust_policy": trust({"AWS": "arn:aws:iam::111111111111:root"})},
        False,
        "grant",
    ),
    (
        "same-account-trust-names-root-with-grant",
        TRUST,
        {
            "caller": ALICE,
            "trust_policy": trust({"AWS": "arn:aws:iam::111111111111:root"}),
            "identity": ASSUME_GRANT,
        },
        True,
        None,
    ),
    (
        "same-account-trust-names-account-id",
        TRUST,
        {"caller": ALICE, "trust_policy": trust({"AWS": "111111111111"}), "identity": ASSUME_GRANT},
        True,
        None,
    ),
    (
        "same-account-grant-without-trust",
        TRUST,
        {
            "caller": ALICE,
            "trust_policy": trust({"AWS": "arn:aws:iam::111111111111:user/carol"}),
            "identity": ASSUME_GRANT,
        },
        False,
        "trust",
    ),
    (
        "same-account-nothing",
        TRUST,
        {"caller": ALICE, "trust_policy": trust({"AWS": "arn:aws:iam::111111111111:user/carol"})},
        False,
        "both",
    ),
    (
        "cross-account-both",
        XACCT,
        {"caller": BOB, "trust_policy": trust({"AWS": "222222222222"}), "identity": ASSUME_GRANT},
        True,
        None,
    ),
    (
        "cross-account-trust-names-user-no-grant",
        XACCT,
        {"caller": BOB, "trust_policy": trust({"AWS": BOB})},
        False,
        "grant",
    ),
    (
        "cross-account-grant-only",
        XACCT,
        {"caller": BOB, "trust_policy": trust({"AWS": "333333333333"}), "identity": ASSUME_GRANT},
        False,
        "trust",
    ),
    (
        "cross-account-grant-other-role",
        XACCT,
        {
            "caller": BOB,
            "trust_policy": trust({"AWS": BOB}),
            "identity": doc(allow("sts:AssumeRole", "arn:aws:iam::111111111111:role/Other")),
        },
        False,
        "grant",
    ),
    (
        "cross-account-grant-wildcard-role",
        XACCT,
        {
            "caller": BOB,
            "trust_policy": trust({"AWS": BOB}),
            "identity": doc(allow("sts:AssumeRole", "arn:aws:iam::*:role/*")),
        },
        True,
        None,
    ),
    *calls_to(
        ASSUME_API,
        {
            "caller": BOB,
            "trust_policy": trust(
                {"AWS": "222222222222"}, Condition={"StringEquals": {"sts:ExternalId": "partner-7"}}
            ),
            "identity": ASSUME_GRANT,
        },
        ("external-id-required-missing", {}, False, "trust"),
        ("external-id-given", {"external_id": "partner-7"}, True, None),
        ("external-id-wrong", {"external_id": "partner-8"}, False, "trust"),
    ),
    *calls_to(
        TRUST,
        {
            "caller": ALICE,
            "trust_policy": trust(
                {"AWS": ALICE}, Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}}
            ),
        },
        ("mfa-required-absent", {}, False, "trust"),
        ("mfa-required-present", {"context": {"aws:MultiFactorAuthPresent": True}}, True, None),
    ),
    (
        "mfa-age",
        TRUST,
        {
            "caller": ALICE,
            "trust_policy": trust(
                {"AWS": ALICE}, Condition={"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}
            ),
            "context": {"aws:MultiFactorAuthAge": 7200},
        },
        False,
        "trust",
    ),
    (
        "deny-in-trust",
        DENYALLOW,
        {
            "caller": ALICE,
            "trust_policy": doc(
                {"Effect": "Allow", "Principal": {"AWS": ALICE}, "Action": "sts:AssumeRole"},
                {"Effect": "Deny", "Principal": {"AWS": ALICE}, "Action": "sts:AssumeRole"},
            ),
        },
        False,
        None,
    ),
    (
        "deny-in-caller-policy",
        DENYALLOW,
        {"caller": ALICE, "trust_policy": trust({"AWS": ALICE}), "identity": doc(deny("sts:*"))},
        False,
        None,
    ),
    (
        "chained-session",
        CHAINING,
        {
            "caller": SESSION_ARN,
            "trust_policy": trust({"AWS": "arn:aws:iam::111111111111:role/Source"}),
        },
        True,
        None,
    ),
    (
        "chained-session-from-account-trust",
        CHAINING,
        {
            "caller": SESSION_ARN,
            "trust_policy": trust({"AWS": "111111111111"}),
            "identity": ASSUME_GRANT,
        },
        True,
        None,
    ),
    (
        "trust-names-other-role",
        TRUST,
        {
            "caller": SESSION_ARN,
            "trust_policy": trust({"AWS": "arn:aws:iam::111111111111:role/Other"}),
        },
        False,
        "both",
    ),
    (
        "web-identity-sub",
        WEBID,
        {
            "action": "sts:AssumeRoleWithWebIdentity",
            "caller": GITHUB,
            "trust_policy": trust(
                {"Federated": GITHUB},
                "sts:AssumeRoleWithWebIdentity",
                Condition={
                    "StringEquals": {
                        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com"
                    },
                    "StringLike": {"token.actions.githubusercontent.com:sub": "repo:o/r:*"},
                },
            ),
            "context": {
                "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                "token.actions.githubusercontent.com:sub": "repo:o/r:ref:refs/heads/main",
            },
        },
        True,
        None,
    ),
    (
        "web-identity-other-repo",
        WEBID,
        {
            "action": "sts:AssumeRoleWithWebIdentity",
            "caller": GITHUB,
            "trust_policy": trust(
                {"Federated": GITHUB},
                "sts:AssumeRoleWithWebIdentity",
                Condition={"StringLike": {"token.actions.githubusercontent.com:sub": "repo:o/r:*"}},
            ),
            "context": {"token.actions.githubusercontent.com:sub": "repo:o/x:ref:refs/heads/main"},
        },
        False,
        "trust",
    ),
    (
        "web-identity-wrong-action",
        WEBID,
        {
            "action": "sts:AssumeRoleWithWebIdentity",
            "caller": GITHUB,
            "trust_policy": trust({"Federated": GITHUB}),
        },
        False,
        "trust",
    ),
    (
        "web-identity-needs-no-grant",
        WEBID,
        {
            "action": "sts:AssumeRoleWithWebIdentity",
            "caller": GITHUB,
            "trust_policy": trust({"Federated": GITHUB}, "sts:AssumeRoleWithWebIdentity"),
        },
        True,
        None,
    ),
    (
        "web-identity-legacy-cognito",
        WEBID,
        {
            "action": "sts:AssumeRoleWithWebIdentity",
            "caller": "cognito-identity.amazonaws.com",
            "trust_policy": trust(
                {"Federated": "cognito-identity.amazonaws.com"},
                "sts:AssumeRoleWithWebIdentity",
                Condition={
                    "StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:pool"},
                    "ForAnyValue:StringLike": {
                        "cognito-identity.amazonaws.com:amr": "authenticated"
                    },
                },
            ),
            "context": {
                "cognito-identity.amazonaws.com:aud": "us-east-1:pool",
                "cognito-identity.amazonaws.com:amr": ["authenticated", "graph.facebook.com"],
            },
        },
        True,
        None,
    ),
    (
        "web-identity-cognito-unauthenticated",
        WEBID,
        {
            "action": "sts:AssumeRoleWithWebIdentity",
            "caller": "cognito-identity.amazonaws.com",
            "trust_policy": trust(
                {"Federated": "cognito-identity.amazonaws.com"},
                "sts:AssumeRoleWithWebIdentity",
                Condition={
                    "ForAnyValue:StringLike": {
                        "cognito-identity.amazonaws.com:amr": "authenticated"
                    }
                },
            ),
            "context": {"cognito-identity.amazonaws.com:amr": ["unauthenticated"]},
        },
        False,
        "trust",
    ),
    (
        "saml-aud",
        SAMLKEYS,
        {
            "action": "sts:AssumeRoleWithSAML",
            "caller": SAML_IDP,
            "trust_policy": trust(
                {"Federated": SAML_IDP},
                "sts:AssumeRoleWithSAML",
                Condition={"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}},
            ),
            "context": {"SAML:aud": "https://signin.aws.amazon.com/saml"},
        },
        True,
        None,
    ),
    (
        "saml-other-provider",
        SAMLKEYS,
        {
            "action": "sts:AssumeRoleWithSAML",
            "caller": "arn:aws:iam::111111111111:saml-provider/Other",
            "trust_policy": trust({"Federated": SAML_IDP}, "sts:AssumeRoleWithSAML"),
        },
        False,
        "trust",
    ),
    (
        "user-cannot-call-web-identity",
        WEBID,
        {
            "action": "sts:AssumeRoleWithWebIdentity",
            "caller": ALICE,
            "trust_policy": trust({"AWS": ALICE}),
        },
        False,
        None,
    ),
    (
        "tags-need-tag-session",
        TAGS,
        {"caller": ALICE, "trust_policy": trust({"AWS": ALICE}), "session_tags": {"team": "data"}},
        False,
        "trust",
    ),
    (
        "tags-with-tag-session",
        TAGS,
        {
            "caller": ALICE,
            "trust_policy": trust({"AWS": ALICE}, ["sts:AssumeRole", "sts:TagSession"]),
            "session_tags": {"team": "data"},
        },
        True,
        None,
    ),
    (
        "tag-keys-restricted",
        TAGS,
        {
            "caller": ALICE,
            "trust_policy": trust(
                {"AWS": ALICE},
                ["sts:AssumeRole", "sts:TagSession"],
                Condition={"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}},
            ),
            "session_tags": {"team": "data", "admin": "yes"},
        },
        False,
        "trust",
    ),
    (
        "request-tag-value",
        TAGS,
        {
            "caller": ALICE,
            "trust_policy": trust(
                {"AWS": ALICE},
                ["sts:AssumeRole", "sts:TagSession"],
                Condition={"StringEquals": {"aws:RequestTag/team": "data"}},
            ),
            "session_tags": {"team": "data"},
        },
        True,
        None,
    ),
    (
        "source-identity-needs-permission",
        SOURCEID,
        {"caller": ALICE, "trust_policy": trust({"AWS": ALICE}), "source_identity": "alice"},
        False,
        "trust",
    ),
    *calls_to(
        SOURCEID,
        {
            "caller": ALICE,
            "trust_policy": trust(
                {"AWS": ALICE},
                ["sts:AssumeRole", "sts:SetSourceIdentity"],
                Condition={"StringLike": {"sts:SourceIdentity": "${aws:username}"}},
            ),
        },
        ("source-identity-allowed", {"source_identity": "alice"}, True, None),
        ("source-identity-mismatch", {"source_identity": "mallory"}, False, "trust"),
    ),
    (
        "root-cannot-assume",
        ASSUME_API,
        {
            "caller": "arn:aws:iam::111111111111:root",
            "trust_policy": trust({"AWS": "111111111111"}),
        },
        False,
        None,
    ),
    (
        "role-session-name-condition",
        ASSUME_API,
        {
            "caller": ALICE,
            "trust_policy": trust(
                {"AWS": ALICE},
                Condition={"StringEquals": {"sts:RoleSessionName": "${aws:username}"}},
            ),
            "role_session_name": "alice",
        },
        True,
        None,
    ),
    (
        "service-principal-assume",
        TRUST,
        {"caller": "ec2.amazonaws.com", "trust_policy": trust({"Service": "ec2.amazonaws.com"})},
        False,
        None,
    ),
    *calls_to(
        ORG_ID,
        {
            "caller": BOB,
            "trust_policy": trust(
                {"AWS": "*"}, Condition={"StringEquals": {"aws:PrincipalOrgID": "o-abcdefghij"}}
            ),
            "identity": ASSUME_GRANT,
        },
        ("principal-org-id", {"context": {"aws:PrincipalOrgID": "o-abcdefghij"}}, True, None),
        ("principal-org-id-outside", {}, False, "trust"),
    ),
]


@pytest.mark.parametrize(
    ("source", "kwargs", "expected", "missing"),
    [c[1:] for c in STS_CASES],
    ids=[c[0] for c in STS_CASES],
)
def test_sts_call(source: str, kwargs: dict[str, Any], expected: bool, missing: str | None) -> None:
    arguments = {"action": "sts:AssumeRole", "role_arn": ROLE, **kwargs}
    action = arguments.pop("action")
    decision = decide_sts(action, **arguments)
    assert decision.allowed is expected, f"{source}: {decision.reason}"
    assert decision.missing == missing, f"{source}: {decision.reason}"
    assert decision.error_code == (None if expected else "AccessDenied")


def test_at_least_150_cases() -> None:
    assert len(OPERATOR_CASES) + len(FLOW_CASES) + len(STS_CASES) >= 150


@pytest.mark.parametrize(
    ("caller", "duration", "role_max", "allowed", "maximum"),
    [
        (ALICE, 3600, 3600, True, 3600),
        (ALICE, 43200, 43200, True, 43200),
        (ALICE, 43201, 43200, False, 43200),
        (ALICE, 899, 3600, False, 3600),
        (SESSION_ARN, 3600, 43200, True, 3600),  # role chaining: at most 1 hour
        (SESSION_ARN, 3601, 43200, False, 3600),
    ],
)
def test_session_length(
    caller: str, duration: int, role_max: int, allowed: bool, maximum: int
) -> None:
    # CHAINING and ASSUME_API: DurationSeconds 900 to MaxSessionDuration, 1 h when chained.
    policy = trust({"AWS": [ALICE, "arn:aws:iam::111111111111:role/Source"]})
    decision = decide_sts(
        "sts:AssumeRole",
        caller=caller,
        role_arn=ROLE,
        trust_policy=policy,
        duration_seconds=duration,
        role_max_session_seconds=role_max,
    )
    assert decision.allowed is allowed
    assert decision.max_session_seconds == maximum
    assert decision.error_code == (None if allowed else "ValidationError")
    if caller == SESSION_ARN and not allowed:
        assert "role chaining caps sessions at 1 hour" in decision.reason


@pytest.mark.parametrize(("duration", "allowed"), [(3600, True), (3601, False), (43200, False)])
def test_session_length_with_get_session_token_credentials(duration: int, allowed: bool) -> None:
    # https://repost.aws/knowledge-center/iam-role-chaining-limit: a user who assumes a role
    # with GetSessionToken credentials (the CLI's MFA pattern) gets at most 1 hour.
    decision = decide_sts(
        "sts:AssumeRole",
        caller=ALICE,
        role_arn=ROLE,
        trust_policy=trust({"AWS": ALICE}),
        duration_seconds=duration,
        role_max_session_seconds=43200,
        temporary_credentials=True,
    )
    assert decision.allowed is allowed
    assert decision.max_session_seconds == 3600
    assert decision.chained


def test_get_federation_token() -> None:
    # FEDTOKEN_API: the user's identity policy must allow sts:GetFederationToken.
    policy = doc(allow("sts:GetFederationToken", "arn:aws:sts::111111111111:federated-user/*"))
    allowed = decide_sts(
        "sts:GetFederationToken", caller=ALICE, identity=policy, federated_user_name="app"
    )
    assert allowed.allowed and allowed.max_session_seconds == 129_600
    denied = decide_sts("sts:GetFederationToken", caller=ALICE, federated_user_name="app")
    assert not denied.allowed and denied.missing == "grant"
    session = decide_sts("sts:GetFederationToken", caller=SESSION_ARN, identity=policy)
    assert not session.allowed and "cannot be called by a AssumedRole" in session.reason
