#!/usr/bin/env bash
# Measures start-to-first-frame of kubeha's window (Linux):
#   installer/measure-startup.sh [-n RUNS] [COMMAND...]
# COMMAND defaults to the app image's launcher, target/installer/kubeha/bin/kubeha; it must
# start the window (no arguments). Each run sets the probe properties through JAVA_TOOL_OPTIONS
# (kept if already set: add e.g. -Xshare:off there to compare), so the window prints
# first-frame-ms (since the JVM started) and closes itself. Prints per run that number and the
# wall-clock time from starting COMMAND until the line arrived, then the medians. Without
# $DISPLAY it starts its own Xvfb for all runs. The disk cache is warm after the first run.
set -euo pipefail

runs=5
if [ "${1:-}" = -n ]; then
  runs="$2"
  shift 2
fi
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "measure-startup.sh: -n wants a positive number" >&2; exit 2; }
repo="$(cd "$(dirname "$0")/.." && pwd)"
if [ "$#" -eq 0 ]; then
  set -- "$repo/target/installer/kubeha/bin/kubeha"
fi

xvfb_pid=""
stamp="$(mktemp)"
cleanup() {
  rm -f "$stamp"
  if [ -n "$xvfb_pid" ]; then
    kill "$xvfb_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT
if [ -z "${DISPLAY:-}" ]; then
  command -v Xvfb >/dev/null || { echo "measure-startup.sh: no DISPLAY and no Xvfb (apt-get install xvfb)" >&2; exit 1; }
  for n in $(seq 90 130); do
    if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then
      Xvfb ":$n" -screen 0 1280x1024x24 -nolisten tcp >/dev/null 2>&1 &
      xvfb_pid=$!
      export DISPLAY=":$n"
      break
    fi
  done
  [ -n "$xvfb_pid" ] || { echo "measure-startup.sh: no free X display number" >&2; exit 1; }
  for _ in $(seq 50); do
    [ -e "/tmp/.X11-unix/X${DISPLAY#:}" ] && break
    sleep 0.1
  done
fi

export JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:-} -Dkubeha.startupProbe=true -Dkubeha.exitAfterFirstFrame=true"
frames=()
walls=()
for i in $(seq "$runs"); do
  rm -f "$stamp"
  start=$(date +%s%N)
  # The reader stamps the line when it arrives; the JVM exits after that.
  timeout 60 "$@" 2>/dev/null | while IFS= read -r line; do
    case "$line" in
      first-frame-ms=*) echo "${line#first-frame-ms=} $(date +%s%N)" >"$stamp" ;;
    esac
  done || true
  [ -s "$stamp" ] || { echo "measure-startup.sh: run $i printed no first-frame-ms" >&2; exit 1; }
  read -r frame end <"$stamp"
  wall=$(((end - start) / 1000000))
  frames+=("$frame")
  walls+=("$wall")
  echo "run $i: first-frame-ms=$frame wall-ms=$wall"
done

median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
echo "median of $runs: first-frame-ms=$(median "${frames[@]}") wall-ms=$(median "${walls[@]}")"
