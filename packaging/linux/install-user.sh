#!/bin/sh
# Install gradplot from this unpacked tarball for the current user only (no root):
# a launcher in ~/.local/bin, the menu entry, the icon and the .gradplot file type in
# ~/.local/share. The program stays where it is; move the folder, then run this again.
#
#   ./install.sh              install (or update) for this user
#   ./install.sh --uninstall  remove what install.sh put in ~/.local
set -eu

app_id=org.gradplot.gradplot
here=$(cd "$(dirname "$0")" && pwd -P)
data=${XDG_DATA_HOME:-$HOME/.local/share}
bin=$HOME/.local/bin
desktop=$data/applications/$app_id.desktop
icon=$data/icons/hicolor/256x256/apps/$app_id.png
mime=$data/mime/packages/gradplot.xml

refresh() {
    # the desktop's caches; each tool is optional
    if command -v update-mime-database >/dev/null 2>&1; then
        update-mime-database "$data/mime" >/dev/null 2>&1 || true
    fi
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database "$data/applications" >/dev/null 2>&1 || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1; then
        gtk-update-icon-cache -q -t "$data/icons/hicolor" >/dev/null 2>&1 || true
    fi
}

if [ "${1:-}" = "--uninstall" ]; then
    if [ -L "$bin/gradplot" ]; then
        rm -f "$bin/gradplot"
    fi
    rm -f "$desktop" "$icon" "$mime"
    refresh
    echo "gradplot removed from $HOME/.local (this folder, $here, is left as it is)."
    exit 0
fi
if [ -n "${1:-}" ]; then
    echo "usage: $0 [--uninstall]" >&2
    exit 2
fi

if [ ! -x "$here/gradplot" ]; then
    echo "install.sh: $here/gradplot is missing; run this script from the unpacked tarball." >&2
    exit 1
fi
case $here in
    *[\"\`\$\\%]*)
        echo "install.sh: the folder name $here has a character a menu entry cannot hold" \
             '(" ` $ \ %); move the folder and run this again.' >&2
        exit 1 ;;
esac

mkdir -p "$bin" "$(dirname "$desktop")" "$(dirname "$icon")" "$(dirname "$mime")"
ln -sfn "$here/gradplot" "$bin/gradplot"
# the menu entry starts this copy by its absolute path, whether or not ~/.local/bin is on PATH
sed_path=$(printf '%s' "$here" | sed 's/[&|]/\\&/g')
sed -e "s|^Exec=.*|Exec=\"$sed_path/gradplot\" %f|" \
    -e "s|^TryExec=.*|TryExec=$sed_path/gradplot|" \
    "$here/share/applications/$app_id.desktop" > "$desktop.tmp"
mv "$desktop.tmp" "$desktop"
cp "$here/share/icons/hicolor/256x256/apps/$app_id.png" "$icon"
cp "$here/share/mime/packages/gradplot.xml" "$mime"
refresh

echo "gradplot is installed for $(id -un): it is in the applications menu, and .gradplot"
echo "files open with it."
case ":$PATH:" in
    *":$bin:"*) echo "From a terminal: gradplot" ;;
    *) echo "From a terminal: $bin/gradplot (add $bin to PATH for plain 'gradplot')" ;;
esac
echo "To remove it: $here/install.sh --uninstall"
