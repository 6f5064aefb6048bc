package dev.kubeha.plan;

/** The ways {@code kubeha plan} can print a plan. */
public enum PlanFormat {
    TEXT, JSON, DOT;

    /** Renders the plan in this format. Never includes file contents or registered secrets. */
    public String render(Plan plan) {
        return switch (this) {
            case TEXT -> PlanText.render(plan);
            case JSON -> PlanJson.render(plan);
            case DOT -> PlanDot.render(plan);
        };
    }
}
