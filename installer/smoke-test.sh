#!/usr/bin/env bash
# Smoke test of what installer/build.sh made (Linux):
#   installer/smoke-test.sh app-image   the launcher prints --version, validates the examples
#                                       with the right exit codes, maps the CDS archive and opens
#                                       the window under Xvfb (first-frame probe, with a timeout)
#   installer/smoke-test.sh deb         the package's files and dependencies; with --install
#                                       (root only) also installs it with apt-get, checks the menu
#                                       entry and the launcher, then purges it
# Also checks the size budgets: app image <= 120 MB, .deb <= 60 MB.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
out="$repo/target/installer"
what="${1:-}"
install=false
[ "${2:-}" = --install ] && install=true

fail() {
  echo "smoke-test: FAIL: $*" >&2
  exit 1
}
ok() { echo "smoke-test: ok: $*"; }

version="$(sed -n 's/^version=//p' target/classes/dev/kubeha/model/version.properties)"
[ -n "$version" ] || fail "no version in target/classes (build first)"

budget() { # path, megabytes
  local size
  size=$(du -sm "$1" | cut -f1)
  [ "$size" -le "$2" ] || fail "$1 is $size MB, over the budget of $2 MB"
  ok "$(basename "$1") is $size MB (budget $2 MB)"
}

# Runs the launcher with the first-frame probe under a fresh Xvfb; the window must appear and
# the application close itself within the time limit.
window_test() {
  local launcher="$1" home log
  home="$(mktemp -d)"
  log="$(mktemp)"
  # A fresh HOME shows that nothing (no JavaFX native library) is unpacked into it.
  if ! HOME="$home" JAVA_TOOL_OPTIONS="-Dkubeha.startupProbe=true -Dkubeha.exitAfterFirstFrame=true" \
    timeout 90 xvfb-run -a -s "-screen 0 1280x1024x24" "$launcher" >"$log" 2>&1; then
    cat "$log" >&2
    fail "the window did not open and close (exit code above)"
  fi
  grep -q '^first-frame-ms=[0-9]' "$log" || { cat "$log" >&2; fail "no first frame"; }
  if grep -E 'Unsupported JavaFX configuration|Exception|Error' "$log" >&2; then
    fail "the window start printed the errors above"
  fi
  [ ! -e "$home/.openjfx" ] || fail "JavaFX unpacked native libraries into \$HOME/.openjfx"
  ok "window: $(grep '^first-frame-ms=' "$log")"
  rm -rf "$home" "$log"
}

launcher_test() {
  local launcher="$1" output code
  output="$("$launcher" --version)"
  [ "$output" = "kubeha $version" ] || fail "--version printed '$output', expected 'kubeha $version'"
  ok "$launcher --version: $output"

  output="$("$launcher" validate src/examples/cluster.json)" || fail "validate src/examples/cluster.json exited $?"
  [[ "$output" == *"valid, 0 warnings"* ]] || fail "validate printed '$output'"
  ok "validate src/examples/cluster.json: $output"

  code=0
  "$launcher" validate src/examples/bad.yaml >/dev/null || code=$?
  [ "$code" -eq 1 ] || fail "validate src/examples/bad.yaml exited $code, expected 1"
  ok "validate src/examples/bad.yaml exits 1"

  # -Xshare:on refuses to start when the CDS archive cannot be mapped.
  JAVA_TOOL_OPTIONS=-Xshare:on "$launcher" --version >/dev/null 2>&1 || fail "the CDS archive is not usable (-Xshare:on)"
  ok "CDS archive maps"
}

case "$what" in
  app-image)
    image="$out/kubeha"
    [ -x "$image/bin/kubeha" ] || fail "no app image at $image (installer/build.sh app-image)"
    budget "$image" 120
    launcher_test "$image/bin/kubeha"
    window_test "$image/bin/kubeha"
    ;;
  deb)
    deb="$(find "$out" -maxdepth 1 -name 'kubeha_*.deb' | head -n 1)"
    [ -n "$deb" ] || fail "no .deb in $out (installer/build.sh deb)"
    budget "$deb" 60
    contents="$(dpkg-deb --contents "$deb")"
    for path in ./opt/kubeha/bin/kubeha ./opt/kubeha/lib/kubeha-kubeha.desktop ./opt/kubeha/lib/kubeha.png \
      ./opt/kubeha/lib/runtime/lib/server/classes.jsa ./opt/kubeha/share/doc/copyright; do
      grep -q " $path\$" <<<"$contents" || fail "$deb has no $path"
    done
    ok "$(basename "$deb") has the launcher, menu entry, icon, CDS archive and copyright"
    depends="$(dpkg-deb --field "$deb" Depends)"
    for dep in libgtk-3-0 'fonts-noto-cjk | fonts-droid-fallback'; do
      [[ "$depends" == *"$dep"* ]] || fail "Depends lacks '$dep': $depends"
    done
    ok "Depends names libgtk-3-0 and a CJK font"
    if $install; then
      [ "$(id -u)" -eq 0 ] || fail "--install needs root"
      ! dpkg -s kubeha >/dev/null 2>&1 || fail "kubeha is already installed; not touching it"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$deb" >/dev/null
      [ -f /usr/share/applications/kubeha.desktop ] || fail "no menu entry /usr/share/applications/kubeha.desktop"
      grep -qx 'Exec=/opt/kubeha/bin/kubeha' /usr/share/applications/kubeha.desktop || fail "the menu entry does not start /opt/kubeha/bin/kubeha"
      ok "installed: menu entry /usr/share/applications/kubeha.desktop"
      launcher_test /opt/kubeha/bin/kubeha
      window_test /opt/kubeha/bin/kubeha
      DEBIAN_FRONTEND=noninteractive apt-get purge -y -q kubeha >/dev/null
      [ ! -e /usr/share/applications/kubeha.desktop ] || fail "the menu entry stayed after apt-get purge"
      ok "purged again"
    fi
    ;;
  *)
    echo "usage: installer/smoke-test.sh app-image | deb [--install]" >&2
    exit 2
    ;;
esac
