"""boto3 sessions that remember an endpoint (the local emulator) for every client they make.

A session made for the command line also bounds every call: connect and read timeouts and a
small number of attempts, so an endpoint that accepts connections but never answers fails in
seconds, not minutes (botocore's defaults: 60 s each, retried).
https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit

from sts_constructs.validation import quote_value, validate_no_control_characters

# The timeouts, bounded_config and validate_endpoint_url are shared with the CLI and the
# emulator by name; the public surface is what sts_constructs.runtime exports.
__all__ = ["EndpointSession", "make_session", "with_credentials"]

CONNECT_TIMEOUT_SECONDS = 5.0
READ_TIMEOUT_SECONDS = 10.0
# One call and one retry: a throttled or dropped call is retried once, a dead endpoint is not
# waited for twenty times.
MAX_ATTEMPTS = 2


def bounded_config(*, read_timeout: float = READ_TIMEOUT_SECONDS) -> Any:
    """Return a botocore ``Config`` with connect/read timeouts (seconds) and bounded retries."""
    from botocore.config import Config

    return Config(
        connect_timeout=min(CONNECT_TIMEOUT_SECONDS, read_timeout),
        read_timeout=read_timeout,
        retries={"total_max_attempts": MAX_ATTEMPTS, "mode": "standard"},
    )


def validate_endpoint_url(field: str, value: str) -> str:
    """Check an endpoint URL: ``http://`` or ``https://`` and a host, one line, no spaces.

    Raises ``ValueError`` naming ``field`` and the value.
    """
    validate_no_control_characters(field, value)
    try:
        parts = urlsplit(value)
        port = parts.port  # Raises ValueError for a port that is not a number.
    except ValueError:
        parts, port = None, None
    if (
        parts is None
        or parts.scheme not in {"http", "https"}
        or not parts.hostname
        or " " in value
        or (port is not None and not 0 < port < 65_536)
    ):
        raise ValueError(
            f"{field}: {quote_value(value)} is not an endpoint URL like 'http://127.0.0.1:5000' "
            "(http:// or https:// and a host)"
        )
    return value


class EndpointSession:
    """Wrap a boto3 session so that each client goes to ``endpoint_url`` (``None``: AWS).

    ``config`` (a botocore ``Config``, default none) is merged under the config a caller
    passes to :meth:`client`.
    """

    def __init__(self, session: Any, *, endpoint_url: str | None, config: Any = None) -> None:
        self.session = session
        self.endpoint_url = endpoint_url
        self.config = config

    @property
    def region_name(self) -> str | None:
        """Return the session's region."""
        region: str | None = self.session.region_name
        return region

    def has_credentials(self) -> bool:
        """Return whether the SDK's chain finds credentials for this session (no call made)."""
        return self.session.get_credentials() is not None

    def client(self, service: str, **kwargs: Any) -> Any:
        """Return a boto3 client for ``service`` at this session's endpoint."""
        if self.endpoint_url and "endpoint_url" not in kwargs:
            kwargs["endpoint_url"] = self.endpoint_url
        if self.config is not None:
            given = kwargs.get("config")
            kwargs["config"] = self.config.merge(given) if given is not None else self.config
        return self.session.client(service, **kwargs)


def make_session(
    *,
    profile: str | None = None,
    region: str | None = None,
    endpoint_url: str | None = None,
    access_key_id: str | None = None,
    secret_access_key: str | None = None,
    session_token: str | None = None,
    config: Any = None,
) -> EndpointSession:
    """Return a session; explicit keys win over ``profile``.

    https://docs.aws.amazon.com/sdkref/latest/guide/standardized-credentials.html

    Args:
        profile: A profile of the shared config files, ignored when ``access_key_id`` is
            given. Default: the SDK's own chain (environment, ``AWS_PROFILE``, instance role).
        region: A Region code such as ``eu-west-1``. Default: ``AWS_REGION``, else
            ``AWS_DEFAULT_REGION``, else the profile's.
        endpoint_url: Where every client goes (the local emulator, say). Default:
            ``AWS_ENDPOINT_URL`` if set, else AWS itself.
        access_key_id: An access key ID. Default: none (the profile's credentials).
        secret_access_key: The key's secret. Default: none.
        session_token: The session token of temporary credentials. Default: none.
        config: A botocore ``Config`` for every client. Default: botocore's (no bound on
            timeouts or retries); pass ``bounded_config()`` for a command line.

    Raises:
        RuntimeToolError: ``profile`` does not exist, or it or a source profile names a
            ``ca_bundle`` or ``web_identity_token_file`` that is a FIFO, device or directory
            (the SDK would block reading it).
    """
    import boto3
    from botocore.exceptions import BotoCoreError, ProfileNotFound

    from sts_constructs.runtime._errors import RuntimeToolError
    from sts_constructs.runtime._inputs import check_profile_files

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
    if access_key_id is None:
        # botocore would block reading a FIFO named by the profile (a CA bundle, a token file).
        try:
            check_profile_files(session._session.full_config["profiles"], session.profile_name)
        except (ValueError, BotoCoreError) as error:
            raise RuntimeToolError(str(error)) from None
    return EndpointSession(session, endpoint_url=endpoint_url, config=config)


def with_credentials(
    session: EndpointSession, *, access_key_id: str, secret_access_key: str, session_token: str
) -> EndpointSession:
    """Return a session like ``session`` (region, endpoint, config) with other credentials."""
    return make_session(
        region=session.region_name,
        endpoint_url=session.endpoint_url,
        access_key_id=access_key_id,
        secret_access_key=secret_access_key,
        session_token=session_token,
        config=session.config,
    )
