package dev.kubeha.pki;

/**
 * What happened to one item of the PKI in a run, for the CLI and the UI.
 *
 * @param item   the workspace path without extension, e.g. {@code etcd/ca} or {@code etcd/etcd0/server}
 * @param reason why, in words for the user (never a secret)
 */
public record PkiChange(String item, Action action, String reason) {

    public enum Action {
        CREATED("created"),
        IMPORTED("imported"),
        REUSED("reused"),
        REGENERATED("regenerated"),
        /** A file an earlier kubeha wrote and this one no longer reads: left alone, for the user to delete. */
        UNUSED("unused");

        private final String label;

        Action(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** {@code regenerated etcd/etcd0/server: SANs changed: added IP 10.0.0.99, removed IP 10.0.0.10} */
    @Override
    public String toString() {
        return action.label() + " " + item + ": " + reason;
    }
}
