#!/bin/sh
# Add Thi đua Bắc Ninh to the applications menu (and the desktop) of the current user. No root needed.
# Run it from the unpacked folder:  ./install.sh      Remove the entries:  ./install.sh --remove
# The data folder (~/.local/share/ThiDuaBacNinh) is never touched by this script.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
icons="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/256x256/apps"
desk=$(xdg-user-dir DESKTOP 2>/dev/null || echo "$HOME/Desktop")
if [ "${1:-}" = "--remove" ]; then
  rm -f "$apps/thidua-bacninh.desktop" "$icons/thidua-bacninh.png" "$desk/thidua-bacninh.desktop"
  echo "Đã gỡ lối tắt. Dữ liệu của bạn vẫn được giữ nguyên."
  exit 0
fi
mkdir -p "$apps" "$icons"
cp "$here/thidua-bacninh.png" "$icons/thidua-bacninh.png"
sed "s|@APPDIR@|$here|g" "$here/thidua-bacninh.desktop" > "$apps/thidua-bacninh.desktop"
chmod +x "$apps/thidua-bacninh.desktop"
if [ -d "$desk" ]; then
  cp "$apps/thidua-bacninh.desktop" "$desk/thidua-bacninh.desktop"
  chmod +x "$desk/thidua-bacninh.desktop"
fi
echo "Đã thêm Thi đua Bắc Ninh vào danh sách ứng dụng."
