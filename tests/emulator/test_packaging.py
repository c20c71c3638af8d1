"""The emulator is an optional extra: the core installs and imports without moto."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXTRA_ONLY = {"moto", "joserfc", "signxml", "pyotp"}
# Run in a fresh interpreter in which the extra's modules cannot be imported.
HIDE_EXTRA = """
import sys
for name in ("moto", "joserfc", "signxml", "pyotp"):
    sys.modules[name] = None  # import fails as if not installed; find_spec answers None
"""


def _requirement_name(requirement: str) -> str:
    return requirement.split(";")[0].split("[")[0].split("<")[0].split(">")[0].split("=")[0]


@pytest.fixture(scope="module")
def metadata(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Build the wheel from the checkout and return its Requires-Dist."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = out.glob("sts_constructs-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        message = Parser().parsestr(archive.read(name).decode())
    return message.get_all("Requires-Dist") or []


def test_core_requirements_leave_the_emulator_out(metadata: list[str]) -> None:
    core = {_requirement_name(r).strip().lower() for r in metadata if "extra ==" not in r}

    assert core
    assert not core & EXTRA_ONLY


def test_the_emulator_extra_pulls_moto_the_token_libraries_and_pytest(
    metadata: list[str],
) -> None:
    extra = {_requirement_name(r).strip().lower() for r in metadata if 'extra == "emulator"' in r}

    # pytest: the extra's plugin runs in the venv's own pytest, not the system's.
    assert extra == EXTRA_ONLY | {"pytest"}
    assert any(r.startswith("moto[server]") for r in metadata)


def test_core_and_emulator_package_import_without_the_extra() -> None:
    code = HIDE_EXTRA + (
        "import sts_constructs, sts_constructs.emulator as e\n"
        "from sts_constructs import AssumableRole\n"
        "print(sorted(e.missing_dependencies()))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=ROOT
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['joserfc', 'moto[server]', 'pyotp', 'signxml']"


def test_fails_to_start_without_the_extra_naming_it() -> None:
    code = HIDE_EXTRA + (
        "from sts_constructs.emulator import Emulator, EmulatorError\n"
        "try:\n    Emulator().start()\nexcept EmulatorError as error:\n    print(error)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=ROOT
    )

    assert result.stdout.strip() == (
        "the emulator needs moto[server], joserfc, signxml, pyotp, not installed: from your "
        "checkout (sts-constructs is not published), pip install "
        "'/path/to/sts-constructs[emulator]'"
    )
