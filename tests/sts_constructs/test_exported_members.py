"""The exported names of each package match its public surface (httpx's test_exported_members)."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from types import ModuleType

import pytest

import sts_constructs
import sts_constructs.checks
import sts_constructs.evaluator
import sts_constructs.federation
import sts_constructs.runtime
import sts_constructs.template

PACKAGES = [
    sts_constructs,
    sts_constructs.checks,
    sts_constructs.evaluator,
    sts_constructs.federation,
    sts_constructs.runtime,
    sts_constructs.template,
]
# Modules of helpers shared between constructs: nothing in them is public. In the other
# private modules, ``__all__`` is the public surface (helpers shared inside the package are
# imported by name and left out of it).
INTERNAL = {
    "sts_constructs._access_key",
    "sts_constructs._arguments",
    "sts_constructs._construct_errors",
    "sts_constructs._cross_account_registry",
    "sts_constructs._identity_policies",
    "sts_constructs._lazy",
    "sts_constructs._role_interface",
    "sts_constructs.checks._across",
    "sts_constructs.checks._context",
    "sts_constructs.federation._validation",
    "sts_constructs.runtime._inputs",
    "sts_constructs.runtime._trust",
}


def _private_modules(package: ModuleType) -> list[str]:
    path = [str(Path(package.__file__ or "").parent)]
    return [
        f"{package.__name__}.{info.name}"
        for info in pkgutil.iter_modules(path)
        if info.name.startswith("_") and f"{package.__name__}.{info.name}" not in INTERNAL
    ]


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.__name__)
def test_all_is_sorted_and_unique(package: ModuleType) -> None:
    assert list(package.__all__) == sorted(set(package.__all__))


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.__name__)
def test_exported_names_are_the_public_attributes(package: ModuleType) -> None:
    for name in package.__all__:
        getattr(package, name)
    public = {
        name
        for name, value in vars(package).items()
        if not name.startswith("_")
        and not isinstance(value, ModuleType)
        and name not in {"annotations", "TYPE_CHECKING", "lazy_exports"}
    }

    assert public == set(package.__all__)
    assert set(dir(package)) >= set(package.__all__)


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.__name__)
def test_every_public_name_of_a_private_module_is_exported(package: ModuleType) -> None:
    everything = {name for exporter in PACKAGES for name in exporter.__all__}
    for module_name in _private_modules(package):
        module = importlib.import_module(module_name)
        missing = set(getattr(module, "__all__", ())) - everything
        assert not missing, f"{module_name} has public names no package exports: {missing}"


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.__name__)
def test_each_name_comes_from_the_module_that_lists_it(package: ModuleType) -> None:
    for name in package.__all__:
        home = getattr(getattr(package, name), "__module__", None)
        if home is not None and home.startswith("sts_constructs."):
            assert name in importlib.import_module(home).__all__, f"{name} ({home})"


def test_unknown_names_raise_attribute_error() -> None:
    with pytest.raises(AttributeError, match="module 'sts_constructs' has no attribute 'Nope'"):
        sts_constructs.Nope  # noqa: B018
