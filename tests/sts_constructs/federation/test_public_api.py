"""sts_constructs.federation's surface: explicit, importable, and value objects without Node.js."""

from __future__ import annotations

import sts_constructs
import sts_constructs.federation as federation
from tests.sts_constructs.federation._support import python_output


def test_all_is_unique_and_every_name_resolves() -> None:
    assert len(set(federation.__all__)) == len(federation.__all__)
    for name in federation.__all__:
        assert getattr(federation, name) is not None, name


def test_top_level_exports_are_the_federation_objects() -> None:
    for name in ("GitHubActionsTrust", "OidcProvider", "SamlProvider", "SamlTrust"):
        assert getattr(sts_constructs, name) is getattr(federation, name)


def test_trust_value_objects_do_not_start_cdk() -> None:
    code = (
        "import sys\n"
        "from sts_constructs.federation import ExistingOidcProvider, GitHubActionsTrust, "
        "GitHubBranch, GitHubRepository, SamlMetadata\n"
        "p = ExistingOidcProvider(provider_arn='arn:aws:iam::111111111111:oidc-provider/"
        "token.actions.githubusercontent.com', issuer='token.actions.githubusercontent.com')\n"
        "GitHubActionsTrust(provider=p, repositories=[GitHubRepository(owner='o', name='r', "
        "filters=[GitHubBranch('main')])]).policy_document()\n"
        "print('aws_cdk' in sys.modules)"
    )
    assert python_output(code) == "False"
