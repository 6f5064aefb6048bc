package dev.kubeha.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every kind of step reaches its own method of a visitor, and a visitor's checked exception reaches the caller. */
class StepVisitorTest {
    static final List<Step> ONE_OF_EACH = List.of(
            Step.UploadFile.rootOwned("/etc/kubeha/a.conf", 0644, "a".getBytes(StandardCharsets.UTF_8), false),
            Step.RunCommand.root(Command.of("true")),
            new Step.WaitFor(Check.asRoot(Command.of("true")), Duration.ofSeconds(1), Duration.ofMillis(100)),
            new Step.FetchFile("/etc/kubernetes/admin.conf", "admin.conf", 0600, true));

    @Test
    void eachStepCallsTheMethodOfItsKind() {
        Step.Visitor<String> names = new Step.Visitor<>() {
            @Override
            public String upload(Step.UploadFile upload) {
                return "upload " + upload.path();
            }

            @Override
            public String run(Step.RunCommand run) {
                return "run " + run.command().line();
            }

            @Override
            public String waitFor(Step.WaitFor wait) {
                return "wait " + wait.check().command().line();
            }

            @Override
            public String fetch(Step.FetchFile fetch) {
                return "fetch " + fetch.path();
            }
        };
        assertThat(ONE_OF_EACH.stream().map(s -> s.accept(names)))
                .containsExactly("upload /etc/kubeha/a.conf", "run true", "wait true", "fetch /etc/kubernetes/admin.conf");
    }

    @Test
    void ofTakesOneFunctionPerKindInTheOrderOfTheVisitor() {
        Step.Visitor<String> kinds = Step.Visitor.of(u -> "upload", r -> "run", w -> "wait", f -> "fetch");
        assertThat(ONE_OF_EACH.stream().map(s -> s.accept(kinds))).containsExactly("upload", "run", "wait", "fetch");
    }

    @Test
    void aThrowingVisitorsExceptionReachesTheCaller() {
        Step.ThrowingVisitor<String, IOException> failing = new Step.ThrowingVisitor<>() {
            @Override
            public String upload(Step.UploadFile upload) throws IOException {
                throw new IOException("cannot send " + upload.path());
            }

            @Override
            public String run(Step.RunCommand run) {
                return "ran";
            }

            @Override
            public String waitFor(Step.WaitFor wait) {
                return "waited";
            }

            @Override
            public String fetch(Step.FetchFile fetch) {
                return "fetched";
            }
        };
        assertThatThrownBy(() -> ONE_OF_EACH.get(0).accept(failing)).isInstanceOf(IOException.class)
                .hasMessage("cannot send /etc/kubeha/a.conf");
    }
}
