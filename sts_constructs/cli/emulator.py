"""``sts-constructs emulator up|env|deploy|token|down``: a local STS for any CDK app.

``up`` starts the emulator (moto's server with IAM enforced, the one ``make demo`` runs) in
the background and prints ``export`` lines: ``eval "$(sts-constructs emulator up)"``. Then
``assume``, ``profiles`` and ``verify`` work against it with nothing else set.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sts_constructs.cli import UsageError, usage_errors
from sts_constructs.cli._pairs import split_pairs, unique_pairs

if TYPE_CHECKING:
    from sts_constructs.emulator import Emulator

Handler = Callable[[argparse.Namespace], int]

__all__ = ["DESCRIPTION", "HELP", "add_arguments", "parse_claims"]


HELP = "run a local STS (IAM enforced) and deploy any CDK app into it"
DESCRIPTION = (
    "A local STS and IAM (moto's server with our trust evaluation, the same "
    "emulator as `make demo`), running in the background until `down`. "
    'Start it with `eval "$(sts-constructs emulator up)"`, deploy your synthesized app '
    "with `sts-constructs emulator deploy cdk.out`, then use `assume`, `profiles` and "
    "`verify` as against AWS. Needs the extra, installed from your checkout (sts-constructs "
    "is not published): pip install '/path/to/sts-constructs[emulator]'."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``emulator`` subcommand's actions and handler."""
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    up = _action(
        actions, "up", _up, "start the emulator in the background and print export lines for eval"
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
    env = _action(actions, "env", _env, "print the export lines of the running emulator again")
    deploy = _action(
        actions,
        "deploy",
        _deploy,
        "deploy a synthesized app (cdk.out) into the running emulator with the CDK CLI",
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

    token = actions.add_parser(
        "token",
        help="mint an OIDC token or a SAML response the emulator's STS accepts",
        description="Print a token signed by the emulator's own key, standing in for the "
        "issuer of a deployed OIDC provider (oidc), or a SAML response of its IdP for a "
        "deployed SAML provider (saml). Pass it to AssumeRoleWithWebIdentity or "
        "AssumeRoleWithSAML.",
    )
    kinds = token.add_subparsers(dest="kind", metavar="KIND", required=True)
    oidc = _action(kinds, "oidc", _token_oidc, "a JWT with the claims given")
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
    saml = _action(kinds, "saml", _token_saml, "a base64 SAML response for one role")
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
    down = _action(actions, "down", _down, "stop the emulator and remove its state")
    for action in (up, env, deploy, oidc, saml, down):
        _add_state(action)  # Last: each action's --help lists it after the action's own options.


def _action(actions: Any, name: str, handler: Handler, help: str) -> argparse.ArgumentParser:
    """Add the action ``name``, run by ``handler``; the handler's docstring, if any, is the
    action's description in its ``--help``."""
    parser: argparse.ArgumentParser = actions.add_parser(
        name, help=help, description=handler.__doc__
    )
    parser.set_defaults(handler=handler)
    return parser


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


def _attached(args: argparse.Namespace) -> Emulator:
    """Return a handle on the emulator running for ``--state`` (EmulatorError if none)."""
    from sts_constructs.emulator._daemon import attach, read_state

    return attach(read_state(_state_dir(args)))


def _reports_emulator_errors(handler: Handler) -> Handler:
    """Wrap ``handler`` so that an :class:`EmulatorError` prints one line, exit status 1."""

    @functools.wraps(handler)
    def run(args: argparse.Namespace) -> int:
        from sts_constructs.emulator import EmulatorError

        try:
            return handler(args)
        except EmulatorError as error:
            print(f"sts-constructs emulator: {error}", file=sys.stderr)
            return 1

    return run


@_reports_emulator_errors
def _up(args: argparse.Namespace) -> int:
    """Start the emulator (IAM enforcement on) unless one already runs for --state, and print
    `export` lines (AWS_ENDPOINT_URL, the region, the emulator admin's access key, the state
    directory): eval "$(sts-constructs emulator up)". It runs until `sts-constructs emulator
    down`."""
    from sts_constructs.emulator._daemon import read_accounts_file, start, validate_port
    from sts_constructs.validation import validate_region

    with usage_errors():
        validate_port("--port", args.port)
        validate_region("--region", args.region)
    state_dir = _state_dir(args)
    accounts = read_accounts_file(args.accounts) if args.accounts is not None else None
    state = start(state_dir, port=args.port, region=args.region, accounts=accounts)
    print(state.export_lines())
    print(
        f"# the emulator runs at {state.endpoint_url} (pid {state.pid}) until "
        "`sts-constructs emulator down`; you are its admin, "
        f"account {state.account_id}",
    )
    return 0


@_reports_emulator_errors
def _env(args: argparse.Namespace) -> int:
    from sts_constructs.emulator._daemon import read_state

    state = read_state(_state_dir(args))
    print(state.export_lines())
    return 0


def _printable(value: str) -> str:
    """Return ``value`` as is when printable on one line, else its repr (stack outputs are
    read from outside)."""
    return value if value.isprintable() else repr(value)


@_reports_emulator_errors
def _deploy(args: argparse.Namespace) -> int:
    """Deploy every stack of the cloud assembly CDK_OUT with `cdk deploy`, each into the
    account and region of its environment (environment-agnostic stacks: the emulator admin's
    account). Each other account gets OrganizationAccountAccessRole, which the emulator admin
    may assume, as AWS Organizations creates it."""
    from sts_constructs.emulator._app import deploy_app
    from sts_constructs.emulator._daemon import remember_accounts

    if not (args.assembly / "manifest.json").is_file():
        raise UsageError(
            f"CDK_OUT {str(args.assembly)!r}: no manifest.json there; expected a cloud "
            "assembly (`cdk synth` writes one into cdk.out/)"
        )
    emulator = _attached(args)
    try:
        deployment = deploy_app(emulator, assembly=args.assembly, stacks=args.stacks, cdk=args.cdk)
    finally:
        remember_accounts(emulator)
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
    claims: dict[str, Any] = unique_pairs("--claim", items)
    for name, value in claims.items():
        if value.startswith(("[", "{")):
            try:
                claims[name] = json.loads(value)
            except ValueError:
                raise UsageError(f"--claim {name}: {value[:80]!r}: not valid JSON") from None
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


@_reports_emulator_errors
def _token_oidc(args: argparse.Namespace) -> int:
    claims = {"iss": _issuer(args.issuer), "aud": "sts.amazonaws.com", **parse_claims(args.claim)}
    if "sub" not in claims:
        raise UsageError("--claim sub=...: a token needs a subject")
    if args.lifetime is not None and not 0 < args.lifetime <= 86_400:
        raise UsageError(f"--lifetime {args.lifetime}: expected 1 to 86400 seconds")
    emulator = _attached(args)
    token = emulator.oidc_token(claims, lifetime_seconds=args.lifetime)
    print(token)
    return 0


@_reports_emulator_errors
def _token_saml(args: argparse.Namespace) -> int:
    from sts_constructs.validation import validate_role_arn, validate_saml_provider_arn

    with usage_errors():
        validate_saml_provider_arn("--provider-arn", args.provider_arn)
        validate_role_arn("--role-arn", args.role_arn)
    attributes: dict[str, list[str]] = {}
    for name, value in split_pairs("--attribute", args.attribute):
        attributes.setdefault(name, []).append(value)
    emulator = _attached(args)
    options: dict[str, Any] = {"attributes": attributes} if attributes else {}
    response = emulator.saml_response(
        provider_arn=args.provider_arn, role_arn=args.role_arn, subject=args.subject, **options
    )
    print(response)
    return 0


@_reports_emulator_errors
def _down(args: argparse.Namespace) -> int:
    from sts_constructs.emulator._daemon import stop

    state_dir = _state_dir(args)
    pid = stop(state_dir)
    if pid is None:
        print(f"no emulator was running for {state_dir}", file=sys.stderr)
    else:
        print(f"stopped the emulator (pid {pid})", file=sys.stderr)
    return 0
