"""Instance metadata (IMDSv2) as an EC2 application reads it: a token first, then the path."""

from __future__ import annotations

import json
import urllib.request
from typing import Any


def imds(url: str, *, method: str = "GET", headers: dict[str, str] | None = None) -> str:
    """Return the body of one call to the metadata service (raises HTTPError on 4xx/5xx)."""
    request = urllib.request.Request(url, method=method, headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return str(response.read().decode())


def imds_token(metadata_endpoint: str) -> str:
    """Return an IMDSv2 session token (``PUT latest/api/token``, 60 s)."""
    return imds(
        metadata_endpoint + "latest/api/token",
        method="PUT",
        headers={"X-aws-ec2-metadata-token-ttl-seconds": "60"},
    )


def imds_read(metadata_endpoint: str, path: str, *, token: str | None = None) -> str:
    """Return ``latest/meta-data/<path>`` with a token (a new one when ``token`` is None)."""
    token = token or imds_token(metadata_endpoint)
    return imds(
        metadata_endpoint + f"latest/meta-data/{path}",
        headers={"X-aws-ec2-metadata-token": token},
    )


def role_credentials(metadata_endpoint: str, role_name: str) -> dict[str, Any]:
    """Return the instance's credentials document for ``role_name`` (``Code``, keys...)."""
    document: dict[str, Any] = json.loads(
        imds_read(metadata_endpoint, f"iam/security-credentials/{role_name}")
    )
    return document
