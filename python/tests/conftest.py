"""Where the tests find the repository's data and the otmec command-line tool
they compare with: $OTMEC_CLI, else build/otmec of the repository."""
import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def root() -> pathlib.Path:
    return ROOT


@pytest.fixture(scope="session")
def cli() -> str:
    path = os.environ.get("OTMEC_CLI") or str(ROOT / "build" / "otmec")
    if not os.access(path, os.X_OK):
        pytest.fail(f"no otmec command-line tool at {path}: build it (cmake --build build) or set OTMEC_CLI")
    return path
