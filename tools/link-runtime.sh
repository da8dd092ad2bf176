#!/usr/bin/env bash
# Links the agent's runtime image: the JDK modules it needs and the agent's own modules, in one
# jlink'd image, so the service starts with `runtime/bin/java -m <main module>` and no module path.
# Used by ./infiniservice (once per build, into bootstrap/target/runtime) and by the Linux package
# build (installers/src/build/build-linux-package.sh), so what a developer runs is what ships.
#
#   tools/link-runtime.sh MODULES_DIR OUT_DIR
#
# Why (docs/performance.md, round 5, "linked runtime"): with the jars on a module path the JVM scans
# and resolves them at every start (~280 classes of java.lang.module, jar/zip, regex, streams and
# lambda forms, about 0.6 MiB of archive and heap); modules linked into the image are resolved once
# here, by jlink, and start from its pre-resolved module graph. JPMS stays in force at run time:
# the same descriptors, the same strong encapsulation.
#
# Steps:
# 0. the Linux module set: bootstrap requires the Windows adapter only statically, so it and its
#    jars (OSHI, JNA, jSerialComm, slf4j) are left out; so is java.desktop, which OSHI declares.
# 1. explicit descriptors for the jars that have none (dagger, javax.inject): jlink refuses
#    automatic modules. jdeps writes the descriptor from the jar's own references, javac compiles
#    it against the jar, and `jar --update` adds it to a copy (the originals are not touched).
# 2. jlink: JDK modules = what the code references (jdeps) + what the descriptors require;
#    --strip-debug, no headers or man pages, the JDK modules zip-compressed (--compress=2 filtered to
#    them: the agent's modules and libraries stay uncompressed, see below); Debian's libjvm.so symbol tables and the
#    AWT libraries (should java.desktop ever enter the graph) are removed.
# The image is rebuilt only when the jars, this script or the JDK change (a stamp in OUT_DIR), and
# linked once per build: later calls copy it from MODULES_DIR/../linked-runtimes/STAMP.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: link-runtime.sh MODULES_DIR OUT_DIR" >&2; exit 2; }
abs() { (cd "$(dirname "$1")" && echo "${PWD%/}/$(basename "$1")"); }
modules=$(abs "$1") out=$(abs "$2")
ls "$modules"/bootstrap-*.jar >/dev/null 2>&1 || { echo "link-runtime: no bootstrap jar in $modules" >&2; exit 1; }
bin="${JAVA_HOME:+$JAVA_HOME/bin/}"
jdk_home=$("${bin}java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.home = //p')
stamp=$( { cat "$modules"/*.jar "${BASH_SOURCE[0]}"; echo "$jdk_home"; cat "$jdk_home/release" 2>/dev/null; } \
         | sha256sum | cut -c1-16)
if [ -f "$out/link.stamp" ] && [ "$(cat "$out/link.stamp")" = "$stamp" ] && [ -x "$out/bin/java" ]; then
  touch "$out/link.stamp"   # up to date with these (rebuilt but identical) jars
  exit 0
fi
# Every image linked from one build's jars is kept once, by its stamp, beside the modules directory
# (bootstrap/target/linked-runtimes/STAMP): the launcher, the tests, the package build and the QEMU
# suite then link once per build and copy (a second), and concurrent callers wait for one jlink.
cache="$(dirname "$modules")/linked-runtimes"
image="$cache/$stamp" partial="$cache/$stamp.partial"
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9
tmp=$(mktemp -d)
trap 'rm -rf "$tmp" "$partial"' EXIT
if [ -x "$image/bin/java" ] && [ "$(cat "$image/link.stamp" 2>/dev/null)" = "$stamp" ]; then
  rm -rf "$out"
  cp -a "$image" "$out"
  exit 0
fi
rm -rf "$partial"

# -- 0. the Linux module set ------------------------------------------------------------------------
mkdir -p "$tmp/mods"
for j in "$modules"/*.jar; do
  case "$(basename "$j")" in
    adapters-windows-*|oshi-*|jna-*|jSerialComm-*|slf4j-*) ;;
    *) cp "$j" "$tmp/mods/" ;;
  esac
done

# -- 1. descriptors for automatic modules ----------------------------------------------------------
automatic=()
for j in "$tmp"/mods/*.jar; do
  if "${bin}jar" --describe-module --file "$j" 2>/dev/null | grep -q '^No module descriptor found'; then
    automatic+=("$j")
  fi
done
if [ ${#automatic[@]} -gt 0 ]; then
  "${bin}jdeps" --multi-release 17 --ignore-missing-deps --generate-module-info "$tmp/gen" \
    --module-path "$tmp/mods" "${automatic[@]}" >"$tmp/jdeps.out" 2>&1 \
    || { echo "link-runtime: jdeps: $(tail -n 3 "$tmp/jdeps.out")" >&2; exit 1; }
  for j in "${automatic[@]}"; do
    name=$("${bin}jar" --describe-module --file "$j" | sed -n 's/^\([A-Za-z0-9_.]*\)@.* automatic$/\1/p; s/^\([A-Za-z0-9_.]*\) automatic$/\1/p')
    info=$(find "$tmp/gen/$name" -name module-info.java -print -quit 2>/dev/null || true)
    [ -n "$info" ] || { echo "link-runtime: no descriptor generated for $(basename "$j")" >&2; exit 1; }
    # compiled against the other jars; a required module that is still automatic resolves as such
    rm -rf "$tmp/cls" "$tmp/others" && mkdir -p "$tmp/cls" "$tmp/others"
    for o in "$tmp"/mods/*.jar; do [ "$o" = "$j" ] || ln -s "$o" "$tmp/others/"; done
    "${bin}javac" -nowarn --release 17 -d "$tmp/cls" --module-path "$tmp/others" \
        --patch-module "$name=$j" "$info" >"$tmp/javac.out" 2>&1 \
      || { echo "link-runtime: descriptor of $name not compiled: $(head -n 3 "$tmp/javac.out")" >&2; exit 1; }
    "${bin}jar" --update --file "$j" -C "$tmp/cls" module-info.class
  done
fi

# -- 2. jlink ----------------------------------------------------------------------------------------
jdk_mods=$("${bin}jdeps" --multi-release 17 --ignore-missing-deps --print-module-deps \
  --module-path "$tmp/mods" --add-modules ALL-MODULE-PATH 2>/dev/null || true)
declared=$(for j in "$tmp"/mods/*.jar; do
  "${bin}jar" --describe-module --file "$j" 2>/dev/null | awk '$1 == "requires" && $0 !~ / static/ {print $2}'
done | grep -E '^(java|jdk)\.' || true)
# java.logging: the Windows service's System.Logger backend; Linux runs without it, but the
# descriptors of the libraries may name it
jdk_mods=$(printf '%s\n' java.base $(echo "$jdk_mods" | tr ',' ' ') $declared | grep -v '^$' | sort -u | paste -sd, -)
# Only the JDK modules are compressed (java.base, java.logging: the boot loader's, which the VM reads
# and inflates in native code). The agent's modules and libraries are defined by the application
# class loader, which reads the image through the JDK's Java jimage reader; that reader inflates a
# compressed class through a lambda, so the first class that is not in the class-data archive (the
# host's first command, usually SystemInfo) would load the lambda machinery (LambdaMetafactory, ASM,
# ~90 classes) for the agent's life; the class list recorded for the archive (with -Xshare:off, every
# agent class read that way) held the reader's decompressors and that machinery too. Uncompressed they
# cost ~4 MB on disk (13 -> 17 MB) and make the archive 1.2 MB smaller (docs/performance.md).
compressed=$(echo "$jdk_mods" | tr ',' '\n' | sed 's|.*|/&/**|' | paste -sd, -)
"${bin}jlink" --module-path "$tmp/mods" --add-modules "$jdk_mods,ALL-MODULE-PATH" \
  --strip-debug --no-header-files --no-man-pages "--compress=2:filter=$compressed" --output "$partial" >"$tmp/jlink.out" 2>&1 \
  || { echo "link-runtime: jlink: $(tail -n 3 "$tmp/jlink.out")" >&2; exit 1; }
awt_libs=(libawt.so libawt_headless.so libawt_xawt.so libjawt.so libfontmanager.so libjavajpeg.so liblcms.so
          libmlib_image.so libsplashscreen.so libjsound.so)
for l in "${awt_libs[@]}"; do rm -f "$partial/lib/$l"; done
if command -v strip >/dev/null; then
  find "$partial" -name '*.so' -exec strip --strip-unneeded {} +
fi
echo "$stamp" > "$partial/link.stamp"
find "$cache" -mindepth 1 -maxdepth 1 -type d ! -name "$stamp.partial" -exec rm -rf {} +   # older builds' images
mv "$partial" "$image"
rm -rf "$out"
cp -a "$image" "$out"
