#!/usr/bin/env bash
# Whole-process benchmark of `kubeha export` against the seed guide's cfssl flow (issue 18).
#
# Usage: bench/cli.sh [-n PAIRS] [--launcher CMD]
#   -n PAIRS     timed pairs per key algorithm after one untimed warm-up pair (default 5)
#   --launcher   how kubeha is started (default: the app image target/installer/kubeha/bin/kubeha
#                when built, else "java -jar target/kubeha.jar")
#
# Two pairs of flows, each with the same key algorithm on both sides:
#   ECDSA:  kubeha export with pki.keyAlgorithm ECDSA-P256   vs  cfssl, RSA-2048 CA + ECDSA-P256 leaves
#   RSA:    kubeha export with pki.keyAlgorithm RSA-2048     vs  cfssl, RSA-2048 throughout
# kubeha makes the whole cluster's PKI and every file of the bundle (8 nodes, dedicated etcd run
# by systemd, dir format) into a cold workspace; cfssl makes only the etcd CA, one client and a
# server and peer certificate for each of the three members, as the guide does. The runs of a
# pair alternate which goes first. Each is timed by /usr/bin/time (wall, CPU, peak RSS).
# Prints every pair with its ratio (kubeha / cfssl), then the medians; then the medians of
# `--version`, `validate` and `plan` (workspace made by the export before, so warm) over PAIRS runs.
set -euo pipefail
cd "$(dirname "$0")/.."

pairs=5
launcher=""
while [ $# -gt 0 ]; do
    case "$1" in
        -n) pairs="${2:?-n needs a number}"; shift 2 ;;
        --launcher) launcher="${2:?--launcher needs a command}"; shift 2 ;;
        -h | --help) sed -n '2,18p' "$0"; exit 0 ;;
        *) echo "bench/cli.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done
if [ -z "$launcher" ]; then
    if [ -x target/installer/kubeha/bin/kubeha ]; then
        launcher=target/installer/kubeha/bin/kubeha
    elif [ -f target/kubeha.jar ]; then
        launcher="java -jar target/kubeha.jar"
    else
        echo "bench/cli.sh: build first: mvn -B -ntp package -DskipTests (and installer/build.sh for the app image)" >&2
        exit 1
    fi
