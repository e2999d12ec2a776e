"""Long fuzzing run of the language and interpreter, for nightly use.

    python scripts/fuzz.py [--examples 20000]

Runs the property tests of tests/hardening/test_fuzz.py with many more examples than the test suite does,
and prints hypothesis's statistics. Exits non-zero with the falsifying program if a property fails.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=20_000)
    args = parser.parse_args()
    env = {**os.environ, "AGX_FUZZ_EXAMPLES": str(args.examples)}
    command = [
        sys.executable,
        "-m",
        "pytest",
        "tests/hardening/test_fuzz.py",
        "-q",
        "--hypothesis-show-statistics",
        "-p",
        "no:cacheprovider",
    ]
    sys.exit(subprocess.call(command, cwd=ROOT, env=env))
