package dev.kubeha.plan;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The whole installation as data: a directed acyclic graph of tasks. Constructing a plan validates
 * the graph, so every {@code Plan} in memory has unique ids, known dependencies and no cycle.
 */
public record Plan(String clusterName, List<Task> tasks) {

    public Plan {
        tasks = List.copyOf(tasks);
        List<String> problems = problemsOf(tasks);
        if (!problems.isEmpty()) {
            throw new PlanException(problems);
        }
    }

    /** Every problem of a task list, each naming the task; empty when it makes a valid plan. */
    public static List<String> problemsOf(List<Task> tasks) {
        List<String> problems = new ArrayList<>();
        Map<String, Task> byId = new HashMap<>();
        for (Task task : tasks) {
            if (byId.putIfAbsent(task.id(), task) != null) {
                problems.add("task id " + task.id() + " is used twice");
            }
        }
        for (Task task : tasks) {
            for (String dependency : task.dependsOn()) {
                if (dependency.equals(task.id())) {
                    problems.add("task " + task.id() + " depends on itself");
                } else if (!byId.containsKey(dependency)) {
                    problems.add("task " + task.id() + " depends on " + dependency + ", which is not in the plan");
                }
            }
        }
        if (problems.isEmpty()) {
            findCycle(tasks, byId).ifPresent(cycle ->
                    problems.add("tasks depend on each other in a cycle: " + String.join(" -> ", cycle)));
        }
        return problems;
    }

    private static Optional<List<String>> findCycle(List<Task> tasks, Map<String, Task> byId) {
        // Iterative depth-first search; grey = on the current path.
        Map<String, Integer> colour = new HashMap<>();
        for (Task start : tasks) {
            if (colour.containsKey(start.id())) {
                continue;
            }
            Deque<String> path = new ArrayDeque<>();
            Deque<java.util.Iterator<String>> iterators = new ArrayDeque<>();
            path.push(start.id());
            iterators.push(start.dependsOn().iterator());
            colour.put(start.id(), 1);
            while (!path.isEmpty()) {
                java.util.Iterator<String> it = iterators.peek();
                if (it.hasNext()) {
                    String next = it.next();
                    Integer c = colour.get(next);
                    if (c == null) {
                        colour.put(next, 1);
                        path.push(next);
                        iterators.push(byId.get(next).dependsOn().iterator());
                    } else if (c == 1) {
                        // The path holds [current, its dependant, ..., next]; reversed and closed
                        // it reads "next -> ... -> current -> next", each needing the following one.
                        List<String> cycle = new ArrayList<>();
                        for (String id : path) {
                            cycle.add(id);
                            if (id.equals(next)) {
                                break;
                            }
                        }
                        Collections.reverse(cycle);
                        cycle.add(next);
                        return Optional.of(cycle);
                    }
                } else {
                    colour.put(path.pop(), 2);
                    iterators.pop();
                }
            }
        }
        return Optional.empty();
    }

