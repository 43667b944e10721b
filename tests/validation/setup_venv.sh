#!/usr/bin/env bash
# Creates the validation's virtual environment from PyPI, or reuses it when it
# already holds exactly requirements.txt.   Usage: setup_venv.sh VENV_DIR
set -euo pipefail
venv=$1
req="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/requirements.txt"
stamp="$venv/requirements.installed"
if [ -x "$venv/bin/python" ] && cmp -s "$req" "$stamp"; then
    echo "setup_venv.sh: reusing $venv"
    exit 0
fi
python=${PYTHON:-python3}
if ! "$python" -c "import ensurepip, venv" 2>/dev/null; then
    echo "setup_venv.sh: $python has no venv/ensurepip (Debian: apt-get install python3-venv)" >&2
    exit 1
fi
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req"
cp "$req" "$stamp"
echo "setup_venv.sh: created $venv ($("$venv/bin/python" --version))"
