package dev.kubeha.bundle;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.ClusterFiles;
import dev.kubeha.model.Node;
import dev.kubeha.plan.Plan;
import dev.kubeha.plan.Step;
import dev.kubeha.plan.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What goes into a bundle, following DESIGN.md's layout: {@code cluster.json}, {@code RUNBOOK.md},
 * and per node {@code install.sh} plus every file the plan uploads, at its absolute path under
 * {@code nodes/<node>/root/}. {@link BundleWriter} adds the manifest and checksums.
 */
public final class BundleContents {
    /** The files a step puts on the node, which the bundle carries under nodes/NODE/root/. */
    private static final Step.Visitor<List<Step.UploadFile>> UPLOADED = Step.Visitor.of(upload -> List.of(upload),
            run -> List.of(), wait -> List.of(), fetch -> List.of());

    private BundleContents() {
    }

    /**
     * @param packages a directory of packages to bring along (deb, rpm, the etcd tarball), or null
     */
    public static List<BundleEntry> of(Cluster cluster, Plan plan, Path packages) throws IOException {
        return of(cluster, plan, packages, Map.of());
    }

    /**
     * @param packages a directory of packages to bring along (deb, rpm, the etcd tarball), or null
     * @param fetched  more files for {@code packages/}, by name, that kubeha fetched and checked (the
     *                 etcd release tarball); one the directory already has is not added twice
     */
    public static List<BundleEntry> of(Cluster cluster, Plan plan, Path packages, Map<String, Path> fetched)
            throws IOException {
        return of(cluster, plan, packages, fetched, List.of());
    }

    /**
     * As above, for an add bundle ({@code kubeha export --operation add}) when {@code added} names
     * the nodes it joins: its runbook says so.
     */
    public static List<BundleEntry> of(Cluster cluster, Plan plan, Path packages, Map<String, Path> fetched, List<String> added)
            throws IOException {
        Rounds rounds = Rounds.of(plan);
        List<BundleEntry> entries = new ArrayList<>();
        entries.add(BundleEntry.text("cluster.json", 0644, ClusterFiles.toJson(cluster)));
        List<BundleEntry> packageEntries = new ArrayList<>(packages == null ? List.of() : packages(packages));
        for (Map.Entry<String, Path> file : fetched.entrySet()) {
            String path = "packages/" + file.getKey();
            if (packageEntries.stream().noneMatch(e -> e.path().equals(path))) {
                packageEntries.add(BundleEntry.file(path, 0644, file.getValue()));
            }
        }
        entries.add(BundleEntry.text("RUNBOOK.md", 0644,
                Runbook.render(cluster, rounds, plan.tasks().size(), !packageEntries.isEmpty(), added)));
        for (Node node : cluster.nodes()) {
            List<Task> tasks = rounds.tasksOf(node.name());
            if (tasks.isEmpty()) {
                continue;
            }
            String dir = "nodes/" + node.name() + "/";
            entries.add(BundleEntry.text(dir + "install.sh", 0700, InstallScript.render(cluster, node, rounds)));
            entries.addAll(uploaded(node, tasks));
        }
        entries.addAll(packageEntries);
        return entries;
    }

    /** The files the node's tasks upload, at their paths under {@code nodes/<node>/root/}. */
    private static List<BundleEntry> uploaded(Node node, List<Task> tasks) {
        String dir = "nodes/" + node.name() + "/";
        Map<String, Step.UploadFile> files = new LinkedHashMap<>();
        for (Task task : tasks) {
            for (Step step : task.steps()) {
                for (Step.UploadFile up : step.accept(UPLOADED)) {
                    Step.UploadFile earlier = files.putIfAbsent(up.path(), up);
                    if (earlier != null && (!Arrays.equals(earlier.content(), up.content()) || earlier.mode() != up.mode())) {
                        throw new IllegalStateException("node " + node.name() + ": two different files for " + up.path());
                    }
                }
            }
        }
        List<BundleEntry> entries = new ArrayList<>();
        for (Step.UploadFile f : files.values()) {
            entries.add(new BundleEntry(dir + "root" + f.path(), f.mode() & 0777, f.content()));
        }
        return entries;
    }

