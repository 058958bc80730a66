#!/usr/bin/env bash
# Starts the local PostgreSQL, Redis and RabbitMQ if they do not answer (the test and full-stack
# commands need PostgreSQL and Redis; the tests also run the worker-kill tests on RabbitMQ).
set -euo pipefail

if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  echo "Starting PostgreSQL..."
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
pg_isready -h 127.0.0.1 -p 5432 -q || { echo "PostgreSQL does not answer on 127.0.0.1:5432" >&2; exit 1; }

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "Starting Redis..."
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
fi
redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null || { echo "Redis does not answer on 127.0.0.1:6379" >&2; exit 1; }

# RabbitMQ, only when asked (`--rabbitmq`: `make test` and `make faults`, whose worker-kill tests
# run on it as well as on Redis, each in a virtual host of its own) or when CELERY_BROKER_URL is an
# amqp:// URL of this host. Started as the machine starts it: systemd if it runs, else the
# package's own launcher, detached (no init system needed). RABBITMQ_NODE_PORT (RabbitMQ's own
# variable) picks another port, e.g. for a private node.
want_rabbitmq=""
[ "${1:-}" = "--rabbitmq" ] && want_rabbitmq=1
case "${CELERY_BROKER_URL:-}" in amqp://*@127.0.0.1[:/]*|amqp://*@localhost[:/]*|amqp://127.0.0.1*|amqp://localhost*) want_rabbitmq=1 ;; esac
[ -n "$want_rabbitmq" ] || exit 0

RABBITMQ_PORT="${RABBITMQ_NODE_PORT:-5672}"
rabbitmq_answers() {
  # The AMQP 0-9-1 protocol header: a broker that is up answers with a Connection.Start frame (type 1).
  [ "$(timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$RABBITMQ_PORT && printf 'AMQP\x00\x00\x09\x01' >&3 && head -c 1 <&3 | od -An -tx1" 2>/dev/null | tr -d ' ')" = "01" ]
}
if ! rabbitmq_answers; then
  PATH="$PATH:/usr/sbin:/sbin"
  command -v rabbitmq-server >/dev/null \
    || { echo "RabbitMQ is not installed (Debian/Ubuntu: apt-get install rabbitmq-server)" >&2; exit 1; }
  echo "Starting RabbitMQ on 127.0.0.1:$RABBITMQ_PORT..."
  as_root=()
  [ "$(id -u)" = 0 ] || as_root=(sudo --preserve-env=RABBITMQ_NODENAME,RABBITMQ_NODE_PORT,RABBITMQ_DIST_PORT,RABBITMQ_CONFIG_FILE,RABBITMQ_MNESIA_BASE,RABBITMQ_LOG_BASE,RABBITMQ_ENABLED_PLUGINS_FILE)
  if [ -d /run/systemd/system ] && [ -z "${RABBITMQ_NODE_PORT:-}" ]; then
    "${as_root[@]}" systemctl start rabbitmq-server
  else
    # Debian's wrapper runs the node as the rabbitmq user; -detached returns once the VM has forked.
    "${as_root[@]}" rabbitmq-server -detached
  fi
  for _ in $(seq 1 90); do rabbitmq_answers && break; sleep 1; done
fi
rabbitmq_answers || { echo "RabbitMQ does not answer on 127.0.0.1:$RABBITMQ_PORT" >&2; exit 1; }
