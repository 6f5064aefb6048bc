package dev.kubeha.bundle;

import dev.kubeha.plan.Plan;
import dev.kubeha.plan.Task;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The plan cut into rounds for people running it by hand. Within a round, every node's tasks
 * depend only on that node's own earlier tasks and on tasks of earlier rounds; so an operator can
 * run round 1 on every node it names, then round 2, and so on, and a node's install script can
 * go on by itself within a round. A task's round is one more than the round of a dependency on
 * another node, and the same as a dependency's on its own node.
 */
public final class Rounds {
    private final Map<String, Integer> roundOf;
    private final Plan plan;

    private Rounds(Plan plan, Map<String, Integer> roundOf) {
        this.plan = plan;
        this.roundOf = roundOf;
    }

    public static Rounds of(Plan plan) {
        Map<String, Task> byId = plan.byId();
        Map<String, Integer> round = new HashMap<>();
        for (Task t : plan.topologicalOrder()) {
            int r = 1;
            for (String dep : t.dependsOn()) {
                Task d = byId.get(dep);
                r = Math.max(r, round.get(dep) + (d.node().equals(t.node()) ? 0 : 1));
            }
            round.put(t.id(), r);
        }
        return new Rounds(plan, round);
    }

    public int roundOf(String taskId) {
        return roundOf.get(taskId);
    }

    public int count() {
        return roundOf.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** Round → node → that node's tasks of the round, in plan order. */
    public Map<Integer, Map<String, List<Task>>> byRound() {
        Map<Integer, Map<String, List<Task>>> result = new TreeMap<>();
        for (Task t : plan.topologicalOrder()) {
            result.computeIfAbsent(roundOf(t.id()), r -> new LinkedHashMap<>())
                    .computeIfAbsent(t.node(), n -> new ArrayList<>()).add(t);
        }
        for (Map<String, List<Task>> nodes : result.values()) {
            // Nodes in the order of the plan's node list, not in the order their first task happened to come.
            Map<String, List<Task>> ordered = new LinkedHashMap<>();
            for (String node : plan.nodes()) {
                if (nodes.containsKey(node)) {
                    ordered.put(node, nodes.get(node));
                }
            }
            nodes.clear();
            nodes.putAll(ordered);
        }
        return result;
    }

    /** One node's tasks in the order its script runs them: by round, then plan order. */
    public List<Task> tasksOf(String node) {
        List<Task> tasks = new ArrayList<>();
        for (Map<String, List<Task>> nodes : byRound().values()) {
            tasks.addAll(nodes.getOrDefault(node, List.of()));
        }
        return tasks;
    }
}
