#!/usr/bin/env bash
# Times launch -> window mapped -> CPU quiet for the release binary opening a
# generated 10,000-event project under Xvfb, then checks the idle window uses
# no CPU. Optionally does the same for GNOME Planner opening 10,000 tasks
# (`apt-get install planner`), for comparison.
# Usage: .ci/launch-timing.sh   (needs xvfb, xdotool; run after cargo build --release)
# It fails when a window does not appear. CI checks the same things with the
# debug binary in tests/ui/real_window.rs (launch_shows_the_window_idles_and_quits);
# this script gives the release figures for the README.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
bin=$target/release/trade-mission-planner
work=$(mktemp -d)
cargo run -q --release --example generate -- --events 10000 --agreements 2000 --ports 1000 --people 2000 -o "$work/large.mission.ron"
unset WAYLAND_DISPLAY
export XDG_DATA_HOME=$work/data

cat > "$work/measure.sh" <<'INNER'
#!/usr/bin/env bash
# measure.sh NAME WINDOW_PATTERN COMMAND... : prints "NAME: window S s, settled S s, idle CPU T ticks/3s"
name=$1; pattern=$2; shift 2
ticks() { awk '{print $14+$15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
start=$(date +%s.%N)
"$@" >/dev/null 2>&1 &
pid=$!
window=""
for _ in $(seq 1 600); do
  if xdotool search --onlyvisible --name "$pattern" >/dev/null 2>&1; then window=$(date +%s.%N); break; fi
  sleep 0.01
done
if [ -z "$window" ]; then
  kill $pid 2>/dev/null
  echo "$name: no window appeared within 6 s" >&2
  exit 1
fi
# Settled: CPU ticks (1/100 s) unchanged for 0.3 s.
last=$(ticks $pid); quiet_since=$(date +%s.%N)
while true; do
  sleep 0.05
  now_ticks=$(ticks $pid); now=$(date +%s.%N)
  if [ "$now_ticks" != "$last" ]; then last=$now_ticks; quiet_since=$now; fi
  if awk -v a="$now" -v b="$quiet_since" 'BEGIN{exit !(a-b>=0.3)}'; then break; fi
  if awk -v a="$now" -v s="$start" 'BEGIN{exit !(a-s>60)}'; then break; fi
done
settled=$quiet_since
before=$(ticks $pid); sleep 3; after=$(ticks $pid)
kill $pid 2>/dev/null; wait $pid 2>/dev/null
awk -v n="$name" -v s="$start" -v w="${window:-0}" -v q="$settled" -v i=$((after-before)) \
  'BEGIN{printf "%s: window after %.2f s, settled and idle after %.2f s, idle CPU %d ticks in 3 s\n", n, w-s, q-s, i}'
INNER
chmod +x "$work/measure.sh"

xvfb-run -a -s '-screen 0 1440x900x24' "$work/measure.sh" "Trade Mission Planner (10,000 events)" "Trade Mission Planner" "$bin" "$work/large.mission.ron"
xvfb-run -a -s '-screen 0 1440x900x24' "$work/measure.sh" "Trade Mission Planner (sample)" "Trade Mission Planner" "$bin"

if command -v planner >/dev/null; then
  python3 - "$work/tasks.planner" <<'PY'
import sys
n = 10000
out = ['<?xml version="1.0"?>', '<project name="10000 tasks" company="" manager="" phase="" project-start="20230311T000000Z" mrproject-version="2" calendar="1">',
       '<calendars><day-types><day-type id="0" name="Working" description=""/><day-type id="1" name="Nonworking" description=""/></day-types>',
       '<calendar id="1" name="Default"><default-week mon="0" tue="0" wed="0" thu="0" fri="0" sat="1" sun="1"/><overridden-day-types><overridden-day-type id="0"><interval start="0800" end="1200"/><interval start="1300" end="1700"/></overridden-day-type></overridden-day-types><days/></calendar></calendars>',
       '<tasks>']
for i in range(n):
    out.append(f'<task id="{i+1}" name="Task {i}" note="" work="28800" start="20230313T080000Z" end="20230313T170000Z" work-start="20230313T080000Z" percent-complete="0" priority="0" type="normal" scheduling="fixed-work"/>')
out.append('</tasks><resource-groups/><resources/><allocations/></project>')
open(sys.argv[1], 'w').write('\n'.join(out))
PY
  xvfb-run -a -s '-screen 0 1440x900x24' "$work/measure.sh" "GNOME Planner (10,000 tasks)" "10000 tasks" planner "$work/tasks.planner"
fi
rm -rf "$work"
