"""Who can become which role: a trust model over cloud assemblies, graph, explain and diff.

Reads ``cdk.out`` directories (nested assemblies and inline StackSet templates included)
or template files through :mod:`sts_constructs.template`, and asks
:mod:`sts_constructs.evaluator` every "may this principal assume this role" question.
"""

from __future__ import annotations

from ._assembly import AssemblyError, StackTemplate, load_stacks
from ._build import build_model
from ._model import Edge, Node, TrustModel

__all__ = [
    "AssemblyError",
    "Edge",
    "Node",
    "StackTemplate",
    "TrustModel",
    "build_model",
    "load_model",
    "load_stacks",
]


def load_model(paths: list[str]) -> TrustModel:
    """Return the trust model of the cloud assemblies or templates at ``paths``.

    Raises :class:`AssemblyError` (one line) for a path that is neither.
    """
    return build_model(load_stacks(paths))
