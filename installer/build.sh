#!/usr/bin/env bash
# Builds kubeha for the current OS:
#   installer/build.sh [app-image|deb|rpm|msi|dmg] [--no-maven] [--no-cds]
# app-image (the default) makes target/installer/kubeha/ (Linux, Windows) or kubeha.app (macOS);
# the other types make an installer in target/installer/. Steps: mvn package, a trimmed Java
# runtime with JavaFX as modules (jdeps + jlink), a CDS archive of the classes the window loads
# at start-up, then jpackage with jpackage.cfg and installer/jpackage-*.cfg.
#   --no-maven  use target/kubeha.jar and target/lib as they are (after `mvn package`)
#   --no-cds    skip the CDS training run (it opens the window once; on Linux without $DISPLAY
#               it needs xvfb-run). The application then starts about a third slower.
# Environment: JAVA_HOME (a JDK 17+ with jmods, jlink and jpackage; default: the one on PATH),
# MVN (default: mvn), MVN_ARGS (extra Maven arguments, e.g. -o).
set -euo pipefail

usage() {
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

type=app-image
run_maven=true
make_cds=true
for arg in "$@"; do
  case "$arg" in
    app-image | deb | rpm | msi | dmg) type="$arg" ;;
    --no-maven) run_maven=false ;;
    --no-cds) make_cds=false ;;
    -h | --help) usage ;;
    *) echo "build.sh: unknown argument: $arg" >&2; usage ;;
  esac
done

case "$(uname -s)" in
  Linux) os=linux; path_sep=':'; server_dir=lib/server; native_libs='*.so' ;;
  Darwin) os=mac; path_sep=':'; server_dir=lib/server; native_libs='*.dylib' ;;
  MINGW* | MSYS* | CYGWIN*) os=windows; path_sep=';'; server_dir=bin/server; native_libs='*.dll' ;;
  *) echo "build.sh: unsupported OS $(uname -s)" >&2; exit 1 ;;
esac
case "$os:$type" in
  *:app-image | linux:deb | linux:rpm | windows:msi | mac:dmg) ;;
  *) echo "build.sh: a $type cannot be built on $os (jpackage builds only for the OS it runs on)" >&2; exit 2 ;;
esac

repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
out="$repo/target/installer"

# --- tools ---------------------------------------------------------------------------------
if [ -n "${JAVA_HOME:-}" ]; then
  jdk="$JAVA_HOME"
else
  jlink_on_path="$(command -v jlink)" || { echo "build.sh: no jlink on PATH; set JAVA_HOME to a JDK 17+" >&2; exit 1; }
  jdk="$(cd "$(dirname "$(readlink -f "$jlink_on_path")")/.." && pwd)"
fi
for tool in jar jdeps jlink jmod jpackage; do
  [ -x "$jdk/bin/$tool" ] || [ -x "$jdk/bin/$tool.exe" ] || { echo "build.sh: $jdk has no bin/$tool (a JDK 17+ is needed)" >&2; exit 1; }
done
[ -d "$jdk/jmods" ] || { echo "build.sh: $jdk has no jmods/ (Debian: apt-get install openjdk-17-jdk-headless)" >&2; exit 1; }
if [ "$type" = deb ]; then
  for tool in fakeroot dpkg-deb; do
    command -v "$tool" >/dev/null || { echo "build.sh: a .deb needs $tool (apt-get install fakeroot dpkg-dev)" >&2; exit 1; }
  done
fi
if [ "$type" = rpm ]; then
  command -v rpmbuild >/dev/null || { echo "build.sh: an .rpm needs rpmbuild (rpm-build)" >&2; exit 1; }
fi
if [ "$type" = msi ]; then
  if ! command -v candle >/dev/null || ! command -v light >/dev/null; then
    echo "build.sh: an .msi needs WiX 3 (candle.exe, light.exe) on PATH" >&2
    exit 1
  fi
fi

step() { printf '== %s\n' "$*" >&2; }

# Runs a command with a time limit where timeout(1) exists (not on macOS, which has a display).
with_timeout() {
  local seconds="$1"
  shift
  if command -v timeout >/dev/null; then
    timeout "$seconds" "$@"
  else
    "$@"
  fi
}

