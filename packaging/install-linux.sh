#!/bin/sh
# Put Workshop Room into the Linux desktop: menu entry, AppStream metadata, the .workshop file
# type and the icons. By default for the current user (~/.local/share); --prefix for everyone.
#
#   packaging/install-linux.sh                               # desktop files only; workshop-app must be on PATH
#   packaging/install-linux.sh --bundle dist/workshop-app    # also copy the built app and link bin/workshop-app
#   sudo packaging/install-linux.sh --prefix /usr/local --bundle dist/workshop-app
#   packaging/install-linux.sh --uninstall [--prefix DIR]
#
# DESTDIR is honoured for staged installs (distribution packages); the caches are then left alone.
set -eu

APP_ID=org.workshoproom.WorkshopRoom
MIME_ICON=application-x-workshop-room
SIZES="16 24 32 48 64 128 256 512"

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
linux_dir="$here/linux"
icons_dir="$here/../resources/icons"

prefix=""
bundle=""
uninstall=0
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix="${2:?--prefix needs a folder}"; shift 2 ;;
    --prefix=*) prefix="${1#--prefix=}"; shift ;;
    --bundle) bundle="${2:?--bundle needs the built app folder}"; shift 2 ;;
    --bundle=*) bundle="${1#--bundle=}"; shift ;;
    --uninstall) uninstall=1; shift ;;
    -h|--help) sed -n '2,11s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "install-linux.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

if [ -n "$prefix" ]; then
  share="$prefix/share"; bin="$prefix/bin"; lib="$prefix/lib/workshop-app"
else
  share="${XDG_DATA_HOME:-$HOME/.local/share}"; bin="$HOME/.local/bin"; lib="$HOME/.local/lib/workshop-app"
fi
destdir="${DESTDIR:-}"
S="$destdir$share"

refresh_caches() {
  [ -z "$destdir" ] || return 0
  if command -v update-mime-database >/dev/null 2>&1; then
    update-mime-database "$S/mime" || echo "note: update-mime-database failed" >&2
  fi
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$S/applications" || echo "note: update-desktop-database failed" >&2
  fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$S/icons/hicolor/index.theme" ]; then
    gtk-update-icon-cache -q -t -f "$S/icons/hicolor" || true
  fi
  touch "$S/icons/hicolor" 2>/dev/null || true
}

if [ "$uninstall" = 1 ]; then
  rm -f "$S/applications/$APP_ID.desktop" "$S/metainfo/$APP_ID.metainfo.xml" \
        "$S/mime/packages/$APP_ID.xml" "$S/icons/hicolor/scalable/apps/$APP_ID.svg"
  for n in $SIZES; do
    rm -f "$S/icons/hicolor/${n}x${n}/apps/$APP_ID.png" "$S/icons/hicolor/${n}x${n}/mimetypes/$MIME_ICON.png"
  done
  if [ -L "$destdir$bin/workshop-app" ] && [ -d "$destdir$lib" ]; then
    rm -f "$destdir$bin/workshop-app"
    rm -rf "$destdir$lib"
  fi
  refresh_caches
  echo "Removed Workshop Room from $S"
  exit 0
fi

for f in "$linux_dir/$APP_ID.desktop" "$linux_dir/$APP_ID.metainfo.xml" "$linux_dir/$APP_ID-mime.xml" \
         "$icons_dir/workshop-app.svg"; do
  [ -f "$f" ] || { echo "install-linux.sh: missing $f; run this from a Workshop Room checkout" >&2; exit 1; }
done

install -D -m 644 "$linux_dir/$APP_ID.desktop" "$S/applications/$APP_ID.desktop"
install -D -m 644 "$linux_dir/$APP_ID.metainfo.xml" "$S/metainfo/$APP_ID.metainfo.xml"
install -D -m 644 "$linux_dir/$APP_ID-mime.xml" "$S/mime/packages/$APP_ID.xml"
install -D -m 644 "$icons_dir/workshop-app.svg" "$S/icons/hicolor/scalable/apps/$APP_ID.svg"
for n in $SIZES; do
  png="$icons_dir/hicolor/${n}x${n}/apps/$APP_ID.png"
  install -D -m 644 "$png" "$S/icons/hicolor/${n}x${n}/apps/$APP_ID.png"
  # The same picture for .workshop files in file managers.
  install -D -m 644 "$png" "$S/icons/hicolor/${n}x${n}/mimetypes/$MIME_ICON.png"
done

if [ -n "$bundle" ]; then
  [ -x "$bundle/workshop-app" ] || { echo "install-linux.sh: $bundle/workshop-app is not a built app" >&2; exit 1; }
  rm -rf "$destdir$lib"
  mkdir -p "$destdir$lib" "$destdir$bin"
  cp -R "$bundle/." "$destdir$lib/"
  ln -sf "$lib/workshop-app" "$destdir$bin/workshop-app"
  echo "Installed the app in $lib and linked $bin/workshop-app"
fi

refresh_caches
echo "Installed the desktop entry, file type and icons in $S"
if [ -z "$bundle" ] && ! command -v workshop-app >/dev/null 2>&1; then
  echo "note: workshop-app is not on PATH; install the app (pip/pipx, or --bundle) so the menu entry can start it" >&2
fi
