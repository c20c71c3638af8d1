"""The README's "Runtime tools" lines, added to the app of "The constructs in an app", write
the output the runtime tools find the role by."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from sts_constructs.conventions import is_role_arn_output
from tests.runtime.test_stacks import StubSession, stacks_with

ROOT = Path(__file__).resolve().parents[2]


def _snippet_after(heading: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index(f"\n{heading}\n") :]
    match = re.search(r"^```python\n(.*?)^```", section, re.DOTALL | re.MULTILINE)
    assert match is not None, heading
    return match.group(1)


def test_readme_output_lines_name_the_role_for_the_runtime_tools(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sts_constructs.runtime import scan_role_outputs

    app = _snippet_after("### The constructs in an app")
    lines = _snippet_after("## Runtime tools")
    assert app.count("app.synth()") == 1
    monkeypatch.chdir(ROOT)  # As a user in the checkout would run it.
    namespace: dict[str, Any] = {}

    exec(app.replace("app.synth()", f"{lines}\napp.synth()"), namespace)

    template = namespace["app"].synth().get_stack_by_name("Identities").template
    (reader,) = [
        logical_id
        for logical_id, resource in template["Resources"].items()
        if resource["Type"] == "AWS::IAM::Role"
        and resource["Properties"].get("RoleName") == "data-reader"
    ]
    outputs = {
        key: output for key, output in template["Outputs"].items() if is_role_arn_output(key)
    }
    assert outputs == {"DataReaderRoleArn": {"Value": {"Fn::GetAtt": [reader, "Arn"]}}}
    # Deployed, the output holds the ARN: the tools take the role's name from it.
    arn = "arn:aws:iam::123456789012:role/data-reader"
    deployed = StubSession(stacks_with({"OutputKey": "DataReaderRoleArn", "OutputValue": arn}))
    assert [(r.name, r.arn) for r in scan_role_outputs(deployed).roles] == [("data-reader", arn)]
