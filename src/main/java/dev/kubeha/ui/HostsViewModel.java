package dev.kubeha.ui;

import dev.kubeha.model.Role;
import java.util.List;
import java.util.ResourceBundle;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** Commands of the Hosts page: add, duplicate, remove and paste hosts into the cluster's host list. */
public final class HostsViewModel {
    private final ClusterViewModel cluster;
    private final ResourceBundle messages;
    private final StringProperty pasteText = new SimpleStringProperty("");
    private final StringProperty pasteMessage = new SimpleStringProperty("");

    public HostsViewModel(ClusterViewModel cluster, ResourceBundle messages) {
        this.cluster = cluster;
        this.messages = messages;
    }

    /** Adds a worker with a free name; the user fills in its addresses. */
    public HostRow addHost() {
        HostRow row = new HostRow(cluster.freeName("worker"), "", List.of(Role.WORKER));
        cluster.hosts().add(row);
        return row;
    }

    /** Adds a copy of the row after it, with its roles and SSH overrides but a new name and no addresses. */
    public HostRow duplicate(HostRow original) {
        String base = original.nameProperty().get().replaceAll("\\d+$", "");
        HostRow copy = original.copy(cluster.freeName(base.isEmpty() ? "node" : base));
        cluster.hosts().add(cluster.hosts().indexOf(original) + 1, copy);
        return copy;
    }

    public void remove(HostRow row) {
        cluster.hosts().remove(row);
    }

    /** Adds every readable pasted line as a host; unreadable lines stay in the paste box with a message. */
    public void addPasted() {
        HostLines.Result result = HostLines.parse(pasteText.get() == null ? "" : pasteText.get());
        cluster.hosts().addAll(result.rows());
        if (result.rejected().isEmpty()) {
            pasteText.set("");
            pasteMessage.set(String.format(messages.getString("hosts.pasted"), result.rows().size()));
        } else {
            pasteText.set(result.rejected().stream().map(HostLines.Rejected::text).collect(Collectors.joining("\n")));
            pasteMessage.set(String.format(messages.getString("hosts.pasteRejected"), result.rows().size(),
                    result.rejected().stream()
                            .map(r -> String.format(messages.getString("hosts.pasteLine"), r.line(), r.reason()))
                            .collect(Collectors.joining("; "))));
        }
    }

    public StringProperty pasteTextProperty() {
        return pasteText;
    }

    public ReadOnlyStringProperty pasteMessageProperty() {
        return pasteMessage;
    }

    public ClusterViewModel cluster() {
        return cluster;
    }
}
