"""Policy documents the emulator writes itself (and the tests that drive it)."""

from __future__ import annotations

from typing import Any

__all__ = ["trust_policy"]


def trust_policy(
    principal: dict[str, Any],
    action: str = "sts:AssumeRole",
    condition: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Return a trust policy with one statement allowing ``principal`` (``{"AWS": ARN}``,
    ``{"Service": ...}``, ``{"Federated": ...}``) to call ``action``, under ``condition``.

    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html

    Args:
        condition: Default: none.
    """
    statement: dict[str, Any] = {"Effect": "Allow", "Principal": principal, "Action": action}
    if condition is not None:
        statement["Condition"] = condition
    return {"Version": "2012-10-17", "Statement": [statement]}
