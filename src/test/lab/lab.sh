#!/usr/bin/env bash
# The node lab: test hosts on this machine, each a network namespace kh-<name> with eth1
# (a veth to the bridge kh-lab0) holding its private address, a private mount namespace
# (overlays on /etc, /usr/local, /var/lib, /run and /opt, so nothing on the real host
# changes) and a real OpenSSH sshd that lets root in with the lab's key, and the user kubeha
# too (sudo with the password in DIR/sudo_password).
# The test side stays in the root namespace: kh-lab0 holds 10.77.0.1/24 there, and the
# hosts' addresses are on that bridge only (no route leaves the machine).
#
# Usage (as root):
#   lab.sh up DIR KUBERNETES_VERSION NAME=ADDRESS...   start hosts; DIR/client_key logs in
#   lab.sh lb DIR ADDRESS PORT                       an external load balancer stand-in:
#                                                    TLS on ADDRESS:PORT answering every GET with 200
#   lab.sh exec DIR NAME COMMAND...                  run a command inside a host (both namespaces)
#   lab.sh sshd-kill DIR NAME                        kill a host's sshd and its sessions (a crash)
#   lab.sh sshd-start DIR NAME                       start it again, wait until it listens
#   lab.sh down DIR                                  stop everything of DIR's lab
#   lab.sh clean                                     remove every kh-* namespace and link (debris)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
bridge=kh-lab0
bridge_address=10.77.0.1/24
deadline_seconds=${KUBEHA_LAB_DEADLINE:-20}

fail() { echo "lab: $*" >&2; exit 1; }
log() { echo "lab: $*"; }

# kill_netns NS: TERM every process in the namespace, KILL what is left after a deadline.
kill_netns() {
    local ns=$1 pids end
    pids=$(ip netns pids "$ns" 2>/dev/null || true)
    [ -z "$pids" ] && return 0
    # shellcheck disable=SC2086
    kill -TERM $pids 2>/dev/null || true
    end=$((SECONDS + 5))
    while [ -n "$(ip netns pids "$ns" 2>/dev/null || true)" ] && [ "$SECONDS" -lt "$end" ]; do
        sleep 0.1
    done
    pids=$(ip netns pids "$ns" 2>/dev/null || true)
    if [ -n "$pids" ]; then
        # shellcheck disable=SC2086
        kill -KILL $pids 2>/dev/null || true
        end=$((SECONDS + 5))
        while [ -n "$(ip netns pids "$ns" 2>/dev/null || true)" ] && [ "$SECONDS" -lt "$end" ]; do
            sleep 0.1
        done
    fi
}

clean() {
    local ns
    for ns in $(ip netns list 2>/dev/null | awk '$1 ~ /^kh-/ {print $1}'); do
        kill_netns "$ns"
        ip link del "$ns" 2> /dev/null || true
        ip netns del "$ns"
        log "removed namespace $ns"
    done
    for link in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | sed 's/@.*//' | grep '^kh-' || true); do
        ip link del "$link" 2>/dev/null || true
        log "removed link $link"
    done
}

# wait_tcp ADDRESS PORT: until something accepts connections there, within the deadline.
wait_tcp() {
    local end=$((SECONDS + deadline_seconds))
    until timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; do
        [ "$SECONDS" -lt "$end" ] || return 1
        sleep 0.1
    done
}

ensure_bridge() {
    if ! ip link show "$bridge" > /dev/null 2>&1; then
        ip link add "$bridge" type bridge
        ip address add "$bridge_address" dev "$bridge"
        ip link set "$bridge" up
    fi
}

