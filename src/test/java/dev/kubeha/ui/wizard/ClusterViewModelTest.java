package dev.kubeha.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.ClusterFiles;
import dev.kubeha.model.EtcdTopology;
import dev.kubeha.model.Problem;
import dev.kubeha.model.Role;
import dev.kubeha.model.ValidationContext;
import dev.kubeha.ui.KubehaApp;
import dev.kubeha.ui.fx.CurrentThreadExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wizard's view models as plain objects: no toolkit, background work on the calling thread. */
public class ClusterViewModelTest {
    public static final Path EXAMPLE = Path.of("src/examples/cluster.json");

    @TempDir
    Path dir;

    private final ClusterViewModel vm = new ClusterViewModel(new CurrentThreadExecutor(),
            () -> ValidationContext.forFile(EXAMPLE));

    private Cluster example() throws Exception {
        return ClusterFiles.read(EXAMPLE).cluster();
    }

    @Test
    void loadingTheExampleGivesBackTheSameCluster() throws Exception {
        vm.load(example());
        assertThat(vm.toCluster()).isEqualTo(example());
        assertThat(vm.problems()).isEmpty();
        assertThat(vm.modifiedProperty().get()).isFalse();
    }

    @Test
    void extraCertificateSansAreEditedInPlaceAndBlockTheLoadBalancerPage() throws Exception {
        vm.load(example());
        assertThat(vm.certSans()).isEmpty();
        assertThat(vm.toCluster().apiServer()).as("no section when there is nothing in it").isNull();
        vm.certSans().add(new javafx.beans.property.SimpleStringProperty("api.example.com"));
        vm.certSans().add(new javafx.beans.property.SimpleStringProperty(""));
        assertThat(vm.modifiedProperty().get()).isTrue();
        assertThat(vm.problems()).containsExactly(Problem.error("apiServer.certSANs[1]", "must not be empty",
                "a DNS name or IP address clients reach the API servers at, e.g. api.example.com"));
        assertThat(vm.hasErrors(WizardPage.LOAD_BALANCER).get()).isTrue();
        assertThat(vm.hasErrors(WizardPage.NETWORK).get()).isFalse();
        vm.certSans().get(1).set(" API.example.com ");
        assertThat(vm.messageFor("apiServer.certSANs[1]").get()).isEqualTo("\"API.example.com\" is not a DNS name or IP"
                + " address \u2014 lowercase DNS-1123 names such as api.example.com (or *.example.com), or an IP address");
        vm.certSans().get(1).set("198.51.100.7");
        assertThat(vm.problems()).isEmpty();
        Cluster edited = vm.toCluster();
        assertThat(edited.extraCertSans()).containsExactly("api.example.com", "198.51.100.7");
        vm.load(edited);
        assertThat(vm.certSans()).extracting(javafx.beans.property.StringProperty::get)
                .containsExactly("api.example.com", "198.51.100.7");
        assertThat(vm.toCluster()).isEqualTo(edited);
    }

    @Test
    void aVirtualIpEndpointFollowsTheVirtualIp() throws Exception {
        Cluster c = example();
        String json = ClusterFiles.toJson(c).replace("\"mode\" : \"external\",\n    \"endpoint\" : \"lb.example.com:6443\"",
                "\"mode\" : \"haproxy-keepalived\",\n    \"virtualIp\" : \"10.0.0.100/24\"");
        Cluster haproxy = ClusterFiles.parse(json, ClusterFiles.Format.JSON, "test").cluster();
        assertThat(haproxy.loadBalancer().endpoint()).isEqualTo("10.0.0.100:8443");
        vm.load(haproxy);
        assertThat(vm.toCluster()).isEqualTo(haproxy);
        assertThat(vm.lbEndpointProperty().get()).isEmpty();
        vm.lbVirtualIpProperty().set("10.0.0.101/24");
        assertThat(vm.toCluster().loadBalancer().endpoint()).isEqualTo("10.0.0.101:8443");
    }

    @Test
    void editingAFieldRevalidatesAndBlocksOnlyItsPage() throws Exception {
        vm.load(example());
        vm.podSubnetProperty().set("10.244.0.0/33");
        assertThat(vm.modifiedProperty().get()).isTrue();
        assertThat(vm.problems()).extracting(Problem::path).contains("networking.podSubnet");
        assertThat(vm.hasErrors(WizardPage.NETWORK).get()).isTrue();
        assertThat(vm.hasErrors(WizardPage.HOSTS).get()).isFalse();
        assertThat(vm.messageFor("networking.podSubnet").get()).contains("is not a CIDR");
        vm.podSubnetProperty().set("10.244.0.0/16");
        assertThat(vm.hasErrors(WizardPage.NETWORK).get()).isFalse();
        assertThat(vm.messageFor("networking.podSubnet").get()).isEmpty();
    }

    @Test
    void editsInsideAHostRowReachTheModel() throws Exception {
        vm.load(example());
        vm.hosts().get(0).nameProperty().set("Bad_Name");
        assertThat(vm.toCluster().nodes().get(0).name()).isEqualTo("Bad_Name");
        assertThat(vm.problems(WizardPage.HOSTS)).extracting(Problem::path).contains("nodes[0].name");
        vm.hosts().get(7).sshPortProperty().set("2200");
        assertThat(vm.toCluster().sshFor(vm.toCluster().nodes().get(7)).port()).isEqualTo(2200);
    }