# --- 1. the jar ----------------------------------------------------------------------------
if $run_maven; then
  step "mvn package"
  # MVN_ARGS is a list of words on purpose.
  # shellcheck disable=SC2086
  "${MVN:-mvn}" -B -ntp -q ${MVN_ARGS:-} package -DskipTests
fi
[ -f target/kubeha.jar ] || { echo "build.sh: target/kubeha.jar is missing; run without --no-maven" >&2; exit 1; }
version="$(sed -n 's/^version=//p' target/classes/dev/kubeha/model/version.properties | tr -d '\r')"
# jpackage wants numbers only (MSI: major.minor.build); 0.2.0-SNAPSHOT is packaged as 0.2.0.
app_version="$(printf '%s' "$version" | sed -E 's/^([0-9]+(\.[0-9]+){0,2}).*/\1/')"
[[ "$app_version" =~ ^[0-9]+(\.[0-9]+){0,2}$ ]] || { echo "build.sh: cannot make a package version of '$version'" >&2; exit 1; }
step "kubeha $version (package version $app_version), $os $type"

# Keeps what other types built; replaces this type's result (jpackage refuses to overwrite).
rm -rf "$out/input" "$out/javafx-jars" "$out/jmods" "$out/work" "$out/runtime"
case "$type" in
  app-image) rm -rf "$out/kubeha" "$out/kubeha.app" ;;
  *) find "$out" -maxdepth 1 -type f -name "kubeha*.$type" -delete 2>/dev/null || true ;;
esac
mkdir -p "$out/input/lib" "$out/javafx-jars" "$out/jmods" "$out/work"

# --- 2. staging: the application jars; the JavaFX jars become runtime modules instead -------
cp target/kubeha.jar "$out/input/"
for jar in target/lib/*.jar; do
  name="$(basename "$jar")"
  case "$name" in
    javafx-*)
      # The jars with classes are the ones with a module descriptor (javafx-base-21.0.11-linux.jar);
      # javafx-base-21.0.11.jar is an empty jar that only pulls the right classifier.
      if "$jdk/bin/jar" tf "$jar" | grep -qx 'module-info.class'; then
        cp "$jar" "$out/javafx-jars/"
      fi
      ;;
    *) cp "$jar" "$out/input/lib/" ;;
  esac
done
[ -n "$(ls "$out/javafx-jars")" ] || { echo "build.sh: no JavaFX jars with classes in target/lib" >&2; exit 1; }

# --- 3. JavaFX jmods: the classes as a module, the native libraries as the jmod's libs ------
# so that jlink puts them into the runtime's lib/ (bin/ on Windows), where JavaFX loads them
# without unpacking anything into ~/.openjfx.
step "JavaFX jmods"
for jar in "$out"/javafx-jars/*.jar; do
  module="$("$jdk/bin/jar" --describe-module --file "$jar" | sed -n '1s/@.*//p')"
  module_version="$("$jdk/bin/jar" --describe-module --file "$jar" | sed -n '1s/^[^@]*@\([^ ]*\).*/\1/p')"
  classes="$out/work/$module/classes"
  libs="$out/work/$module/libs"
  mkdir -p "$classes" "$libs"
  (cd "$classes" && "$jdk/bin/jar" xf "$jar")
  rm -rf "$classes/META-INF/MANIFEST.MF"
  find "$classes" -maxdepth 1 -type f -name "$native_libs" -exec mv {} "$libs/" \;
  lib_args=()
  if [ -n "$(ls "$libs")" ]; then
    lib_args=(--libs "$libs")
  fi
  "$jdk/bin/jmod" create --class-path "$classes" ${lib_args[@]+"${lib_args[@]}"} --module-version "$module_version" \
    "$out/jmods/$module.jmod"
done

# --- 4. which modules: jdeps over every jar; JavaFX internals get --add-exports ------------
# On the class path (tests, java -jar) JavaFX is not encapsulated; as runtime modules it is, so
# every JavaFX-internal package a jar uses (ControlsFX does) must be exported to the class path.
step "jdeps"
deps="$(cd "$out/input" && "$jdk/bin/jdeps" --multi-release 17 --ignore-missing-deps --list-deps \
  --module-path "$out/javafx-jars" kubeha.jar lib/*.jar | sed 's/^[[:space:]]*//')"
