package dev.kubeha.ui.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.bundle.BundleFormat;
import dev.kubeha.bundle.OpensslEncryption;
import dev.kubeha.model.KeyAlgorithm;
import dev.kubeha.ui.KubehaApp;
import dev.kubeha.ui.fx.AppearanceViewModel;
import dev.kubeha.ui.fx.CurrentThreadExecutor;
import dev.kubeha.ui.fx.Language;
import dev.kubeha.ui.fx.LocalizedBundle;
import dev.kubeha.ui.fx.Theme;
import dev.kubeha.ui.fx.UiSettings;
import dev.kubeha.ui.wizard.ClusterViewModelTest;
import dev.kubeha.ui.wizard.RecentClusters;
import dev.kubeha.ui.wizard.WizardViewModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Review's plan and export, language and theme, as plain objects: no toolkit, background work on the calling thread. */
class WizardReviewViewModelsTest {
    @TempDir
    Path dir;
    WizardViewModel wizard;

    @BeforeEach
    void setUp() {
        wizard = new WizardViewModel(new CurrentThreadExecutor(), KubehaApp.messages(Locale.ENGLISH),
                new RecentClusters(dir.resolve("recent.json")), c -> dir.resolve("workspace").resolve(c.name()));
        wizard.open(ClusterViewModelTest.EXAMPLE);
        wizard.cluster().keyAlgorithmProperty().set(KeyAlgorithm.ECDSA_P256); // quicker keys
    }

    @Test
    void thePlanIsListedByNodeNumberedInRunOrder() {
        PlanViewModel plan = wizard.plan();
        plan.show();
        assertThat(plan.statusProperty().get()).startsWith("no private address for node worker1 (nodes[7].privateAddress");
        assertThat(plan.failedProperty().get()).isTrue();
        assertThat(plan.planProperty().get()).isEmpty();

        wizard.cluster().hosts().get(7).privateAddressProperty().set("10.0.0.31");
        plan.show();
        List<PlanViewModel.NodeTasks> nodes = plan.planProperty().get();
        assertThat(plan.failedProperty().get()).isFalse();
        assertThat(nodes).extracting(PlanViewModel.NodeTasks::node)
                .containsExactlyInAnyOrder("etcd0", "etcd1", "etcd2", "master0", "master1", "master2", "worker0", "worker1");
        int tasks = nodes.stream().mapToInt(n -> n.tasks().size()).sum();
        assertThat(plan.statusProperty().get()).isEqualTo(tasks + " tasks on 8 nodes, numbered in an order they can run.");
        // Every task comes after what it waits for, and the numbers are 1..n once each.
        List<Integer> numbers = nodes.stream().flatMap(n -> n.tasks().stream()).map(PlanViewModel.TaskLine::number).sorted()
                .toList();
        assertThat(numbers).isEqualTo(java.util.stream.IntStream.rangeClosed(1, tasks).boxed().toList());
        nodes.stream().flatMap(n -> n.tasks().stream()).forEach(t ->
                assertThat(t.after()).as(t.id()).allMatch(a -> a < t.number()));
        PlanViewModel.TaskLine first = nodes.stream().flatMap(n -> n.tasks().stream())
                .filter(t -> t.number() == 1).findFirst().orElseThrow();
        assertThat(first.after()).isEmpty();
        assertThat(first.steps()).isPositive();

        wizard.cluster().dnsDomainProperty().set("example.internal");
        assertThat(plan.statusProperty().get()).isEqualTo("The cluster changed since this plan: show it again.");
    }

