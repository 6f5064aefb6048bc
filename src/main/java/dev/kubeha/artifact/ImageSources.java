package dev.kubeha.artifact;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where container images are pulled from: each upstream registry itself, or the mirror the user
 * names with {@code --image-mirror FROM=TO} (FROM a registry host such as {@code registry.k8s.io},
 * TO {@code host[:port][/path-prefix]}), over HTTPS unless the endpoint's {@code host[:port]} was
 * given with {@code --insecure-registry}. Without a mirror, {@code docker.io} is pulled from
 * {@code registry-1.docker.io}, as containerd does.
 */
public final class ImageSources {
    private static final String MIRROR_EXAMPLE = "e.g. registry.k8s.io=mirror.example:5000";
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");
    private static final Pattern PATH = Pattern.compile("[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*");

    /**
     * Where one registry's images are pulled from.
     *
     * @param host     {@code host[:port]} the client connects to
     * @param prefix   a path put before every repository ({@code ""} for none)
     * @param insecure whether plain HTTP is used ({@code --insecure-registry})
     */
    public record Endpoint(String host, String prefix, boolean insecure) {
        /** {@code repository} as it is named on this endpoint. */
        public String repository(String repository) {
            return prefix.isEmpty() ? repository : prefix + "/" + repository;
        }
    }

    private final Map<String, String> mirrors;
    private final Set<String> insecure;

    private ImageSources(Map<String, String> mirrors, Set<String> insecure) {
        this.mirrors = Map.copyOf(mirrors);
        this.insecure = Set.copyOf(insecure);
    }

    /** No mirrors and no plain HTTP: every image comes from its own registry over HTTPS. */
    public static ImageSources none() {
        return new ImageSources(Map.of(), Set.of());
    }

    /**
     * @param mirrors  the values of {@code --image-mirror}, each {@code FROM=TO}
     * @param insecure the values of {@code --insecure-registry}, each {@code HOST[:PORT]}
     * @throws IllegalArgumentException a value is malformed; the message names the option and the value
     */
    public static ImageSources parse(List<String> mirrors, List<String> insecure) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String value : mirrors == null ? List.<String>of() : mirrors) {
            String text = value == null ? "" : value.trim();
            int eq = text.indexOf('=');
            if (eq <= 0 || eq == text.length() - 1) {
                throw new IllegalArgumentException("--image-mirror " + text + ": expected FROM=TO, " + MIRROR_EXAMPLE);
            }
            String from = text.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String to = text.substring(eq + 1).trim();
            if (to.contains("://")) {
                throw new IllegalArgumentException("--image-mirror " + text + ": TO is host[:port][/path] without a scheme ("
                        + MIRROR_EXAMPLE + "); for plain HTTP add --insecure-registry " + hostOf(to.substring(to.indexOf("://") + 3)));
            }
            if (!isHostPort(from)) {
                throw new IllegalArgumentException("--image-mirror " + text + ": FROM must be a registry host such as"
                        + " registry.k8s.io or docker.io, without a path");
            }
            String host = hostOf(to);
            String path = to.length() > host.length() ? to.substring(host.length() + 1) : "";
            if (!isHostPort(host) || (!path.isEmpty() && !PATH.matcher(path).matches())) {
                throw new IllegalArgumentException("--image-mirror " + text + ": TO must be host[:port][/path] with a"
                        + " lower-case path, " + MIRROR_EXAMPLE);
            }
            if (map.putIfAbsent(from, host.toLowerCase(Locale.ROOT) + (path.isEmpty() ? "" : "/" + path)) != null) {
                throw new IllegalArgumentException("--image-mirror " + from + " is given twice: give one mirror per registry");
            }
        }
        Set<String> plain = new LinkedHashSet<>();
        for (String value : insecure == null ? List.<String>of() : insecure) {
            String text = value == null ? "" : value.trim();
            if (!isHostPort(text)) {
                throw new IllegalArgumentException("--insecure-registry " + text
                        + ": expected HOST[:PORT] without a scheme or path, e.g. mirror.example:5000");
            }
            plain.add(text.toLowerCase(Locale.ROOT));
        }
        return new ImageSources(map, plain);
    }

    /** Where images of {@code registry} (as written in a reference, e.g. {@code docker.io}) are pulled from. */
    public Endpoint endpoint(String registry) {
        String key = registry.toLowerCase(Locale.ROOT);
        String to = mirrors.get(key);
        if (to == null) {
            String host = key.equals("docker.io") ? "registry-1.docker.io" : key;
            return new Endpoint(host, "", isInsecure(host));
        }
        String host = hostOf(to);
        return new Endpoint(host, to.length() > host.length() ? to.substring(host.length() + 1) : "", isInsecure(host));
    }

    /** Whether plain HTTP is allowed for {@code hostPort} ({@code --insecure-registry}). */
    public boolean isInsecure(String hostPort) {
        return insecure.contains(hostPort.toLowerCase(Locale.ROOT));
    }

    /** FROM → TO as given, in order. */
    public Map<String, String> mirrors() {
        return mirrors;
    }

    /** The {@code --insecure-registry} values. */
    public List<String> insecureRegistries() {
        return new ArrayList<>(insecure);
    }

    private static String hostOf(String hostPortPath) {
        int slash = hostPortPath.indexOf('/');
        return slash < 0 ? hostPortPath : hostPortPath.substring(0, slash);
    }

    static boolean isHostPort(String text) {
        int colon = text.lastIndexOf(':');
        String host = colon < 0 ? text : text.substring(0, colon);
        if (colon >= 0) {
            String port = text.substring(colon + 1);
            if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                return false;
            }
        }
        return HOST.matcher(host).matches();
    }
}
