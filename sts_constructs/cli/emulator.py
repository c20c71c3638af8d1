"""``sts-constructs emulator up|env|deploy|token|down``: a local STS for any CDK app.

``up`` starts the emulator (moto's server with IAM enforced, the one ``make demo`` runs) in
the background and prints ``export`` lines: ``eval "$(sts-constructs emulator up)"``. Then
``assume``, ``profiles`` and ``verify`` work against it with nothing else set.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from sts_constructs.cli import UsageError

__all__ = ["parse_claims", "register"]


def register(subparsers: Any) -> None:
    """Add the ``emulator`` subcommand and its actions."""
    parser = subparsers.add_parser(
        "emulator",
        help="run a local STS (IAM enforced) and deploy any CDK app into it",
        description="A local STS and IAM (moto's server with our trust evaluation, the same "
        "emulator as `make demo`), running in the background until `down`. "
        'Start it with `eval "$(sts-constructs emulator up)"`, deploy your synthesized app '
        "with `sts-constructs emulator deploy cdk.out`, then use `assume`, `profiles` and "
        "`verify` as against AWS. Needs the extra: pip install 'sts-constructs[emulator]'.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    up = actions.add_parser(
        "up",
        help="start the emulator in the background and print export lines for eval",
        description="Start the emulator (IAM enforcement on) unless one already runs for "
        "--state, and print `export` lines (AWS_ENDPOINT_URL, the region, the emulator "
        "admin's access key, the state directory): "
        'eval "$(sts-constructs emulator up)". It runs until `sts-constructs emulator down`.',
    )
    up.add_argument(
        "--port", type=int, default=0, help="TCP port on 127.0.0.1 (default: a free one)"
    )
    up.add_argument(
        "--region", default="us-east-1", help="the emulator's default region (default: us-east-1)"
    )
    up.add_argument(
        "--accounts",
        type=Path,
        metavar="FILE",
        help="YAML with `accounts: [{name, id}]` and optional `organization_id` (an app "
        "config's cross_account section works): each account gets OrganizationAccountAccessRole "
        "at start (default: accounts are made as stacks are deployed to them)",
    )
    _add_state(up)
    up.set_defaults(handler=_up)

    env = actions.add_parser("env", help="print the export lines of the running emulator again")
    _add_state(env)
    env.set_defaults(handler=_env)

    deploy = actions.add_parser(
        "deploy",
        help="deploy a synthesized app (cdk.out) into the running emulator with the CDK CLI",
        description="Deploy every stack of the cloud assembly CDK_OUT with `cdk deploy`, each "
        "into the account and region of its environment (environment-agnostic stacks: the "
        "emulator admin's account). Each other account gets OrganizationAccountAccessRole, "
        "which the emulator admin may assume, as AWS Organizations creates it.",
    )
    deploy.add_argument(
        "assembly",
        metavar="CDK_OUT",
        type=Path,
        nargs="?",
        default=Path("cdk.out"),
        help="the synthesized cloud assembly (default: cdk.out)",
    )
    deploy.add_argument(
        "--stack",
        action="append",
        dest="stacks",
        default=[],
        metavar="ID",
        help="deploy only this stack (its construct ID, as `cdk ls` prints it; repeatable)",
    )
    deploy.add_argument("--cdk", help="the CDK CLI to run (default: `cdk` on PATH)")
    _add_state(deploy)
    deploy.set_defaults(handler=_deploy)

    token = actions.add_parser(
        "token",
        help="mint an OIDC token or a SAML response the emulator's STS accepts",
        description="Print a token signed by the emulator's own key, standing in for the "
        "issuer of a deployed OIDC provider (oidc), or a SAML response of its IdP for a "
        "deployed SAML provider (saml). Pass it to AssumeRoleWithWebIdentity or "
        "AssumeRoleWithSAML.",
    )
    kinds = token.add_subparsers(dest="kind", metavar="KIND", required=True)
    oidc = kinds.add_parser("oidc", help="a JWT with the claims given")
    oidc.add_argument(
        "--issuer",
        required=True,
        help="the provider's issuer URL, or github, gitlab (their issuers)",
    )
    oidc.add_argument(
        "--claim",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a claim (repeatable): sub=repo:octo-org/app:ref:refs/heads/main; aud defaults "
        "to sts.amazonaws.com; a VALUE in JSON ([...], {...}) is read as JSON",
    )
    oidc.add_argument(
        "--lifetime", type=int, default=None, help="seconds the token is valid (default: 300)"
    )
    _add_state(oidc)
    oidc.set_defaults(handler=_token_oidc)
    saml = kinds.add_parser("saml", help="a base64 SAML response for one role")
    saml.add_argument("--provider-arn", required=True, help="the deployed SAML provider's ARN")
    saml.add_argument("--role-arn", required=True, help="the role the response offers")
    saml.add_argument("--subject", required=True, help="the user's NameID")
    saml.add_argument(
        "--attribute",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a SAML attribute (repeatable; a name given twice has several values)",
    )
    _add_state(saml)
    saml.set_defaults(handler=_token_saml)

    down = actions.add_parser("down", help="stop the emulator and remove its state")
    _add_state(down)
    down.set_defaults(handler=_down)


def _add_state(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--state",
        type=Path,
        metavar="DIR",
        help="the emulator's state directory (default: $STS_CONSTRUCTS_EMULATOR_STATE, "
        "else $XDG_STATE_HOME/sts-constructs/emulator)",
    )


def _state_dir(args: argparse.Namespace) -> Path:
    from sts_constructs.emulator._daemon import default_state_dir

    chosen: Path = args.state or default_state_dir()
    return chosen.expanduser().absolute()


def _fail(error: Exception) -> int:
    print(f"sts-constructs emulator: {error}", file=sys.stderr)
    return 1


def _up(args: argparse.Namespace) -> int:
    from sts_constructs.emulator import EmulatorError
    from sts_constructs.emulator._daemon import read_accounts_file, start, validate_port
    from sts_constructs.validation import validate_region

    try:
        validate_port("--port", args.port)
        validate_region("--region", args.region)
    except ValueError as error:
        raise UsageError(str(error)) from None
    state_dir = _state_dir(args)
    try:
        accounts = read_accounts_file(args.accounts) if args.accounts is not None else None
        state = start(state_dir, port=args.port, region=args.region, accounts=accounts)
    except EmulatorError as error:
        return _fail(error)
    print(state.export_lines())
    print(
        f"# the emulator runs at {state.endpoint_url} (pid {state.pid}) until "
        "`sts-constructs emulator down`; you are its admin, "
        f"account {state.account_id}",
    )
    return 0


def _env(args: argparse.Namespace) -> int:
    from sts_constructs.emulator import EmulatorError
    from sts_constructs.emulator._daemon import read_state

    try:
        state = read_state(_state_dir(args))
    except EmulatorError as error:
        return _fail(error)
    print(state.export_lines())
    return 0


def _printable(value: str) -> str:
    """Return ``value`` as is when printable on one line, else its repr (stack outputs are
    read from outside)."""
    return value if value.isprintable() else repr(value)


def _deploy(args: argparse.Namespace) -> int:
    from sts_constructs.emulator import EmulatorError
    from sts_constructs.emulator._app import deploy_app
    from sts_constructs.emulator._daemon import attach, read_state, remember_accounts

    if not (args.assembly / "manifest.json").is_file():
        raise UsageError(
            f"CDK_OUT {str(args.assembly)!r}: no manifest.json there; expected a cloud "
            "assembly (`cdk synth` writes one into cdk.out/)"
        )
    try:
        emulator = attach(read_state(_state_dir(args)))
        try:
            deployment = deploy_app(
                emulator, assembly=args.assembly, stacks=args.stacks, cdk=args.cdk
            )
        finally:
            remember_accounts(emulator)
    except EmulatorError as error:
        return _fail(error)
    for stack in deployment.stacks:
        print(f"{stack.stack_name}: deployed into {stack.account_id} {stack.region}")
        for key, value in sorted(stack.outputs.items()):
            print(f"  {_printable(key)} = {_printable(value)}")
    skipped = [s for result in deployment.results for s in result.skipped]
    for item in skipped:
        print(
            f"  not created: {item.stack_name}/{item.logical_id} ({item.resource_type}): "
            f"{item.reason}"
        )
    others = [a for a in deployment.accounts if a != emulator.account_id]
    if others:
        print(
            f"Accounts {', '.join(others)}: the emulator admin may assume "
            "arn:aws:iam::ACCOUNT:role/OrganizationAccountAccessRole in each"
        )
    return 0


def parse_claims(items: list[str]) -> dict[str, Any]:
    """Return claims from ``NAME=VALUE`` items; a JSON list or object VALUE is parsed."""
    claims: dict[str, Any] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise UsageError(f"--claim {item!r}: expected NAME=VALUE")
        if name in claims:
            raise UsageError(f"--claim {name!r} given twice")
        parsed: Any = value
        if value.startswith(("[", "{")):
            try:
                parsed = json.loads(value)
            except ValueError:
                raise UsageError(f"--claim {name}: {value[:80]!r}: not valid JSON") from None
        claims[name] = parsed
    return claims


# Short names for issuers the federation presets know (sts_constructs.emulator.tokens).
def _issuer(name: str) -> str:
    from sts_constructs.emulator.tokens import GITHUB_ACTIONS_ISSUER, GITLAB_ISSUER
    from sts_constructs.validation import validate_oidc_issuer_url

    known = {"github": GITHUB_ACTIONS_ISSUER, "gitlab": GITLAB_ISSUER}
    if name in known:
        return known[name]
    try:
        return validate_oidc_issuer_url("--issuer", name)
    except ValueError as error:
        raise UsageError(f"{error} (or github, gitlab)") from None


def _token_oidc(args: argparse.Namespace) -> int:
    from sts_constructs.emulator import EmulatorError
    from sts_constructs.emulator._daemon import attach, read_state

    claims = {"iss": _issuer(args.issuer), "aud": "sts.amazonaws.com", **parse_claims(args.claim)}
    if "sub" not in claims:
        raise UsageError("--claim sub=...: a token needs a subject")
    if args.lifetime is not None and not 0 < args.lifetime <= 86_400:
        raise UsageError(f"--lifetime {args.lifetime}: expected 1 to 86400 seconds")
    try:
        emulator = attach(read_state(_state_dir(args)))
        token = emulator.oidc_token(claims, lifetime_seconds=args.lifetime)
    except EmulatorError as error:
        return _fail(error)
    print(token)
    return 0


def _token_saml(args: argparse.Namespace) -> int:
    from sts_constructs.emulator import EmulatorError
    from sts_constructs.emulator._daemon import attach, read_state
    from sts_constructs.validation import validate_role_arn, validate_saml_provider_arn

    try:
        validate_saml_provider_arn("--provider-arn", args.provider_arn)
        validate_role_arn("--role-arn", args.role_arn)
    except ValueError as error:
        raise UsageError(str(error)) from None
    attributes: dict[str, list[str]] = {}
    for item in args.attribute:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise UsageError(f"--attribute {item!r}: expected NAME=VALUE")
        attributes.setdefault(name, []).append(value)
    try:
        emulator = attach(read_state(_state_dir(args)))
        options: dict[str, Any] = {"attributes": attributes} if attributes else {}
        response = emulator.saml_response(
            provider_arn=args.provider_arn, role_arn=args.role_arn, subject=args.subject, **options
        )
    except EmulatorError as error:
        return _fail(error)
    print(response)
    return 0


def _down(args: argparse.Namespace) -> int:
    from sts_constructs.emulator._daemon import stop

    state_dir = _state_dir(args)
    pid = stop(state_dir)
    if pid is None:
        print(f"no emulator was running for {state_dir}", file=sys.stderr)
    else:
        print(f"stopped the emulator (pid {pid})", file=sys.stderr)
    return 0
