package dev.kubeha.plan;

import static dev.kubeha.plan.ClusterPlanBuilderTest.EXTERNAL_LB;
import static dev.kubeha.plan.ClusterPlanBuilderTest.cluster;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.EtcdRuntime;
import dev.kubeha.model.EtcdSettings;
import dev.kubeha.model.EtcdTopology;
import dev.kubeha.model.LoadBalancer;
import dev.kubeha.model.LoadBalancerMode;
import dev.kubeha.model.SshSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResetPlanBuilderTest {
    static final EtcdSettings DEDICATED_SYSTEMD = new EtcdSettings(EtcdTopology.DEDICATED, EtcdRuntime.SYSTEMD, null);
    static final EtcdSettings DEDICATED_POD = new EtcdSettings(EtcdTopology.DEDICATED, EtcdRuntime.STATIC_POD, null);
    static final EtcdSettings CO_LOCATED_SYSTEMD = new EtcdSettings(EtcdTopology.CO_LOCATED, EtcdRuntime.SYSTEMD, null);

    static ResetPlanBuilder.Result reset(Cluster cluster) {
        return new ResetPlanBuilder(cluster).build();
    }

    static List<String> deps(Plan plan, String id) {
        return plan.task(id).orElseThrow().dependsOn();
    }

    static List<String> lines(Plan plan, String id) {
        return plan.task(id).orElseThrow().steps().stream().map(s -> ((Step.RunCommand) s).command().line()).toList();
    }

    @Test
    void workersFirstThenTheMastersTogetherThenEveryExternalEtcdMemberAtOnce() {
        ResetPlanBuilder.Result result = reset(cluster(DEDICATED_SYSTEMD, EXTERNAL_LB, true, 2));
        Plan plan = result.plan();
        assertThat(plan.tasks()).extracting(Task::id).containsExactly("worker0/reset", "worker1/reset",
                "master2/reset", "master1/reset", "master0/reset", "etcd0/reset-etcd", "etcd1/reset-etcd", "etcd2/reset-etcd");
        assertThat(deps(plan, "worker0/reset")).isEmpty();
        for (String master : List.of("master0", "master1", "master2")) {
            assertThat(deps(plan, master + "/reset")).containsExactly("worker0/reset", "worker1/reset");
        }
        for (String member : List.of("etcd0", "etcd1", "etcd2")) {
            assertThat(deps(plan, member + "/reset-etcd")).containsExactly("master2/reset", "master1/reset", "master0/reset");
        }
        assertThat(plan.tasks()).allSatisfy(t -> {
            assertThat(t.retrySafe()).as(t.id()).isTrue();
            assertThat(t.steps()).as(t.id()).allSatisfy(s -> assertThat(s.idempotent()).isTrue());
        });
        assertThat(result.notes()).containsExactly(
                "order: the workers first (in parallel), then the control-plane nodes (in parallel), etcd last",
                "etcd: every member is stopped at once when no API server uses etcd any more; the cluster's data is"
                        + " deleted, so there is no quorum left to keep",
                "stays on the nodes: what prepare-node.sh installed (containerd and its images, kubeadm, kubelet, kubectl)"
                        + " and its kernel and sysctl settings");
    }

    @Test
    void aWorkerGetsKubeadmResetAndWhatItLeaves() {
        Plan plan = reset(cluster(DEDICATED_SYSTEMD, EXTERNAL_LB, true, 1)).plan();
        assertThat(lines(plan, "worker0/reset")).containsExactly(
                "if [ -f /etc/kubernetes/admin.conf ]; then for f in /root/.kube/config; do if [ -f \"$f\" ] && cmp -s \"$f\""
                        + " /etc/kubernetes/admin.conf; then rm -f \"$f\"; fi; done; fi",
                "if command -v kubeadm >/dev/null 2>&1; then kubeadm reset --force --cleanup-tmp-dir --cri-socket"
                        + " unix:///var/run/containerd/containerd.sock; else echo 'kubeadm is not installed: nothing of kubeadm"
                        + " to reset'; fi",
                "if [ -d /etc/cni/net.d ]; then find /etc/cni/net.d -mindepth 1 -delete; fi && rm -rf /var/lib/cni"
                        + " /run/flannel /var/lib/calico /run/calico",
                "if { ip link show kube-ipvs0; } >/dev/null 2>&1 && command -v ipvsadm >/dev/null 2>&1; then"
                        + " ipvsadm --clear; fi",
                "for i in cni0 flannel.1 flannel-v6.1 vxlan.calico vxlan-v6.calico cilium_host cilium_net cilium_vxlan"
                        + " kube-ipvs0 nodelocaldns weave kube-bridge; do if ip link show \"$i\" >/dev/null 2>&1; then"
                        + " ip link delete \"$i\"; fi; done",
                "if command -v iptables-save >/dev/null 2>&1 && command -v iptables-restore >/dev/null 2>&1; then"
                        + " iptables-save | { grep -v -E '(^:| )(KUBE-|CNI-|FLANNEL-|cali-|CILIUM_)' || [ $? -eq 1 ]; } |"
                        + " iptables-restore; fi",
                "if command -v ip6tables-save >/dev/null 2>&1 && command -v ip6tables-restore >/dev/null 2>&1; then"
                        + " ip6tables-save | { grep -v -E '(^:| )(KUBE-|CNI-|FLANNEL-|cali-|CILIUM_)' || [ $? -eq 1 ]; } |"
                        + " ip6tables-restore; fi",
                "if command -v nft >/dev/null 2>&1; then if nft list table ip kube-proxy >/dev/null 2>&1; then nft delete"
                        + " table ip kube-proxy; fi; if nft list table ip6 kube-proxy >/dev/null 2>&1; then nft delete table"
                        + " ip6 kube-proxy; fi; fi",
                "rm -rf --one-file-system /etc/kubernetes /var/lib/kubelet",
                "rm -rf /etc/kubeha /var/lib/kubeha");
        assertThat(plan.task("worker0/reset").orElseThrow().steps().get(1))
                .satisfies(s -> assertThat(((Step.RunCommand) s).timeout()).isEqualTo(ClusterPlanBuilder.KUBEADM_TIMEOUT));
    }

    @Test
    void aSystemdEtcdMemberLosesItsUnitDataBinariesAndCertificates() {
        Plan plan = reset(cluster(DEDICATED_SYSTEMD, EXTERNAL_LB, true, 1)).plan();
        assertThat(plan.task("etcd0/reset-etcd").orElseThrow().title()).isEqualTo("stop etcd (every member at once: no API"
                + " server uses it any more) and delete its unit, data, binaries and certificates, and kubeha's files");
        assertThat(lines(plan, "etcd0/reset-etcd")).containsExactly(
                "if [ -e /etc/systemd/system/etcd.service ]; then systemctl stop etcd && systemctl disable etcd; fi",
                "rm -f /etc/systemd/system/etcd.service /etc/etcd.env && systemctl daemon-reload",
                "rm -rf /var/lib/etcd",
                "rm -f /usr/local/bin/etcd /usr/local/bin/etcdctl /usr/local/bin/etcdutl",
                "rm -rf /etc/kubernetes/pki/etcd",
                "rm -rf --one-file-system /etc/kubernetes /var/lib/kubelet",
                "rm -rf /etc/kubeha /var/lib/kubeha");
        // The masters have external etcd: kubeadm reset leaves etcd alone, nothing on them touches its data.
        assertThat(lines(plan, "master0/reset")).noneMatch(l -> l.contains("/var/lib/etcd"));
    }

    @Test
    void coLocatedSystemdEtcdKeepsItsFilesUntilTheEtcdTaskOfTheSameNode() {
        Plan plan = reset(cluster(CO_LOCATED_SYSTEMD, EXTERNAL_LB, false, 1)).plan();
        assertThat(plan.tasks()).extracting(Task::id).containsExactly("worker0/reset", "master2/reset", "master1/reset",
                "master0/reset", "master0/reset-etcd", "master1/reset-etcd", "master2/reset-etcd");
        assertThat(lines(plan, "master0/reset")).noneMatch(l -> l.startsWith("rm -rf /etc/kubeha"))
                .noneMatch(l -> l.contains("/var/lib/etcd"));
        assertThat(lines(plan, "master0/reset-etcd")).contains("rm -rf /etc/kubeha /var/lib/kubeha", "rm -rf /var/lib/etcd");
        assertThat(plan.task("master0/reset-etcd").orElseThrow().title()).doesNotContain("kubeha's files");
    }

    @Test
    void stackedEtcdResetsOneMasterAtATimeTheFirstLast() {
        ResetPlanBuilder.Result result = reset(cluster(EtcdSettings.defaults(), EXTERNAL_LB, false, 1));
        Plan plan = result.plan();
        assertThat(plan.tasks()).extracting(Task::id).containsExactly("worker0/reset", "master2/reset", "master1/reset",
                "master0/reset");
        assertThat(deps(plan, "master2/reset")).containsExactly("worker0/reset");
        assertThat(deps(plan, "master1/reset")).containsExactly("worker0/reset", "master2/reset");
        assertThat(deps(plan, "master0/reset")).containsExactly("worker0/reset", "master1/reset");
        assertThat(plan.task("master0/reset").orElseThrow().title())
                .startsWith("kubeadm reset (removes this node's etcd member; the others keep quorum)");
        assertThat(lines(plan, "master0/reset")).contains("rm -rf /var/lib/etcd");
        assertThat(lines(plan, "worker0/reset")).noneMatch(l -> l.contains("etcd"));
        assertThat(result.notes()).startsWith("order: the workers first (in parallel), then the control-plane nodes (one at"
                + " a time, master0 last)");
    }

    @Test
    void staticPodEtcdNodesAreResetByKubeadmAndLoseTheKubeletDropIn() {
        Plan plan = reset(cluster(DEDICATED_POD, EXTERNAL_LB, true, 0)).plan();
        assertThat(plan.tasks()).extracting(Task::id).containsExactly("master2/reset", "master1/reset", "master0/reset",
                "etcd0/reset", "etcd1/reset", "etcd2/reset");
        assertThat(deps(plan, "master0/reset")).isEmpty();
        assertThat(lines(plan, "etcd1/reset")).containsExactly(
                "if command -v kubeadm >/dev/null 2>&1; then kubeadm reset --force --cleanup-tmp-dir --cri-socket"
                        + " unix:///var/run/containerd/containerd.sock; else echo 'kubeadm is not installed: nothing of kubeadm"
                        + " to reset'; fi",
                "rm -f /etc/systemd/system/kubelet.service.d/20-etcd-service-manager.conf && systemctl daemon-reload",
                "rm -rf /var/lib/etcd",
                "rm -rf --one-file-system /etc/kubernetes /var/lib/kubelet",
                "rm -rf /etc/kubeha /var/lib/kubeha");
    }

    @Test
    void haproxyAndKeepalivedStopAfterKubeadmResetAndLoseTheirConfiguration() {
        LoadBalancer lb = new LoadBalancer(LoadBalancerMode.HAPROXY_KEEPALIVED, null, "10.0.1.100/24");
        Plan plan = reset(cluster(EtcdSettings.defaults(), lb, false, 1)).plan();
        List<String> master = lines(plan, "master1/reset");
        assertThat(master).containsSubsequence(
                "if command -v kubeadm >/dev/null 2>&1; then kubeadm reset --force --cleanup-tmp-dir --cri-socket"
                        + " unix:///var/run/containerd/containerd.sock; else echo 'kubeadm is not installed: nothing of kubeadm"
                        + " to reset'; fi",
                "if { systemctl cat keepalived.service; } >/dev/null 2>&1; then systemctl stop keepalived && systemctl disable"
                        + " keepalived; fi",
                "if { systemctl cat haproxy.service; } >/dev/null 2>&1; then systemctl stop haproxy && systemctl disable"
                        + " haproxy; fi",
                "rm -f /etc/haproxy/haproxy.cfg /etc/keepalived/keepalived.conf /etc/keepalived/check_apiserver.sh",
                "rm -rf /etc/kubeha /var/lib/kubeha");
        assertThat(lines(plan, "worker0/reset")).noneMatch(l -> l.contains("haproxy"));
    }

    @Test
    void theSshUsersCopyOfAdminConfIsFoundThroughItsHomeDirectory() {
        Cluster base = cluster(EtcdSettings.defaults(), EXTERNAL_LB, false, 1);
        Cluster asUbuntu = new Cluster(base.apiVersion(), base.kind(), base.name(), base.kubernetesVersion(),
                new SshSettings("ubuntu", null, null, null), base.privateInterface(), base.nodes(), base.etcd(),
                base.loadBalancer(), base.networking(), base.pki());
        assertThat(lines(reset(asUbuntu).plan(), "worker0/reset").get(0)).isEqualTo(
                "if [ -f /etc/kubernetes/admin.conf ]; then for f in /root/.kube/config \"$(getent passwd ubuntu | cut -d:"
                        + " -f6)/.kube/config\"; do if [ -f \"$f\" ] && cmp -s \"$f\" /etc/kubernetes/admin.conf; then rm -f"
                        + " \"$f\"; fi; done; fi");
    }

    @Test
    void everyCommandIsValidBash() throws Exception {
        for (Cluster cluster : List.of(cluster(DEDICATED_SYSTEMD, EXTERNAL_LB, true, 1),
                cluster(DEDICATED_POD, EXTERNAL_LB, true, 1),
                cluster(EtcdSettings.defaults(), new LoadBalancer(LoadBalancerMode.HAPROXY_KEEPALIVED, null, "10.0.1.100/24"),
                        false, 1))) {
            for (Task t : reset(cluster).plan().tasks()) {
                for (Step s : t.steps()) {
                    String line = ((Step.RunCommand) s).command().line();
                    Process bash = new ProcessBuilder("bash", "-n", "-c", line).redirectErrorStream(true).start();
                    String output = new String(bash.getInputStream().readAllBytes());
                    assertThat(bash.waitFor()).as(line + "\n" + output).isZero();
                }
            }
        }
    }

    /**
     * The iptables step on a realistic iptables-save dump, with iptables-save and -restore as
     * shell functions: Kubernetes' chains and the rules that jump to them go, the host's stay; an
     * empty dump is no failure, also under pipefail (the bundle's reset.sh).
     */
    @Test
    void theIptablesStepDropsKubernetesChainsAndKeepsTheHostsRules(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        String dump = String.join("\n",
                "# Generated by iptables-save v1.8.9 (nf_tables)",
                "*nat",
                ":PREROUTING ACCEPT [0:0]",
                ":POSTROUTING ACCEPT [0:0]",
                ":KUBE-SERVICES - [0:0]",
                ":KUBE-POSTROUTING - [0:0]",
                ":CNI-5a0f2a3c5e1d2b4f6a7c8d9e - [0:0]",
                ":FLANNEL-POSTRTG - [0:0]",
                "-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES",
                "-A POSTROUTING -m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING",
                "-A POSTROUTING -s 10.244.0.0/24 -m comment --comment \"name: cbr0\" -j CNI-5a0f2a3c5e1d2b4f6a7c8d9e",
                "-A POSTROUTING -m comment --comment \"flanneld masq\" -j FLANNEL-POSTRTG",
                "-A POSTROUTING -o eth0 -j MASQUERADE",
                "-A KUBE-POSTROUTING -j RETURN",
                "COMMIT",
                "*filter",
                ":INPUT ACCEPT [0:0]",
                ":KUBE-FIREWALL - [0:0]",
                ":cali-INPUT - [0:0]",
                "-A INPUT -j KUBE-FIREWALL",
                "-A INPUT -j cali-INPUT",
                "-A INPUT -p tcp --dport 22 -j ACCEPT",
                "COMMIT", "");
        java.nio.file.Path in = java.nio.file.Files.writeString(dir.resolve("dump"), dump);
        java.nio.file.Path out = dir.resolve("restored");
        Plan plan = reset(cluster(DEDICATED_SYSTEMD, EXTERNAL_LB, true, 1)).plan();
        String step = lines(plan, "worker0/reset").stream().filter(l -> l.contains(" iptables-save |")).findFirst().orElseThrow();
        String functions = "iptables-save() { cat " + in + "; }; iptables-restore() { cat > " + out + "; }; ";

        Process bash = new ProcessBuilder("bash", "-c", functions + step).redirectErrorStream(true).start();
        assertThat(bash.waitFor()).as(new String(bash.getInputStream().readAllBytes())).isZero();
        assertThat(java.nio.file.Files.readString(out)).isEqualTo(String.join("\n",
                "# Generated by iptables-save v1.8.9 (nf_tables)",
                "*nat",
                ":PREROUTING ACCEPT [0:0]",
                ":POSTROUTING ACCEPT [0:0]",
                "-A POSTROUTING -o eth0 -j MASQUERADE",
                "COMMIT",
                "*filter",
                ":INPUT ACCEPT [0:0]",
                "-A INPUT -p tcp --dport 22 -j ACCEPT",
                "COMMIT", ""));

        java.nio.file.Files.writeString(in, "");
        Process empty = new ProcessBuilder("bash", "-c", "set -euo pipefail; " + functions + step).redirectErrorStream(true)
                .start();
        assertThat(empty.waitFor()).as(new String(empty.getInputStream().readAllBytes())).isZero();
    }
}
