package dev.kubeha.ui.review;

import dev.kubeha.exec.ExecOptions;
import dev.kubeha.exec.Journal;
import dev.kubeha.exec.PrivateAddresses;
import dev.kubeha.exec.Redactor;
import dev.kubeha.exec.ssh.HostKeyPolicy;
import dev.kubeha.exec.ssh.KnownHosts;
import dev.kubeha.exec.ssh.SshOptions;
import dev.kubeha.exec.ssh.SshSecrets;
import dev.kubeha.exec.ssh.SshTarget;
import dev.kubeha.exec.ssh.SshTransport;
import dev.kubeha.model.Node;
import dev.kubeha.plan.PlanPreparation;
import dev.kubeha.ui.fx.BackgroundStatus;
import dev.kubeha.ui.fx.UiExecutor;
import dev.kubeha.ui.install.InstallViewModel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;

/**
 * "Install" on the Review page: prepares the plan in the background as {@code kubeha apply} does
 * (same workspace, same PKI), refuses to start over an earlier run's journal, and starts an
 * {@link InstallViewModel} once the user confirmed and gave the passwords the nodes need.
 */
public final class InstallStartViewModel {

    /**
     * A checked cluster, where each node is reached and, once every node has a private address,
     * the prepared plan; without one, the addresses are detected over SSH when the run starts.
     */
    public record Ready(PlanPreparation.Checked checked, Path workspace, PlanPreparation.Prepared prepared,
                        Map<String, SshTarget> targets, Resume resume) {
        /** A fresh install: no earlier run in the workspace. */
        public Ready(PlanPreparation.Checked checked, Path workspace, PlanPreparation.Prepared prepared,
                     Map<String, SshTarget> targets) {
            this(checked, workspace, prepared, targets, null);
        }

        /** Nodes that log in with a password (no key file). */
        public List<String> withoutKey() {
            return targets.values().stream().filter(t -> t.identityFile() == null).map(SshTarget::node).toList();
        }

        public boolean needsSudo() {
            return targets.values().stream().anyMatch(SshTarget::sudo);
        }

        /** Nodes whose private address is detected before the plan is made. */
        public List<String> undetected() {
            return PlanPreparation.withoutPrivateAddress(checked.cluster()).stream().map(Node::name).toList();
        }
    }

    /**
     * An earlier run of the cluster that stopped before it finished, as its journal tells: the run
     * resumes from it (what succeeded is not run again).
     *
     * @param unfinished ids of the tasks that did not succeed, in plan order
     */
    public record Resume(Path journal, int done, int total, List<String> unfinished) {
        public Resume {
            unfinished = List.copyOf(unfinished);
        }

        /**
         * The unfinished run of {@code cluster} recorded in {@code workspace}, if any; a journal of
         * another cluster or of a finished run is none.
         */
        public static java.util.Optional<Resume> find(Path workspace, String cluster) throws java.io.IOException {
            Journal journal = Journal.inWorkspace(workspace);
            return journal.load().filter(s -> s.cluster().equals(cluster)).map(s -> of(journal.file(), s))
                    .filter(r -> r.done() < r.total());
        }

        static Resume of(Path file, Journal.Snapshot snapshot) {
            List<String> unfinished = snapshot.tasks().stream()
                    .filter(e -> e.state() != dev.kubeha.exec.TaskState.SUCCEEDED).map(Journal.Entry::id).toList();
            return new Resume(file, snapshot.tasks().size() - unfinished.size(), snapshot.tasks().size(), unfinished);
        }

        /** "3 of 9 tasks done, 6 left (a, b, c, …)". */
        public String describe(ResourceBundle messages) {
            List<String> shown = unfinished.size() > 4 ? unfinished.subList(0, 4) : unfinished;
            return String.format(messages.getString("resume.progress"), done, total, total - done,
                    String.join(", ", shown) + (unfinished.size() > shown.size() ? ", \u2026" : ""));
        }
    }

    private final ReviewInput input;
    private final UiExecutor executor;
    private final ResourceBundle messages;
    private final BackgroundStatus state;

    public InstallStartViewModel(ReviewInput input, UiExecutor executor, ResourceBundle messages) {
        this.input = input;
        this.executor = executor;
        this.messages = messages;
        this.state = new BackgroundStatus(messages);
    }

