package dev.kubeha.ui.fx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;

/** Where the main window opens: most of the screen the first time, then where it was, while that is on a screen. */
class WindowBoundsTest {
    private static final Rectangle2D LAPTOP = new Rectangle2D(0, 27, 1440, 873);

    @Test
    void theFirstWindowUsesMostOfTheScreenCentred() {
        assertThat(WindowBounds.place(null, List.of(LAPTOP))).isEqualTo(new WindowBounds(40, 57, 1360, 813));
        assertThat(WindowBounds.place(null, List.of(new Rectangle2D(0, 0, 2560, 1440))))
                .as("no wider than a form needs").isEqualTo(new WindowBounds(440, 195, 1680, 1050));
        assertThat(WindowBounds.place(null, List.of(new Rectangle2D(0, 0, 1024, 700))))
                .isEqualTo(new WindowBounds(0, 0, 1024, 700));
    }

    @Test
    void theWindowOpensWhereItWasWhileThatIsOnAScreen() {
        WindowBounds saved = new WindowBounds(100, 80, 1200, 760);
        assertThat(WindowBounds.place(saved, List.of(LAPTOP))).isEqualTo(saved);
        // Moved half off the right edge: pulled back onto the screen.
        assertThat(WindowBounds.place(new WindowBounds(600, 80, 1200, 760), List.of(LAPTOP)))
                .isEqualTo(new WindowBounds(240, 80, 1200, 760));
        // Closed on a second screen that is gone: the first screen's default.
        assertThat(WindowBounds.place(new WindowBounds(2000, 100, 1200, 760), List.of(LAPTOP)))
                .isEqualTo(new WindowBounds(40, 57, 1360, 813));
        // Larger than the screen now: made to fit.
        assertThat(WindowBounds.place(new WindowBounds(0, 27, 1900, 1100), List.of(LAPTOP)))
                .isEqualTo(new WindowBounds(0, 27, 1440, 873));
    }

    @Test
    void theBoundsAreKeptInTheSettingsFile() throws Exception {
        Path dir = Files.createTempDirectory("kubeha-settings");
        UiSettings.Store store = new UiSettings.Store(dir.resolve("settings.json"));
        store.write(new UiSettings(Language.ENGLISH, Theme.DARK, new WindowBounds(40.4, 57, 1360, 813)));
        assertThat(Files.readString(store.file())).isEqualTo("""
                {
                  "language" : "en",
                  "theme" : "dark",
                  "window" : {
                    "x" : 40,
                    "y" : 57,
                    "width" : 1360,
                    "height" : 813
                  }
                }""");
        assertThat(store.read(Locale.ENGLISH)).isEqualTo(new UiSettings(Language.ENGLISH, Theme.DARK,
                new WindowBounds(40, 57, 1360, 813)));
        store.write(new UiSettings(Language.ENGLISH, Theme.LIGHT));
        assertThat(store.read(Locale.ENGLISH).window()).as("kept when only the theme changes")
                .isEqualTo(new WindowBounds(40, 57, 1360, 813));
    }
}
