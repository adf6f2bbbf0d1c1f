#!/usr/bin/env bash
# failover-test.sh — fangpin on a PostgreSQL primary with a synchronous
# streaming-replication standby (plain PostgreSQL 15 binaries, a local port
# pair, everything under /tmp): serve runs with a multi-host DSN and
# target_session_attrs=read-write, a self-report burst is sent, the primary
# is killed (SIGKILL) in the middle of it and the standby promoted
# (pg_ctl promote). It reports the receipts acknowledged, how many of them
# are on the new primary, and the seconds from the kill to the first receipt
# acknowledged again. Not part of `go test` (docs/operations.md#failover).
#
#   scripts/failover-test.sh [WORKERS] [REPORTS_BEFORE_THE_KILL]
# Run as root it runs PostgreSQL as the user postgres.
set -euo pipefail
cd "$(dirname "$0")/.."
WORKERS=${1:-4}
BEFORE=${2:-100}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
W=$(mktemp -d /tmp/fangpin-failover.XXXXXX)
chmod 755 "$W"
P1=$((30000 + RANDOM % 10000))
P2=$((P1 + 1))
HTTP=$((P1 + 2))
BASE=http://127.0.0.1:$HTTP
AS=()
if [ "$(id -u)" = 0 ]; then AS=(runuser -u postgres --); chown postgres "$W"; fi
pg() { "${AS[@]}" "$PGBIN/$@"; }
unset FANGPIN_KEY FANGPIN_DB FANGPIN_DATA
cleanup() {
	[ -n "${SERVE:-}" ] && kill "$SERVE" 2>/dev/null
	pg pg_ctl -D "$W/primary" stop -m immediate >/dev/null 2>&1 || true
	pg pg_ctl -D "$W/standby" stop -m immediate >/dev/null 2>&1 || true
	wait 2>/dev/null || true
}
trap cleanup EXIT
BIN=$W/fangpin
go build -o "$BIN" ./cmd/fangpin

echo "== primary :$P1, synchronous standby :$P2 in $W"
pg initdb -D "$W/primary" -U postgres --auth=trust >/dev/null
cat >>"$W/primary/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $P1
unix_socket_directories = '$W'
wal_level = replica
max_wal_senders = 5
synchronous_standby_names = 'standby1'
synchronous_commit = on
fsync = on
CONF
echo "host replication postgres 127.0.0.1/32 trust" >>"$W/primary/pg_hba.conf"
pg pg_ctl -D "$W/primary" -l "$W/primary.log" -w start >/dev/null
pg pg_basebackup -D "$W/standby" -R -X stream -d "host=127.0.0.1 port=$P1 user=postgres application_name=standby1"
sed -i "s/^port = $P1/port = $P2/" "$W/standby/postgresql.conf"
pg pg_ctl -D "$W/standby" -l "$W/standby.log" -w start >/dev/null
for _ in $(seq 100); do
	s=$(pg psql -h 127.0.0.1 -p "$P1" -U postgres -Atc "SELECT sync_state FROM pg_stat_replication" 2>/dev/null || true)
	[ "$s" = sync ] && break
	sleep 0.1
done
echo "replication: ${s:-none}"
[ "$s" = sync ] || exit 1
pg psql -h 127.0.0.1 -p "$P1" -U postgres -qc "CREATE DATABASE fangpin"

DSN="postgres://postgres@127.0.0.1:$P1,127.0.0.1:$P2/fangpin?sslmode=disable&target_session_attrs=read-write&connect_timeout=2"
cat >"$W/regions.csv" <<CSV
code,name,level,parent_code
620000000000,甘肃省,1,
620300000000,金昌市,2,620000000000
620321000000,永昌县,3,620300000000
620321100000,城关镇,4,620321000000
620321100201,北海子村,5,620321100000
CSV
"$BIN" --db "$DSN" --data "$W/data" import regions "$W/regions.csv" >/dev/null
TOKEN=$("$BIN" --db "$DSN" --data "$W/data" qr --region 620321100201 | sed -n '1s|.*/r/||p')
FANGPIN_REPORT_IP_LIMIT=1000000 "$BIN" --db "$DSN" --data "$W/data" serve --addr 127.0.0.1:$HTTP >"$W/serve.log" 2>&1 &
SERVE=$!
for _ in $(seq 100); do curl -sf "$BASE/healthz" >/dev/null && break; sleep 0.1; done

