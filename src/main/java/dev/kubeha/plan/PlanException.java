package dev.kubeha.plan;

import java.util.List;

/** A plan whose graph is not valid: duplicate ids, unknown dependencies or a cycle. */
public final class PlanException extends IllegalArgumentException {
    private final List<String> problems;

    public PlanException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
