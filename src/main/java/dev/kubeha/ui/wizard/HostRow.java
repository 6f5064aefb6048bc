package dev.kubeha.ui.wizard;

import dev.kubeha.exec.HostProbe;
import dev.kubeha.model.Node;
import dev.kubeha.model.Role;
import dev.kubeha.model.SshOverride;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * One editable row of the Hosts table: a {@link Node} as JavaFX properties. Text fields hold what
 * the user typed; an empty text means "not set" (null in the model), so the validator, not this
 * class, decides what is required.
 */
public final class HostRow {
    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty host = new SimpleStringProperty("");
    private final StringProperty privateAddress = new SimpleStringProperty("");
    private final StringProperty publicAddress = new SimpleStringProperty("");
    private final StringProperty privateInterface = new SimpleStringProperty("");
    private final BooleanProperty controlPlane = new SimpleBooleanProperty();
    private final BooleanProperty worker = new SimpleBooleanProperty();
    private final BooleanProperty etcd = new SimpleBooleanProperty();
    private final StringProperty sshUser = new SimpleStringProperty("");
    /** Digits only (the table's formatter keeps it so); empty means the cluster-wide port. */
    private final StringProperty sshPort = new SimpleStringProperty("");
    private final StringProperty sshIdentityFile = new SimpleStringProperty("");
    /** Not edited in the table; kept so that a loaded file round-trips. */
    private final ObjectProperty<Boolean> sshSudo = new SimpleObjectProperty<>();
    /**
     * What "Test connection" found; not part of the cluster (not in {@link #observables()}), and
     * forgotten when the row's address or login changes, since it no longer says anything then.
     */
    private final ObjectProperty<HostProbe.Report> probe = new SimpleObjectProperty<>();
    private final BooleanProperty probing = new SimpleBooleanProperty(false);
    /** An installed node while nodes are added to its cluster: shown, not editable, not removable. */
    private final BooleanProperty locked = new SimpleBooleanProperty(false);

    public HostRow() {
        for (Observable o : new Observable[] {host, sshUser, sshPort, sshIdentityFile}) {
            o.addListener(change -> probe.set(null));
        }
    }

    public HostRow(String name, String host, List<Role> roles) {
        this();
        this.name.set(name);
        this.host.set(host);
        roles.forEach(r -> role(r).set(true));
    }

    public static HostRow of(Node node) {
        HostRow row = new HostRow();
        row.name.set(text(node.name()));
        row.host.set(text(node.host()));
        row.privateAddress.set(text(node.privateAddress()));
        row.publicAddress.set(text(node.publicAddress()));
        row.privateInterface.set(text(node.privateInterface()));
        node.roles().forEach(r -> row.role(r).set(true));
        SshOverride ssh = node.ssh();
        if (ssh != null) {
            row.sshUser.set(text(ssh.user()));
            row.sshPort.set(ssh.port() == null ? "" : ssh.port().toString());
            row.sshIdentityFile.set(text(ssh.identityFile()));
            row.sshSudo.set(ssh.sudo());
        }
        return row;
    }

    /** A copy for "Duplicate": same roles and SSH overrides, a new name, no addresses (those are each host's own). */
    public HostRow copy(String newName) {
        HostRow row = of(toNode());
        row.name.set(newName);
        row.host.set("");
        row.privateAddress.set("");
        row.publicAddress.set("");
        return row;
    }

    public Node toNode() {
        List<Role> roles = new ArrayList<>();
        // Roles in the order of the enum: the same order every time the table is saved.
        for (Role r : Role.values()) {
            if (role(r).get()) {
                roles.add(r);
            }
        }
        Integer port = port(sshPort.get());
        SshOverride ssh = new SshOverride(orNull(sshUser.get()), port, orNull(sshIdentityFile.get()), sshSudo.get());
        boolean noOverride = ssh.user() == null && ssh.port() == null && ssh.identityFile() == null && ssh.sudo() == null;
        return new Node(orNull(name.get()), orNull(host.get()), orNull(privateAddress.get()), orNull(publicAddress.get()),
                roles, orNull(privateInterface.get()), noOverride ? null : ssh);
    }

    /** Every property, for an extractor-backed list that reports edits inside a row. */
    Observable[] observables() {
        return new Observable[] {name, host, privateAddress, publicAddress, privateInterface, controlPlane, worker, etcd,
                sshUser, sshPort, sshIdentityFile, sshSudo};
    }

    public BooleanProperty role(Role role) {
        return switch (role) {
            case CONTROL_PLANE -> controlPlane;
            case WORKER -> worker;
            case ETCD -> etcd;
        };
    }

    /**
     * A port typed as digits; null when empty. Too many digits become a number the validator rejects
     * as out of range, rather than an exception here.
     */
    static Integer port(String digits) {
        if (digits == null || digits.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(digits.strip());
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    static String text(String value) {
        return value == null ? "" : value;
    }

    static String orNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    public BooleanProperty lockedProperty() {
        return locked;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty hostProperty() {
        return host;
    }

    public StringProperty privateAddressProperty() {
        return privateAddress;
    }

    public StringProperty publicAddressProperty() {
        return publicAddress;
    }

    public StringProperty privateInterfaceProperty() {
        return privateInterface;
    }

    public StringProperty sshUserProperty() {
        return sshUser;
    }

    public StringProperty sshPortProperty() {
        return sshPort;
    }

    public StringProperty sshIdentityFileProperty() {
        return sshIdentityFile;
    }

    public ObjectProperty<HostProbe.Report> probeProperty() {
        return probe;
    }

    public BooleanProperty probingProperty() {
        return probing;
    }
}
