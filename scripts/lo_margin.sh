#!/usr/bin/env bash
# A private LibreOffice from bookworm-backports, beside Debian 12's own 7.4, for one job:
# PDFs that print Word comments in the page margin (ExportNotesInMargin, LibreOffice >= 7.6),
# used by `docgen check --annotate-pdf` and tests/test_annotate.py.
#
# Nothing of the system changes: apt reads a private sources list into private state and
# cache folders (never /var/lib/apt), only downloads .deb files, and `dpkg -x` unpacks
# them into $DEST; the few absolute paths Debian's packaging bakes in are turned into
# paths inside $DEST. $DEST/soffice starts it with its own libraries first.
#
# Idempotent, one line of output. A second run finds $DEST/.complete and downloads nothing.
# Skipped (one line, exit 0) when not on Debian 12, when DOCGEN_LO_MARGIN names a LibreOffice,
# when the system LibreOffice is new enough, or with DOCGEN_NO_LO_MARGIN=1.
set -euo pipefail

DEST=${DOCGEN_LO_MARGIN_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/docgen/libreoffice-margin}
SUITE=bookworm-backports
# 25.2's packages beyond what libreoffice-writer-nogui 7.4 (setup.sh step 1) already brought
# in; libzxcvbn0 is new in 25.2 and comes from bookworm itself. Writer's .ui files
# (uiconfig-writer) are required: without them the margin export fails.
BACKPORTS=(libreoffice-core-nogui libreoffice-common libreoffice-writer-nogui libreoffice-base-core
           libreoffice-uiconfig-common libreoffice-uiconfig-writer libreoffice-style-colibre
           fonts-opensymbol ure uno-libs-private libuno-sal3 libuno-salhelpergcc3-3 libuno-cppu3
           libuno-cppuhelpergcc3-3 libuno-purpenvhelpergcc3-3)
BOOKWORM=(libzxcvbn0)

say() { echo "LibreOffice for comments in the margin: $*"; }

if [ "${DOCGEN_NO_LO_MARGIN:-}" = 1 ]; then say "skipped (DOCGEN_NO_LO_MARGIN=1)"; exit 0; fi
if [ -n "${DOCGEN_LO_MARGIN:-}" ]; then say "DOCGEN_LO_MARGIN=$DOCGEN_LO_MARGIN"; exit 0; fi
if [ -f "$DEST/.complete" ] && [ -x "$DEST/soffice" ]; then
  say "$(cat "$DEST/.complete") (already in $DEST)"; exit 0
