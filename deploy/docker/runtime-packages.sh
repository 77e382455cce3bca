#!/bin/sh
# Print, one a line, the Debian packages that own the shared libraries a
# binary loads (from ldd). deploy/Dockerfile installs exactly these in the
# runtime image, so it follows whatever libraries the build links.
# Usage: runtime-packages.sh BINARY
set -eu
binary=$1
missing=0
packages=
libs=$(ldd "$binary" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }')
for lib in $libs; do
    real=$(readlink -f "$lib")
    found=
    # usrmerge: dpkg may know the file under /lib or /usr/lib
    for candidate in "$lib" "$real" "/usr$lib" "/usr$real" "${lib#/usr}" "${real#/usr}"; do
        if pkg=$(dpkg -S "$candidate" 2>/dev/null); then
            found=$(printf '%s\n' "$pkg" | head -n1 | cut -d: -f1)
            break
        fi
    done
    if [ -n "$found" ]; then
        packages="$packages $found"
    else
        echo "runtime-packages.sh: no package owns $lib" >&2
        missing=1
    fi
done
if ldd "$binary" | grep -q 'not found'; then
    echo "runtime-packages.sh: $binary has unresolved libraries:" >&2
    ldd "$binary" | grep 'not found' >&2
    missing=1
fi
printf '%s\n' $packages | sort -u
exit $missing
