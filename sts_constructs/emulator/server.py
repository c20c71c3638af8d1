"""Run moto's server with our CloudFormation models: ``python -m sts_constructs.emulator.server``.

The process binds 127.0.0.1 (port 0 picks a free one), prints ``listening on HOST:PORT`` once the
socket accepts connections, and serves until it receives SIGTERM or SIGINT, or until the
process that started it is gone (so a killed test run leaves no server behind).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import time
from collections.abc import Sequence
from types import FrameType

__all__ = ["main"]

READY_PREFIX = "listening on "


def main(argv: Sequence[str] | None = None) -> None:
    """Serve moto's backends with our CloudFormation models, STS and ``/_emulator/`` endpoints."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port (default)")
    parser.add_argument(
        "--exit-with-parent", action="store_true", help="stop when the parent process exits"
    )
    args = parser.parse_args(argv)

    from moto.moto_server.werkzeug_app import (
        DomainDispatcherApplication,
        MotoRequestHandler,
        create_backend_app,
    )
    from werkzeug.serving import make_server

    from sts_constructs.emulator import _sts, models
    from sts_constructs.emulator._control import ControlMiddleware

    models.install()
    _sts.install()
    app = ControlMiddleware(DomainDispatcherApplication(create_backend_app))
    server = make_server(
        args.host, args.port, app, threaded=True, request_handler=MotoRequestHandler
    )

    def stop(signum: int, frame: FrameType | None) -> None:
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if args.exit_with_parent:
        threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    host, port = server.server_address[:2]
    host = host.decode() if isinstance(host, bytes) else host
    print(f"{READY_PREFIX}{host}:{port}", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()


def _exit_with_parent(parent: int) -> None:
    """Exit the process once ``parent`` is no longer its parent (it was re-parented)."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)


if __name__ == "__main__":
    main()
