package dev.kubeha.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * The part of the POSIX shell language that kubeha's commands use, parsed the way {@code sh -c}
 * reads it: words with single quotes, double quotes and backslashes; lists joined by {@code &&},
 * {@code ||} and {@code ;}; groups {@code { ...; }}; and the redirections {@code >/dev/null},
 * {@code 2>/dev/null} and {@code 2>&1}. Anything else (pipes, expansions, redirections to files) is
 * a {@link SyntaxException}: a simulated host does not pretend to run what it cannot.
 */
final class ShellSyntax {

    /** A parsed command line. */
    sealed interface Node permits Simple, Group, List2 {
    }

    /** A redirection: {@code fd} (1 or 2) to /dev/null, or (for 2>&1) to the other stream. */
    record Redirect(int fd, boolean toDevNull, int dupOf) {
    }

    /** One program with its arguments. */
    record Simple(List<String> argv, List<Redirect> redirects) implements Node {
    }

    /** {@code { list; }} with its redirections. */
    record Group(Node body, List<Redirect> redirects) implements Node {
    }

    /** {@code left OP right} where OP is {@code &&}, {@code ||} or {@code ;}. */
    record List2(Node left, String op, Node right) implements Node {
    }

    static final class SyntaxException extends Exception {
        SyntaxException(String message) {
            super(message);
        }
    }

    private record Token(String text, boolean operator) {
    }

    private final List<Token> tokens;
    private int next;

    private ShellSyntax(List<Token> tokens) {
        this.tokens = tokens;
    }

    static Node parse(String line) throws SyntaxException {
        ShellSyntax p = new ShellSyntax(tokenize(line));
        if (p.tokens.isEmpty()) {
            throw new SyntaxException("empty command");
        }
        Node n = p.list(false);
        if (p.next < p.tokens.size()) {
            throw new SyntaxException("syntax error near unexpected token `" + p.tokens.get(p.next).text() + "'");
        }
        return n;
    }

    private Node list(boolean inGroup) throws SyntaxException {
        Node left = command();
        while (next < tokens.size()) {
            Token t = tokens.get(next);
            if (!t.operator() || !(t.text().equals("&&") || t.text().equals("||") || t.text().equals(";"))) {
                break;
            }
            next++;
            if (t.text().equals(";") && (next >= tokens.size() || isWord("}") && inGroup)) {
                break; // a trailing ';' ends the list
            }
            left = new List2(left, t.text(), command());
        }
        return left;
    }

    private boolean isWord(String text) {
        return next < tokens.size() && !tokens.get(next).operator() && tokens.get(next).text().equals(text);
    }

    private Node command() throws SyntaxException {
        if (next >= tokens.size()) {
            throw new SyntaxException("syntax error: unexpected end of command");
        }
        if (isWord("{")) {
            next++;
            Node body = list(true);
            if (!isWord("}")) {
                throw new SyntaxException("syntax error: missing `}'");
            }
            next++;
            return new Group(body, redirects());
        }
        List<String> argv = new ArrayList<>();
        List<Redirect> redirects = new ArrayList<>();
        while (next < tokens.size()) {
            Token t = tokens.get(next);
            if (t.operator()) {
                if (t.text().startsWith("redirect:")) {
                    redirects.add(redirect(t.text()));
                    next++;
                    continue;
                }
                break;
            }
            argv.add(t.text());
            next++;
        }
        if (argv.isEmpty()) {
            throw new SyntaxException("syntax error: a command is missing");
        }
        return new Simple(List.copyOf(argv), List.copyOf(redirects));
    }

    private List<Redirect> redirects() throws SyntaxException {
        List<Redirect> out = new ArrayList<>();
        while (next < tokens.size() && tokens.get(next).text().startsWith("redirect:")) {
            out.add(redirect(tokens.get(next++).text()));
        }
        return List.copyOf(out);
    }

    private static Redirect redirect(String token) throws SyntaxException {
        String r = token.substring("redirect:".length());
        return switch (r) {
            case ">/dev/null", "1>/dev/null" -> new Redirect(1, true, 0);
            case "2>/dev/null" -> new Redirect(2, true, 0);
            case "2>&1" -> new Redirect(2, false, 1);
            case "1>&2", ">&2" -> new Redirect(1, false, 2);
            default -> throw new SyntaxException("redirection " + r + " is not simulated");
        };
    }

    private static List<Token> tokenize(String line) throws SyntaxException {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n') {
                i++;
                continue;
            }
            if (line.startsWith("&&", i) || line.startsWith("||", i)) {
                out.add(new Token(line.substring(i, i + 2), true));
                i += 2;
                continue;
            }
            if (c == ';') {
                out.add(new Token(";", true));
                i++;
                continue;
            }
            if (c == '|' || c == '&' || c == '<' || c == '(' || c == ')' || c == '`') {
                throw new SyntaxException("`" + c + "' is not simulated");
            }
            // A redirection: [fd]>target or [fd]>&fd, the target attached or the next word.
            int fdEnd = i;
            while (fdEnd < n && Character.isDigit(line.charAt(fdEnd))) {
                fdEnd++;
            }
            if (fdEnd < n && line.charAt(fdEnd) == '>') {
                int j = fdEnd + 1;
                if (j < n && line.charAt(j) == '>') {
                    throw new SyntaxException("`>>' is not simulated");
                }
                while (j < n && line.charAt(j) == ' ') {
                    j++;
                }
                int end = j;
                while (end < n && " \t\n;&|".indexOf(line.charAt(end)) < 0) {
                    end++;
                }
                if (line.startsWith("&", j)) {
                    end = j + 1;
                    while (end < n && Character.isDigit(line.charAt(end))) {
                        end++;
                    }
                }
                out.add(new Token("redirect:" + line.substring(i, fdEnd + 1) + line.substring(j, end), true));
                i = end;
                continue;
            }
            StringBuilder word = new StringBuilder();
            while (i < n) {
                c = line.charAt(i);
                if (c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '|' || c == '&' || c == '<' || c == '>') {
                    break;
                }
                if (c == '\'') {
                    int close = line.indexOf('\'', i + 1);
                    if (close < 0) {
                        throw new SyntaxException("unterminated quoted string");
                    }
                    word.append(line, i + 1, close);
                    i = close + 1;
                } else if (c == '"') {
                    i++;
                    while (i < n && line.charAt(i) != '"') {
                        char d = line.charAt(i);
                        if (d == '$' || d == '`') {
                            throw new SyntaxException("expansions are not simulated");
                        }
                        if (d == '\\' && i + 1 < n && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                            i++;
                        }
                        word.append(line.charAt(i++));
                    }
                    if (i >= n) {
                        throw new SyntaxException("unterminated quoted string");
                    }
                    i++;
                } else if (c == '\\' && i + 1 < n) {
                    word.append(line.charAt(i + 1));
                    i += 2;
                } else if (c == '$' || c == '`' || c == '*' || c == '?') {
                    throw new SyntaxException("expansions are not simulated");
                } else {
                    word.append(c);
                    i++;
                }
            }
            out.add(new Token(word.toString(), false));
        }
        return out;
    }
}
