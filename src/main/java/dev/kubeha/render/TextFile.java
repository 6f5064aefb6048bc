package dev.kubeha.render;

/** A plain-text config file built line by line; every line ends with a newline. */
final class TextFile {
    private final StringBuilder text = new StringBuilder();
    private final String commentPrefix;

    TextFile(String commentPrefix) {
        this.commentPrefix = commentPrefix;
    }

    TextFile line(String line) {
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a line with a line break");
        }
        text.append(line).append('\n');
        return this;
    }

    TextFile comment(String comment) {
        return line(commentPrefix + " " + comment);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
