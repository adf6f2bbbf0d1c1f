#!/usr/bin/env bash
# restore-test.sh — the backup and restore test, end to end with the binary
# (docs/operations.md). It builds fangpin, fills a data folder with the demo
# city, runs `serve` on it under a self-report load (curl workers posting to
# the public API), takes `fangpin backup` in the middle of the load, restores
# it into an empty folder and checks that every report acknowledged before
# the backup began is there and the audit chain holds; then, after the load,
# backs up again and compares the figures (`stats --json`) of the original
# and of the restored copy. Not part of `go test`. Needs curl and sqlite3.
#
#   scripts/restore-test.sh [WORKERS] [SECONDS_OF_LOAD_BEFORE_THE_BACKUP]
set -euo pipefail
cd "$(dirname "$0")/.."
WORKERS=${1:-4}
WARMUP=${2:-3}
W=$(mktemp -d /tmp/fangpin-restore.XXXXXX)
BIN=$W/fangpin
SRC=$W/src
PORT=$((20000 + RANDOM % 20000))
BASE=http://127.0.0.1:$PORT
unset FANGPIN_KEY FANGPIN_DB FANGPIN_DATA
cleanup() { [ -n "${SERVE:-}" ] && kill "$SERVE" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT

go build -o "$BIN" ./cmd/fangpin
echo "== demo city into $SRC"
"$BIN" --data "$SRC" demo >/dev/null
FANGPIN_REPORT_IP_LIMIT=1000000 "$BIN" --data "$SRC" serve --addr 127.0.0.1:$PORT >"$W/serve.log" 2>&1 &
SERVE=$!
for _ in $(seq 100); do curl -sf "$BASE/healthz" >/dev/null && break; sleep 0.1; done
TOKEN=$("$BIN" --data "$SRC" qr --region 620300000000 | sed -n '1s|.*/r/||p')

# id NUMBER: a valid 18-digit ID number, unique per NUMBER
id() {
	local n=$1 body w=(7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2) s=0 i
	body=620302$(date -u -d "1950-01-01 + $((n / 1000)) days" +%Y%m%d)$(printf %03d $((n % 1000)))
	for i in $(seq 0 16); do s=$((s + ${body:i:1} * ${w[i]})); done
	local c=10X98765432
	echo "$body${c:$((s % 11)):1}"
}

# worker N: posts reports until $W/stop exists, one receipt a line in $W/acked.N
worker() {
	local n=$1 i=0 out
	while [ ! -e "$W/stop" ]; do
		out=$(curl -s -m 30 -X POST "$BASE/api/v1/self-reports" -H 'Content-Type: application/json' \
			-d "{\"village_token\":\"$TOKEN\",\"head_name\":\"测试户\",\"id_number\":\"$(id $((n * 1000 + i)))\",\"phone\":\"13800000000\",\"risk_types\":[\"因病\"],\"description\":\"恢复测试\",\"consent\":true}" || true)
		r=$(echo "$out" | grep -o '"receipt":"[A-Z0-9]*"' | cut -d'"' -f4 || true)
		[ -n "$r" ] && echo "$r" >>"$W/acked.$n"
		i=$((i + 1))
	done
}
echo "== load: $WORKERS workers"
for n in $(seq 1 "$WORKERS"); do touch "$W/acked.$n"; worker "$n" & done
sleep "$WARMUP"
cat "$W"/acked.* | sort >"$W/before"
T0=$(date +%s.%N)
"$BIN" --data "$SRC" backup --out "$W/mid.tar.gz"
T1=$(date +%s.%N)
sleep 1
touch "$W/stop"
wait $(jobs -p | grep -v "^$SERVE$") 2>/dev/null || true
cat "$W"/acked.* | sort >"$W/acked"

echo "== restore the backup taken under load"
"$BIN" --data "$W/dst" restore "$W/mid.tar.gz"
cp "$SRC/fangpin.key" "$W/dst/"
"$BIN" --data "$W/dst" key check
sqlite3 "$W/dst/fangpin.db" "SELECT receipt FROM self_reports" | sort >"$W/restored"
MISSING=$(comm -23 "$W/before" "$W/restored" | wc -l)
echo "== restore with a backup after the load, compare figures"
"$BIN" --data "$SRC" backup --out "$W/after.tar.gz" --with-key 2>/dev/null
"$BIN" --data "$W/dst2" restore "$W/after.tar.gz"
"$BIN" --data "$SRC" stats --json >"$W/stats.src"
"$BIN" --data "$W/dst2" stats --json >"$W/stats.dst"
"$BIN" --data "$W/dst2" audit verify
LOST=$(comm -23 "$W/acked" <(sqlite3 "$W/dst2/fangpin.db" "SELECT receipt FROM self_reports" | sort) | wc -l)
printf 'acknowledged before the backup %d, of them restored %d (missing %d); restored in all %d; acknowledged in all %d, after the load restored all but %d\n' \
	"$(wc -l <"$W/before")" "$(($(wc -l <"$W/before") - MISSING))" "$MISSING" "$(wc -l <"$W/restored")" "$(wc -l <"$W/acked")" "$LOST"
printf 'backup under load took %.1f s, archive %s\n' "$(echo "$T1 - $T0" | bc)" "$(du -h "$W/mid.tar.gz" | cut -f1)"
if [ "$MISSING" -ne 0 ] || [ "$LOST" -ne 0 ] || ! cmp -s "$W/stats.src" "$W/stats.dst"; then
	echo "FAIL (work folder $W)"
	diff "$W/stats.src" "$W/stats.dst" | head
	exit 1
fi
echo "PASS: figures equal, audit chains whole"
rm -rf "$W"
