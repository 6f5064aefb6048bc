package dev.kubeha.exec;

import dev.kubeha.model.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Asks several nodes the same read-only question before a plan exists, at most {@code concurrency}
 * at a time, and gathers every node's answer or every node's problem: a user fixes three nodes
 * at once rather than one per run.
 */
final class NodeQuestions {
    private NodeQuestions() {
    }

    /** One node's answer; a {@link NodeProblem}'s message names the node and what to do. */
    @FunctionalInterface
    interface Question<T> {
        T ask(Node node) throws NodeProblem;
    }

    /** What a node could not answer; the message is shown as it is. */
    static final class NodeProblem extends Exception {
        NodeProblem(String message) {
            super(message);
        }
    }

    /**
     * The answers in the nodes' order.
     *
     * @param what names the work in the interruption message, e.g. "detecting private addresses"
     * @throws NodeProblem every node's problem, joined by "; "
     */
    static <T> List<T> askAll(List<Node> nodes, int concurrency, String what, Question<T> question) throws NodeProblem {
        if (nodes.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(concurrency, nodes.size())), r -> {
            Thread t = new Thread(r, "kubeha-ask");
            t.setDaemon(true);
            return t;
        });
        Map<String, Future<T>> pending = new LinkedHashMap<>();
        try {
            for (Node node : nodes) {
                pending.put(node.name(), pool.submit(() -> question.ask(node)));
            }
            List<T> answers = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (Map.Entry<String, Future<T>> e : pending.entrySet()) {
                try {
                    answers.add(e.getValue().get());
                } catch (ExecutionException failure) {
                    problems.add(failure.getCause() instanceof NodeProblem p ? p.getMessage()
                            : "node " + e.getKey() + ": " + failure.getCause());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new NodeProblem(what + " was interrupted");
                }
            }
            if (!problems.isEmpty()) {
                throw new NodeProblem(String.join("; ", problems));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }
}
