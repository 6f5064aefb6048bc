package dev.kubeha.operation;

import dev.kubeha.exec.Journal;
import dev.kubeha.exec.RunLog;
import dev.kubeha.exec.ssh.KnownHosts;
import dev.kubeha.files.PrivateFiles;
import dev.kubeha.model.Cluster;
import dev.kubeha.pki.PkiWorkspace;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * Where kubeha keeps what it makes for one cluster, and the only place that knows the layout:
 * <pre>
 * &lt;workspace&gt;/            0700 (default ~/.kubeha/&lt;cluster name&gt;)
 *   pki/                   the cluster's CAs, keys and certificates (kubeadm's names)
 *   journal.json           the state of every task of the last run
 *   reset-journal.json     the state of every task of a reset under way
 *   archive/               journals of earlier runs (journal-&lt;UTC time&gt;.json, ...reset.json)
 *   known_hosts            host keys trusted for this cluster's nodes
 *   logs/&lt;op&gt;-&lt;time&gt;.log  the full record of each run, secrets masked
 *   admin.conf             fetched from the first master after an install
 *   kubeha.lock            held by the kubeha process that runs on this workspace
 * </pre>
 * Every file in it is private (0600) and written through {@link PrivateFiles}.
 */
public final class Workspace {
    static final String PKI = "pki";
    static final String LOGS = "logs";
    static final String ADMIN_CONF = "admin.conf";
    static final String LOCK = "kubeha.lock";
    static final String RESET_JOURNAL = "reset-journal.json";
    static final String ARCHIVE = "archive";

    private final Path root;

    private Workspace(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The workspace in {@code dir} (which need not exist yet). */
    public static Workspace at(Path dir) {
        return new Workspace(Objects.requireNonNull(dir, "dir"));
    }

    /** kubeha's own directory in the user's home: {@code ~/.kubeha} (settings, recent clusters, workspaces). */
    public static Path home() {
        return Path.of(System.getProperty("user.home"), ".kubeha");
    }

    /** {@code ~/.kubeha/<cluster name>}: where a cluster's workspace is when the user names none. */
    public static Workspace defaultFor(Cluster cluster) {
        return at(home().resolve(cluster.name()));
    }

    public Path root() {
        return root;
    }

    public PkiWorkspace pki() {
        return new PkiWorkspace(root.resolve(PKI));
    }

    public Journal journal() {
        return new Journal(root.resolve(Journal.FILE_NAME));
    }

    /** Where the install's journal is, for messages (a front end reads it through an operation). */
    public Path journalFile() {
        return root.resolve(Journal.FILE_NAME);
    }

    /** The journal of a reset (kubeha reset) while it is under way; the install's stays apart. */
    public Journal resetJournal() {
        return new Journal(root.resolve(RESET_JOURNAL));
    }

    /** Where finished or superseded journals are kept, by time. */
    public Path archive() {
        return root.resolve(ARCHIVE);
    }

    public KnownHosts knownHosts() {
        return new KnownHosts(root.resolve(KnownHosts.FILE_NAME));
    }

    public Path logs() {
        return root.resolve(LOGS);
    }

    /** A new log for one run of {@code operation} ({@code apply}, ...), 0600, in {@link #logs()}. */
    public RunLog newLog(String operation, Clock clock) throws IOException {
        return RunLog.create(logs(), operation, clock);
    }

    /** The cluster-admin kubeconfig an install fetches from the first master. */
    public Path adminConf() {
        return root.resolve(ADMIN_CONF);
    }

    /** The workspace's directory, created 0700 (with missing parents) when it is not there. */
    public Workspace create() throws IOException {
        PrivateFiles.createDirectories(root);
        return this;
    }

    /**
     * Takes the workspace for {@code command} (e.g. {@code kubeha apply}) until the lock is closed:
     * no other kubeha process, and no other run in this one, works on it meanwhile. A lock left by
     * a process that died is free again (the system releases it), so it is simply taken over.
     *
     * @throws WorkspaceBusyException when another holds it; its message names the holder's PID
     */
    public WorkspaceLock lock(String command) throws IOException, WorkspaceBusyException {
        create();
        return WorkspaceLock.take(this, root.resolve(LOCK), command);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Workspace w && w.root.equals(root);
    }

    @Override
    public int hashCode() {
        return root.hashCode();
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
