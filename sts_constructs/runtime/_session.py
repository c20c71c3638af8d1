"""boto3 sessions that remember an endpoint (the local emulator) for every client they make."""

from __future__ import annotations

import os
from typing import Any

__all__ = ["EndpointSession", "make_session", "with_credentials"]


class EndpointSession:
    """Wrap a boto3 session so that each client goes to ``endpoint_url`` (``None``: AWS)."""

    def __init__(self, session: Any, *, endpoint_url: str | None) -> None:
        self.session = session
        self.endpoint_url = endpoint_url

    @property
    def region_name(self) -> str | None:
        """Return the session's region."""
        region: str | None = self.session.region_name
        return region

    def client(self, service: str, **kwargs: Any) -> Any:
        """Return a boto3 client for ``service`` at this session's endpoint."""
        if self.endpoint_url and "endpoint_url" not in kwargs:
            kwargs["endpoint_url"] = self.endpoint_url
        return self.session.client(service, **kwargs)


def make_session(
    *,
    profile: str | None = None,  # Default: the SDK's own chain (env, AWS_PROFILE, instance role).
    region: str | None = None,  # Default: the profile's or AWS_REGION.
    endpoint_url: str | None = None,  # Default: AWS_ENDPOINT_URL if set, else AWS itself.
    access_key_id: str | None = None,
    secret_access_key: str | None = None,
    session_token: str | None = None,
) -> EndpointSession:
    """Return a session; explicit keys win over ``profile``."""
    import boto3
    from botocore.exceptions import ProfileNotFound

    from sts_constructs.runtime._errors import RuntimeToolError

    try:
        session = boto3.Session(
            profile_name=profile if access_key_id is None else None,
            # botocore reads AWS_DEFAULT_REGION only; the AWS CLI v2 and CDK read AWS_REGION too.
            region_name=region or os.environ.get("AWS_REGION") or None,
            aws_access_key_id=access_key_id,
            aws_secret_access_key=secret_access_key,
            aws_session_token=session_token,
        )
    except ProfileNotFound as error:
        raise RuntimeToolError(str(error)) from None
    return EndpointSession(session, endpoint_url=endpoint_url)


def with_credentials(
    session: EndpointSession, *, access_key_id: str, secret_access_key: str, session_token: str
) -> EndpointSession:
    """Return a session like ``session`` (region, endpoint) with other credentials."""
    return make_session(
        region=session.region_name,
        endpoint_url=session.endpoint_url,
        access_key_id=access_key_id,
        secret_access_key=secret_access_key,
        session_token=session_token,
    )
