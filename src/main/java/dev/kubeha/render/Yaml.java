package dev.kubeha.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Every YAML file kubeha writes goes through here, from typed objects: the seed guide's
 * hand-indented static pod was invalid YAML, and a generator cannot mis-indent.
 */
final class Yaml {
    /** One document per file: no {@code ---}. */
    private static final YAMLMapper SINGLE = mapper(false);
    /** A stream of documents: each opens with {@code ---}. */
    private static final YAMLMapper STREAM = mapper(true);

    private static YAMLMapper mapper(boolean documentStartMarker) {
        YAMLFactory factory = YAMLFactory.builder()
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                // "1.30" or "0600" must stay strings for the Go readers.
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                .configure(YAMLGenerator.Feature.WRITE_DOC_START_MARKER, documentStartMarker)
                .build();
        return YAMLMapper.builder(factory)
                .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
                .build();
    }

    private Yaml() {
    }

    /** One document, without a leading {@code ---}. */
    static String document(Object value) {
        try {
            return SINGLE.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write YAML for " + value.getClass().getSimpleName(), e);
        }
    }

    /** Several documents, each starting with {@code ---}, as kubeadm reads a multi-kind config. */
    static String documents(List<?> values) {
        StringWriter out = new StringWriter();
        try (SequenceWriter seq = STREAM.writer().writeValues(out)) {
            for (Object v : values) {
                seq.write(v);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