    /** Prepares in the background; {@code onReady} runs on the FX thread, errors go to the status. */
    public void prepare(Consumer<Ready> onReady) {
        ReviewInput.Snapshot snapshot = input.snapshot();
        state.start(messages.getString("install.preparing"));
        executor.run(() -> {
            Path workspace = snapshot.workspace();
            Resume resume = resumable(workspace, snapshot.cluster().name());
            PlanPreparation.Checked checked = snapshot.check();
            PlanPreparation.Prepared prepared = PlanPreparation.withoutPrivateAddress(snapshot.cluster()).isEmpty()
                    ? new PlanPreparation().prepare(checked, workspace) : null;
            return new Ready(checked, workspace, prepared, SshTarget.allOf(snapshot.cluster(), snapshot.where()), resume);
        }, ready -> {
            state.done("");
            onReady.accept(ready);
        }, state::fail);
    }

    /**
     * Starts the run over SSH: first, when nodes have no private address, detects them and
     * prepares the plan (in the background); then the run, whose view model {@code onStarted}
     * gets on the FX thread. Failures before the run go to this page's status.
     * {@code askPassphrase} is asked on a run thread when a key file is encrypted. The passwords
     * (null for none) are registered with the run's redactor and handed to the transport as
     * copies, so that Retry can use them again.
     */
    public void start(Ready ready, char[] loginPassword, char[] sudoPassword, HostKeyPolicy hostKeys,
                      Function<Path, char[]> askPassphrase, Consumer<InstallViewModel> onStarted) {
        Path workspace = ready.workspace();
        Redactor redactor = new Redactor();
        char[] login = loginPassword == null || loginPassword.length == 0 ? null : loginPassword.clone();
        char[] sudo = sudoPassword == null || sudoPassword.length == 0 ? null : sudoPassword.clone();
        redactor.register(login);
        redactor.register(sudo);
        // Asked only when a key file turns out to be encrypted; once per file, one question at a time.
        Map<Path, char[]> passphrases = new HashMap<>();
        Function<SshTarget, char[]> passphrase = t -> {
            synchronized (passphrases) {
                if (!passphrases.containsKey(t.identityFile())) {
                    char[] answer = askPassphrase.apply(t.identityFile());
                    redactor.register(answer);
                    passphrases.put(t.identityFile(), answer); // null too: no second question after Cancel
                }
                return copy(passphrases.get(t.identityFile()));
            }
        };
        SshSecrets secrets = new SshSecrets(passphrase, t -> copy(login), t -> copy(sudo));
        InstallViewModel.TransportFactory transports = () -> new SshTransport(ready.targets()::get,
                KnownHosts.inWorkspace(workspace), hostKeys, secrets, SshOptions.DEFAULT);
        state.start(ready.prepared() == null ? String.format(messages.getString("install.detecting"),
                String.join(", ", ready.undetected())) : "");
        executor.run(() -> {
            if (ready.prepared() != null) {
                return ready.prepared();
            }
            PrivateAddresses.Result detected;
            try (var transport = transports.open()) {
                detected = PrivateAddresses.detect(ready.checked().cluster(), transport, ExecOptions.DEFAULT_CONCURRENCY);
            }
            return new PlanPreparation().prepare(ready.checked().withCluster(detected.cluster()), workspace);
        }, prepared -> {
            state.done("");
            redactor.register(prepared.pki().joinMaterial().bootstrapToken());
            ExecOptions options = ExecOptions.defaults(workspace).withRedactor(redactor).withResume(ready.resume() != null);
            InstallViewModel install = new InstallViewModel(prepared.plan(), prepared.cluster(), workspace, executor,
                    messages, Clock.systemUTC());
            install.start(transports, options);
            onStarted.accept(install);
        }, state::fail);
    }

    /**
     * The earlier run in the workspace to resume, or null when there is none. A journal of another
     * cluster or of a finished install stops the start: a fresh run over it would repeat kubeadm init.
     */
    private Resume resumable(Path workspace, String clusterName)
            throws java.io.IOException, PlanPreparation.PreparationException {
        Journal journal = Journal.inWorkspace(workspace);
        Journal.Snapshot earlier = journal.load().orElse(null);
        if (earlier == null) {
            return null;
        }
        if (!earlier.cluster().equals(clusterName)) {
            throw new PlanPreparation.PreparationException(String.format(messages.getString("install.journalOtherCluster"),
                    journal.file(), earlier.cluster(), clusterName));
        }
        Resume resume = Resume.of(journal.file(), earlier);
        if (resume.done() == resume.total()) {
            throw new PlanPreparation.PreparationException(String.format(messages.getString("install.journalComplete"),
                    journal.file(), clusterName, resume.total()));
        }
        return resume;
    }

    private static char[] copy(char[] secret) {
        return secret == null ? null : Arrays.copyOf(secret, secret.length);
    }

    public ReadOnlyStringProperty statusProperty() {
        return state.statusProperty();
    }

    public ReadOnlyBooleanProperty failedProperty() {
        return state.failedProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return state.busyProperty();
    }
}
