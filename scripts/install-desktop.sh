#!/usr/bin/env sh
# Installs Trade Mission Planner for the current user, without root: the app
# in ~/.local/bin, its icon, its menu entry and the .mission.ron file type, so
# that a double-click on a project opens it. `--uninstall` removes them again.
#
#   cargo build --release && scripts/install-desktop.sh [path/to/trade-mission-planner]
set -eu
cd "$(dirname "$0")/.."
app=trade-mission-planner
data="${XDG_DATA_HOME:-$HOME/.local/share}"
bin="${XDG_BIN_HOME:-$HOME/.local/bin}"

refresh() {
  command -v update-mime-database >/dev/null && update-mime-database "$data/mime" || true
  command -v update-desktop-database >/dev/null && update-desktop-database "$data/applications" || true
  command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -f "$bin/$app" "$data/applications/$app.desktop" "$data/mime/packages/$app.xml"
  for size in 16 32 48 64 128 256 512; do
    rm -f "$data/icons/hicolor/${size}x${size}/apps/$app.png"
  done
  rm -f "$data/icons/hicolor/scalable/apps/$app.svg"
  refresh
  echo "Removed Trade Mission Planner from $data and $bin."
  exit 0
fi

binary="${1:-${CARGO_TARGET_DIR:-target}/release/$app}"
if [ ! -x "$binary" ]; then
  echo "No app at $binary: build it first (cargo build --release), or give its path." >&2
  exit 1
fi

mkdir -p "$bin" "$data/applications" "$data/mime/packages" "$data/icons/hicolor/scalable/apps"
install -m 755 "$binary" "$bin/$app"
# The menu entry starts the installed app by its full path: ~/.local/bin is
# not on every desktop session's PATH.
sed "s|^Exec=$app |Exec=$bin/$app |" "assets/desktop/$app.desktop" > "$data/applications/$app.desktop"
chmod 644 "$data/applications/$app.desktop"
install -m 644 "assets/desktop/$app.xml" "$data/mime/packages/$app.xml"
install -m 644 "assets/icons/$app.svg" "$data/icons/hicolor/scalable/apps/$app.svg"
for size in 16 32 48 64 128 256 512; do
  mkdir -p "$data/icons/hicolor/${size}x${size}/apps"
  install -m 644 "assets/icons/png/$app-$size.png" "$data/icons/hicolor/${size}x${size}/apps/$app.png"
done
refresh
command -v xdg-mime >/dev/null && xdg-mime default "$app.desktop" application/x-trade-mission || true
echo "Installed Trade Mission Planner: $bin/$app, with its menu entry and the .mission.ron file type."
