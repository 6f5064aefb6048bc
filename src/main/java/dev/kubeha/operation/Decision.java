package dev.kubeha.operation;

import dev.kubeha.exec.Journal;
import dev.kubeha.exec.TaskState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What the workspace's journal says about starting a run of a cluster; the front ends phrase it
 * (refuse, offer to resume, ask). A fresh run over a finished or unfinished one would repeat
 * {@code kubeadm init} on an installed node.
 */
public sealed interface Decision {

    /** No earlier run: start from the beginning. */
    record Fresh() implements Decision {
    }

    /**
     * An earlier run of this cluster that stopped before it finished: resuming runs only what did
     * not succeed.
     *
     * @param unfinished ids of the tasks that did not succeed, in plan order
     */
    record Resume(Path journal, int done, int total, List<String> unfinished) implements Decision {
        public Resume {
            unfinished = List.copyOf(unfinished);
        }

        public int left() {
            return total - done;
        }
    }

    /** Every task of the last run succeeded. */
    record Finished(Path journal, int total) implements Decision {
    }

    /** The journal records another cluster: this workspace is not this cluster's. */
    record OtherCluster(Path journal, String recorded) implements Decision {
    }

    /**
     * Reads the workspace's journal for {@code cluster}; the front ends also use it to offer a
     * resume when a cluster is opened.
     *
     * @throws IOException the journal cannot be read or is not a kubeha journal (the message says what to do)
     */
    public static Decision of(Workspace workspace, String cluster) throws IOException {
        return of(workspace.journal(), cluster);
    }

    static Decision of(Journal journal, String cluster) throws IOException {
        Journal.Snapshot previous = journal.load().orElse(null);
        if (previous == null) {
            return new Fresh();
        }
        if (!cluster.equals(previous.cluster())) {
            return new OtherCluster(journal.file(), previous.cluster());
        }
        List<String> unfinished = previous.tasks().stream().filter(e -> e.state() != TaskState.SUCCEEDED)
                .map(Journal.Entry::id).toList();
        int total = previous.tasks().size();
        if (unfinished.isEmpty()) {
            return new Finished(journal.file(), total);
        }
        return new Resume(journal.file(), total - unfinished.size(), total, unfinished);
    }
}
