package dev.kubeha.ui;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.scene.image.Image;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;

/** The window's icon loads from the class path in every size (headless, on Monocle). */
@ExtendWith(ApplicationExtension.class)
class WindowIconTest {
    @Test
    void everySizeLoads() {
        assertThat(KubehaApp.icons()).noneMatch(Image::isError)
                .extracting(Image::getWidth).containsExactly(16.0, 24.0, 32.0, 48.0, 64.0, 128.0, 256.0);
    }
}
