#!/usr/bin/env python3
"""``make graph``: draw the default app's trust graph into docs/img/ with the project's CLI.

Synthesizes the app (``app.py`` with ``CDK_OUTDIR``; or reads ``--assembly DIR``), writes
``trust-graph.mmd`` with ``sts-constructs graph``, and takes ``trust-graph.png``, a
screenshot of the HTML page (``sts-constructs graph --format html``, drawn in a temporary
directory: the page's one source is the renderer) with headless Chromium (``make chromium``
installs it). tests/analysis/test_default_app.py uses the Chromium helpers below.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sts_constructs.cli import main as cli_main  # noqa: E402

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
)


def find_chromium() -> str | None:
    """Return the path of a Chromium (or Chrome) on PATH, or ``None``."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def dump_dom(browser: str, page: Path, profile: Path) -> str:
    """Return the DOM of ``page`` after its scripts ran in headless ``browser``."""
    return subprocess.run(
        [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout


def _synth(config: str, directory: Path) -> None:
    env = {**os.environ, "CDK_OUTDIR": str(directory)}
    result = subprocess.run(
        [sys.executable, "app.py"],
        cwd=ROOT,
        env={**env, "CDK_CONTEXT_JSON": f'{{"config": "{config}"}}'},
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["(no output)"])[-1]
        sys.exit(f"error: {config} does not synthesize: {last}")


def _screenshot(browser: str, page: Path, png: Path, profile: Path) -> None:
    flags = [*CHROMIUM_FLAGS, f"--user-data-dir={profile}"]
    dom = dump_dom(browser, page, profile)
    size = re.search(r'<svg id="graph"[^>]*width="(\d+)" height="(\d+)"', dom)
    width, height = (int(size.group(1)), int(size.group(2))) if size else (1400, 800)
    # The page's heading and legend sit above the drawing.
    window = f"--window-size={width + 40},{height + 130}"
    subprocess.run(
        [browser, *flags, window, f"--screenshot={png}", page.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", default="config/sandbox.yaml")
    parser.add_argument("--assembly", help="an already synthesized cdk.out (skips synthesis)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "img"), help="output directory")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    browser = find_chromium()
    if browser is None:
        sys.exit("error: no chromium on PATH (run `make chromium` as root)")
    with tempfile.TemporaryDirectory() as temp:
        assembly = Path(args.assembly) if args.assembly else Path(temp) / "cdk.out"
        if not args.assembly:
            _synth(args.config, assembly)
        title = f"Who can assume which role: {args.config}"
        page = Path(temp) / "trust-graph.html"
        for fmt, path in (("mermaid", out / "trust-graph.mmd"), ("html", page)):
            status = cli_main(
                ["graph", str(assembly), "--format", fmt, "--title", title, "-o", str(path)]
            )
            if status != 0:
                return status
        _screenshot(browser, page, out / "trust-graph.png", Path(temp) / "profile")
    print(f"wrote {out / 'trust-graph.png'} and trust-graph.mmd")
    return 0


if __name__ == "__main__":
    sys.exit(main())
