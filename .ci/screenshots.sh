#!/usr/bin/env bash
# Takes screenshots of the main views of the real app under Xvfb.
# Usage: .ci/screenshots.sh [OUT_DIR]   (needs xvfb, xdotool, imagemagick)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-assets/screenshots}
mkdir -p "$out"
bin=${CARGO_TARGET_DIR:-target}/release/trade-mission-planner
unset WAYLAND_DISPLAY
export XDG_DATA_HOME=$(mktemp -d)   # fresh settings: starts on the sample
xvfb-run -a -s '-screen 0 1280x800x24' bash -c "
  '$bin' & pid=\$!
  sleep 2.5
  out='$out'
  shoot() { xdotool mousemove \"\$2\" \"\$3\" click 1; sleep 0.7; import -window root -crop 1280x800+0+0 \"\$out/\$1.png\"; }
  shoot overview 40 46
  shoot ports 40 104
  xdotool mousemove 400 135 click 1; sleep 0.5
  shoot ports-form 40 104
  shoot agreements 40 191
  xdotool mousemove 400 110 click 1; sleep 0.5
  shoot agreements-form 40 191
  snap() { sleep 0.7; import -window root -crop 1280x800+0+0 \"\$out/\$1.png\"; }
  # The Draft page: preview on, then clauses and revisions, then a redline.
  xdotool mousemove 809 110 click 1; sleep 0.5
  xdotool mousemove 729 224 click 1; snap preview
  xdotool mousemove 729 224 click 1; sleep 0.3
  xdotool mousemove 990 150; for i in \$(seq 15); do xdotool click 5; done; snap drafting
  xdotool mousemove 815 755 click 1; sleep 0.5
  xdotool mousemove 990 150; for i in \$(seq 15); do xdotool click 5; done; snap redline
  shoot board 40 220
  shoot events 40 278
  xdotool mousemove 400 160 click 1; sleep 0.5
  shoot events-form 40 278
  shoot schedule 40 307
  shoot problems 40 336
  kill \$pid
"
