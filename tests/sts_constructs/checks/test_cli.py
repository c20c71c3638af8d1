"""``sts-constructs check``: exit codes, output formats, inputs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from sts_constructs.cli import main
from tests.sts_constructs.checks._trust_templates import (
    allow,
    stack_artifact,
    trusting,
    write_manifest,
)

KEY = {"Type": "AWS::IAM::AccessKey", "Properties": {"UserName": "ci"}}
RISKY = trusting(allow({"AWS": "*"}), name="Open")
RISKY["Resources"]["Key"] = KEY
WARNING_ONLY = {"Resources": {"Key": KEY}}
CLEAN = {"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}}

YAML_RISKY = """\
Resources:
  Open:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Principal: {AWS: "*"}
            Action: sts:AssumeRole
            Condition:
              StringEquals: {sts:ExternalId: !Ref ExternalId}
"""


def write(tmp_path: Path, name: str, template: dict[str, Any]) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(template))
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["check", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_exit_1_and_json_shape_on_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "--format", "json", str(write(tmp_path, "t.json", RISKY)))
    findings = json.loads(out)
    assert status == 1
    assert all(list(f) == ["rule", "severity", "template", "resource", "message"] for f in findings)
    assert {(f["resource"], f["rule"], f["severity"]) for f in findings} == {
        ("Open", "STS-TRUST1", "error"),
        ("Key", "STS-IAM3", "warning"),
    }
    assert all(f["template"].endswith("t.json") for f in findings)


def test_exit_0_with_warnings_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, str(write(tmp_path, "t.json", WARNING_ONLY)))
    assert status == 0
    assert "STS-IAM3" in out and "0 error(s), 1 warning(s)" in out


def test_exit_0_and_empty_array_when_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "--format", "json", str(write(tmp_path, "t.json", CLEAN)))
    assert (status, json.loads(out)) == (0, [])


def test_text_groups_findings_by_resource(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, str(write(tmp_path, "t.json", RISKY)))
    assert status == 1
    lines = out.splitlines()
    headers = [line for line in lines if line and not line.startswith(" ")]
    assert [h.split()[0] for h in headers[:2]] == ["Key", "Open"]
    assert "1 error(s), 1 warning(s)" in out
    assert "Any principal ('*') trusted without a restricting condition" in out


def test_yaml_template(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(YAML_RISKY)
    status, out, _ = run(capsys, "--format", "json", str(path))
    assert status == 1
    assert [f["rule"] for f in json.loads(out)] == ["STS-TRUST1"]


def test_cdk_out_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "S.template.json", RISKY)
    write_manifest(tmp_path, {"S": stack_artifact("S.template.json")})
    status, out, _ = run(capsys, "--format", "json", str(tmp_path))
    assert status == 1
    assert {f["rule"] for f in json.loads(out)} == {"STS-TRUST1", "STS-IAM3"}


@pytest.mark.parametrize("content", [None, "{not json", "[1, 2]"])
def test_exit_2_with_one_line_reason_on_unreadable_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None
) -> None:
    path = tmp_path / "t.json"
    if content is not None:
        path.write_text(content)
    status, out, err = run(capsys, str(path))
    assert status == 2
    assert out == ""
    assert err.startswith("sts-constructs check: ") and str(path) in err
    assert err.count("\n") == 1


def test_exit_2_when_any_of_several_inputs_is_unreadable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(
        capsys, str(write(tmp_path, "ok.json", CLEAN)), str(tmp_path / "missing.yaml")
    )
    assert status == 2
    assert "missing.yaml" in err


def test_limit_option_raises_a_quota(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    principals = [f"arn:aws:iam::111111111111:role/role-number-{i:04}" for i in range(60)]
    own = ["--account-id", "111111111111"]
    template = trusting(allow({"AWS": principals}), name="R")
    path = str(write(tmp_path, "t.json", template))
    assert run(capsys, *own, path)[0] == 1
    assert run(capsys, *own, "--limit", "trust_policy_chars=4096", path)[0] == 0


@pytest.mark.parametrize(
    "option",
    [
        ["--limit", "nope=1"],
        ["--limit", "trust_policy_chars=x"],
        ["--account-id", "12"],
        ["--own-account", "22222222222\n"],
        ["--organization-id", "o-x"],
    ],
)
def test_exit_2_on_bad_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: list[str]
) -> None:
    status, _, err = run(capsys, *option, str(write(tmp_path, "t.json", CLEAN)))
    assert status == 2
    assert err.startswith("sts-constructs check: ")


def test_own_account_options_make_trust_first_party(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = trusting(allow({"AWS": "222222222222"}), name="R")
    path = str(write(tmp_path, "t.json", template))
    status, out, _ = run(capsys, path)
    assert status == 1
    assert "account 222222222222, not known to be yours" in " ".join(out.split())
    assert run(capsys, "--account-id", "111111111111", path)[0] == 1
    assert run(capsys, "--own-account", "222222222222", path)[0] == 0
    assert run(capsys, "--account-id", "222222222222", path)[0] == 0


def test_sarif_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--format", "sarif", str(write(tmp_path, "t.json", RISKY)))
    log = json.loads(out)
    run_ = log["runs"][0]
    assert status == 1 and log["version"] == "2.1.0"
    assert {r["id"] for r in run_["tool"]["driver"]["rules"]} == {"STS-TRUST1", "STS-IAM3"}
    assert {(r["ruleId"], r["level"]) for r in run_["results"]} == {
        ("STS-TRUST1", "error"),
        ("STS-IAM3", "warning"),
    }
    assert run_["results"][0]["locations"][0]["logicalLocations"][0]["name"] in {"Open", "Key"}


def test_check_does_not_import_aws_cdk(tmp_path: Path) -> None:
    path = write(tmp_path, "t.json", RISKY)
    probe = (
        "import sys\n"
        "from sts_constructs.cli import main\n"
        f"status = main(['check', '--format', 'json', {str(path)!r}])\n"
        "print('aws_cdk' in sys.modules, status, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stderr.strip().splitlines()[-1] == "False 1"


def test_exit_2_on_json_nested_too_deep(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"Resources": {"R": ' + '{"a": ' * 3000 + "1" + "}" * 3000 + "}}")
    status, _, err = run(capsys, str(path))
    assert status == 2
    assert err.strip().splitlines() == [
        f"sts-constructs check: {path}: nested deeper than 100 levels; no template needs that"
    ]


def test_exit_2_on_a_yaml_alias_bomb(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bomb.yaml"
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    path.write_text("\n".join(lines) + "\nResources: {}\n")
    status, _, err = run(capsys, str(path))
    assert status == 2
    assert "YAML alias *a0 (line 2): aliases are not allowed in templates" in err
    assert len(err.strip().splitlines()) == 1


def test_exit_2_on_a_fifo_without_blocking(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    path = tmp_path / "pipe.json"
    os.mkfifo(path)
    status, _, err = run(capsys, str(path))
    assert status == 2
    reason = "not a regular file (a FIFO, socket or device is not read)"
    assert err.strip() == f"sts-constructs check: {path}: {reason}"


def test_exit_2_on_a_nested_assembly_that_names_itself(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_manifest(
        tmp_path, {"Self": {"type": "cdk:cloud-assembly", "properties": {"directoryName": "."}}}
    )
    status, _, err = run(capsys, str(tmp_path))
    assert status == 2
    assert "a nested cloud assembly names a directory already read (a loop)" in err


def test_exit_2_on_a_manifest_that_is_a_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "manifest.json").write_text("[]")
    write(tmp_path, "S.template.json", RISKY)
    status, _, err = run(capsys, str(tmp_path))
    assert status == 2
    assert "a cloud assembly manifest must be a JSON object, not list" in err


@pytest.mark.parametrize(
    ("limit", "said"),
    [
        (
            "trust_policy_chars=4097",
            "trust_policy_chars: 4097 is above IAM's hard maximum of 4,096",
        ),
        (
            "managed_policies_per_role=21",
            "managed_policies_per_role: 21 is above IAM's hard maximum of 20",
        ),
        (
            "managed_policy_chars=6145",
            "managed_policy_chars: 6145 is above IAM's hard maximum of 6,144",
        ),
    ],
)
def test_exit_2_on_a_limit_above_the_hard_maximum(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], limit: str, said: str
) -> None:
    status, out, err = run(capsys, "--limit", limit, str(write(tmp_path, "t.json", CLEAN)))
    assert status == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert said in err


def test_sarif_uris_are_valid_uri_references(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = tmp_path / "my templates" / "100% risky#1"
    directory.mkdir(parents=True)
    path = write(directory, "t ?.json", RISKY)
    status, out, _ = run(capsys, "--format", "sarif", str(path))
    uri = json.loads(out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"][
        "artifactLocation"
    ]["uri"]
    assert status == 1
    assert " " not in uri and "#" not in uri and "?" not in uri
    assert "my%20templates/100%25%20risky%231/t%20%3F.json" in uri
    from urllib.parse import unquote

    assert unquote(uri).endswith(str(path).replace("\\", "/"))


def test_text_output_says_what_was_read_acknowledged_and_not_fully_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = json.loads(json.dumps(RISKY))
    template["Resources"]["Key"]["Metadata"] = {
        "sts-constructs:acknowledge": [{"rule": "STS-IAM3", "reason": "rotated by the CI vault"}]
    }
    status, out, _ = run(capsys, str(write(tmp_path, "t.json", template)))
    text = " ".join(out.split())
    assert status == 1
    assert "Read 1 template(s), 2 resource(s); 1 finding(s) acknowledged." in text
    assert "STS-TRUST2 could not fully run: no own account known" in text
    status, out, _ = run(capsys, "--account-id", "111111111111", str(tmp_path / "t.json"))
    assert "could not fully run" not in out
