package dev.kubeha.plan;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The plan for a reader: tasks grouped by node, in the order they can run, with what they wait for. */
final class PlanText {
    private PlanText() {
    }

    static String render(Plan plan) {
        List<Task> order = plan.topologicalOrder();
        Map<String, Integer> number = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            number.put(order.get(i).id(), i + 1);
        }
        Map<String, List<Task>> byNode = new LinkedHashMap<>();
        for (Task t : order) {
            byNode.computeIfAbsent(t.node(), k -> new java.util.ArrayList<>()).add(t);
        }
        StringBuilder out = new StringBuilder();
        out.append("Plan for cluster ").append(plan.clusterName()).append(": ")
                .append(order.size()).append(order.size() == 1 ? " task" : " tasks").append(" on ")
                .append(byNode.size()).append(byNode.size() == 1 ? " node" : " nodes").append('\n');
        for (Map.Entry<String, List<Task>> node : byNode.entrySet()) {
            out.append('\n').append("node ").append(node.getKey()).append('\n');
            for (Task t : node.getValue()) {
                out.append(String.format("  %3d. %s — %s%n", number.get(t.id()), t.id(), t.title()));
                if (!t.dependsOn().isEmpty()) {
                    out.append("       after: ").append(t.dependsOn().stream()
                            .map(d -> d + " (" + number.get(d) + ")").collect(Collectors.joining(", "))).append('\n');
                }
                if (t.probe() != null) {
                    out.append("       done when: ").append(t.probe().command().line()).append('\n');
                }
                if (t.checkpoint() != null) {
                    out.append("       checkpoint: the operator's step; the window waits for their Continue once the check passes")
                            .append('\n');
                }
                for (Step s : t.steps()) {
                    out.append("       - ").append(s.describe()).append('\n');
                }
            }
        }
        return out.toString();
    }
}
