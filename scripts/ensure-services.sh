#!/usr/bin/env bash
# Starts PostgreSQL, MariaDB and Redis when they are not answering (CI machines start them, but a stopped
# one must not silently shrink the test matrix). Fails if one still does not answer.
set -uo pipefail

wait_for() { # name, check command
  for _ in $(seq 1 30); do eval "$2" >/dev/null 2>&1 && return 0; sleep 1; done
  echo "FATAL: $1 is not reachable" >&2; return 1
}

pg_ok='pg_isready -h 127.0.0.1 -p 5432 -q'
if ! eval "$pg_ok" >/dev/null 2>&1; then
  echo "starting PostgreSQL"; pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
fi
maria_ok='mariadb -h 127.0.0.1 -P 3306 -uroot -e "select 1"'
if ! eval "$maria_ok" >/dev/null 2>&1; then
  echo "starting MariaDB"; start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || true
fi
redis_ok='redis-cli -h 127.0.0.1 -p 6379 ping | grep -q PONG'
if ! eval "$redis_ok" >/dev/null 2>&1; then
  echo "starting Redis"; redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
fi
wait_for PostgreSQL "$pg_ok" && wait_for MariaDB "$maria_ok" && wait_for Redis "$redis_ok"
psql -h 127.0.0.1 -U postgres -d test -c 'select 1' >/dev/null || { echo "FATAL: database test missing on PostgreSQL" >&2; exit 1; }
