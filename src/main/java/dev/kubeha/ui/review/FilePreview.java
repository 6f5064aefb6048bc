package dev.kubeha.ui.review;

import dev.kubeha.plan.Step;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What the Review page shows of the files a plan uploads: per node, each file's path and mode, and
 * its text unless it is secret. Secret content is dropped here, in the background, so it never
 * reaches a control.
 */
public record FilePreview(List<NodeFiles> nodes) {

    public record NodeFiles(String node, List<FileEntry> files) {
    }

    /** @param text the content, or null when the file is secret (see {@link #isSecret}) */
    public record FileEntry(String path, int mode, boolean secret, int size, String text) {
        @Override
        public String toString() {
            return path;
        }
    }

    /** Private keys are secret even where the plan does not flag them (a {@code .key} is always one). */
    static boolean isSecret(Step.UploadFile f) {
        return f.secret() || f.path().endsWith(".key");
    }

    static FileEntry entry(Step.UploadFile f) {
        boolean secret = isSecret(f);
        return new FileEntry(f.path(), f.mode(), secret, f.content().length,
                secret ? null : new String(f.content(), StandardCharsets.UTF_8));
    }
}
