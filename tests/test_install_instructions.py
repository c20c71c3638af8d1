"""What the docs tell a new user to install works: sts-constructs is not published, so every
instruction installs it from a checkout, and the own-project recipe matches this repository.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from stacks.config import ConfigError, load_config
from sts_constructs.cli import emulator as emulator_cli
from sts_constructs.conventions import CDK_CLI_INSTALL
from tests.support import synthesized

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
# What a user reads or runs: docs, examples, the package's own messages, build files.
SOURCES = sorted(
    {
        ROOT / "README.md",
        ROOT / "Makefile",
        ROOT / "pyproject.toml",
        *(ROOT / "docs").glob("*.md"),
        *(ROOT / "examples").rglob("*.md"),
        *(ROOT / "examples").rglob("*.py"),
        *(ROOT / "examples").rglob("*.ini"),
        *(ROOT / "sts_constructs").rglob("*.py"),
        *(ROOT / "scripts").glob("*.py"),
    }
)
# `pip install sts-constructs...` (quoted or not, extras or not): the bare name resolves on
# PyPI, where the name is unclaimed.
BARE_NAME_INSTALL = re.compile(r"""pip install\s+(-e\s+)?['"]?sts[-_]constructs\b""")
OWN_PROJECT = README[README.index("### Your own project") :]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_nothing_says_to_install_the_package_by_its_bare_name(source: Path) -> None:
    text = source.read_text(encoding="utf-8")

    assert not [text.count("\n", 0, m.start()) + 1 for m in BARE_NAME_INSTALL.finditer(text)], (
        f"{source.relative_to(ROOT)}: install from the checkout (/path/to/sts-constructs)"
    )


@pytest.mark.parametrize(
    "text",
    [
        "pip install sts-constructs",
        "pip install 'sts-constructs[emulator]'",
        "pip install -e sts_constructs",
    ],
)
def test_the_bare_name_pattern_catches_each_form(text: str) -> None:
    assert BARE_NAME_INSTALL.search(text)


def test_the_checkout_form_is_not_a_bare_name() -> None:
    assert not BARE_NAME_INSTALL.search('pip install "/path/to/sts-constructs[emulator]"')


def test_emulator_help_says_to_install_the_extra_from_the_checkout() -> None:
    assert "pip install '/path/to/sts-constructs[emulator]'" in emulator_cli.DESCRIPTION
    assert "not published" in emulator_cli.DESCRIPTION


def test_npm_pins_in_the_docs_are_package_jsons() -> None:
    pins = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    docs = [
        README,
        (ROOT / "examples/own-app-tests/README.md").read_text(encoding="utf-8"),
        CDK_CLI_INSTALL,  # the plugin's and `emulator deploy`'s hint
    ]
    named = [
        (m.group(1), m.group(2))
        for text in docs
        for m in re.finditer(r"\b(aws-cdk|node)@(\d+\.\d+\.\d+)\b", text)
    ]

    assert len(named) >= 4
    assert set(named) == set(pins.items())


def test_the_own_project_cdk_json_recipe_writes_the_app_and_this_repos_flags(
    tmp_path: Path,
) -> None:
    block = re.search(r"```sh\n(.*?)```", OWN_PROJECT, re.DOTALL)
    assert block is not None
    recipe = re.search(r"^python3 -c .*?> cdk\.json", block.group(1), re.DOTALL | re.MULTILINE)
    assert recipe is not None
    command = recipe.group(0).replace("/path/to/sts-constructs", str(ROOT))

    subprocess.run(["bash", "-c", command], cwd=tmp_path, check=True, timeout=60)

    written = json.loads((tmp_path / "cdk.json").read_text(encoding="utf-8"))
    context = json.loads((ROOT / "cdk.json").read_text(encoding="utf-8"))["context"]
    del context["config"]  # this repository's app config, which a user's app does not read
    assert written == {"app": "python3 app.py", "context": context}
    assert len(context) > 50  # the recommended feature flags


def test_the_own_project_recipe_puts_the_pinned_cli_and_node_on_path() -> None:
    assert 'export PATH="$PWD/node_modules/.bin:$PATH"' in OWN_PROJECT
    assert "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20" in OWN_PROJECT


def test_a_copied_config_reads_its_files_relative_to_itself_as_its_comment_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sandbox = (ROOT / "config" / "sandbox.yaml").read_text(encoding="utf-8")
    assert "File paths in a config (metadata_file) are relative to the config file's" in sandbox
    moved = tmp_path / "elsewhere" / "sandbox.yaml"
    moved.parent.mkdir()
    moved.write_text(sandbox, encoding="utf-8")
    monkeypatch.chdir(ROOT)  # the original's saml/ is under config/, not beside the copy

    with pytest.raises(ConfigError, match=r"metadata_file: '.*elsewhere/saml/sample-idp-metadata"):
        load_config(moved)

    (moved.parent / "saml").mkdir()
    metadata = ROOT / "config" / "saml" / "sample-idp-metadata.xml"
    (moved.parent / "saml" / metadata.name).write_bytes(metadata.read_bytes())
    monkeypatch.chdir(tmp_path)
    assert load_config(moved).name == "sandbox"


def test_the_docs_name_every_stackset_template_stage_cdk_ls_lists() -> None:
    assembly = synthesized("config/multi-account.yaml").assembly
    listed = [
        f"{stack.hierarchical_id} ({stack.stack_name})"
        for nested in assembly.nested_assemblies
        for stack in nested.nested_assembly.stacks
    ]
    cross_account = (ROOT / "docs" / "cross-account.md").read_text(encoding="utf-8")

    assert listed == [
        "StsMultiManagementStackSets/StackSetOrgAudit/Template/Template (sts-multi-org-audit)"
    ]
    assert [s for s in listed if f"`{s}`" not in README or f"`{s}`" not in cross_account] == []


def test_make_help_lists_every_make_target_the_readme_names() -> None:
    listed = subprocess.run(
        ["make", "--no-print-directory", "help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    named = set(re.findall(r"`make ([a-z-]+)", README))

    assert {"pytest", "demo", "test"} <= named
    assert sorted(t for t in named if f"make {t} " not in listed) == []


def test_the_makefile_says_npm_is_quiet_before_it_starts() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    npm_step = makefile[makefile.index("node_modules/.installed:") :].splitlines()[1:3]

    assert "npm prints nothing until it is done" in npm_step[0]
    assert npm_step[1].strip().startswith("@npm install")


def test_every_python_file_with_a_shebang_is_executable_in_git() -> None:
    staged = subprocess.run(
        ["git", "ls-files", "--stage", "--", "*.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    modes = {line.split("\t", 1)[1]: line.split()[0] for line in staged}
    with_shebang = [
        path for path in modes if (ROOT / path).read_text(encoding="utf-8").startswith("#!")
    ]

    assert "scripts/demo.py" in with_shebang
    assert [path for path in with_shebang if modes[path] != "100755"] == []
