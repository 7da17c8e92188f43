#!/usr/bin/env bash
# WAL archiving and point-in-time recovery, rehearsed on a throw-away PostgreSQL cluster.
#
#   scripts/wal-restore-drill.sh            # as root (runs PostgreSQL as the postgres user)
#                                           # or as any user that may run initdb
#
# 1. initdb a primary in a temporary directory on a spare port (Unix socket only), with
#    archive_mode=on and an archive_command that copies every finished WAL segment into
#    an archive directory (never overwriting a segment already there);
# 2. write rows "A", take a base backup with pg_basebackup (without WAL: the archive has
#    to supply it, as in production), write rows "B", note the time T, write rows "C",
#    switch WAL and wait until the archiver has copied the last segment;
# 3. restore the base backup twice into new clusters, replaying archived WAL with
#    restore_command: once to the end of the archive (A, B and C must be there) and once
#    to recovery_target_time = T (A and B must be there, C must not);
# 4. stop everything and remove the directory. Exit 0 only if every check held.
#
# PGBIN (default: pg_config --bindir) and DRILL_PORT (default 54329; the restores use
# the next two ports) can be set. Nothing outside the temporary directory is touched.
set -euo pipefail

PGBIN=${PGBIN:-$(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)}
PORT=${DRILL_PORT:-54329}
WORK=$(mktemp -d /tmp/wal-drill.XXXXXX)
ARCHIVE=$WORK/archive
CLUSTERS=()

if [ "$(id -u)" = 0 ]; then
    chown postgres:postgres "$WORK"
    as_pg() { runuser -u postgres -- "$@"; }
else
    as_pg() { "$@"; }
fi

cleanup() {
    for dir in "${CLUSTERS[@]}"; do
        as_pg "$PGBIN/pg_ctl" -D "$dir" -m immediate stop >/dev/null 2>&1 || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT

psql_at() { # port, SQL -> unaligned result
    as_pg "$PGBIN/psql" -X -q -At -h "$WORK" -p "$1" -d postgres -v ON_ERROR_STOP=1 -c "$2"
}

start() { # data directory, port
    CLUSTERS+=("$1")
    as_pg "$PGBIN/pg_ctl" -D "$1" -l "$1.log" -o "-p $2" -w -t 120 start >/dev/null
}

elapsed() { # start time from date +%s.%N -> seconds, one decimal
    printf '%.1f' "$(echo "$(date +%s.%N) - $1" | bc)"
}

fail() {
    echo "FAILED: $*" >&2
    for log in "$WORK"/*.log; do echo "--- $log" >&2; tail -n 20 "$log" >&2; done
    exit 1
}

as_pg mkdir "$ARCHIVE"
echo "work directory $WORK, PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}')"

# --- 1. the primary -----------------------------------------------------------------------
as_pg "$PGBIN/initdb" -D "$WORK/primary" -U postgres --auth=trust >/dev/null
as_pg tee -a "$WORK/primary/postgresql.conf" >/dev/null <<EOF
listen_addresses = ''
unix_socket_directories = '$WORK'
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $ARCHIVE/%f && cp %p $ARCHIVE/%f'
archive_timeout = 60
EOF
start "$WORK/primary" "$PORT"

# --- 2. data, base backup, more data -------------------------------------------------------
psql_at "$PORT" "CREATE TABLE drill (id bigserial PRIMARY KEY, phase text NOT NULL,
    at timestamptz NOT NULL DEFAULT clock_timestamp())"
psql_at "$PORT" "INSERT INTO drill (phase) SELECT 'A' FROM generate_series(1, 1000)"
started=$(date +%s.%N)
as_pg "$PGBIN/pg_basebackup" -h "$WORK" -p "$PORT" -U postgres -D "$WORK/base" \
    --wal-method=none --checkpoint=fast
echo "base backup taken in $(elapsed "$started") s ($(du -sh "$WORK/base" | cut -f1))"
psql_at "$PORT" "INSERT INTO drill (phase) SELECT 'B' FROM generate_series(1, 1000)"
target=$(psql_at "$PORT" "SELECT clock_timestamp()")
sleep 1.1
psql_at "$PORT" "INSERT INTO drill (phase) SELECT 'C' FROM generate_series(1, 1000)"
expected_all=$(psql_at "$PORT" "SELECT string_agg(phase || '=' || n, ' ') FROM
    (SELECT phase, count(*) AS n FROM drill GROUP BY phase ORDER BY phase) AS counts")
last=$(psql_at "$PORT" "SELECT pg_walfile_name(pg_switch_wal())")
for _ in $(seq 1 120); do
    archived=$(psql_at "$PORT" "SELECT coalesce(last_archived_wal, '') FROM pg_stat_archiver")
    [ -n "$archived" ] && [[ ! "$archived" < "$last" ]] && break
    sleep 0.5
done
[ -f "$ARCHIVE/$last" ] || fail "segment $last was not archived"
echo "archived WAL: $(ls "$ARCHIVE" | wc -l) files up to $last; target time $target"
as_pg "$PGBIN/pg_ctl" -D "$WORK/primary" -m fast stop >/dev/null

# --- 3. restore: base backup + archived WAL ------------------------------------------------
restore() { # name, port, extra recovery settings -> "A=n B=n C=n"
    local dir=$WORK/$1
    as_pg cp -a "$WORK/base" "$dir"
    as_pg tee -a "$dir/postgresql.conf" >/dev/null <<EOF
port = $2
archive_mode = off
restore_command = 'cp $ARCHIVE/%f %p'
recovery_target_action = 'promote'
$3
EOF
    as_pg touch "$dir/recovery.signal"
    local started
    started=$(date +%s.%N)
    start "$dir" "$2"
    for _ in $(seq 1 240); do
        [ "$(psql_at "$2" "SELECT pg_is_in_recovery()")" = f ] && break
        sleep 0.5
    done
    [ "$(psql_at "$2" "SELECT pg_is_in_recovery()")" = f ] || fail "$1 did not finish recovery"
    echo "$1: recovered and promoted in $(elapsed "$started") s" >&2
    psql_at "$2" "SELECT string_agg(phase || '=' || n, ' ') FROM
        (SELECT phase, count(*) AS n FROM drill GROUP BY phase ORDER BY phase) AS counts"
}

latest=$(restore latest $((PORT + 1)) "recovery_target_timeline = 'latest'")
echo "restored to the end of the archive: $latest (primary had: $expected_all)"
[ "$latest" = "$expected_all" ] || fail "full replay lost data: $latest"
[ "$latest" = "A=1000 B=1000 C=1000" ] || fail "unexpected rows after full replay: $latest"

pitr=$(restore pitr $((PORT + 2)) "recovery_target_time = '$target'")
echo "restored to $target: $pitr"
[ "$pitr" = "A=1000 B=1000" ] || fail "point-in-time recovery gave: $pitr"

echo "WAL restore drill passed: base backup + archived WAL restore everything written after"
echo "the base backup, and recovery_target_time stops before what came later."
