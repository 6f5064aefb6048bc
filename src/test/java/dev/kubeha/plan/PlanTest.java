package dev.kubeha.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanTest {

    static Task task(String id, String node, String... after) {
        return Task.on(node, id).after(after).step(Step.RunCommand.root(Command.of("echo", id))).build();
    }

    @Test
    void duplicateIdsAndUnknownDependenciesAreNamed() {
        assertThatThrownBy(() -> new Plan("c", List.of(task("a", "n1"), task("a", "n2"))))
                .isInstanceOf(PlanException.class).hasMessageContaining("task id a is used twice");
        assertThatThrownBy(() -> new Plan("c", List.of(task("a", "n1", "ghost"))))
                .hasMessageContaining("task a depends on ghost, which is not in the plan");
        assertThatThrownBy(() -> new Plan("c", List.of(task("a", "n1", "a"))))
                .hasMessageContaining("task a depends on itself");
    }

    @Test
    void cyclesAreReportedWithTheirTasks() {
        assertThatThrownBy(() -> new Plan("c", List.of(task("a", "n", "c"), task("b", "n", "a"), task("c", "n", "b"),
                task("d", "n"))))
                .hasMessageEndingWith("cycle: a -> c -> b -> a");
    }

    @Test
    void topologicalOrderPutsDependenciesFirstAndKeepsPlanOrderOtherwise() {
        Plan plan = new Plan("c", List.of(task("d", "n", "b", "c"), task("a", "n"), task("b", "n", "a"),
                task("c", "n", "a"), task("e", "m")));
        assertThat(plan.topologicalOrder()).extracting(Task::id).containsExactly("a", "b", "c", "d", "e");
        assertThat(plan.transitiveDependants("a")).containsExactlyInAnyOrder("b", "c", "d");
    }

    @Test
    void criticalPathIsTheLongestChain() {
        Task a = Task.on("n", "a").step(Step.RunCommand.root(Command.of("x"))).build();
        Task b = Task.on("n", "b").after("a").step(Step.RunCommand.root(Command.of("x")))
                .step(Step.RunCommand.root(Command.of("y"))).build();
        Task c = Task.on("m", "c").after("a").step(Step.RunCommand.root(Command.of("x"))).build();
        Task d = Task.on("m", "d").after("b", "c").step(Step.RunCommand.root(Command.of("x"))).build();
        Plan.CriticalPath path = new Plan("c", List.of(a, b, c, d)).criticalPath(s -> Duration.ofMillis(200));
        assertThat(path.length()).isEqualTo(Duration.ofMillis(800));
        assertThat(path.taskIds()).containsExactly("a", "b", "d");
    }

    @Test
    void renderingsNeverShowSecretContentOrRegisteredSecrets() throws Exception {
        Task t = Task.on("master0", "master0/init")
                .step(Step.UploadFile.rootOwned("/etc/kubernetes/pki/ca.key", 0600,
                        "-----BEGIN PRIVATE KEY-----\nSECRETKEY\n".getBytes(StandardCharsets.UTF_8), true))
                .step(new Step.RunCommand(Command.of("kubeadm", "join", "--token", "abcdef.0123456789abcdef"), true,
                        null, false, List.of("abcdef.0123456789abcdef")))
                .build();
        Task v = Task.on("master0", "verify").after("master0/init")
                .step(new Step.WaitFor(Check.fileExists("/etc/kubernetes/admin.conf"), Duration.ofMinutes(1), Duration.ofSeconds(1)))
                .build();
        Plan plan = new Plan("prod", List.of(v, t));
        for (PlanFormat f : PlanFormat.values()) {
            String out = f.render(plan);
            assertThat(out).doesNotContain("SECRETKEY").doesNotContain("0123456789abcdef");
        }
        assertThat(t.toString()).doesNotContain("SECRETKEY").doesNotContain("0123456789abcdef");

        String text = PlanFormat.TEXT.render(plan);
        assertThat(text).contains("node master0").contains("1. master0/init").contains("2. verify")
                .contains("after: master0/init (1)").contains("upload /etc/kubernetes/pki/ca.key (0600 root:root");
        JsonNode json = new ObjectMapper().readTree(PlanFormat.JSON.render(plan));
        assertThat(json.get("tasks").get(0).get("steps").get(0).get("mode").asText()).isEqualTo("0600");
        assertThat(json.get("tasks").get(1).get("dependsOn").get(0).asText()).isEqualTo("master0/init");
        assertThat(PlanFormat.DOT.render(plan)).contains("\"master0/init\" -> \"verify\";").startsWith("digraph");
    }

    @Test
    void uploadsAndTasksValidateTheirValues() {
        assertThatThrownBy(() -> Step.UploadFile.rootOwned("etc/x", 0644, new byte[0], false)).hasMessageContaining("etc/x");
        assertThatThrownBy(() -> Step.UploadFile.rootOwned("/etc/../x", 0644, new byte[0], false));
        assertThatThrownBy(() -> new Step.UploadFile("/etc/x", 0644, "root; rm", new byte[0], false))
                .hasMessageContaining("owner");
        assertThatThrownBy(() -> Task.on("n", "bad id").build()).hasMessageContaining("bad id");
    }

    @Test
    void digestChangesWhenTheTaskChanges() {
        assertThat(task("a", "n").digest()).isEqualTo(task("a", "n").digest());
        assertThat(task("a", "n").digest()).isNotEqualTo(task("a", "m").digest());
    }
}