modules="$(printf '%s\n' "$deps" | grep -E '^[a-z][a-z0-9.]*(/|$)' | sed 's|/.*||' | sort -u)"
add_exports=()
while IFS= read -r internal; do
  [ -n "$internal" ] && add_exports+=(--java-options "--add-exports=$internal=ALL-UNNAMED")
done < <(printf '%s\n' "$deps" | grep -E '^javafx\.[a-z.]+/' | sort -u)
# Loaded by name, so jdeps cannot see them: EC keys and TLS (jdk.crypto.ec), the Chinese
# interface's number and date formats (jdk.localedata, trimmed to en and zh below), legacy
# charsets such as GBK for a Chinese Windows console (jdk.charsets).
modules="$(printf '%s\n' "$modules" jdk.crypto.ec jdk.localedata jdk.charsets | sort -u | paste -sd, -)"
step "modules: $modules"

# --- 5. the runtime --------------------------------------------------------------------------
# An app image is a directory as it is used, so its classes are zip-compressed (--compress=2:
# 102 MB instead of 117). An installer compresses the whole package, and xz shrinks plain
# classes far better than zip-compressed ones: --compress=1 (shared strings only) makes the
# .deb 40 MB instead of 56.
compress=1
if [ "$type" = app-image ]; then
  compress=2
fi
step "jlink --compress=$compress"
runtime="$out/runtime"
"$jdk/bin/jlink" --module-path "$jdk/jmods$path_sep$out/jmods" --add-modules "$modules" \
  --include-locales=en,zh --strip-debug --no-header-files --no-man-pages --compress="$compress" \
  --output "$runtime"
java="$runtime/bin/java"
# Debian's JDK ships libjvm.so with its full symbol table (4 MB of the runtime); the dynamic
# symbols that linking needs stay. Makes room in the size budget for the command line's classes
# in the CDS archive (step 6).
if [ "$os" = linux ] && command -v strip >/dev/null; then
  find "$runtime/lib" -name '*.so' -type f -exec strip --strip-unneeded {} +
fi

# The launcher's options, so the training run and the CDS dump match the real start.
java_options=()
while IFS= read -r option; do
  java_options+=("$option")
