package dev.kubeha.ui.wizard;

import dev.kubeha.model.Problem;
import java.util.List;

/**
 * The wizard's steps, in order. Each page owns the problems whose field path starts with one of its
 * prefixes, so that an error blocks Next on the page where the user can fix it.
 */
public enum WizardPage {
    WELCOME("wizard.page.welcome", List.of("apiVersion", "kind", "name", "kubernetesVersion", "pki")),
    HOSTS("wizard.page.hosts", List.of("nodes", "ssh", "privateInterface")),
    NETWORK("wizard.page.network", List.of("privateInterface", "networking", "cni", "airGapped")),
    ETCD("wizard.page.etcd", List.of("etcd")),
    LOAD_BALANCER("wizard.page.loadBalancer", List.of("loadBalancer", "apiServer")),
    /** Review shows every problem, including those about the whole file (empty path). */
    REVIEW("wizard.page.review", List.of());

    private final String titleKey;
    private final List<String> prefixes;

    WizardPage(String titleKey, List<String> prefixes) {
        this.titleKey = titleKey;
        this.prefixes = prefixes;
    }

    public String titleKey() {
        return titleKey;
    }

    /** Whether this page shows (and is blocked by) the problem. */
    public boolean owns(Problem problem) {
        return ownsPath(problem.path());
    }

    /** Whether this page shows the field at {@code path} (Review: every one). */
    public boolean ownsPath(String path) {
        if (this == REVIEW) {
            return true;
        }
        return prefixes.stream().anyMatch(prefix -> path.equals(prefix)
                || path.startsWith(prefix + ".") || path.startsWith(prefix + "["));
    }

    public boolean isFirst() {
        return ordinal() == 0;
    }

    public boolean isLast() {
        return ordinal() == values().length - 1;
    }

    public WizardPage next() {
        return isLast() ? this : values()[ordinal() + 1];
    }

    public WizardPage previous() {
        return isFirst() ? this : values()[ordinal() - 1];
    }
}
