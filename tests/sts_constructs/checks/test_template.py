"""Loading templates: JSON, YAML short forms, and one-line reasons for what cannot be read."""

from __future__ import annotations

from pathlib import Path

import pytest

from sts_constructs.checks import TemplateError, load_template, parse_template

YAML = """\
AWSTemplateFormatVersion: 2010-09-09
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub "${AWS::StackName}-deploy"
      AssumeRolePolicyDocument:
        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Principal:
              AWS: !GetAtt Other.Arn
              Federated: !Ref Provider
            Action: !If [IsProd, sts:AssumeRole, !Join ["", [sts, ":AssumeRole"]]]
Conditions:
  IsProd: !Equals [!Ref Env, prod]
"""


def test_yaml_short_forms_become_long_forms() -> None:
    template = parse_template(YAML)
    props = template["Resources"]["Role"]["Properties"]
    statement = props["AssumeRolePolicyDocument"]["Statement"][0]
    assert props["RoleName"] == {"Fn::Sub": "${AWS::StackName}-deploy"}
    assert statement["Principal"] == {
        "AWS": {"Fn::GetAtt": ["Other", "Arn"]},
        "Federated": {"Ref": "Provider"},
    }
    assert statement["Action"] == {
        "Fn::If": ["IsProd", "sts:AssumeRole", {"Fn::Join": ["", ["sts", ":AssumeRole"]]}]
    }
    assert template["Conditions"]["IsProd"] == {"Fn::Equals": [{"Ref": "Env"}, "prod"]}


def test_yaml_dates_stay_strings() -> None:
    template = parse_template(YAML)
    assert template["AWSTemplateFormatVersion"] == "2010-09-09"
    assert (
        template["Resources"]["Role"]["Properties"]["AssumeRolePolicyDocument"]["Version"]
        == "2012-10-17"
    )


def test_json_is_read_as_json() -> None:
    assert parse_template('{"Resources": {"A": {"Type": "AWS::SNS::Topic"}}}') == {
        "Resources": {"A": {"Type": "AWS::SNS::Topic"}}
    }


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"Resources": ', "not valid JSON"),
        ("Resources: [unclosed", "not valid YAML"),
        ("- a list", "must be a JSON or YAML object"),
        ("Resources: 3", "'Resources' must be a mapping"),
    ],
)
def test_fails_on_text_that_is_not_a_template(text: str, reason: str) -> None:
    with pytest.raises(TemplateError, match=reason) as raised:
        parse_template(text, source="t.yaml")
    assert str(raised.value).startswith("t.yaml: ")
    assert "\n" not in str(raised.value)


def test_fails_on_missing_and_binary_files(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="no such file"):
        load_template(tmp_path / "missing.json")
    binary = tmp_path / "b.json"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(TemplateError, match="not UTF-8"):
        load_template(binary)
