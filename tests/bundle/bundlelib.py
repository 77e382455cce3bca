"""Small helpers shared by the bundle test scripts (tests/bundle/*.py).

Only the Python standard library plus python3-yaml is used here, so every
script can start on a fresh Debian 12 machine with the packages from
tests/bundle/apt-packages.txt.
"""

import os
import shutil
import sys

# ctest treats this exit code as "skipped" (SKIP_RETURN_CODE in CMakeLists.txt).
SKIP = 77

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def repo_path(*parts):
    return os.path.join(REPO_ROOT, *parts)


def require_tool(name, package):
    """Return the path of a command-line tool, or skip the test with a clear message."""
    path = shutil.which(name)
    if path is None:
        print(f"SKIP: '{name}' is not installed (Debian package {package}; "
              f"see tests/bundle/apt-packages.txt)")
        sys.exit(SKIP)
    return path


def require_module(name, package):
    try:
        return __import__(name)
    except ImportError:
        print(f"SKIP: Python module '{name}' is missing (Debian package {package}; "
              f"see tests/bundle/apt-packages.txt)")
        sys.exit(SKIP)


class Failures:
    """Collects failures so a test reports every problem at once, not only the first."""

    def __init__(self):
        self.items = []

    def add(self, where, message):
        self.items.append(f"{where}: {message}")

    def check(self, condition, where, message):
        if not condition:
            self.add(where, message)
        return condition

    def finish(self, what):
        if self.items:
            for item in self.items:
                print(f"FAIL {item}")
            print(f"{what}: {len(self.items)} problem(s)")
            sys.exit(1)
        print(f"{what}: OK")
        sys.exit(0)