# add_netns NAME ADDRESS: namespace kh-NAME with lo and eth1 (ADDRESS/24) on the bridge.
add_netns() {
    local name=$1 address=$2 ns="kh-$1" veth="kh-$1"
    [ ${#veth} -le 15 ] || fail "host name $name is too long for a link name (at most 12 characters)"
    ip netns add "$ns"
    ip link add "$veth" type veth peer name eth1 netns "$ns"
    ip link set "$veth" master "$bridge" up
    ip -n "$ns" link set lo up
    ip -n "$ns" address add "$address/24" dev eth1
    ip -n "$ns" link set eth1 up
}

up() {
    local dir=$1 version=$2 spec name address
    shift 2
    [ "$(id -u)" -eq 0 ] || fail "run me as root"
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    [ -f "$dir/client_key" ] || ssh-keygen -q -t ed25519 -N '' -C kubeha-lab -f "$dir/client_key"
    [ -f "$dir/sudo_password" ] || (umask 077 && openssl rand -hex 12 > "$dir/sudo_password")
    # The lab's package repository (see the apt-get stand-in): HAProxy and keepalived made of
    # this machine's own binaries and units, which the hosts do not have until they install them.
    local package file
    for package in haproxy keepalived; do
        for file in "/usr/sbin/$package" "/usr/lib/systemd/system/$package.service"; do
            if [ -f "$file" ] && [ ! -f "$dir/repo/$package$file" ]; then
                install -D -m "$(stat -c %a "$file")" "$file" "$dir/repo/$package$file"
            fi
        done
    done
    # containerd.io 2.2.1 (Docker's package, new enough for every supported release) sets the
    # containerd stand-in's version; ca-certificates, curl and gpg are the machine's own, so
    # installing them puts nothing new in place.
    install -D -m 0644 /dev/stdin "$dir/repo/containerd.io/etc/kubeha-lab/containerd.version" <<< 2.2.1
    # The packages of kubeadm, kubelet, kubectl and containerd.io hold their stand-ins: a host a test
    # strips of them (a bare distribution install) has them again once it installs the packages.
    for package in kubeadm kubelet kubectl; do
        install -D -m 0755 "$here/standins/$package" "$dir/repo/$package/usr/local/sbin/$package"
    done
    for file in containerd ctr; do
        install -D -m 0755 "$here/standins/$file" "$dir/repo/containerd.io/usr/local/sbin/$file"
    done
    for package in ca-certificates curl gpg; do
        mkdir -p "$dir/repo/$package"
    done
    ensure_bridge
    # The etcd release kubeha brings to the members (apply --include-packages "$dir/packages"), made
    # of Debian's binaries. Debian 12 has etcd 3.4.23, older than the 3.5.24 kubeadm of every
    # supported release accepts as external etcd; the release is labelled 3.5.24 (what the lab's
    # cluster files name) and its etcd runs Debian's, which takes the same flags as any etcd before
    # 3.6 (kubeha's only split). kubeha knows no published sha256 of it: it is taken as given.
    local etcd_version=3.5.24
    local etcd_tarball="$dir/packages/etcd-v$etcd_version-linux-amd64.tar.gz"
    if [ -x /usr/bin/etcd ] && [ ! -f "$etcd_tarball" ]; then
        local work release
        work=$(mktemp -d)
        release="$work/etcd-v$etcd_version-linux-amd64"
        mkdir "$release"
        cp /usr/bin/etcdctl "$release/"
        cat > "$release/etcd" <<SHIM
#!/bin/sh
# The node lab's etcd $etcd_version: Debian's /usr/bin/etcd under that label (see lab.sh).
if [ "\${1:-}" = --version ]; then
    echo "etcd Version: $etcd_version"
    /usr/bin/etcd --version | sed 1d
    exit 0
fi
exec /usr/bin/etcd "\$@"
SHIM
        chmod 0755 "$release/etcd"
        mkdir -p "$dir/packages"
        tar -czf "$etcd_tarball" -C "$work" "etcd-v$etcd_version-linux-amd64"
        rm -rf "$work"
    fi
    # What the cluster's API servers store (the nodes kubeadm registered), shared by the hosts as
    # etcd behind the API servers would be; empty at every start.
    rm -rf "$dir/api"
    mkdir -p "$dir/api/nodes"
    for spec in "$@"; do
        name=${spec%%=*}
        address=${spec#*=}
        local host="$dir/hosts/$name"
        # A host starts fresh every time: no state or calls of an earlier start.
        rm -rf "$host/state"
        mkdir -p "$host/rw" "$host/state"
        : > "$host/calls.log"
        [ -f "$host/ssh_host_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -C "$name" -f "$host/ssh_host_ed25519_key"
        cat > "$host/sshd_config" <<CONFIG
ListenAddress $address:22
HostKey $host/ssh_host_ed25519_key
PidFile none
AuthorizedKeysFile $dir/client_key.pub .ssh/authorized_keys
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
MaxStartups 100:30:200
MaxSessions 100
LogLevel VERBOSE
Subsystem sftp internal-sftp
CONFIG
        cat > "$host/host.conf" <<CONFIG
lab_host=$name
lab_address=$address
lab_dir=$host
lab_repo=$dir/repo
lab_api=$dir/api
kubernetes_version=$version
CONFIG
        add_netns "$name" "$address"
        # host-init.sh makes the mount namespace private, mounts the overlays and execs sshd.
        setsid ip netns exec "kh-$name" unshare --mount --propagation private -- \
            "$here/host-init.sh" "$here" "$dir" "$host" < /dev/null > "$host/sshd.log" 2>&1 &
        echo $! > "$host/init.pid"
    done
    for spec in "$@"; do
        name=${spec%%=*}
        address=${spec#*=}
        wait_tcp "$address" 22 || fail "sshd of $name did not listen on $address:22 within ${deadline_seconds}s: $(tail -5 "$dir/hosts/$name/sshd.log")"
        log "host $name is up at $address"
    done
}

lb() {
    local dir=$1 address=$2 port=$3 lbdir
    lbdir="$dir/lb"
    mkdir -p "$lbdir"
    ensure_bridge
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=kubeha-lab-lb \
        -keyout "$lbdir/lb.key" -out "$lbdir/lb.crt" 2> /dev/null
    add_netns lb "$address"
    setsid ip netns exec kh-lb openssl s_server -quiet -www -accept "$address:$port" \
        -cert "$lbdir/lb.crt" -key "$lbdir/lb.key" < /dev/null > "$lbdir/lb.log" 2>&1 &
    wait_tcp "$address" "$port" || fail "the load balancer did not listen on $address:$port"
    log "load balancer is up at $address:$port"
}

host_exec() {
    local dir=$1 name=$2 pid
    shift 2
    # The first process in the host's namespaces: host-init.sh, which stays.
    pid=$(cat "$dir/hosts/$name/ns.pid")
    nsenter -t "$pid" -m -n -- "$@"
}

# sshd_kill DIR NAME: kill the host's sshd and its sessions (SIGKILL, as a crash); host-init.sh
# starts no new one until sshd_start.
sshd_kill() {
    local host="$1/hosts/$2" pid sessions end
    touch "$host/sshd.down"
    pid=$(cat "$host/sshd.pid")
    sessions=$(pgrep -P "$pid" || true)
    # shellcheck disable=SC2086
    kill -KILL "$pid" $sessions 2> /dev/null || true
    end=$((SECONDS + deadline_seconds))
    # Gone or a zombie (whoever reaps the sessions may not do it at once).
    # shellcheck disable=SC2086
    while ps -o stat= -p "$(echo $pid $sessions | tr ' ' ,)" 2> /dev/null | grep -qv '^Z'; do
        [ "$SECONDS" -lt "$end" ] || fail "sshd of $2 (pid $pid) did not die within ${deadline_seconds}s"
        sleep 0.05
    done
    log "sshd of $2 is killed"
}

# sshd_start DIR NAME: let host-init.sh start sshd again, and wait until it listens.
sshd_start() {
    local host="$1/hosts/$2" address
    address=$(sed -n 's/^lab_address=//p' "$host/host.conf")
    rm -f "$host/sshd.down"
    wait_tcp "$address" 22 || fail "sshd of $2 did not listen on $address:22 within ${deadline_seconds}s"
    log "sshd of $2 is up again"
}

down() {
    local dir=$1 host name
    for host in "$dir"/hosts/*/; do
        [ -d "$host" ] || continue
        name=$(basename "$host")
        if ip netns list | awk '{print $1}' | grep -qx "kh-$name"; then
            kill_netns "kh-$name"
            ip link del "kh-$name" 2> /dev/null || true
            ip netns del "kh-$name"
        fi
    done
    if ip netns list | awk '{print $1}' | grep -qx kh-lb; then
        kill_netns kh-lb
        ip link del kh-lb 2> /dev/null || true
        ip netns del kh-lb
    fi
    ip link del "$bridge" 2> /dev/null || true
    log "lab in $dir is down"
}

command=${1:-}
shift || true
case "$command" in
    up) [ $# -ge 3 ] || fail "usage: lab.sh up DIR KUBERNETES_VERSION NAME=ADDRESS..."; up "$@" ;;
    lb) [ $# -eq 3 ] || fail "usage: lab.sh lb DIR ADDRESS PORT"; lb "$@" ;;
    exec) [ $# -ge 3 ] || fail "usage: lab.sh exec DIR NAME COMMAND..."; host_exec "$@" ;;
    sshd-kill) [ $# -eq 2 ] || fail "usage: lab.sh sshd-kill DIR NAME"; sshd_kill "$@" ;;
    sshd-start) [ $# -eq 2 ] || fail "usage: lab.sh sshd-start DIR NAME"; sshd_start "$@" ;;
    down) [ $# -eq 1 ] || fail "usage: lab.sh down DIR"; down "$@" ;;
    clean) clean ;;
    *) sed -n '2,18p' "$0" >&2; exit 2 ;;
esac
