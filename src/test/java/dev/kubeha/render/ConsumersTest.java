package dev.kubeha.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.model.EtcdRuntime;
import dev.kubeha.model.EtcdTopology;
import dev.kubeha.model.LoadBalancerMode;
import dev.kubeha.render.TestClusters.Combination;
import java.net.NetworkInterface;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** haproxy, systemd, keepalived and bash read the generated files and accept them. */
class ConsumersTest {
    private static final Combination HA_SYSTEMD =
            new Combination(EtcdTopology.CO_LOCATED, EtcdRuntime.SYSTEMD, LoadBalancerMode.HAPROXY_KEEPALIVED);
    private static final Combination DEDICATED_POD =
            new Combination(EtcdTopology.DEDICATED, EtcdRuntime.STATIC_POD, LoadBalancerMode.HAPROXY_KEEPALIVED);

    @TempDir
    Path dir;

    @Test
    void haproxyAcceptsItsConfig() throws Exception {
        Path haproxy = Tools.require("haproxy");
        NodeFile cfg = TestClusters.file(TestClusters.render(HA_SYSTEMD), "master1", NodePaths.HAPROXY_CONFIG);
        Path file = Tools.write(dir, "haproxy.cfg", cfg.text(), "rw-r--r--");
        Tools.Result r = Tools.run(haproxy.toString(), "-c", "-f", file.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).doesNotContain("[WARNING]").doesNotContain("[ALERT]");
    }

    /**
     * systemd-analyze verify needs no running systemd; it does check that ExecStart exists, so
     * the copy runs the etcd (or, without one, /bin/true) installed here.
     */
    @Test
    void systemdAcceptsTheEtcdUnit() throws Exception {
        Path analyze = Tools.require("systemd-analyze");
        String binary = Tools.find("etcd").map(Path::toString).orElse("/bin/true");
        String unit = TestClusters.file(TestClusters.render(HA_SYSTEMD), "master0", NodePaths.ETCD_UNIT).text();
        assertThat(unit).contains("ExecStart=" + NodePaths.ETCD_BINARY + "\n");
        Path file = Tools.write(dir, "etcd.service", unit.replace("ExecStart=" + NodePaths.ETCD_BINARY,
                "ExecStart=" + binary), "rw-r--r--");
        Tools.Result r = Tools.run(analyze.toString(), "verify", file.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).as("warnings").isEmpty();
    }

    /** The static-pod-only kubelet drop-in, applied to a stand-in kubelet.service. */
    @Test
    void systemdAcceptsTheKubeletDropIn() throws Exception {
        Path analyze = Tools.require("systemd-analyze");
        List<NodeFiles> all = TestClusters.render(DEDICATED_POD);
        Path units = dir.resolve("units");
        Path service = Tools.write(units, "kubelet.service",
                "[Unit]\nDescription=kubelet stand-in\n[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n",
                "rw-r--r--");
        String dropIn = TestClusters.file(all, "etcd0", NodePaths.ETCD_KUBELET_DROP_IN).text()
                .replace(NodePaths.KUBELET_BINARY, "/bin/true");
        Tools.write(units, "kubelet.service.d/20-etcd-service-manager.conf", dropIn, "rw-r--r--");
        Tools.Result r = Tools.run(Map.of("SYSTEMD_UNIT_PATH", units + ":"), analyze.toString(), "verify", service.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).as("warnings").isEmpty();
    }

    /**
     * keepalived checks that the interface exists and is not loopback, and that the check script
     * is there: the test renders for an interface of this machine and points at a copy of the script.
     */
    @Test
    void keepalivedAcceptsItsConfig() throws Exception {
        Path keepalived = Tools.require("keepalived");
        Optional<String> iface = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(n -> {
                    try {
                        return n.isUp() && !n.isLoopback() && n.getName().length() <= 15;
                    } catch (java.net.SocketException e) {
                        return false;
                    }
                })
                .map(NetworkInterface::getName)
                .findFirst();
        Assumptions.assumeTrue(iface.isPresent(), "no non-loopback interface for VRRP here");
        List<NodeFiles> all = dev.kubeha.render.ClusterRenderer.render(
                TestClusters.cluster(HA_SYSTEMD, "v1.37.1", iface.get()), TestClusters.JOIN);
        for (String master : List.of("master0", "master1", "master2")) {
            Path script = Tools.write(dir, master + "/check_apiserver.sh",
                    TestClusters.file(all, master, NodePaths.KEEPALIVED_CHECK).text(), "rwxr-xr-x");
            String conf = TestClusters.file(all, master, NodePaths.KEEPALIVED_CONFIG).text()
                    .replace(NodePaths.KEEPALIVED_CHECK, script.toString());
            Path file = Tools.write(dir, master + "/keepalived.conf", conf, "rw-r--r--");
            Tools.Result r = Tools.run(keepalived.toString(), "--config-test", "-f", file.toString());
            assertThat(r.exitCode()).as(master + ": " + r.output()).isZero();
        }
    }

    /** bash -n on every distinct script; shellcheck too where it is installed (.ci/run installs it). */
    @Test
    void bashAcceptsEveryScript() throws Exception {
        Path bash = Tools.require("bash");
        Optional<Path> shellcheck = Tools.find("shellcheck");
        java.util.Set<String> checked = new java.util.HashSet<>();
        for (Combination c : TestClusters.all()) {
            for (NodeFiles n : TestClusters.render(c)) {
                for (NodeFile f : n.files()) {
                    if (!f.text().startsWith("#!/usr/bin/env bash\n") || !checked.add(f.text())) {
                        continue;
                    }
                    assertThat(f.mode()).as(f.path()).isEqualTo(0755);
                    Path file = Tools.write(dir, "script.sh", f.text(), "rwxr-xr-x");
                    Tools.Result r = Tools.run(bash.toString(), "-n", file.toString());
                    assertThat(r.exitCode()).as(c + " " + n.nodeName() + " " + f.path() + ": " + r.output()).isZero();
                    if (shellcheck.isPresent()) {
                        Tools.Result sc = Tools.run(shellcheck.get().toString(), "--shell=bash", file.toString());
                        assertThat(sc.exitCode()).as(f.path() + ":\n" + sc.output()).isZero();
                    }
                }
            }
        }
    }

    /** Whatever a value holds, bash reads back exactly that value. */
    @Test
    void shellQuotingRoundTrips() throws Exception {
        Path bash = Tools.require("bash");
        for (String value : List.of("plain", "it's", "$(touch /tmp/kubeha-pwned) `id` $HOME", "a\"b\\c", "", "'",
                "new\nline", "*")) {
            String script = new ShellScript().assign("v", value).block("printf '%s' \"$v\"").toString();
            Path file = Tools.write(dir, "q.sh", script, "rwx------");
            Tools.Result r = Tools.run(bash.toString(), file.toString());
            assertThat(r.exitCode()).isZero();
            assertThat(r.output()).isEqualTo(value);
        }
    }
}
