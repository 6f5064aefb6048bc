package dev.kubeha.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.List;

/** Reads generated YAML back, as a consumer would. */
final class YamlParse {
    private static final YAMLMapper MAPPER = new YAMLMapper();

    private YamlParse() {
    }

    static List<JsonNode> documents(NodeFile file) throws IOException {
        try (MappingIterator<JsonNode> it = MAPPER.readerFor(JsonNode.class).readValues(file.text())) {
            return it.readAll();
        }
    }

    static JsonNode single(NodeFile file) throws IOException {
        List<JsonNode> docs = documents(file);
        if (docs.size() != 1) {
            throw new AssertionError(file.path() + " holds " + docs.size() + " documents");
        }
        return docs.get(0);
    }
}
