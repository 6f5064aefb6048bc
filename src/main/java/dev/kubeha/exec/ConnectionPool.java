package dev.kubeha.exec;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One connection per node, opened on first use and reused by every task of that node. A node that
 * refused our credentials or host key is remembered, so its other tasks fail at once instead of
 * knocking again (no retry storm, no account lock-out).
 */
final class ConnectionPool {
    private final Transport transport;
    private final CancelToken token;
    private final Map<String, Connection> open = new ConcurrentHashMap<>();
    private final Map<String, TransportException> refused = new ConcurrentHashMap<>();

    ConnectionPool(Transport transport, CancelToken token) {
        this.transport = transport;
        this.token = token;
    }

    Connection get(String node) throws TransportException {
        TransportException known = refused.get(node);
        if (known != null) {
            throw new TransportException(known.kind(), node, known.getMessage());
        }
        Connection existing = open.get(node);
        if (existing != null && existing.isOpen()) {
            return existing;
        }
        if (existing != null) {
            discard(node);
        }
        Connection fresh;
        try {
            fresh = transport.connect(node);
        } catch (TransportException e) {
            if (!e.kind().retryable()) {
                refused.put(node, e);
            }
            throw e;
        }
        open.put(node, fresh);
        if (token.isCancelled()) {
            // cancel() may have closed everything while we were connecting.
            discard(node);
            throw new TransportException(TransportException.Kind.CONNECTION_LOST, node, node + ": run cancelled");
        }
        return fresh;
    }

    void discard(String node) {
        Connection c = open.remove(node);
        if (c != null) {
            c.close();
        }
    }

    void closeAll() {
        for (String node : open.keySet()) {
            discard(node);
        }
    }
}
