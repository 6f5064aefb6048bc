package dev.kubeha.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plan as JSON for scripts. File contents are left out (they may be keys): a non-secret file
 * shows its size and SHA-256, a secret one only its size.
 */
final class PlanJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PlanJson() {
    }

    static String render(Plan plan) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("cluster", plan.clusterName());
        List<Object> tasks = new ArrayList<>();
        for (Task t : plan.topologicalOrder()) {
            Map<String, Object> task = new LinkedHashMap<>();
            task.put("id", t.id());
            task.put("node", t.node());
            task.put("title", t.title());
            task.put("dependsOn", t.dependsOn());
            task.put("retrySafe", t.retrySafe());
            if (t.probe() != null) {
                task.put("probe", check(t.probe()));
            }
            if (t.checkpoint() != null) {
                Map<String, Object> checkpoint = new LinkedHashMap<>();
                checkpoint.put("endpoint", t.checkpoint().endpoint());
                checkpoint.put("backends", t.checkpoint().backends().stream().map(b -> {
                    Map<String, Object> backend = new LinkedHashMap<>();
                    backend.put("node", b.node());
                    backend.put("address", b.address());
                    return backend;
                }).toList());
                if (t.checkpoint().removal()) {
                    checkpoint.put("removal", true);
                }
                task.put("checkpoint", checkpoint);
            }
            task.put("steps", t.steps().stream().map(PlanJson::step).toList());
            tasks.add(task);
        }
        root.put("tasks", tasks);
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of strings always serialise", e);
        }
    }

    private static Map<String, Object> check(Check check) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", check.command().line());
        m.put("asRoot", check.asRoot());
        return m;
    }

    private static Map<String, Object> step(Step step) {
        return step.accept(STEP);
    }

    private static final Step.Visitor<Map<String, Object>> STEP = new Step.Visitor<>() {
        @Override
        public Map<String, Object> upload(Step.UploadFile u) {
            Map<String, Object> m = typed("upload");
            m.put("path", u.path());
            m.put("mode", u.octalMode());
            m.put("owner", u.owner());
            m.put("size", u.size());
            m.put("secret", u.secret());
            if (!u.secret()) {
                m.put("sha256", HexFormat.of().formatHex(Digests.sha256(u.content())));
            }
            return m;
        }

        @Override
        public Map<String, Object> run(Step.RunCommand r) {
            Map<String, Object> m = typed("run");
            m.put("command", r.displayLine());
            m.put("asRoot", r.asRoot());
            m.put("timeoutSeconds", r.timeout().toSeconds());
            m.put("idempotent", r.idempotent());
            return m;
        }

        @Override
        public Map<String, Object> waitFor(Step.WaitFor w) {
            Map<String, Object> m = typed("wait");
            m.put("check", check(w.check()));
            m.put("timeoutSeconds", w.timeout().toSeconds());
            m.put("intervalMillis", w.interval().toMillis());
            return m;
        }

        @Override
        public Map<String, Object> fetch(Step.FetchFile f) {
            Map<String, Object> m = typed("fetch");
            m.put("path", f.path());
            m.put("workspaceName", f.workspaceName());
            m.put("mode", String.format("%04o", f.mode()));
            return m;
        }

        private Map<String, Object> typed(String type) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", type);
            return m;
        }
    };
}
