#!/usr/bin/env bash
# Builds the Linux package from bootstrap/target/modules (called by the installers module's deb/rpm
# profiles; usable by hand with the same arguments):
#   build-linux-package.sh deb|rpm VERSION MODULES_DIR JVM_OPTIONS TARGET_DIR
# 1. jlink: a runtime with only the JDK modules the agent needs (jdeps), no AWT, stripped.
#    The app jars stay on the module path: jlink refuses automatic modules (dagger, javax.inject...).
# 2. jpackage --type app-image: the standard app layout (lib/runtime, lib/app/mods).
# 3. our layout on top: argfile from bootstrap/jvm.options (the unit runs runtime/bin/java @argfile,
#    not jpackage's launcher, which costs ~0.45 s per start), systemd unit, config, wrapper.
# 4. the native floor (glibc and the other system libraries) computed from the runtime's ELF files
#    into Depends / Requires (native-requires.sh);
# 5. dpkg-deb (own DEBIAN/ scripts that work without systemd as PID 1) or rpmbuild (own spec).
set -euo pipefail
type=$1 version=$2
abs() { (cd "$(dirname "$1")" && echo "${PWD%/}/$(basename "$1")"); }
mkdir -p "$5"
modules=$(abs "$3") jvm_options=$(abs "$4") target=$(abs "$5")
src="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
name=infiniservice
prefix=/opt/$name
main_module=org.infinibay.infiniservice.bootstrap
main_class=org.infinibay.infiniservice.bootstrap.Main
t0=$(date +%s.%N)
say() { printf '[%s %6.1fs] %s\n' "$type" "$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{print b-a}')" "$*"; }

case "$type" in deb|rpm) ;; *) echo "usage: $0 deb|rpm VERSION MODULES JVM_OPTIONS TARGET" >&2; exit 2 ;; esac
ls "$modules"/bootstrap-*.jar >/dev/null 2>&1 || { echo "no bootstrap jar in $modules: build bootstrap first" >&2; exit 1; }
[ -f "$jvm_options" ] || { echo "missing $jvm_options" >&2; exit 1; }

