"""The resource a call acts on, where moto's authorization leaves it as ``*``.

moto computes the resource ARN of a request for S3 and STS only; every other call reaches the
authorization check with ``*``. An identity policy that names specific resources would then
never match. The emulator computes the ARN for the calls its stacks and the CDK CLI's
bootstrap roles need; the rest stay ``*`` (docs/EMULATOR.md says so).
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["resource_of"]


def _parameters(data: dict[str, Any], body: bytes) -> dict[str, Any]:
    if body[:1] == b"{":
        try:
            parsed = json.loads(body)
        except ValueError:
            return dict(data)
        return parsed if isinstance(parsed, dict) else dict(data)
    return {k: (v[0] if isinstance(v, list) and len(v) == 1 else v) for k, v in data.items()}


def resource_of(
    action: str, *, data: dict[str, Any], body: bytes, region: str, account_id: str
) -> str | None:
    """Return the ARN ``action`` acts on, from the request's parameters, or None."""
    parameters = _parameters(data, body or b"")
    if action in ("ssm:GetParameter", "ssm:GetParameters"):
        names = parameters.get("Names") or [parameters.get("Name")]
        name = names[0] if isinstance(names, list) and names else None
        if isinstance(name, str):
            path = name if name.startswith("/") else f"/{name}"
            return f"arn:aws:ssm:{region}:{account_id}:parameter{path}"
    if action.startswith("secretsmanager:"):
        secret = parameters.get("SecretId")
        if isinstance(secret, str) and secret.startswith("arn:"):
            return secret
    if action.startswith("cloudformation:"):
        stack = parameters.get("StackName")
        if isinstance(stack, str) and stack.startswith("arn:"):
            return stack
    return None
