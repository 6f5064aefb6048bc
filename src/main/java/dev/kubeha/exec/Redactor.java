package dev.kubeha.exec;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in text before it reaches an event, a log line, the journal or an exception
 * message. Knows the shapes of kubeadm's secrets (bootstrap tokens, certificate keys, PEM private
 * keys, {@code password=...}) and any literal registered at run time (passwords, passphrases).
 * Thread-safe.
 */
public final class Redactor {
    public static final String MASK = "<redacted>";
    /** Shorter literals are not registered: masking every "abc" would garble all output. */
    public static final int MIN_SECRET_LENGTH = 4;

    // The token id (first 6 characters) is public: kubeadm prints it; the secret part is masked.
    private static final Pattern BOOTSTRAP_TOKEN = Pattern.compile("\\b([a-z0-9]{6})\\.[a-z0-9]{16}\\b");
    // A certificate key is 64 hex digits; a "sha256:" prefix marks a public hash (discovery hash, image digest).
    private static final Pattern CERTIFICATE_KEY = Pattern.compile("(?<![0-9a-fA-F:])(?<!sha256:)[0-9a-f]{64}(?![0-9a-fA-F])");
    private static final Pattern PEM_BLOCK = Pattern.compile(
            "(-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----).*?(-----END \\2PRIVATE KEY-----|\\z)", Pattern.DOTALL);
    private static final Pattern PEM_BEGIN = Pattern.compile("-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----");
    private static final Pattern PEM_END = Pattern.compile("-----END [A-Z0-9 ]*PRIVATE KEY-----");
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)\\b(password|passwd|passphrase|secret|token|certificate-key|certificateKey)(\"?\\s*[=:]\\s*)(\"[^\"]*\"|'[^']*'|[^\\s\"',]+)");

    private final Set<String> literals = new CopyOnWriteArraySet<>();

    /** Registers a secret value to mask wherever it appears. Values shorter than {@value #MIN_SECRET_LENGTH} are ignored. */
    public void register(String secret) {
        if (secret != null && secret.length() >= MIN_SECRET_LENGTH) {
            literals.add(secret);
        }
    }

    public void register(char[] secret) {
        if (secret != null) {
            register(new String(secret));
        }
    }

    /** The text with every known secret masked. Handles multi-line text (PEM blocks). */
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        // Longest first, so that a secret containing another is masked whole.
        List<String> sorted = literals.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        for (String literal : sorted) {
            out = out.replace(literal, MASK);
        }
        out = PEM_BLOCK.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK
                + (m.group(3).isEmpty() ? "" : m.group(3))));
        out = BOOTSTRAP_TOKEN.matcher(out).replaceAll("$1." + MASK);
        out = KEY_VALUE.matcher(out).replaceAll(m -> Matcher.quoteReplacement(
                m.group(3).equals(MASK) || m.group(3).startsWith(MASK) ? m.group() : m.group(1) + m.group(2) + MASK));
        out = CERTIFICATE_KEY.matcher(out).replaceAll(MASK);
        return out;
    }

    /**
     * A filter for one stream of lines: besides {@link #redact(String)}, it hides every line between
     * the BEGIN and END lines of a private key, which a per-line pattern cannot see.
     */
    public LineFilter lineFilter() {
        return new LineFilter();
    }

    /** Stateful per stream; not thread-safe (one stream is read by one thread). */
    public final class LineFilter {
        private boolean insidePrivateKey;

        public String apply(String line) {
            if (insidePrivateKey) {
                if (PEM_END.matcher(line).find()) {
                    insidePrivateKey = false;
                    return line.substring(PEM_END.matcher(line).results().findFirst().orElseThrow().start());
                }
                return MASK;
            }
            Matcher begin = PEM_BEGIN.matcher(line);
            if (begin.find() && !PEM_END.matcher(line).find()) {
                insidePrivateKey = true;
                return redact(line.substring(0, begin.end()));
            }
            return redact(line);
        }
    }
}
