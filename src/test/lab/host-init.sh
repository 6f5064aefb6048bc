#!/usr/bin/env bash
# Runs inside a lab host's network namespace, in a mount namespace of its own (lab.sh starts it
# with unshare --mount --propagation private): every directory a node install writes to gets an
# overlay whose upper layer is a tmpfs, so the real host's files never change. Then the node
# stand-ins go to /usr/local/sbin (first on root's PATH over SSH) and sshd starts.
# Usage: host-init.sh LAB_SCRIPTS_DIR LAB_DIR HOST_DIR
set -euo pipefail
lab=$1
dir=$2
host=$3

mount -t tmpfs -o mode=0700 kubeha-lab "$host/rw"
for path in /etc /usr/local /var/lib /run /opt /root /home /usr/sbin /usr/lib/systemd/system; do
    layer="$host/rw/$(echo "${path#/}" | tr / _)"
    mkdir -p "$layer.upper" "$layer.work"
    mount -t overlay overlay -o "lowerdir=$path,upperdir=$layer.upper,workdir=$layer.work" "$path"
done

# A cgroup v2 host, as the supported distributions boot (prepare-node.sh checks): this mount
# namespace gets the unified hierarchy at /sys/fs/cgroup, whatever the real machine has there.
# A test unmounts it (lab.sh exec ... umount /sys/fs/cgroup) for a host that shows the machine's.
if [ "$(stat -fc %T /sys/fs/cgroup)" != cgroup2fs ]; then
    mount -t cgroup2 kubeha-lab /sys/fs/cgroup
fi

install -d -m 0755 /etc/kubeha-lab /usr/local/sbin /run/sshd /var/lib/kubeha/packages
install -m 0644 "$host/host.conf" /etc/kubeha-lab/host.conf
install -m 0644 "$lab/standin-lib.sh" /etc/kubeha-lab/lib.sh
# The containerd a host starts with (the containerd stand-in reads it): new enough.
echo 2.2.1 > /etc/kubeha-lab/containerd.version
for standin in "$lab"/standins/*; do
    install -m 0755 "$standin" "/usr/local/sbin/$(basename "$standin")"
done
rm -f /usr/sbin/haproxy /usr/sbin/keepalived /usr/lib/systemd/system/haproxy.service \
    /usr/lib/systemd/system/keepalived.service
# The real machine's containerd (Debian's, for the image tests) is not the lab host's: its
# configuration and unit go; the containerd stand-in above comes first on the PATH.
rm -rf /etc/containerd /usr/lib/systemd/system/containerd.service
# keepalived logs to syslog, which a lab host has not: to its unit log instead.
echo 'DAEMON_ARGS="--log-console --log-detail"' > /etc/default/keepalived
# A user that logs in with the lab's key and becomes root with sudo and its password, as on
# hosts where root cannot log in over SSH.
if ! id kubeha > /dev/null 2>&1; then
    useradd --create-home --shell /bin/bash kubeha
fi
echo "kubeha:$(cat "$dir/sudo_password")" | chpasswd
# sshd reads a user's authorized keys as that user: the lab's directory is root's alone.
install -d -m 0700 -o kubeha -g kubeha /home/kubeha/.ssh
install -m 0600 -o kubeha -g kubeha "$dir/client_key.pub" /home/kubeha/.ssh/authorized_keys
echo 'kubeha ALL=(ALL:ALL) ALL' > /etc/sudoers.d/kubeha
chmod 0440 /etc/sudoers.d/kubeha
# No swap and a clean fstab on a lab host, whatever the real machine has.
: > /etc/fstab

# This process stays, holding the host's namespaces (lab.sh exec enters them through it), and
# keeps sshd running: lab.sh sshd-kill kills sshd and its sessions and makes it wait here until
# lab.sh sshd-start, as a host whose sshd crashed and came back.
echo $$ > "$host/ns.pid"
while :; do
    if [ -e "$host/sshd.down" ]; then
        sleep 0.1
        continue
    fi
    /usr/sbin/sshd -D -e -f "$host/sshd_config" &
    echo $! > "$host/sshd.pid"
    wait $! || true
    sleep 0.1
done
