package dev.kubeha.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The plan as a Graphviz digraph: one box per task, one cluster per node, edges from a dependency to its dependant. */
final class PlanDot {
    private PlanDot() {
    }

    static String render(Plan plan) {
        StringBuilder out = new StringBuilder();
        out.append("digraph ").append(quote("plan " + plan.clusterName())).append(" {\n");
        out.append("  rankdir=LR;\n  node [shape=box, fontname=\"sans-serif\"];\n");
        Map<String, List<Task>> byNode = new LinkedHashMap<>();
        for (Task t : plan.topologicalOrder()) {
            byNode.computeIfAbsent(t.node(), k -> new java.util.ArrayList<>()).add(t);
        }
        int i = 0;
        for (Map.Entry<String, List<Task>> node : byNode.entrySet()) {
            out.append("  subgraph cluster_").append(i++).append(" {\n");
            out.append("    label=").append(quote(node.getKey())).append(";\n");
            for (Task t : node.getValue()) {
                out.append("    ").append(quote(t.id())).append(" [label=").append(quote(t.title())).append("];\n");
            }
            out.append("  }\n");
        }
        for (Task t : plan.topologicalOrder()) {
            for (String dependency : t.dependsOn()) {
                out.append("  ").append(quote(dependency)).append(" -> ").append(quote(t.id())).append(";\n");
            }
        }
        out.append("}\n");
        return out.toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
