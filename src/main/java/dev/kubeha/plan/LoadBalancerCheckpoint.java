package dev.kubeha.plan;

import java.util.List;
import java.util.Objects;

/**
 * The part of the guide only the operator can do: put every control-plane node behind their own
 * load balancer ("add master1 and master2 to the load balancer"). A task carrying this checks the
 * endpoint from a node (where the load balancer may be the only place it is reachable from) and,
 * once the check passes, a run with someone to ask waits for their go-ahead before anything joins
 * through the endpoint. Without anyone to ask ({@code kubeha apply}, {@code install.sh}) the
 * passing check is the go-ahead.
 *
 * <p>A removal ({@code kubeha remove-node}) turns it around: the backends to take out of the
 * load balancer, which must still serve the API through the masters that stay.
 *
 * <p>On an installed cluster that gains a master, the checkpoint names the new master alone and
 * says which ones the load balancer already forwards to.
 *
 * @param endpoint host:port the load balancer listens on
 * @param backends what it must forward to, in plan order; with {@code removal}, what it must no longer forward to
 * @param removal  the backends are to be taken out, not added
 * @param present  the masters it already forwards to and goes on forwarding to (empty on an install)
 */
public record LoadBalancerCheckpoint(String endpoint, List<Backend> backends, boolean removal, List<Backend> present) {
    public LoadBalancerCheckpoint {
        Objects.requireNonNull(endpoint, "endpoint");
        backends = List.copyOf(backends);
        present = List.copyOf(present);
    }

    /** Backends to add (an install). */
    public LoadBalancerCheckpoint(String endpoint, List<Backend> backends) {
        this(endpoint, backends, false, List.of());
    }

    /** New masters to add to a load balancer that forwards to {@code present} already. */
    public static LoadBalancerCheckpoint addition(String endpoint, List<Backend> backends, List<Backend> present) {
        return new LoadBalancerCheckpoint(endpoint, backends, false, present);
    }

    /** Backends to take out (removed masters). */
    public static LoadBalancerCheckpoint removal(String endpoint, List<Backend> backends) {
        return new LoadBalancerCheckpoint(endpoint, backends, true, List.of());
    }

    /**
     * What the operator is asked to do, for {@link Task#digest()}: a checkpoint that names other
     * backends is another task, done again (a master added to cluster.json must be added to the
     * load balancer even though the check itself, a curl, reads the same).
     */
    String fingerprint() {
        return (removal ? "remove " : "add ") + endpoint + " " + String.join(",", backends.stream().map(Backend::address).toList())
                + (present.isEmpty() ? "" : " present " + String.join(",", present.stream().map(Backend::address).toList()));
    }

    /** A control-plane node's API server: {@code address} is host:port. */
    public record Backend(String node, String address) {
        public Backend {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(address, "address");
        }
    }

    /** "add master0 10.0.0.20:6443, master1 10.0.0.21:6443 to the load balancer lb:6443": for plans and logs. */
    public String describe() {
        String list = String.join(", ", backends.stream().map(b -> b.node() + " " + b.address()).toList());
        if (removal) {
            return "take " + list + " out of the load balancer " + endpoint;
        }
        String there = present.isEmpty() ? ""
                : " (it forwards to " + String.join(", ", present.stream().map(Backend::node).toList()) + " already)";
        return "add " + list + " to the load balancer " + endpoint + there;
    }
}
