#!/usr/bin/env bash
# Static checks of the repository's scripts, run first by tools/test.sh (a few seconds):
#  1. no absolute machine path: nothing names this checkout's parent folder, the user's home, or a
#     `shared/` folder by an absolute path (the kit and the contract are found as ../shared relative
#     to the repository root);
#  2. no script installs the project into the local Maven repository (`mvn ... install`), and none
#     resolves the project's modules from it: a goal that resolves dependencies (dependency:*) run
#     on selected modules (-pl) must bring their reactor along (-am).
# tools/test.sh also runs the whole default run against a view of the local repository without
# org/infinibay, so a script that still reads the project from there fails as on a fresh machine.
# Every rule is proved on planted violations before it runs on the repository (--self-test only
# runs those).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# $1: root folder; $2..: files relative to it. Prints "file:line: rule: text" for each violation.
# One grep per rule over all files (a process per file is slow on a loaded machine).
scan() {
  local root=$1; shift
  local parent home f files=() scripts=()
  parent=${HYGIENE_PARENT:-$(dirname "$here")}
  home=
  if [ -n "${HOME:-}" ] && [ "$HOME" != / ]; then home=${HOME%/}/; fi
  # an ERE matching the literal path $1 where a path starts (not inside stage/root/opt)
  boundary() { printf '(^|[^A-Za-z0-9_.~/-])%s' "$(printf '%s' "$1" | sed 's/[][\\.*^$+?(){}|]/\\&/g')"; }
  # stdin: grep -n lines of several files ("file:LINE:text"); $1 the rule
  report() { while IFS= read -r l; do f=${l%%:*}; l=${l#*:}; printf '%s:%s: %s: %s\n' "$f" "${l%%:*}" "$1" "${l#*:}"; done; }
  for f in "$@"; do
    [ -f "$root/$f" ] || continue
    case "$f" in *.jar|*.png|*.ico|*.jsa|*.gz|*.zip) continue ;; esac
    files+=("$f")
    case "$f" in *.sh|*.ps1|*.yml|*.yaml|.ci/*|infiniservice|tools/*) scripts+=("$f") ;; esac
  done
  [ "${#files[@]}" -gt 0 ] || return 0
  (cd "$root"
    grep -nHIE -e "(^|[^A-Za-z0-9_.~])/[A-Za-z0-9_-]+/shared/(tools|protocol|hooks)" -- "${files[@]}" \
      | report "absolute path to shared/" || true
    # a checkout directly under a system folder (/tmp, /home, ...) says nothing about the machine:
    # those folders are everyone's, and scripts name /tmp legitimately
    case "$parent" in
      /|/tmp|/var/tmp|/var|/home|/srv|/opt|/usr|/mnt|/run|/media) ;;
      *)
      grep -nHIE -e "$(boundary "$parent/")" -- "${files[@]}" | report "absolute path of this machine" || true ;;
    esac
    if [ -n "$home" ]; then
      grep -nHIE -e "$(boundary "$home")" -- "${files[@]}" | report "path in the user's home" || true
    fi
    [ "${#scripts[@]}" -gt 0 ] || exit 0
    # comment lines and echo/printf texts are prose, not invocations
    grep -nHE '(^|[^A-Za-z0-9_-])mvn([[:space:]]|$)' -- "${scripts[@]}" | grep -vE '^[^:]+:[0-9]+:[[:space:]]*#' \
      | grep -vE '^[^:]+:[0-9]+:[[:space:]]*(echo|printf|say|log)[[:space:]]' | while IFS= read -r l; do
      case "$l" in
        *' install '*|*' install'|*' install"'*|*' install;'*|*:install\ *)
          echo "$l" | report "mvn install (puts the project into ~/.m2)" ;;
      esac
      case "$l" in
        *' -pl '*dependency:*|*dependency:*' -pl '*)
          case "$l" in *' -am'*|*--also-make*) ;; *)
            echo "$l" | report "dependency:* on -pl without -am (resolves the project from ~/.m2)" ;;
          esac ;;
      esac
    done)
}

self_test() {
  local t rc=0
  t=$(mktemp -d)
  mkdir -p "$t/tools"
  {
    echo "kit=\${KIT:-/$(echo work)/shared/tools/qemu-e2e}"
    echo "cfg=/planted-checkout-parent/other/file"
    echo 'mvn -B -q -ntp install -DskipTests'
    echo 'mvn -B -q -pl bootstrap dependency:build-classpath -Dmdep.outputFile=x'
    echo '# mvn install in a comment is prose'
    echo 'kit=$here/../shared/tools/qemu-e2e'
    echo 'mvn -B -q -pl adapters-linux -am -Pbench test-compile dependency:build-classpath'
    echo 'mvn -B -q -DskipTests package -pl bootstrap -am'
  } > "$t/tools/planted.sh"
  local out
  out=$(HOME=/nonexistent-home HYGIENE_PARENT=/planted-checkout-parent scan "$t" tools/planted.sh || true)
  rm -rf "$t"
  for want in 'planted.sh:1: absolute path to shared/' 'planted.sh:2: absolute path of this machine' \
              'planted.sh:3: mvn install' 'planted.sh:4: dependency:\* on -pl without -am'; do
    printf '%s\n' "$out" | grep -q "$want" || { echo "check-hygiene: self-test: not caught: $want" >&2; rc=1; }
  done
  # lines 5-8 are allowed forms: a comment, ../shared, -pl with -am
  if [ "$(printf '%s\n' "$out" | cut -d: -f2 | sort -u | paste -sd, -)" != 1,2,3,4 ]; then
    echo "check-hygiene: self-test: expected findings on lines 1-4 only, got:" >&2; printf '%s\n' "$out" >&2; rc=1
  fi
  return $rc
}

self_test || exit 1
[ "${1:-}" = --self-test ] && { echo "check-hygiene: self-test passed"; exit 0; }

cd "$here"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files -co --exclude-standard)
else
  mapfile -t files < <(find . -path ./.git -prune -o -name target -prune -o -type f -print | sed 's|^\./||')
fi
found=$(scan "$here" "${files[@]}" || true)
if [ -n "$found" ]; then
  printf '%s\n' "$found" | sed 's/^/  FAIL /'
  echo "check-hygiene: $(printf '%s\n' "$found" | grep -c .) violation(s)"
  exit 1
fi
echo "check-hygiene: ${#files[@]} files: no absolute machine path, no mvn install, no dependency goal outside the reactor"
