#!/usr/bin/env bash
# Build and start the image without Docker, as the Dockerfile says, and check what it serves.
# See scripts/image_check.py. Needs PostgreSQL and Redis on 127.0.0.1, psql, setpriv, unshare.
set -euo pipefail
cd "$(dirname "$0")/.."
exec "python$(cat .python-version)" scripts/image_check.py "$@"