fi
for tool in cfssl cfssljson /usr/bin/time; do
    command -v "$tool" > /dev/null || { echo "bench/cli.sh: $tool is missing (apt-get install golang-cfssl time)" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Downloads are not part of the flow: the etcd tarball's fetch goes to a closed loopback port.
export KUBEHA_ETCD_DOWNLOAD_URL=http://127.0.0.1:9/none KUBEHA_CACHE="$work/cache"

# The example cluster with loopback addresses and every private address given (an offline export).
cluster() {
    sed -e 's/"203\.0\.113\.\([0-9]*\)"/"127.0.0.\1"/g' \
        -e 's/"name": "worker1", *"host": "\([^"]*\)"/"name": "worker1", "host": "\1", "privateAddress": "10.0.0.31"/' \
        -e "s/\"keyAlgorithm\": *\"[^\"]*\"/\"keyAlgorithm\": \"$1\"/" src/examples/cluster.json > "$work/cluster-$1.json"
    grep -q "\"keyAlgorithm\": \"$1\"" "$work/cluster-$1.json" \
        || sed -i "s/\"pki\": *{/\"pki\": { \"keyAlgorithm\": \"$1\",/" "$work/cluster-$1.json"
    grep -q "\"keyAlgorithm\": \"$1\"" "$work/cluster-$1.json" \
        || { echo "bench/cli.sh: cannot set keyAlgorithm in the example" >&2; exit 1; }
}

# The seed guide's flow: etcd CA (RSA-2048), a client, then server and peer per member.
cfssl_flow() { # DIR ALGO SIZE
    local dir=$1 algo=$2 size=$3
    mkdir -p "$dir" && cd "$dir"
    cat > ca-config.json <<'JSON'
{"signing": {"default": {"expiry": "43800h"}, "profiles": {
  "server": {"expiry": "43800h", "usages": ["signing", "key encipherment", "server auth", "client auth"]},
  "client": {"expiry": "43800h", "usages": ["signing", "key encipherment", "client auth"]},
  "peer":   {"expiry": "43800h", "usages": ["signing", "key encipherment", "server auth", "client auth"]}}}}
JSON
    echo '{"CN": "etcd", "key": {"algo": "rsa", "size": 2048}}' > ca-csr.json
    echo "{\"CN\": \"client\", \"key\": {\"algo\": \"$algo\", \"size\": $size}}" > client.json
    cfssl gencert -initca ca-csr.json 2> /dev/null | cfssljson -bare ca -
    cfssl gencert -ca=ca.pem -ca-key=ca-key.pem -config=ca-config.json -profile=client client.json 2> /dev/null \
        | cfssljson -bare client
    for i in 0 1 2; do
        mkdir -p "etcd$i"
        echo "{\"CN\": \"etcd$i\", \"hosts\": [\"etcd$i\", \"10.0.0.1$i\"], \"key\": {\"algo\": \"$algo\", \"size\": $size}}" \
            > "etcd$i/config.json"
        for profile in server peer; do
            (cd "etcd$i" && cfssl gencert -ca=../ca.pem -ca-key=../ca-key.pem -config=../ca-config.json \
                -profile=$profile config.json 2> /dev/null | cfssljson -bare $profile)
        done
    done
}
export -f cfssl_flow

# time_it COMMAND...: prints "wall cpu peak_kib" of one run.
time_it() {
    local out
    out=$(mktemp "$work/time.XXXXXX")
    /usr/bin/time -f '%e %U %S %M' -o "$out" "$@" > "$work/last.log" 2>&1 \
        || { echo "bench/cli.sh: failed: $*" >&2; cat "$work/last.log" >&2; exit 1; }
    awk '{ printf "%.3f %.3f %d\n", $1, $2 + $3, $4 }' "$out"
}

kubeha_export() { # ALGORITHM: a cold workspace and a new bundle directory each time
    local n
    n=$(mktemp -d "$work/run.XXXXXX")
    # shellcheck disable=SC2086 # the launcher may be "java -jar ..."
    time_it $launcher export "$work/cluster-$1.json" --out "$n/bundle" --workspace "$n/ws"
}

cfssl_run() { # ALGO SIZE
    local n
    n=$(mktemp -d "$work/run.XXXXXX")
    time_it bash -c "cfssl_flow '$n/cfssl' $1 $2"
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "kubeha CLI benchmark: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), launcher: $launcher"
echo "$($launcher --version 2>&1 | head -1); $(cfssl version 2>/dev/null | head -1)"
for pair in "ECDSA-P256 ecdsa 256" "RSA-2048 rsa 2048"; do
    read -r algorithm algo size <<< "$pair"
    cluster "$algorithm"
    kubeha_export "$algorithm" > /dev/null
    cfssl_run "$algo" "$size" > /dev/null
    : > "$work/k" && : > "$work/c" && : > "$work/r"
    echo
    echo "== kubeha export ($algorithm) vs cfssl flow ($algo-$size leaves, RSA-2048 CA): $pairs pairs after 1 warm-up"
    printf '%-5s %-28s %-28s %s\n' pair "kubeha wall/CPU/peak" "cfssl wall/CPU/peak" "ratio (wall)"
    for i in $(seq 1 "$pairs"); do
        if [ $((i % 2)) -eq 1 ]; then
            k=$(kubeha_export "$algorithm"); c=$(cfssl_run "$algo" "$size")
        else
            c=$(cfssl_run "$algo" "$size"); k=$(kubeha_export "$algorithm")
        fi
        read -r kw kc km <<< "$k"
        read -r cw cc cm <<< "$c"
        ratio=$(awk -v a="$kw" -v b="$cw" 'BEGIN { printf "%.2f", a / b }')
        echo "$kw $kc $km" >> "$work/k"; echo "$cw $cc $cm" >> "$work/c"; echo "$ratio" >> "$work/r"
        printf '%-5s %-28s %-28s %s\n' "$i" "${kw}s ${kc}s $((km / 1024))MiB" "${cw}s ${cc}s $((cm / 1024))MiB" "$ratio"
    done
    printf 'median: kubeha %ss wall, %ss CPU, %s MiB peak; cfssl %ss wall, %ss CPU, %s MiB peak; ratio %s\n' \
        "$(cut -d' ' -f1 "$work/k" | median)" "$(cut -d' ' -f2 "$work/k" | median)" \
        "$(cut -d' ' -f3 "$work/k" | median | awk '{ printf "%d", $1 / 1024 }')" \
        "$(cut -d' ' -f1 "$work/c" | median)" "$(cut -d' ' -f2 "$work/c" | median)" \
        "$(cut -d' ' -f3 "$work/c" | median | awk '{ printf "%d", $1 / 1024 }')" "$(median < "$work/r")"
done

# The other commands' targets (issue 18): validate and plan at most 0.35 s, peak memory of any
# command at most 128 MiB. plan reads the PKI that one more export leaves in the workspace.
cluster RSA-2048
warm=$(mktemp -d "$work/warm.XXXXXX")
# shellcheck disable=SC2086 # the launcher may be "java -jar ..."
time_it $launcher export "$work/cluster-RSA-2048.json" --out "$warm/bundle" --workspace "$warm/ws" > /dev/null
echo
echo "== other commands (RSA-2048 example, warm workspace): median of $pairs runs after 1 warm-up"
for command in "--version" "validate $work/cluster-RSA-2048.json" "plan $work/cluster-RSA-2048.json --workspace $warm/ws"; do
    # shellcheck disable=SC2086
    time_it $launcher $command > /dev/null
    : > "$work/o"
    for i in $(seq 1 "$pairs"); do
        # shellcheck disable=SC2086
        time_it $launcher $command >> "$work/o"
    done
    printf '%-10s %ss wall, %ss CPU, %s MiB peak\n' "${command%% *}" "$(cut -d' ' -f1 "$work/o" | median)" \
        "$(cut -d' ' -f2 "$work/o" | median)" "$(cut -d' ' -f3 "$work/o" | median | awk '{ printf "%d", $1 / 1024 }')"
done
