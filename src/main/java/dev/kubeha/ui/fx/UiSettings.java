package dev.kubeha.ui.fx;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeha.files.PrivateFiles;
import dev.kubeha.operation.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The window's own settings: language, theme and where the main window was, kept in
 * {@code ~/.kubeha/settings.json} as {@code {"language": "zh-CN", "theme": "dark", "window":
 * {"x": 40, "y": 30, "width": 1360, "height": 840}}}. Never a password or a cluster value.
 *
 * @param window null until the window was closed once
 */
public record UiSettings(Language language, Theme theme, WindowBounds window) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public UiSettings(Language language, Theme theme) {
        this(language, theme, null);
    }

    /** Before the user chose: the system's language, the light theme. */
    public static UiSettings defaults(Locale system) {
        return new UiSettings(Language.of(system), Theme.LIGHT);
    }

    public UiSettings withLanguage(Language value) {
        return new UiSettings(value, theme, window);
    }

    public UiSettings withTheme(Theme value) {
        return new UiSettings(language, value, window);
    }

    public UiSettings withWindow(WindowBounds value) {
        return new UiSettings(language, theme, value);
    }

    /** Where the settings live; read and written off the FX thread (at start-up, and in the background). */
    public static final class Store {
        private final Path file;

        public Store(Path file) {
            this.file = file;
        }

        public static Store inHome() {
            return new Store(Workspace.home().resolve("settings.json"));
        }

        public Path file() {
            return file;
        }

        /** The settings; what is missing or unreadable takes the default (they are only a convenience). */
        public UiSettings read(Locale system) {
            UiSettings defaults = defaults(system);
            if (!Files.isRegularFile(file)) {
                return defaults;
            }
            try {
                var tree = JSON.readTree(file.toFile());
                Language language = Language.ofTag(tree.path("language").asText(""));
                Theme theme = Theme.ofTag(tree.path("theme").asText(""));
                var w = tree.path("window");
                WindowBounds window = w.path("width").isNumber() && w.path("height").isNumber()
                        ? new WindowBounds(w.path("x").asDouble(), w.path("y").asDouble(), w.path("width").asDouble(),
                                w.path("height").asDouble())
                        : null;
                return new UiSettings(language == null ? defaults.language() : language,
                        theme == null ? defaults.theme() : theme, window);
            } catch (IOException | RuntimeException e) {
                return defaults;
            }
        }

        /** Writes atomically, keeping fields other versions may have added. */
        public void write(UiSettings settings) throws IOException {
            ObjectNode tree;
            try {
                tree = Files.isRegularFile(file) && JSON.readTree(file.toFile()) instanceof ObjectNode o ? o
                        : JSON.createObjectNode();
            } catch (IOException e) {
                tree = JSON.createObjectNode();
            }
            tree.put("language", settings.language().tag());
            tree.put("theme", settings.theme().tag());
            if (settings.window() != null) {
                ObjectNode w = tree.putObject("window");
                w.put("x", Math.round(settings.window().x()));
                w.put("y", Math.round(settings.window().y()));
                w.put("width", Math.round(settings.window().width()));
                w.put("height", Math.round(settings.window().height()));
            }
            PrivateFiles.createDirectories(file.toAbsolutePath().getParent());
            PrivateFiles.writeAtomically(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree), PrivateFiles.SECRET);
        }
    }
}
