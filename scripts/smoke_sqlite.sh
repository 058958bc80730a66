#!/usr/bin/env bash
# Smoke run of what `make run` does, on a throw-away SQLite file: migrate, seed, serve,
# then check the home page is Russian and the printed staff login works.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
port=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export DEBUG=true DATABASE_URL="sqlite:///$work/db.sqlite3" CELERY_BROKER_URL= MEDIA_ROOT="$work/media"
unset DJANGO_SETTINGS_MODULE

.venv/bin/python manage.py migrate --noinput --verbosity 0
.venv/bin/python manage.py seed_demo --scale small > "$work/seed.log"
.venv/bin/python manage.py seed_demo --scale small > /dev/null  # idempotent
.venv/bin/python manage.py runserver "127.0.0.1:$port" --noreload > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT

.venv/bin/python scripts/smoke_check.py "http://127.0.0.1:$port" "$work/seed.log"
echo "SQLite smoke run: OK"
