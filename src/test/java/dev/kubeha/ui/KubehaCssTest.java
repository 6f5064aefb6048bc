package dev.kubeha.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import javafx.css.CssParser;
import org.junit.jupiter.api.Test;

/**
 * kubeha.css parses without an error: JavaFX only logs a CSS syntax error and drops what follows
 * up to the next closing brace, so an unclosed rule silently loses the rules after it.
 */
class KubehaCssTest {
    @Test
    void theStylesheetParsesWithoutErrors() throws Exception {
        URL css = KubehaApp.class.getResource("kubeha.css");
        CssParser.errorsProperty().clear();

        var sheet = new CssParser().parse(css);

        assertThat(CssParser.errorsProperty()).extracting(Object::toString).isEmpty();
        assertThat(sheet.getRules()).anySatisfy(rule -> assertThat(rule.getSelectors().toString())
                .contains("install-window").contains("checkpoint"));
    }
}