    @Test
    void anEncryptedExportNeedsTheSamePassphraseTwiceAndDecryptsWithOpenssl() throws Exception {
        wizard.cluster().hosts().get(7).privateAddressProperty().set("10.0.0.31");
        ExportViewModel export = wizard.export();
        export.encryptProperty().set(true);
        Path out = dir.resolve("prod-eu1-bundle.tar.gz");

        export.export(out, new char[0], new char[0]);
        assertThat(export.statusProperty().get()).isEqualTo(
                "Give a passphrase to encrypt the bundle with (twice), or turn encryption off.");
        assertThat(export.failedProperty().get()).isTrue();
        export.export(out, "correct horse".toCharArray(), "correct hose".toCharArray());
        assertThat(export.statusProperty().get()).isEqualTo("The two passphrases differ: type the same passphrase twice.");
        export.export(out);
        assertThat(export.statusProperty().get()).isEqualTo(
                "Give a passphrase to encrypt the bundle with (twice), or turn encryption off.");
        export.formatProperty().set(BundleFormat.DIR);
        export.export(dir.resolve("dir"), "x".toCharArray(), "x".toCharArray());
        assertThat(export.statusProperty().get()).isEqualTo(
                "A directory cannot be encrypted: choose tar.gz or zip, or turn encryption off.");
        assertThat(out).doesNotExist();
        assertThat(dir.resolve("dir")).doesNotExist();

        export.formatProperty().set(BundleFormat.TAR_GZ);
        char[] passphrase = "correct horse".toCharArray();
        export.export(out, passphrase, "correct horse".toCharArray());
        assertThat(export.statusProperty().get()).isEqualTo("Wrote " + out + " (8 nodes), encrypted: decrypt it with "
                + OpensslEncryption.DECRYPT_COMMAND + ", then check it with sha256sum -c SHA256SUMS.");
        assertThat(export.failedProperty().get()).isFalse();
        assertThat(passphrase).as("the caller's array is left to the caller").isEqualTo("correct horse".toCharArray());
        assertThat(Files.readAllBytes(out)).startsWith("Salted__".getBytes(StandardCharsets.US_ASCII));
        Path x = Files.createDirectory(dir.resolve("x"));
        Process p = new ProcessBuilder("bash", "-c", OpensslEncryption.DECRYPT_COMMAND + " -pass pass:'correct horse' -in '"
                + out + "' | tar -xzpf - && sha256sum -c SHA256SUMS").directory(x.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
        assertThat(x.resolve("nodes/etcd0/install.sh")).isRegularFile();
        assertThat(Files.readString(x.resolve("cluster.json"))).doesNotContain("correct horse");
    }

    @Test
    void settingsRememberLanguageAndThemeAndDefaultToTheSystem() throws Exception {
        UiSettings.Store store = new UiSettings.Store(dir.resolve("kubeha/settings.json"));
        assertThat(store.read(Locale.SIMPLIFIED_CHINESE)).isEqualTo(new UiSettings(Language.SIMPLIFIED_CHINESE, Theme.LIGHT));
        assertThat(store.read(Locale.TRADITIONAL_CHINESE).language()).isEqualTo(Language.SIMPLIFIED_CHINESE);
        assertThat(store.read(Locale.GERMANY)).isEqualTo(new UiSettings(Language.ENGLISH, Theme.LIGHT));

        AppearanceViewModel appearance = new AppearanceViewModel(store.read(Locale.GERMANY), new CurrentThreadExecutor(),
                store::write);
        appearance.languageProperty().set(Language.SIMPLIFIED_CHINESE);
        appearance.themeProperty().set(Theme.DARK);
        assertThat(Files.readString(store.file())).contains("\"language\" : \"zh-CN\"").contains("\"theme\" : \"dark\"");
        assertThat(store.read(Locale.GERMANY)).isEqualTo(new UiSettings(Language.SIMPLIFIED_CHINESE, Theme.DARK));

        Files.writeString(store.file(), "{\"language\": \"klingon\", \"theme\": 7, \"future\": true}");
        assertThat(store.read(Locale.GERMANY)).isEqualTo(new UiSettings(Language.ENGLISH, Theme.LIGHT));
        store.write(new UiSettings(Language.ENGLISH, Theme.DARK));
        assertThat(Files.readString(store.file())).as("fields of other versions stay").contains("\"future\" : true");
        Files.writeString(store.file(), "not json");
        assertThat(store.read(Locale.GERMANY)).isEqualTo(new UiSettings(Language.ENGLISH, Theme.LIGHT));
    }

    @Test
    void aLanguageSwitchReachesTheViewModelsMessages() {
        LocalizedBundle messages = new LocalizedBundle(Language.ENGLISH);
        WizardViewModel vm = new WizardViewModel(new CurrentThreadExecutor(), messages,
                new RecentClusters(dir.resolve("recent.json")), c -> dir.resolve("ws"));
        vm.cluster().nameProperty().set("lab");
        messages.use(Language.SIMPLIFIED_CHINESE);
        assertThat(messages.getLocale()).isEqualTo(Locale.SIMPLIFIED_CHINESE);
        assertThat(vm.cluster().nameProperty().get()).isEqualTo("lab");
        assertThat(messages.getString("wizard.page.hosts")).isEqualTo(KubehaApp.messages(Locale.SIMPLIFIED_CHINESE)
                .getString("wizard.page.hosts"));
        assertThat(java.util.Collections.list(messages.getKeys())).contains("appearance.language");
    }
}
