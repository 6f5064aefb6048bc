package dev.kubeha.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;

class MessagesTest {

    @Test
    void theChineseBundleHasEveryKey() {
        ResourceBundle en = KubehaApp.messages(Locale.ENGLISH);
        ResourceBundle zh = KubehaApp.messages(Locale.SIMPLIFIED_CHINESE);
        assertThat(zh.getLocale()).isEqualTo(Locale.SIMPLIFIED_CHINESE);
        for (String key : en.keySet()) {
            assertThat(zh.getString(key)).as(key).isNotBlank();
        }
        assertThat(zh.getString("severity.error")).isEqualTo("错误");
    }
}