    @Test
    void switchingTopologyChangesTheDiagramModel() throws Exception {
        vm.load(example());
        assertThat(vm.topologyProperty().get().etcdMembers()).containsExactly("etcd0", "etcd1", "etcd2");
        assertThat(vm.topologyProperty().get().etcdOnMasters()).isFalse();
        vm.etcdTopologyProperty().set(EtcdTopology.CO_LOCATED);
        Topology t = vm.topologyProperty().get();
        assertThat(t.etcdOnMasters()).isTrue();
        assertThat(t.etcdMembers()).containsExactly("master0", "master1", "master2");
        assertThat(t.workers()).hasSize(2);
        assertThat(t.toleratedFailures()).isEqualTo(1);
        // The dedicated etcd nodes no longer fit: the validator says so on the Hosts page.
        assertThat(vm.hasErrors(WizardPage.HOSTS).get()).isTrue();
    }

    @Test
    void pastedLinesBecomeHosts() {
        HostLines.Result r = HostLines.parse("master0 10.0.0.20 control-plane\n\nworker0, 10.0.0.30, worker\nbad line\n"
                + "x 1.2.3.4 boss\nm1 10.0.0.21 master+etcd");
        assertThat(r.rows()).hasSize(3);
        assertThat(r.rows().get(2).toNode().roles()).containsExactly(Role.CONTROL_PLANE, Role.ETCD);
        assertThat(r.rejected()).extracting(HostLines.Rejected::line).containsExactly(4, 5);
    }

    @Test
    void saveWritesAFileThatReadsBackEqualWithoutPasswords() throws Exception {
        Path store = dir.resolve("recent.json");
        WizardViewModel wizard = new WizardViewModel(new CurrentThreadExecutor(),
                KubehaApp.messages(Locale.ENGLISH), new RecentClusters(store));
        Path opened = Files.copy(EXAMPLE, dir.resolve("cluster.json"));
        wizard.open(opened);
        assertThat(wizard.openFailureProperty().get()).isEmpty();
        assertThat(wizard.pageProperty().get()).isEqualTo(WizardPage.HOSTS);
        wizard.cluster().nameProperty().set("lab");
        assertThat(wizard.save(() -> { })).isTrue();
        assertThat(ClusterFiles.read(opened).cluster().name()).isEqualTo("lab");
        Path target = dir.resolve("out/lab.json");
        boolean[] saved = {false};
        wizard.saveAs(target, () -> saved[0] = true);
        assertThat(saved[0]).isTrue();
        assertThat(wizard.cluster().modifiedProperty().get()).isFalse();
        assertThat(ClusterFiles.read(target).cluster()).isEqualTo(wizard.cluster().toCluster());
        assertThat(Files.readString(target).toLowerCase(Locale.ROOT)).doesNotContain("password", "passphrase");
        assertThat(wizard.recent()).first().isEqualTo(target.toAbsolutePath().normalize());
        assertThat(new RecentClusters(store).read()).hasSize(2);
    }

    @Test
    void anUnreadableFileIsReportedOnTheWelcomePage() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.json"), "{ nope");
        WizardViewModel wizard = new WizardViewModel(new CurrentThreadExecutor(),
                KubehaApp.messages(Locale.ENGLISH), new RecentClusters(dir.resolve("recent.json")));
        wizard.open(broken);
        assertThat(wizard.openFailureProperty().get()).startsWith(broken + ": line 1, column 3");
        assertThat(wizard.pageProperty().get()).isEqualTo(WizardPage.WELCOME);
        assertThat(wizard.recent()).isEmpty();
    }

    @Test
    void nextIsHeldBackByTheCurrentPagesErrors() {
        WizardViewModel wizard = new WizardViewModel(new CurrentThreadExecutor(),
                KubehaApp.messages(Locale.ENGLISH), new RecentClusters(dir.resolve("recent.json")));
        assertThat(wizard.canGoNextProperty().get()).isFalse(); // a new cluster has no name yet
        wizard.cluster().nameProperty().set("lab");
        assertThat(wizard.canGoNextProperty().get()).isTrue();
        wizard.next();
        assertThat(wizard.pageProperty().get()).isEqualTo(WizardPage.HOSTS);
        assertThat(wizard.canGoNextProperty().get()).isFalse(); // no nodes
        wizard.cluster().hosts().addAll(List.of(new HostRow("m0", "10.0.0.1", List.of(Role.CONTROL_PLANE))));
        // Without a private address or interface the node cannot be reached privately: still an error.
        assertThat(wizard.canGoNextProperty().get()).isFalse();
        wizard.cluster().hosts().get(0).privateAddressProperty().set("10.0.0.1");
        assertThat(wizard.canGoNextProperty().get()).isTrue();
    }

    @Test
    void theKubernetesVersionIsAChoiceOfTheSupportedReleasesNewestFirst() throws Exception {
        assertThat(vm.kubernetesVersionChoices()).containsExactly("v1.37.1", "v1.36.5", "v1.35.9");
        assertThat(ClusterViewModel.DEFAULT_KUBERNETES_VERSION).isEqualTo("v1.37.1");
        // An opened file with an older release keeps its version, with the validator's error in place.
        vm.load(example());
        vm.kubernetesVersionProperty().set("v1.33.4");
        assertThat(vm.problems()).extracting(p -> p.path() + ": " + p.message())
                .containsExactly("kubernetesVersion: v1.33.4 is not supported");
    }
}
