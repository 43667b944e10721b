import os
import sys
from pathlib import Path

# One BLAS thread: the problems are small, and CTest runs tests side by side.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import pytest  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))


class Report:
    """Agreement figures: printed, and written to $OTMEC_VALIDATION_REPORT/NAME.txt."""

    def __init__(self, name):
        self.name = name
        self.lines = []

    def line(self, text=""):
        self.lines.append(text)
        print(text, flush=True)

    def save(self):
        folder = os.environ.get("OTMEC_VALIDATION_REPORT")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            (Path(folder) / f"{self.name}.txt").write_text("\n".join(self.lines) + "\n")


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("instances")