    public Optional<Task> task(String id) {
        return tasks.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    public Map<String, Task> byId() {
        Map<String, Task> map = new LinkedHashMap<>();
        tasks.forEach(t -> map.put(t.id(), t));
        return map;
    }

    /**
     * This plan without the tasks in {@code left}: a task that waited for one of them waits for
     * what that one waited for, so the order among the tasks that stay is this plan's.
     */
    public Plan without(Set<String> left) {
        Map<String, List<String>> waitsFor = new java.util.HashMap<>();
        List<Task> kept = new java.util.ArrayList<>();
        for (Task t : topologicalOrder()) {
            List<String> deps = new java.util.ArrayList<>();
            for (String d : t.dependsOn()) {
                for (String e : left.contains(d) ? waitsFor.get(d) : List.of(d)) {
                    if (!deps.contains(e)) {
                        deps.add(e);
                    }
                }
            }
            waitsFor.put(t.id(), deps);
        }
        for (Task t : tasks) {
            if (!left.contains(t.id())) {
                kept.add(new Task(t.id(), t.node(), t.title(), waitsFor.get(t.id()), t.steps(), t.probe(), t.retrySafe(),
                        t.checkpoint()));
            }
        }
        return new Plan(clusterName, kept);
    }

    /** Node names in order of first appearance. */
    public List<String> nodes() {
        return tasks.stream().map(Task::node).distinct().toList();
    }

    /**
     * Tasks in an order where every task comes after its dependencies; among tasks that are ready
     * at the same time, the order of the plan is kept (Kahn's algorithm, stable).
     */
    public List<Task> topologicalOrder() {
        Map<String, Integer> missing = new HashMap<>();
        Map<String, List<Task>> dependants = dependantsMap();
        for (Task t : tasks) {
            missing.put(t.id(), t.dependsOn().size());
        }
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < tasks.size(); i++) {
            position.put(tasks.get(i).id(), i);
        }
        java.util.PriorityQueue<Task> ready = new java.util.PriorityQueue<>(
                java.util.Comparator.comparingInt(t -> position.get(t.id())));
        tasks.stream().filter(t -> t.dependsOn().isEmpty()).forEach(ready::add);
        List<Task> order = new ArrayList<>(tasks.size());
        while (!ready.isEmpty()) {
            Task t = ready.poll();
            order.add(t);
            for (Task d : dependants.getOrDefault(t.id(), List.of())) {
                if (missing.merge(d.id(), -1, Integer::sum) == 0) {
                    ready.add(d);
                }
            }
        }
        return order;
    }

    /** For each task id, the tasks that list it as a dependency. */
    public Map<String, List<Task>> dependantsMap() {
        Map<String, List<Task>> map = new HashMap<>();
        for (Task t : tasks) {
            for (String dependency : t.dependsOn()) {
                map.computeIfAbsent(dependency, k -> new ArrayList<>()).add(t);
            }
        }
        return map;
    }

    /** Every task that needs {@code id}, directly or through others. */
    public Set<String> transitiveDependants(String id) {
        Map<String, List<Task>> dependants = dependantsMap();
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(id));
        while (!todo.isEmpty()) {
            for (Task d : dependants.getOrDefault(todo.pop(), List.of())) {
                if (seen.add(d.id())) {
                    todo.push(d.id());
                }
            }
        }
        return seen;
    }

    /**
     * The longest chain of dependent tasks, with each task lasting the sum of its steps' durations.
     * That is the least wall time any executor can take, however many nodes run at once.
     */
    public CriticalPath criticalPath(Function<Step, Duration> stepDuration) {
        Map<String, Duration> finish = new HashMap<>();
        Map<String, String> via = new HashMap<>();
        Map<String, Task> byId = byId();
        for (Task t : topologicalOrder()) {
            Duration start = Duration.ZERO;
            String from = null;
            for (String dependency : t.dependsOn()) {
                if (from == null || finish.get(dependency).compareTo(start) > 0) {
                    start = finish.get(dependency);
                    from = dependency;
                }
            }
            Duration own = t.steps().stream().map(stepDuration).reduce(Duration.ZERO, Duration::plus);
            finish.put(t.id(), start.plus(own));
            if (from != null) {
                via.put(t.id(), from);
            }
        }
        String last = null;
        for (Task t : tasks) {
            if (last == null || finish.get(t.id()).compareTo(finish.get(last)) > 0) {
                last = t.id();
            }
        }
        List<String> chain = new ArrayList<>();
        for (String id = last; id != null; id = via.get(id)) {
            chain.add(0, id);
        }
        return new CriticalPath(last == null ? Duration.ZERO : finish.get(last), chain);
    }

    /** The length of the critical path and the task ids along it, first to last. */
    public record CriticalPath(Duration length, List<String> taskIds) {
        public CriticalPath {
            taskIds = List.copyOf(taskIds);
        }
    }

    /** Ids of all tasks, for quick membership tests. */
    public Set<String> ids() {
        Set<String> ids = new HashSet<>();
        tasks.forEach(t -> ids.add(t.id()));
        return ids;
    }
}
