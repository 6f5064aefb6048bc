package dev.kubeha.plan;

import java.util.regex.Pattern;

/** Validation of absolute paths on a node. */
public final class RemotePath {
    // Letters, digits and a few punctuation marks: no white space, quotes, globs or '..'. A colon
    // for containerd's registry directories (certs.d/registry.example:5000/); paths always reach a
    // shell quoted and the node through SFTP, never as scp's or tar's host:path.
    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._@+:-]+)+");

    private RemotePath() {
    }

    public static boolean isValid(String path) {
        if (path == null || !PATH.matcher(path).matches()) {
            return false;
        }
        for (String part : path.substring(1).split("/")) {
            if (part.equals(".") || part.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** The path, or an exception naming it. */
    public static String require(String path) {
        if (!isValid(path)) {
            throw new IllegalArgumentException("not a plain absolute path: " + path);
        }
        return path;
    }

    public static String parent(String path) {
        int i = require(path).lastIndexOf('/');
        return i == 0 ? "/" : path.substring(0, i);
    }

    public static String fileName(String path) {
        return require(path).substring(path.lastIndexOf('/') + 1);
    }
}
