package dev.kubeha.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/** Reads and writes {@code cluster.json} (and reads the same document as YAML). */
public final class ClusterFiles {

    public enum Format { JSON, YAML }

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .build();
    /** Made on first use: a cluster.json run never loads the YAML parser (some 70 classes). */
    private static final class Yaml {
        static final YAMLMapper MAPPER = YAMLMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .build();
    }

    private ClusterFiles() {
    }

    public static Format formatOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml") ? Format.YAML : Format.JSON;
    }

    /**
     * Reads a cluster file.
     *
     * @throws ClusterFileException when the file cannot be read or is not JSON/YAML; the message
     *                              names the file and, for syntax errors, the line and column
     */
    public static ParsedCluster read(Path file) throws ClusterFileException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ClusterFileException(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new ClusterFileException(file + ": permission denied");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new ClusterFileException(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new ClusterFileException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(text, formatOf(file), file.toString());
    }

    /** Parses a cluster document; {@code source} names it in error messages. */
    public static ParsedCluster parse(String text, Format format, String source) throws ClusterFileException {
        ObjectMapper mapper = format == Format.YAML ? Yaml.MAPPER : JSON;
        ObjectReader reader = mapper.readerFor(Cluster.class).withHandler(new LenientHandler());
        try (JsonParser parser = mapper.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new ClusterFileException(source + ": the file is empty");
            }
            if (first != JsonToken.START_OBJECT) {
                throw new ClusterFileException(source + ": " + where(parser.currentTokenLocation())
                        + "expected an object with apiVersion, kind, name, nodes, ...");
            }
            List<Problem> problems = DocumentShapeCheck.check(parser, Cluster.class);
            if (parser.nextToken() != null) {
                throw new ClusterFileException(source + ": " + where(parser.currentTokenLocation())
                        + "unexpected content after the end of the document");
            }
            Cluster cluster = reader.readValue(text);
            return new ParsedCluster(cluster, problems);
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException yaml) {
                throw new ClusterFileException(source + ": " + where(e.getLocation()) + describe(yaml));
            }
            throw new ClusterFileException(source + ": " + where(e.getLocation()) + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ClusterFileException(source + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The cluster as JSON, in the field order of DESIGN.md, without nulls. */
    public static String toJson(Cluster cluster) {
        try {
            return JSON.writeValueAsString(cluster) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the cluster", e);
        }
    }

    /** Writes the cluster as JSON, atomically: a reader sees the old file or the new one. */
    public static void write(Cluster cluster, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, toJson(cluster), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return "line " + location.getLineNr() + ", column " + location.getColumnNr() + ": ";
    }

    /** SnakeYAML's problem first, then what it was parsing and where that started. */
    private static String describe(org.yaml.snakeyaml.error.MarkedYAMLException e) {
        String problem = e.getProblem() != null ? e.getProblem() : "not valid YAML";
        if (e.getContext() == null || e.getContextMark() == null) {
            return problem;
        }
        return problem + " (" + e.getContext() + " that starts on line " + (e.getContextMark().getLine() + 1) + ")";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "not valid JSON/YAML";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /**
     * Lets Jackson go on past what {@link DocumentShapeCheck} reports: the field keeps its default.
     */
    private static final class LenientHandler extends DeserializationProblemHandler {
        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                                             Object beanOrClass, String propertyName) throws IOException {
            p.skipChildren();
            return true;
        }

        @Override
        public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String value,
                                             String failureMsg) {
            return null;
        }

        @Override
        public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number value,
                                             String failureMsg) {
            return null;
        }

        @Override
        public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t,
                                            JsonParser p, String failureMsg) throws IOException {
            p.skipChildren();
            return null;
        }

        @Override
        public Object handleMissingInstantiator(DeserializationContext ctxt, Class<?> instClass,
                                                ValueInstantiator valueInsts, JsonParser p, String msg) {
            return null;
        }
    }
}
