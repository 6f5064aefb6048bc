package dev.kubeha.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
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
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/** Reads and writes {@code cluster.json} (and reads the same document as YAML). */
public final class ClusterFiles {

    public enum Format { JSON, YAML }

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .build();

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
        ObjectMapper mapper = format == Format.YAML ? YAML : JSON;
        ProblemCollector collector = new ProblemCollector();
        ObjectReader reader = mapper.readerFor(Cluster.class).withHandler(collector);
        try (JsonParser parser = mapper.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new ClusterFileException(source + ": the file is empty");
            }
            if (first != JsonToken.START_OBJECT) {
                throw new ClusterFileException(source + ": " + where(parser.currentTokenLocation())
                        + "expected an object with apiVersion, kind, name, nodes, ...");
            }
            Cluster cluster = reader.readValue(parser);
            if (parser.nextToken() != null) {
                throw new ClusterFileException(source + ": " + where(parser.currentTokenLocation())
                        + "unexpected content after the end of the document");
            }
            return new ParsedCluster(cluster, collector.problems(lineIndex(mapper, text)));
        } catch (JsonProcessingException e) {
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

    private static String firstLine(String message) {
        if (message == null) {
            return "not valid JSON/YAML";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** {@code nodes[3].ssh.port} for the parser's current position. */
    static String pathOf(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.push("[" + Math.max(c.getCurrentIndex(), 0) + "]");
            } else if (c.getCurrentName() != null) {
                parts.push(c.getCurrentName());
            }
        }
        StringBuilder path = new StringBuilder();
        for (String part : parts) {
            if (!part.startsWith("[") && path.length() > 0) {
                path.append('.');
            }
            path.append(part);
        }
        return path.toString();
    }

    /** The line of every field in the document, by path, from one streaming pass. */
    private static Map<String, Integer> lineIndex(ObjectMapper mapper, String text) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser p = mapper.createParser(text)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME) {
                    lines.putIfAbsent(pathOf(p.getParsingContext()), p.currentTokenLocation().getLineNr());
                } else if (p.getParsingContext().inArray()) {
                    lines.putIfAbsent(pathOf(p.getParsingContext()), p.currentTokenLocation().getLineNr());
                }
            }
        }
        return lines;
    }

    /** The context of the field whose value the parser is on (for a container value, its parent). */
    private static JsonStreamContext fieldContext(JsonParser p) {
        JsonStreamContext c = p.getParsingContext();
        JsonToken t = p.currentToken();
        return (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) && c.getParent() != null ? c.getParent() : c;
    }

    /** Records what Jackson would otherwise fail on, and lets it go on with a null value. */
    private static final class ProblemCollector extends DeserializationProblemHandler {
        /** A problem whose message still needs the line of its field, known only after reading. */
        private record Found(String path, IntFunction<Problem> withLine) {
        }

        private final List<Found> found = new ArrayList<>();

        List<Problem> problems(Map<String, Integer> lines) {
            return found.stream().map(f -> f.withLine().apply(lines.getOrDefault(f.path(), 0))).toList();
        }

        private void add(Problem problem) {
            found.add(new Found(problem.path(), line -> problem));
        }

        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                                             Object beanOrClass, String propertyName) throws IOException {
            String path = pathOf(fieldContext(p));
            String hint = suggestion(propertyName, deserializer.getKnownPropertyNames());
            // Jackson may hand us a buffered copy of the input without locations: the line is looked up later.
            found.add(new Found(path, line -> Problem.error(path,
                    "unknown field \"" + propertyName + "\"" + (line > 0 ? " (line " + line + ")" : ""), hint)));
            p.skipChildren();
            return true;
        }

        @Override
        public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String value,
                                             String failureMsg) {
            JsonParser p = ctxt.getParser();
            String path = pathOf(fieldContext(p));
            if (targetType.isEnum() && WireNamed.class.isAssignableFrom(targetType)) {
                String allowed = Arrays.stream(targetType.getEnumConstants())
                        .map(c -> ((WireNamed) c).wireName()).collect(Collectors.joining(", "));
                add(Problem.error(path, "\"" + value + "\" is not one of " + allowed, null));
            } else {
                add(Problem.error(path, "\"" + value + "\" is not " + describe(targetType), null));
            }
            return null;
        }

        @Override
        public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number value,
                                             String failureMsg) {
            String path = pathOf(fieldContext(ctxt.getParser()));
            add(Problem.error(path, value + " is not " + describe(targetType), null));
            return null;
        }

        @Override
        public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t,
                                            JsonParser p, String failureMsg) throws IOException {
            String path = pathOf(fieldContext(p));
            String message = "expected " + describe(targetType.getRawClass()) + ", found " + describe(t);
            found.add(new Found(path, line -> Problem.error(path, message + (line > 0 ? " (line " + line + ")" : ""), null)));
            p.skipChildren();
            return null;
        }

        private static String describe(Class<?> type) {
            if (type == String.class) {
                return "a string";
            }
            if (type == Integer.class || type == int.class || type == Long.class) {
                return "a whole number";
            }
            if (type == Boolean.class || type == boolean.class) {
                return "true or false";
            }
            if (List.class.isAssignableFrom(type)) {
                return "a list";
            }
            if (type.isEnum()) {
                return "a string";
            }
            return "an object";
        }

        private static String describe(JsonToken t) {
            return switch (t) {
                case START_OBJECT -> "an object";
                case START_ARRAY -> "a list";
                case VALUE_STRING -> "a string";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                case VALUE_NULL -> "null";
                default -> t.asString() == null ? t.name() : t.asString();
            };
        }

        private static String suggestion(String name, Collection<Object> known) {
            if (known == null || known.isEmpty()) {
                return null;
            }
            List<String> names = known.stream().map(String::valueOf).sorted().toList();
            String closest = names.stream()
                    .min(Comparator.comparingInt(k -> distance(k.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT))))
                    .orElseThrow();
            if (distance(closest.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT)) <= 2) {
                return "did you mean \"" + closest + "\"?";
            }
            return "known fields here: " + String.join(", ", names);
        }

        private static int distance(String a, String b) {
            int[] prev = new int[b.length() + 1];
            int[] cur = new int[b.length() + 1];
            for (int j = 0; j <= b.length(); j++) {
                prev[j] = j;
            }
            for (int i = 1; i <= a.length(); i++) {
                cur[0] = i;
                for (int j = 1; j <= b.length(); j++) {
                    int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                    cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                }
                int[] swap = prev;
                prev = cur;
                cur = swap;
            }
            return prev[b.length()];
        }
    }
}
