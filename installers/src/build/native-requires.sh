#!/usr/bin/env bash
# The native floor of a directory of ELF files (the package's jlink'd runtime), computed from the
# files themselves with objdump -p: the shared libraries they need from the system (NEEDED minus
# what the directory provides) and the symbol versions they need from each (verneed).
#
#   native-requires.sh glibc DIR   the glibc floor: the highest GLIBC_x.y any file needs (e.g. 2.34)
#   native-requires.sh deb DIR     a Depends fragment: libc6 (>= 2.34), libstdc++6 (>= 5), ...
#   native-requires.sh rpm DIR     RPM Requires, one per line: glibc >= 2.34 and what rpm's own ELF
#                                  dependency generator (elfdeps) would write: libc.so.6(GLIBC_2.34)(64bit) ...
#   native-requires.sh report DIR  a human summary (soname: highest version)
#
# A system library this script does not know (no Debian package name for it) stops the build: the
# package must never claim less than its runtime needs.
set -euo pipefail
mode=${1:-} dir=${2:-}
case "$mode" in glibc|deb|rpm|report) ;; *) echo "usage: $0 glibc|deb|rpm|report DIR" >&2; exit 2 ;; esac
[ -d "$dir" ] || { echo "native-requires: no directory $dir" >&2; exit 2; }
command -v objdump >/dev/null || { echo "native-requires: objdump not found (binutils)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: > "$tmp/needed"; : > "$tmp/provided"; : > "$tmp/verneed"
bits=
gnu_hash_only=0
while IFS= read -r -d '' f; do
  [ "$(head -c 4 "$f" | od -An -c | tr -d ' \n')" = '177ELF' ] || continue
  basename "$f" >> "$tmp/provided"
  objdump -p "$f" > "$tmp/p" 2>/dev/null || continue
  awk '$1 == "NEEDED" {print $2 > "'"$tmp/needed.1"'"} $1 == "SONAME" {print $2}
       /required from/ {lib = $3; sub(/:$/, "", lib)}
       /^ +0x[0-9a-f]+ 0x[0-9a-f]+ [0-9]+ / && lib != "" {print lib, $4 > "'"$tmp/verneed.1"'"}
       /^$/ {lib = ""}' "$tmp/p" >> "$tmp/provided"
  [ ! -f "$tmp/needed.1" ] || { cat "$tmp/needed.1" >> "$tmp/needed"; rm -f "$tmp/needed.1"; }
  [ ! -f "$tmp/verneed.1" ] || { cat "$tmp/verneed.1" >> "$tmp/verneed"; rm -f "$tmp/verneed.1"; }
  if [ -z "$bits" ]; then
    case "$(od -An -tu1 -j4 -N1 "$f" | tr -d ' ')" in 2) bits='(64bit)' ;; *) bits='' ;; esac
  fi
  # rpm's generator adds rtld(GNU_HASH) for objects that carry only the GNU hash table
  if grep -q ' .gnu.hash ' <(objdump -h "$f" 2>/dev/null) && ! grep -q ' .hash ' <(objdump -h "$f" 2>/dev/null); then
    gnu_hash_only=1
  fi
done < <(find "$dir" -type f -print0)
sort -u "$tmp/provided" -o "$tmp/provided"
# system libraries: needed and not in the directory
sort -u "$tmp/needed" | grep -vxF -f "$tmp/provided" > "$tmp/system" || true
awk 'NR == FNR {sys[$1] = 1; next} ($1 in sys)' "$tmp/system" "$tmp/verneed" | sort -u > "$tmp/sysver"

# the highest version with a given prefix that the files need from a library ("" when none)
highest() { awk -v lib="$1" -v pre="$2" '$1 == lib && index($2, pre) == 1 {print substr($2, length(pre) + 1)}' "$tmp/sysver" | sort -V | tail -n 1; }
glibc=$(for l in libc.so.6 libm.so.6 libdl.so.2 libpthread.so.0 librt.so.1 ld-linux-x86-64.so.2 ld-linux-aarch64.so.1; do
  highest "$l" GLIBC_; done | grep -v '^$' | sort -V | tail -n 1)
