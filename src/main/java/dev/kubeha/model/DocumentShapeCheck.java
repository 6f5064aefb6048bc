package dev.kubeha.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Walks a cluster document against the shape of the model's records and reports what does not
 * fit, with the field's path and line: unknown fields, values outside a closed set, wrong types.
 * It runs on the token stream itself because Jackson may buffer an object's properties and then
 * no longer knows where they were.
 */
final class DocumentShapeCheck {
    private final JsonParser parser;
    private final List<Problem> problems = new ArrayList<>();

    private DocumentShapeCheck(JsonParser parser) {
        this.parser = parser;
    }

    /** The parser must be positioned on the document's first token. */
    static List<Problem> check(JsonParser parser, Class<?> root) throws IOException {
        DocumentShapeCheck check = new DocumentShapeCheck(parser);
        check.value(root, "");
        return check.problems;
    }

    private void value(Type type, String path) throws IOException {
        JsonToken t = parser.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        Class<?> raw = raw(type);
        if (raw.isRecord()) {
            if (t != JsonToken.START_OBJECT) {
                mismatch(path, "an object", t);
                return;
            }
            object(raw, path);
        } else if (List.class.isAssignableFrom(raw)) {
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            if (t == JsonToken.START_ARRAY) {
                int index = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    value(element, path + "[" + index++ + "]");
                }
            } else {
                // A single value stands for a list of one, as in "roles": "worker".
                value(element, path);
            }
        } else if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            mismatch(path, describe(raw), t);
            parser.skipChildren();
        } else {
            scalar(raw, path, t);
        }
    }

    private void object(Class<?> record, String path) throws IOException {
        RecordComponent[] components = record.getRecordComponents();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            int line = parser.currentTokenLocation().getLineNr();
            String fieldPath = path.isEmpty() ? name : path + "." + name;
            parser.nextToken();
            RecordComponent component = Arrays.stream(components)
                    .filter(c -> c.getName().equals(name)).findFirst().orElse(null);
            if (component == null) {
                problems.add(Problem.error(fieldPath, "unknown field \"" + name + "\"" + at(line),
                        suggestion(name, components)));
                parser.skipChildren();
            } else {
                value(component.getGenericType(), fieldPath);
            }
        }
    }

    private void scalar(Class<?> type, String path, JsonToken t) throws IOException {
        String text = parser.getText();
        if (type.isEnum() && WireNamed.class.isAssignableFrom(type)) {
            List<String> allowed = Arrays.stream(type.getEnumConstants()).map(c -> ((WireNamed) c).wireName()).toList();
            if (!allowed.contains(text)) {
                problems.add(Problem.error(path, "\"" + text + "\" is not one of " + String.join(", ", allowed), null));
            }
        } else if (type == Integer.class && !(t == JsonToken.VALUE_NUMBER_INT
                || (t == JsonToken.VALUE_STRING && text.matches("-?\\d{1,9}")))) {
            problems.add(Problem.error(path, quoteIfText(t, text) + " is not a whole number", null));
        } else if (type == Boolean.class && !(t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE
                || (t == JsonToken.VALUE_STRING && (text.equals("true") || text.equals("false"))))) {
            problems.add(Problem.error(path, quoteIfText(t, text) + " is not true or false", null));
        }
    }

    private void mismatch(String path, String expected, JsonToken found) {
        problems.add(Problem.error(path, "expected " + expected + ", found " + describe(found)
                + at(parser.currentTokenLocation().getLineNr()), null));
    }

    private static String at(int line) {
        return line > 0 ? " (line " + line + ")" : "";
    }

    private static String quoteIfText(JsonToken t, String text) {
        return t == JsonToken.VALUE_STRING ? "\"" + text + "\"" : text;
    }

    private static Class<?> raw(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class) {
            return "a whole number";
        }
        if (type == Boolean.class) {
            return "true or false";
        }
        return "a string";
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "a list";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            default -> t.name();
        };
    }

    private static String suggestion(String name, RecordComponent[] components) {
        List<String> names = Arrays.stream(components).map(RecordComponent::getName).sorted().toList();
        String lower = name.toLowerCase(Locale.ROOT);
        String closest = names.stream()
                .min(Comparator.comparingInt(k -> distance(k.toLowerCase(Locale.ROOT), lower)))
                .orElseThrow();
        if (distance(closest.toLowerCase(Locale.ROOT), lower) <= 2) {
            return "did you mean \"" + closest + "\"?";
        }
        return "known fields here: " + names.stream().collect(Collectors.joining(", "));
    }

    /** Levenshtein distance, for "did you mean". */
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
