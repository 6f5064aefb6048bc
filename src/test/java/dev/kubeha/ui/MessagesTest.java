package dev.kubeha.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class MessagesTest {
    /** The same in both languages: names, commands and examples, not words. */
    private static final Set<String> SAME_IN_CHINESE = Set.of("app.title", "wizard.page.etcd", "etcd.heading",
            "lb.endpointPrompt", "graph.zoomReset", "finish.nodes", "hosts.probe.sudo.ROOT", "hosts.col.role.etcd");

    /** The file itself, not the bundle: a bundle answers a missing key from its English parent. */
    private static Properties file(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = KubehaApp.class.getResourceAsStream(name)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void everyKeyHasAChineseTranslation() throws IOException {
        Properties en = file("messages.properties");
        Properties zh = file("messages_zh_CN.properties");
        assertThat(new TreeSet<>(zh.stringPropertyNames())).as("keys only in Chinese")
                .isSubsetOf(en.stringPropertyNames());
        Set<String> missing = new TreeSet<>(en.stringPropertyNames());
        missing.removeAll(zh.stringPropertyNames());
        assertThat(missing).as("keys without a Chinese text").isEmpty();
        Set<String> untranslated = new TreeSet<>();
        for (String key : en.stringPropertyNames()) {
            if (zh.getProperty(key).isBlank() || (zh.getProperty(key).equals(en.getProperty(key)) && !SAME_IN_CHINESE.contains(key))) {
                untranslated.add(key);
            }
        }
        assertThat(untranslated).as("keys whose Chinese text is the English one").isEmpty();
        ResourceBundle bundle = KubehaApp.messages(Locale.SIMPLIFIED_CHINESE);
        assertThat(bundle.getLocale()).isEqualTo(Locale.SIMPLIFIED_CHINESE);
        assertThat(bundle.getString("severity.error")).isEqualTo("错误");
    }

    @Test
    void countsOfOneAreSingularInEnglish() {
        ResourceBundle en = KubehaApp.messages(Locale.ENGLISH);
        assertThat(dev.kubeha.ui.fx.Plurals.format(en, "check.valid", 1, 1)).isEqualTo("The cluster is valid (1 warning).");
        assertThat(dev.kubeha.ui.fx.Plurals.format(en, "check.valid", 2, 2)).isEqualTo("The cluster is valid (2 warnings).");
        assertThat(dev.kubeha.ui.fx.Plurals.format(en, "plan.task", 1, 3, "etcd0/install", "Install etcd", "", 1))
                .isEqualTo("3. etcd0/install \u2014 Install etcd (1 step)");
        assertThat(dev.kubeha.ui.fx.Plurals.count(en, "count.workers", 1)).isEqualTo("1 worker");
        assertThat(dev.kubeha.ui.fx.Plurals.count(en, "count.errors", 0)).isEqualTo("0 errors");
        ResourceBundle zh = KubehaApp.messages(Locale.SIMPLIFIED_CHINESE);
        assertThat(dev.kubeha.ui.fx.Plurals.format(zh, "check.valid", 1, 1)).isEqualTo("集群配置有效（1 个警告）。");
    }
}