[ -n "$glibc" ] || { echo "native-requires: no GLIBC_ version needed by anything in $dir (not a Linux runtime?)" >&2; exit 1; }

# libstdc++: the first GCC release that provides a symbol version (GCC's ABI policy document)
gcc_for() {
  case "$1" in
    GLIBCXX_3.4|GLIBCXX_3.4.[0-9]|GLIBCXX_3.4.1[0-9]|CXXABI_1.3|CXXABI_1.3.[0-7]) echo 4.8 ;;
    GLIBCXX_3.4.20|CXXABI_1.3.8) echo 4.9 ;;
    GLIBCXX_3.4.21|CXXABI_1.3.9) echo 5 ;;
    GLIBCXX_3.4.22|CXXABI_1.3.10) echo 6 ;;
    GLIBCXX_3.4.2[34]|CXXABI_1.3.11) echo 7 ;;
    GLIBCXX_3.4.25) echo 8 ;;
    GLIBCXX_3.4.2[678]|CXXABI_1.3.12) echo 9 ;;
    GLIBCXX_3.4.29|CXXABI_1.3.13) echo 11 ;;
    GLIBCXX_3.4.30|CXXABI_1.3.14) echo 12 ;;
    GLIBCXX_3.4.31|CXXABI_1.3.15) echo 13 ;;
    GLIBCXX_3.4.32) echo 14 ;;
    GLIBCXX_3.4.33|CXXABI_1.3.16) echo 15 ;;
    *) echo "native-requires: unknown libstdc++ symbol version $1: add it to gcc_for()" >&2; return 1 ;;
  esac
}

deb_depends() {
  local deps=("libc6 (>= $glibc)") lib v gcc
  while IFS= read -r lib; do
    case "$lib" in
      libc.so.6|libm.so.6|libdl.so.2|libpthread.so.0|librt.so.1|ld-linux-*.so.*) ;;   # glibc: libc6
      libstdc++.so.6)
        gcc=4.8
        while IFS= read -r v; do
          v=$(gcc_for "$v") || exit 1
          gcc=$(printf '%s\n%s\n' "$gcc" "$v" | sort -V | tail -n 1)
        done < <(awk '$1 == "libstdc++.so.6" {print $2}' "$tmp/sysver")
        deps+=("libstdc++6 (>= $gcc)") ;;
      libgcc_s.so.1) deps+=("libgcc-s1 | libgcc1") ;;   # libgcc1 before Debian 11 / Ubuntu 20.04
      libz.so.1)
        v=$(highest libz.so.1 ZLIB_)
        deps+=("zlib1g${v:+ (>= 1:$v)}") ;;
      *) echo "native-requires: $lib (needed by the runtime) has no known Debian package: add it to deb_depends()" >&2
         exit 1 ;;
    esac
  done < "$tmp/system"
  local IFS=,
  echo "${deps[*]}" | sed 's/,/, /g'
}

rpm_requires() {
  echo "glibc >= $glibc"
  awk -v b="$bits" '{print $1 "()" b}' "$tmp/system"
  awk -v b="$bits" '{print $1 "(" $2 ")" b}' "$tmp/sysver"
  [ "$gnu_hash_only" = 0 ] || echo 'rtld(GNU_HASH)'
}

case "$mode" in
  glibc) echo "$glibc" ;;
  deb) deb_depends ;;
  rpm) rpm_requires | sort -u ;;
  report)
    while IFS= read -r lib; do
      v=$(awk -v lib="$lib" '$1 == lib {print $2}' "$tmp/sysver" | sort -V | tail -n 1)
      printf '%s: %s\n' "$lib" "${v:-(no symbol version)}"
    done < "$tmp/system"
    echo "glibc floor: $glibc" ;;
esac
