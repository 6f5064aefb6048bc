package dev.kubeha.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** How bad a problem is: errors stop an install or export, warnings are shown and accepted. */
public enum Severity {
    ERROR("error"),
    WARNING("warning");

    private final String label;

    Severity(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }
}