id() { # a valid 18-digit ID number, unique per argument
	local n=$1 body w=(7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2) s=0 i c=10X98765432
	body=620321$(date -u -d "1950-01-01 + $((n / 1000)) days" +%Y%m%d)$(printf %03d $((n % 1000)))
	for i in $(seq 0 16); do s=$((s + ${body:i:1} * ${w[i]})); done
	echo "$body${c:$((s % 11)):1}"
}
worker() { # posts until $W/stop exists; "RECEIPT EPOCH" a line in $W/acked.N
	local n=$1 i=0 out r
	while [ ! -e "$W/stop" ]; do
		out=$(curl -s -m 10 -X POST "$BASE/api/v1/self-reports" -H 'Content-Type: application/json' \
			-d "{\"village_token\":\"$TOKEN\",\"head_name\":\"测试户\",\"id_number\":\"$(id $((n * 1000 + i)))\",\"phone\":\"13800000000\",\"risk_types\":[\"因病\"],\"description\":\"切换测试\",\"consent\":true}" || true)
		r=$(echo "$out" | grep -o '"receipt":"[A-Z0-9]*"' | cut -d'"' -f4 || true)
		if [ -n "$r" ]; then echo "$r $(date +%s.%N)" >>"$W/acked.$n"; else echo "$(date +%s.%N)" >>"$W/failed.$n"; fi
		i=$((i + 1))
	done
}
echo "== burst: $WORKERS workers"
for n in $(seq 1 "$WORKERS"); do touch "$W/acked.$n"; worker "$n" & done
until [ "$(cat "$W"/acked.* | wc -l)" -ge "$BEFORE" ]; do sleep 0.1; done
KILL=$(date +%s.%N)
kill -9 "$(head -1 "$W/primary/postmaster.pid")"
echo "== primary killed after $(cat "$W"/acked.* | wc -l) receipts; promoting the standby"
pg pg_ctl -D "$W/standby" -w promote >/dev/null
# the standby inherited synchronous_standby_names: alone, it would wait for
# a standby that is not there; it runs asynchronous until a new one is built
pg psql -h 127.0.0.1 -p "$P2" -U postgres -qc "ALTER SYSTEM SET synchronous_standby_names = ''" -c "SELECT pg_reload_conf()" >/dev/null
PROMOTED=$(date +%s.%N)
for _ in $(seq 600); do
	[ "$(awk -v k="$KILL" '$2 > k' "$W"/acked.* | wc -l)" -ge 50 ] && break
	sleep 0.1
done
touch "$W/stop"
wait $(jobs -p | grep -v "^$SERVE$") 2>/dev/null || true

cat "$W"/acked.* | cut -d' ' -f1 | sort >"$W/acked"
pg psql -h 127.0.0.1 -p "$P2" -U postgres -d fangpin -Atc "SELECT receipt FROM self_reports" | sort >"$W/found"
ACKED=$(wc -l <"$W/acked")
FOUND=$(comm -12 "$W/acked" "$W/found" | wc -l)
FIRST=$(awk -v k="$PROMOTED" '$2 > k {print $2}' "$W"/acked.* | sort -n | head -1)
AFTER=$(awk -v k="$PROMOTED" '$2 > k' "$W"/acked.* | wc -l)
FAILED=$(cat "$W"/failed.* 2>/dev/null | wc -l)
printf 'acknowledged %d (%d after the promotion), found on the new primary %d, refused during the switch %d\n' \
	"$ACKED" "$AFTER" "$FOUND" "$FAILED"
printf 'kill to promoted %.1f s; first receipt acknowledged by the new primary %.1f s after the kill\n' \
	"$(echo "$PROMOTED - $KILL" | bc)" "$(echo "${FIRST:-$KILL} - $KILL" | bc)"
if [ "$ACKED" -ne "$FOUND" ] || [ "$AFTER" -lt 1 ]; then
	echo "FAIL (work folder $W)"
	exit 1
fi
echo PASS
cleanup
rm -rf "$W"
