package dev.kubeha.ui.review;

import dev.kubeha.model.Cluster;
import dev.kubeha.plan.Plan;
import dev.kubeha.plan.Task;
import dev.kubeha.ui.fx.BackgroundStatus;
import dev.kubeha.ui.fx.UiExecutor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * "Show plan" on the Review page: the task list {@code kubeha plan} prints, made the same way (same
 * workspace and PKI) in the background, grouped by node in the order the tasks can run.
 */
public final class PlanViewModel {

    /** One task: its number in a valid run order, what it waits for (by number) and how many steps it has. */
    public record TaskLine(int number, String id, String title, List<Integer> after, int steps) {
        public TaskLine {
            after = List.copyOf(after);
        }
    }

    /** A node and its tasks, in run order. */
    public record NodeTasks(String node, List<TaskLine> tasks) {
        public NodeTasks {
            tasks = List.copyOf(tasks);
        }
    }

    private final ReviewInput input;
    private final UiExecutor executor;
    private final ResourceBundle messages;
    private final ObjectProperty<List<NodeTasks>> plan = new SimpleObjectProperty<>(List.of());
    private final BackgroundStatus state;
    private Cluster shown;

    public PlanViewModel(ReviewInput input, UiExecutor executor, ResourceBundle messages) {
        this.input = input;
        this.executor = executor;
        this.messages = messages;
        this.state = new BackgroundStatus(messages);
        input.edited().addListener((o, was, now) -> {
            if (shown != null && !state.busy() && !shown.equals(now)) {
                state.note(messages.getString("plan.stale"));
            }
        });
    }

    public void show() {
        ReviewInput.Snapshot snapshot = input.snapshot();
        state.start(messages.getString("plan.working"));
        executor.run(() -> planOf(snapshot),
                shownPlan -> {
                    Plan result = shownPlan.plan();
                    shown = snapshot.cluster();
                    plan.set(byNode(result));
                    state.done(String.format(messages.getString(shownPlan.converge() ? "plan.doneConverge" : "plan.done"),
                            result.tasks().size(), result.nodes().size()));
                }, state::fail);
    }

    private record Shown(Plan plan, boolean converge) {
    }

    /**
     * The install plan; for a cluster whose workspace records a finished install, the plan Apply
     * changes runs as far as the journal tells (only what differs, e.g. the nodes added, then the
     * verification), made by {@link dev.kubeha.operation.ApplyOperation} as the run makes it.
     */
    private static Shown planOf(ReviewInput.Snapshot snapshot) throws Exception {
        var checked = snapshot.check();
        String name = snapshot.cluster().name();
        if (checked.valid() && name != null && dev.kubeha.operation.Decision.of(snapshot.workspace(), name)
                instanceof dev.kubeha.operation.Decision.Finished) {
            try (var operation = dev.kubeha.operation.ApplyOperation.open(checked, snapshot.workspace(),
                    dev.kubeha.operation.Secrets.from(null), "the kubeha window, showing the plan of changes to " + name)) {
                if (operation.fromJournal(false).mode() == dev.kubeha.operation.ApplyOperation.Mode.CONVERGE
                        && operation.undetected().isEmpty()) {
                    return new Shown(operation.prepare().plan(), true);
                }
            }
        }
        return new Shown(snapshot.prepare().plan(), false);
    }

    /** The plan's tasks by node, numbered in topological order, as {@code kubeha plan} lists them. */
    static List<NodeTasks> byNode(Plan plan) {
        List<Task> order = plan.topologicalOrder();
        Map<String, Integer> number = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            number.put(order.get(i).id(), i + 1);
        }
        Map<String, List<TaskLine>> nodes = new LinkedHashMap<>();
        for (Task t : order) {
            nodes.computeIfAbsent(t.node(), k -> new ArrayList<>()).add(new TaskLine(number.get(t.id()), t.id(),
                    t.title(), t.dependsOn().stream().map(number::get).sorted().toList(), t.steps().size()));
        }
        return nodes.entrySet().stream().map(e -> new NodeTasks(e.getKey(), e.getValue())).toList();
    }

    public ReadOnlyObjectProperty<List<NodeTasks>> planProperty() {
        return plan;
    }

    public ReadOnlyStringProperty statusProperty() {
        return state.statusProperty();
    }

    public ReadOnlyBooleanProperty failedProperty() {
        return state.failedProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return state.busyProperty();
    }
}
