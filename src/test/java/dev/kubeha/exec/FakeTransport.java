package dev.kubeha.exec;

import dev.kubeha.plan.Command;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An in-memory transport for scheduler tests. Commands are answered by rules (first match wins;
 * default: exit 0). Records every command per node and how many ran at the same time.
 */
final class FakeTransport implements Transport {

    /** What a rule does when its command runs. Return the exit code, or throw a transport fault. */
    @FunctionalInterface
    interface Behaviour {
        int run(Call call) throws TransportException, InterruptedException;
    }

    /** One command as it ran. */
    record Call(String node, String command, FakeConnection connection, OutputSink output) {
    }

    private record Rule(String node, Predicate<String> command, Behaviour behaviour) {
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    final Map<String, AtomicInteger> connects = new ConcurrentHashMap<>();
    final Map<String, List<String>> uploads = new ConcurrentHashMap<>();
    final AtomicInteger active = new AtomicInteger();
    final AtomicInteger maxActive = new AtomicInteger();
    final Map<String, AtomicInteger> activePerNode = new ConcurrentHashMap<>();
    final AtomicInteger maxPerNode = new AtomicInteger();
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Map<String, TransportException> connectFaults = new ConcurrentHashMap<>();

    FakeTransport on(String node, String commandContains, Behaviour behaviour) {
        rules.add(new Rule(node, c -> c.contains(commandContains), behaviour));
        return this;
    }

    private final Map<String, CountDownLatch> connectGates = new ConcurrentHashMap<>();


    private final Map<String, CountDownLatch> connectEntered = new ConcurrentHashMap<>();

    /** Connecting to the node waits until the latch opens. */
    /** Counts {@code entered} down when a connect to the node begins, e.g. to cancel while it hangs. */
    FakeTransport onConnect(String node, CountDownLatch entered) {
        connectEntered.put(node, entered);
        return this;
    }

    FakeTransport connectAfter(String node, CountDownLatch gate) {
        connectGates.put(node, gate);
        return this;
    }

    FakeTransport failConnect(String node, TransportException fault) {
        connectFaults.put(node, fault);
        return this;
    }

    List<String> commandsOn(String node) {
        return calls.stream().filter(c -> c.node().equals(node)).map(Call::command).toList();
    }

    long count(String commandContains) {
        return calls.stream().filter(c -> c.command().contains(commandContains)).count();
    }

    @Override
    public Connection connect(String node) throws TransportException {
        connects.computeIfAbsent(node, k -> new AtomicInteger()).incrementAndGet();
        CountDownLatch entered = connectEntered.get(node);
        if (entered != null) {
            entered.countDown();
        }
        CountDownLatch gate = connectGates.get(node);
        if (gate != null) {
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        TransportException fault = connectFaults.get(node);
        if (fault != null) {
            throw new TransportException(fault.kind(), node, fault.getMessage());
        }
        return new FakeConnection(node);
    }

    final class FakeConnection implements Connection {
        final String node;
        final CountDownLatch closed = new CountDownLatch(1);

        FakeConnection(String node) {
            this.node = node;
        }

        /** Blocks like a long command until the connection is closed (cancel), then reports it lost. */
        int blockUntilClosed() throws TransportException, InterruptedException {
            if (!closed.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("connection to " + node + " was never closed");
            }
            throw new TransportException(TransportException.Kind.CONNECTION_LOST, node, node + ": connection closed");
        }

        @Override
        public int run(Command command, boolean asRoot, byte[] stdin, OutputSink output, Duration timeout)
                throws TransportException {
            if (!isOpen()) {
                throw new TransportException(TransportException.Kind.CONNECTION_LOST, node, node + ": not connected");
            }
            Call call = new Call(node, command.line(), this, output);
            calls.add(call);
            int now = active.incrementAndGet();
            maxActive.accumulateAndGet(now, Math::max);
            int onNode = activePerNode.computeIfAbsent(node, k -> new AtomicInteger()).incrementAndGet();
            maxPerNode.accumulateAndGet(onNode, Math::max);
            try {
                for (Rule rule : new ArrayList<>(rules)) {
                    if ((rule.node() == null || rule.node().equals(node)) && rule.command().test(command.line())) {
                        return rule.behaviour().run(call);
                    }
                }
                return 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransportException(TransportException.Kind.CONNECTION_LOST, node, "interrupted");
            } finally {
                active.decrementAndGet();
                activePerNode.get(node).decrementAndGet();
            }
        }

        @Override
        public void upload(String path, byte[] content, int mode, String owner) throws TransportException {
            if (!isOpen()) {
                throw new TransportException(TransportException.Kind.CONNECTION_LOST, node, node + ": not connected");
            }
            uploads.computeIfAbsent(node, k -> new CopyOnWriteArrayList<>()).add(path);
        }

        @Override
        public byte[] download(String path) {
            return ("content of " + path).getBytes();
        }

        @Override
        public boolean isOpen() {
            return closed.getCount() > 0;
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }
}
