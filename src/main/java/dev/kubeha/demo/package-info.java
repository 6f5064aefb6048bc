/**
 * Demo mode: a lab of simulated hosts inside kubeha, so that the whole path (wizard, install,
 * admin.conf, export) can be tried without machines.
 *
 * <p>Each host is a real SSH server (Apache MINA sshd) on 127.0.0.1 with its own host key, its own
 * file system (a private directory that SFTP uploads land in) and a command interpreter that knows
 * the commands kubeha's plan sends, and only those: anything else exits 127, "command not found",
 * so that a change of the plan shows up in the demo's tests instead of passing silently. The hosts
 * share one simulated network: etcd members, API servers and the load balancer answer each other
 * only once the plan has actually set them up. Nothing here uses JavaFX.
 */
package dev.kubeha.demo;
