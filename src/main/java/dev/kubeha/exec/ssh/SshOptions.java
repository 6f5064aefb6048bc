package dev.kubeha.exec.ssh;

import java.time.Duration;

/**
 * Timing of SSH connections.
 *
 * @param keepAliveInterval how often an idle connection is probed; a node that misses
 *                          {@code keepAliveMaxMissed} probes in a row counts as gone
 */
public record SshOptions(Duration connectTimeout, Duration keepAliveInterval, int keepAliveMaxMissed) {
    public static final SshOptions DEFAULT = new SshOptions(Duration.ofSeconds(15), Duration.ofSeconds(15), 4);
}