fi
# a system LibreOffice >= 7.6 needs no second one
if command -v soffice >/dev/null 2>&1; then
  sys=$(soffice --version 2>/dev/null | grep -o 'LibreOffice [0-9][0-9.]*' | head -n1 || true)
  ver=${sys#LibreOffice }
  major=${ver%%.*}; rest=${ver#*.}; minor=${rest%%.*}
  if [ -n "$major" ] && { [ "$major" -gt 7 ] || { [ "$major" -eq 7 ] && [ "${minor:-0}" -ge 6 ]; }; }; then
    say "the system's $sys has it"; exit 0
  fi
fi
codename=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
if [ "$codename" != bookworm ] || ! command -v apt-get >/dev/null 2>&1 || [ ! -f "$keyring" ]; then
  say "not installed (needs LibreOffice 7.6 or later; set DOCGEN_LO_MARGIN to its soffice)"; exit 0
fi
# the mirror the system already uses for bookworm
mirror=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 'Identifier: Packages' 2>/dev/null \
         | awk '$2 == "bookworm" {print $1; exit}' || true)
mirror=${mirror:-http://deb.debian.org/debian/}

start=$(date +%s)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/debs" "$work/prefs"
printf 'deb [signed-by=%s] %s %s main\n' "$keyring" "$mirror" bookworm "$keyring" "$mirror" "$SUITE" \
  >"$work/sources.list"
apt_opts=(-o "Dir::Etc::sourcelist=$work/sources.list" -o "Dir::Etc::sourceparts=$work/none"
          -o "Dir::Etc::preferencesparts=$work/prefs" -o "Dir::State::Lists=$work/lists"
          -o "Dir::Cache=$work/cache" -o "Debug::NoLocking=1" -o "DPkg::Lock::Timeout=300")
# as root, apt downloads as _apt, which must be able to write here
if [ "$(id -u)" = 0 ] && id _apt >/dev/null 2>&1; then chown -R _apt "$work/lists" "$work/cache" "$work/debs"; fi
log=$work/log
fail() { cat "$log" >&2 2>/dev/null || true; say "not installed: $1" >&2; exit 1; }
apt-get "${apt_opts[@]}" -qq update >"$log" 2>&1 || fail "apt-get update failed (output above)"
(cd "$work/debs" && apt-get "${apt_opts[@]}" -qq download "${BACKPORTS[@]/%//$SUITE}" "${BOOKWORM[@]}") \
  >"$log" 2>&1 || fail "apt-get download failed (output above)"
version=$(dpkg-deb -f "$work"/debs/libreoffice-core-nogui_*.deb Version)
mb=$(du -sm "$work/debs" | cut -f1)

# unpack beside the final place, then move in at once: an interrupted run leaves nothing half-made
mkdir -p "$(dirname "$DEST")"
new=$(mktemp -d "$DEST.new.XXXXXX")
trap 'rm -rf "$work" "$new"' EXIT
for deb in "$work"/debs/*.deb; do dpkg -x "$deb" "$new"; done
lo=$new/usr/lib/libreoffice
libdir=$(cd "$new/usr/lib" && ls -d ./*-linux-gnu | head -n1)
libdir=${libdir#./}
# ucf makes main.xcd in /etc at install time; here it is the packaged copy
rm -f "$lo/share/registry/main.xcd"
cp "$lo/share/.registry/main.xcd" "$lo/share/registry/main.xcd"
# other absolute links: to the copy inside $new when it is there, otherwise gone (they name
# /var state folders for extensions, which a private install has no use for)
while IFS= read -r -d '' link; do
  target=$(readlink "$link")
  rm -f "$link"
  if [ -e "$new$target" ]; then cp -r "$new$target" "$link"; fi
done < <(find "$new" -type l -lname '/*' -print0)
# the base folder and the FHS config file are written as /usr/lib/libreoffice and /etc/libreoffice
sed -i 's|^BRAND_BASE_DIR=file:///usr/lib/libreoffice$|BRAND_BASE_DIR=${ORIGIN}/..|' "$lo/program/fundamentalrc"
sed -i 's|^FHS_CONFIG_FILE=file:///etc/libreoffice/sofficerc$|FHS_CONFIG_FILE=${ORIGIN}/../../../../etc/libreoffice/sofficerc|' \
  "$lo/program/sofficerc"
if grep -l 'file:///usr/lib/libreoffice\|file:///etc/libreoffice' "$lo"/program/*rc >"$log" 2>&1; then
  fail "unexpected system paths left in $(tr '\n' ' ' <"$log")"
fi
cat >"$new/soffice" <<EOF
#!/bin/sh
# LibreOffice $version, unpacked by docgen's scripts/lo_margin.sh: its own libraries before the system's
here=\$(dirname "\$(readlink -f "\$0")")
LD_LIBRARY_PATH="\$here/usr/lib/libreoffice/program:\$here/usr/lib/$libdir\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}"
export LD_LIBRARY_PATH
exec "\$here/usr/lib/libreoffice/program/soffice" "\$@"
EOF
chmod +x "$new/soffice"
# every library resolves (bookworm's system libraries plus these)
missing=$(LD_LIBRARY_PATH="$lo/program:$new/usr/lib/$libdir" ldd "$lo/program/soffice.bin" "$lo"/program/*.so 2>/dev/null \
          | awk '/not found/ {print $1}' | sort -u | tr '\n' ' ')
[ -z "$missing" ] || { : >"$log"; fail "libraries not found: $missing"; }
# and it starts, from its own files (a throwaway profile)
"$new/soffice" "-env:UserInstallation=file://$work/profile" --version >"$log" 2>&1 \
  && grep -q '^LibreOffice ' "$log" || fail "it does not start (output above)"
grep -m1 '^LibreOffice ' "$log" >"$new/.complete"
chmod 755 "$new"
rm -rf "$DEST"
mv "$new" "$DEST"
say "installed $(cat "$DEST/.complete") ($version) into $DEST (${mb} MB downloaded, $(( $(date +%s) - start )) s)"
