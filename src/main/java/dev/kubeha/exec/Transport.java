package dev.kubeha.exec;

/**
 * How the executor reaches nodes: over SSH, in memory for tests, or not at all for a dry run.
 * The executor opens one {@link Connection} per node and reuses it for all that node's steps.
 */
public interface Transport extends AutoCloseable {

    /** Opens a connection to a node of the plan, by name. */
    Connection connect(String node) throws TransportException;

    /** Releases what the transport itself holds (not the connections, which the executor closes). */
    @Override
    default void close() {
    }
}
