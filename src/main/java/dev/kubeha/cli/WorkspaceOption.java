package dev.kubeha.cli;

import dev.kubeha.model.Cluster;
import dev.kubeha.operation.Workspace;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --workspace DIR}: where kubeha keeps a cluster's PKI, journal and logs. Defaults to
 * {@code ~/.kubeha/<cluster name>}. Mixed into every command that reads or writes it.
 */
public final class WorkspaceOption {

    @Option(names = "--workspace", paramLabel = "DIR",
            description = "workspace directory (default: ~/.kubeha/<cluster name>)")
    Path workspace;

    /** The workspace of this cluster: the option if given, else the default under the home directory. */
    public Workspace resolve(Cluster cluster) {
        return workspace != null ? Workspace.at(workspace) : Workspace.defaultFor(cluster);
    }
}