# The staged tree (steps 1-3) is shared by the DEB and the RPM: built once per set of inputs.
work="$target/stage"
stamp=$( { cat "$modules"/*.jar "$jvm_options"; find "$src" -type f -print0 | sort -z | xargs -0 cat; } | sha256sum | cut -c1-16)
root="$work/root"
if [ -f "$work/stamp" ] && [ "$(cat "$work/stamp")" = "$stamp" ] && [ -d "$root" ]; then
  say "staged tree up to date: $root"
else
rm -rf "$work"
mkdir -p "$work"

# -- 0. the Linux module set -------------------------------------------------------------------
# bootstrap requires the Windows adapter only statically: its jars (OSHI, JNA, jSerialComm, slf4j)
# and java.desktop, which OSHI declares, are never loaded on Linux, so they are not shipped.
mkdir -p "$work/mods"
for j in "$modules"/*.jar; do
  case "$(basename "$j")" in
    adapters-windows-*|oshi-*|jna-*|jSerialComm-*|slf4j-*) ;;
    *) cp "$j" "$work/mods/" ;;
  esac
done
modules="$work/mods"

# -- 1. jlink ---------------------------------------------------------------------------------
# JDK modules = what the code references (jdeps) + what the module descriptors require (a module
# graph with a missing JDK module does not start). java.logging is the System.Logger backend.
jdk_mods=$(jdeps --multi-release 17 --ignore-missing-deps --print-module-deps \
  --module-path "$modules" --add-modules ALL-MODULE-PATH 2>/dev/null || true)
declared=$(for j in "$modules"/*.jar; do
  jar --describe-module --file "$j" 2>/dev/null | awk '$1 == "requires" && $0 !~ / static/ {print $2}'
done | grep -E '^(java|jdk)\.' || true)
jdk_mods=$(printf '%s\n' java.base java.logging $(echo "$jdk_mods" | tr ',' ' ') $declared | grep -v '^$' | sort -u | paste -sd, -)
say "jlink modules: $jdk_mods"
jlink --add-modules "$jdk_mods" --strip-debug --no-header-files --no-man-pages --compress=2 \
  --output "$work/runtime"
# Should java.desktop ever enter the graph again, the agent still never touches AWT: its native
# libraries (X11, fonts, images, sound) are left out.
awt_libs=(libawt.so libawt_headless.so libawt_xawt.so libjawt.so libfontmanager.so libjavajpeg.so liblcms.so
          libmlib_image.so libsplashscreen.so libjsound.so)
for l in "${awt_libs[@]}"; do rm -f "$work/runtime/lib/$l"; done
# Debian's libjvm.so keeps ~4 MB of symbol tables that jlink's --strip-debug leaves alone.
if command -v strip >/dev/null; then
  find "$work/runtime" -name '*.so' -exec strip --strip-unneeded {} +
fi

# -- 2. jpackage app image ------------------------------------------------------------------------
jpackage --type app-image --name "$name" --app-version "$version" \
  --runtime-image "$work/runtime" --module-path "$modules" --module "$main_module/$main_class" \
  --dest "$work/image"
app="$work/image/$name"
mods_dir="$app/lib/app/mods"
[ -d "$mods_dir" ] || mods_dir="$app/lib/app"
say "jpackage app image: $(du -sh "$app" | cut -f1)"

# -- 3. our layout -----------------------------------------------------------------------------------
mkdir -p "$root$prefix"
cp -a "$app/lib" "$root$prefix/"
# jpackage's native launcher and its config are replaced by runtime/bin/java @argfile.
rm -f "$root$prefix/lib/libapplauncher.so" "$root$prefix/lib/app/$name.cfg" "$root$prefix/lib/$name.png"
rel_mods=${mods_dir#"$app"}
{
  echo "# Generated from bootstrap/jvm.options at build time; used by the unit and /usr/bin/$name."
  sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$jvm_options"
  # JVM warnings (e.g. a stale CDS archive) must never reach stdout: 'metrics --once' prints the wire line there.
  echo "-Xlog:disable"
  echo "-Xlog:all=warning:stderr"
  # generated by postinst (tied to this path); a missing archive is ignored with -Xshare:auto
  echo "-XX:SharedArchiveFile=$prefix/lib/app.jsa"
  echo "--module-path"
  echo "$prefix$rel_mods"
  echo "--module"
  echo "$main_module/$main_class"
} > "$root$prefix/lib/$name.args"
install -D -m 0644 "$src/linux/$name.service" "$root/lib/systemd/system/$name.service"
install -D -m 0755 "$src/linux/$name" "$root/usr/bin/$name"
install -D -m 0755 "$src/linux/generate-cds.sh" "$root$prefix/lib/generate-cds.sh"
install -D -m 0755 "$src/linux/configure.sh" "$root$prefix/lib/configure.sh"
# The classes the agent loads, recorded with this very runtime and these jars (a `demo` run: attach,
# metrics, signed keep-alive and commands); postinst dumps them into the CDS archive.
"$src/../../tools/record-cds.sh" classlist "$app/lib/runtime/bin/java" "$mods_dir" "$jvm_options" \
  "$root$prefix/lib/app.classlist"
say "CDS class list: $(grep -c -v '^[#@]' "$root$prefix/lib/app.classlist") classes"
install -d -m 0700 "$root/etc/$name"
install -m 0644 "$src/linux/config.toml" "$root/etc/$name/config.toml"
install -D -m 0644 "$src/linux/copyright" "$root/usr/share/doc/$name/copyright"
find "$root" -type d -exec chmod go-w {} +
chmod 0700 "$root/etc/$name"
say "runtime: $(du -sh "$root$prefix/lib/runtime" | cut -f1), app modules: $(du -sh "$root$prefix$rel_mods" | cut -f1)"
echo "$stamp" > "$work/stamp"
fi

# -- 4. the native floor ------------------------------------------------------------------------------
# What the runtime needs from the system, computed from its ELF files (objdump -p): the glibc floor
# (the highest GLIBC_x.y) and the other system libraries with their symbol versions. It goes into
# Depends / Requires, so a package manager refuses the package where it could not run. A JDK built
# for old systems (Temurin: glibc 2.17) gives an old floor; a distribution's JDK gives its own.
native="$src/build/native-requires.sh"
# computed once per staged tree (the stamp covers this script and native-requires.sh)
if [ ! -s "$work/native.rpm" ]; then
  # (unzip -Z1 lists a jar in milliseconds; jar tf starts a JVM per jar)
  if command -v unzip >/dev/null; then list_jar() { unzip -Z1 "$1"; }; else list_jar() { jar tf "$1"; }; fi
  for j in "$root$prefix"/lib/app/mods/*.jar "$root$prefix"/lib/app/*.jar; do
    [ -f "$j" ] || continue
    if [ "$(list_jar "$j" | grep -cE '\.(so|dll|dylib|jnilib)$')" -gt 0 ]; then
      echo "$(basename "$j") carries native code, which the floor computation does not see: leave it out of the Linux packages" >&2
      exit 1
    fi
  done
  "$native" deb "$root$prefix/lib/runtime" > "$work/native.deb"
  "$native" rpm "$root$prefix/lib/runtime" > "$work/native.rpm"
  "$native" report "$root$prefix/lib/runtime" > "$work/native.report"
fi
glibc_floor=$(sed -n 's/^glibc floor: //p' "$work/native.report")
say "native floor: glibc $glibc_floor ($(grep -v '^glibc floor' "$work/native.report" | paste -sd, - | sed 's/,/, /g'))"

arch=$(dpkg --print-architecture 2>/dev/null || uname -m)
if [ "$type" = deb ]; then
  rm -rf "$root/DEBIAN"
  mkdir -p "$root/DEBIAN"
  installed_kb=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
  depends=$(cat "$work/native.deb")
  sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$installed_kb/" -e "s/@NATIVE_DEPENDS@/$depends/" \
    "$src/linux/deb/control.in" > "$root/DEBIAN/control"
  say "Depends: $(sed -n 's/^Depends: //p' "$root/DEBIAN/control")"
  cp "$src/linux/deb/conffiles" "$root/DEBIAN/conffiles"
  for s in postinst prerm postrm; do install -m 0755 "$src/linux/deb/$s" "$root/DEBIAN/$s"; done
  out="$target/${name}_${version}_${arch}.deb"
  # gzip: 1.5 s against 40 s for xz on two cores, for ~2 MB more
  dpkg-deb --root-owner-group -Zgzip -z9 --build "$root" "$out" >/dev/null
  say "DEB: $out ($(du -h "$out" | cut -f1))"
else
  command -v rpmbuild >/dev/null || { echo "rpmbuild not found (Debian: apt-get install rpm)" >&2; exit 1; }
  rpm_arch=$(uname -m)
  top="$target/rpmbuild"
  rm -rf "$top"
  mkdir -p "$top"/{SPECS,RPMS,BUILD,SOURCES,SRPMS}
  sed 's/^/Requires:       /' "$work/native.rpm" > "$top/requires"
  sed -e "s/@VERSION@/$version/" -e "/^@NATIVE_REQUIRES@\$/{r $top/requires
d}" "$src/linux/rpm/$name.spec.in" > "$top/SPECS/$name.spec"
  say "Requires: $(grep -c . "$top/requires") native (glibc >= $glibc_floor) + systemd"
  rpmbuild -bb --quiet --nodeps --target "$rpm_arch" \
    --define "_topdir $top" --define "staged_root $root" \
    --define "_binary_payload w9.gzdio" "$top/SPECS/$name.spec" >/dev/null
  out="$target/$(basename "$(ls "$top"/RPMS/*/*.rpm)")"
  cp "$top"/RPMS/*/*.rpm "$out"
  say "RPM: $out ($(du -h "$out" | cut -f1))"
fi
# The operator's one-command installer travels next to the package.
install -m 0755 "$src/linux/install-linux.sh" "$target/install-linux.sh"