done < <(sed -n 's/^--java-options[[:space:]]\{1,\}//p' jpackage.cfg | tr -d '"')
for ((i = 1; i < ${#add_exports[@]}; i += 2)); do
  java_options+=("${add_exports[i]}")
done

# --- 6. CDS: one archive for the JDK and JavaFX classes that the first window needs ---------
# A training run records the classes loaded until the first frame; -Xshare:dump writes them
# to the runtime's default archive, which the JVM maps with no option. Only classes in the
# runtime image go in: Java 17 checks class path archives by absolute path, and the
# application is installed elsewhere than where it is built.
if $make_cds; then
  step "CDS training run (opens the window once)"
  display_runner=()
  if [ "$os" = linux ] && [ -z "${DISPLAY:-}" ]; then
    command -v xvfb-run >/dev/null || {
      echo "build.sh: the CDS training run opens a window: set DISPLAY, install xvfb (xvfb-run), or pass --no-cds" >&2
      exit 1
    }
    display_runner=(xvfb-run -a -s "-screen 0 1280x1024x24")
  fi
  classlist="$out/work/classlist"
  training_log="$out/work/training.log"
  if ! with_timeout 120 ${display_runner[@]+"${display_runner[@]}"} "$java" ${java_options[@]+"${java_options[@]}"} \
    -XX:DumpLoadedClassList="$classlist" -Dkubeha.startupProbe=true -Dkubeha.exitAfterFirstFrame=true \
    -cp "$out/input/kubeha.jar" dev.kubeha.Main >"$training_log" 2>&1 \
    || ! grep -q '^first-frame-ms=' "$training_log"; then
    cat "$training_log" >&2
    echo "build.sh: the CDS training run did not show the window (log above)" >&2
    exit 1
  fi
  # The command line's start-up too: validate, certs, plan and export (dir and tar.gz) of the
  # example into a scratch workspace. No node is reached; the etcd tarball's download goes to a
  # closed port. Only the JDK's classes of these runs can go in (see above), but they are half of
  # what a command loads: about 1,300 classes that would otherwise be read from the compressed
  # modules file one by one.
  step "CDS training run of the command line"
  cli_list="$out/work/classlist-cli"
  cli_work="$out/work/cli-training"
  rm -rf "$cli_work" && mkdir -p "$cli_work"
  sed 's/"name": "worker1", *"host": "\([^"]*\)"/"name": "worker1", "host": "\1", "privateAddress": "10.0.0.31"/' \
    src/examples/cluster.json > "$cli_work/cluster.json"
  : > "$cli_list"
  for command in "--version" "validate $cli_work/cluster.json" "certs $cli_work/cluster.json --workspace $cli_work/ws" \
    "plan $cli_work/cluster.json --workspace $cli_work/ws" \
    "export $cli_work/cluster.json --workspace $cli_work/ws --out $cli_work/bundle" \
    "export $cli_work/cluster.json --workspace $cli_work/ws --out $cli_work/bundle.tar.gz"; do
    # shellcheck disable=SC2086 # the command's words
    if ! KUBEHA_ETCD_DOWNLOAD_URL=http://127.0.0.1:9/none KUBEHA_CACHE="$cli_work/cache" \
      "$java" ${java_options[@]+"${java_options[@]}"} -XX:DumpLoadedClassList="$cli_work/list" \
      -cp "$out/input/kubeha.jar" dev.kubeha.Main $command >"$cli_work/log" 2>&1; then
      cat "$cli_work/log" >&2
      echo "build.sh: the CDS training run of kubeha $command failed (log above)" >&2
      exit 1
    fi
    cat "$cli_work/list" >> "$cli_list"
  done
  # One list: the window's first, then what only the command line loaded. IDs matter only for
  # classes of other loaders (lines with "source:", which this dump cannot archive) and would
  # clash between runs, so those lines go and the IDs are dropped.
  awk '/ source: / { next } { sub(/ id: [0-9]+$/, "") } !seen[$0]++' "$classlist" "$cli_list" > "$classlist.merged"
  mv "$classlist.merged" "$classlist"
  rm -rf "$cli_work"
  step "CDS dump"
  # Classes from the class path in the list cannot be found here and are skipped with a warning.
  dump_log="$out/work/dump.log"
  rm -f "$runtime/$server_dir/classes.jsa"
  if ! "$java" ${java_options[@]+"${java_options[@]}"} -Xshare:dump -XX:SharedClassListFile="$classlist" \
    -XX:SharedArchiveFile="$runtime/$server_dir/classes.jsa" >"$dump_log" 2>&1; then
    cat "$dump_log" >&2
    echo "build.sh: the CDS dump failed (log above)" >&2
    exit 1
  fi
  # Mapping the archive proves it matches the runtime and the launcher's options.
  "$java" ${java_options[@]+"${java_options[@]}"} -Xshare:on -cp "$out/input/kubeha.jar" dev.kubeha.Main --version >/dev/null
fi

# --- 7. jpackage -------------------------------------------------------------------------------
step "jpackage --type $type"
type_args=()
if [ "$type" != app-image ]; then
  type_args=("@installer/jpackage-$type.cfg")
fi
"$jdk/bin/jpackage" --type "$type" @jpackage.cfg "@installer/jpackage-$os.cfg" ${type_args[@]+"${type_args[@]}"} \
  ${add_exports[@]+"${add_exports[@]}"} --input "$out/input" --runtime-image "$runtime" --app-version "$app_version" \
  --dest "$out"

case "$type:$os" in
  app-image:mac) result="$out/kubeha.app" ;;
  app-image:*) result="$out/kubeha" ;;
  *) result="$(find "$out" -maxdepth 1 -type f -name "kubeha*.$type" | head -n 1)" ;;
esac
[ -e "$result" ] || { echo "build.sh: jpackage made no $type in $out" >&2; exit 1; }
step "built $result ($(du -sh "$result" | cut -f1))"