    /**
     * A reset bundle ({@code kubeha export --operation reset}): {@code cluster.json}, its {@code
     * RUNBOOK.md} and per node {@code reset.sh} with the reset plan's tasks. The reset uploads
     * nothing, so the bundle holds no secret and no file for the nodes' roots.
     *
     * @param notes what the operator should know about the plan (order, etcd, what stays)
     */
    public static List<BundleEntry> reset(Cluster cluster, Plan plan, List<String> notes) {
        Rounds rounds = Rounds.of(plan);
        List<BundleEntry> entries = new ArrayList<>();
        entries.add(BundleEntry.text("cluster.json", 0644, ClusterFiles.toJson(cluster)));
        entries.add(BundleEntry.text("RUNBOOK.md", 0644, Runbook.renderReset(cluster, rounds, plan.tasks().size(), notes)));
        for (Node node : cluster.nodes()) {
            if (!rounds.tasksOf(node.name()).isEmpty()) {
                entries.add(BundleEntry.text("nodes/" + node.name() + "/reset.sh", 0700,
                        InstallScript.render(cluster, node, rounds, InstallScript.Kind.RESET)));
            }
        }
        return entries;
    }

    /**
     * A node removal's bundle ({@code kubeha export --operation remove-node}): {@code cluster.json}
     * as it is after the removal (without the removed nodes), {@code cluster.before.json} as the
     * plan was made from, its {@code RUNBOOK.md}, and per node with tasks {@code remove-node.sh}
     * plus the files the plan uploads there (the remaining masters' re-rendered kubeadm.yaml,
     * HAProxy and keepalived configuration) under {@code nodes/<node>/root/}.
     *
     * @param before  the cluster as installed, which the plan was made from
     * @param removed the names of the nodes taken out
     * @param after   the cluster without them
     * @param notes   what the operator should know about the plan
     */
    public static List<BundleEntry> removeNode(Cluster before, List<String> removed, Cluster after, Plan plan,
                                               List<String> notes) {
        Rounds rounds = Rounds.of(plan);
        boolean secret = plan.tasks().stream().flatMap(t -> t.steps().stream()).flatMap(s -> s.accept(UPLOADED).stream())
                .anyMatch(Step.UploadFile::secret);
        List<BundleEntry> entries = new ArrayList<>();
        entries.add(BundleEntry.text("cluster.json", 0644, ClusterFiles.toJson(after)));
        entries.add(BundleEntry.text("cluster.before.json", 0644, ClusterFiles.toJson(before)));
        entries.add(BundleEntry.text("RUNBOOK.md", 0644,
                Runbook.renderRemoveNode(before, removed, rounds, plan, notes, secret)));
        for (Node node : before.nodes()) {
            List<Task> tasks = rounds.tasksOf(node.name());
            if (!tasks.isEmpty()) {
                entries.add(BundleEntry.text("nodes/" + node.name() + "/remove-node.sh", 0700,
                        InstallScript.render(before, node, rounds, InstallScript.Kind.REMOVE_NODE)));
                entries.addAll(uploaded(node, tasks));
            }
        }
        return entries;
    }

    /** The regular files of the directory, flat, under {@code packages/}. */
    private static List<BundleEntry> packages(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a directory");
        }
        List<BundleEntry> entries = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path p : files.sorted().toList()) {
                if (Files.isRegularFile(p)) {
                    entries.add(BundleEntry.file("packages/" + p.getFileName(), 0644, p));
                }
            }
        }
        if (entries.isEmpty()) {
            throw new IOException(dir + " holds no files to bring along");
        }
        return entries;
    }
}
