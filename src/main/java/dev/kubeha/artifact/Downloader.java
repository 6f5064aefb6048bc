package dev.kubeha.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/** Fetches a URL on the workstation; tests give their own, or point the real one at loopback. */
@FunctionalInterface
public interface Downloader {
    /** The response body of {@code url}; the caller closes it. */
    InputStream open(URI url) throws IOException;

    /**
     * What {@link #standard()} gives: HTTP, or a refusal with a reason once {@link #goOffline} was
     * called for the process (the demo, whose hosts are simulated, downloads nothing).
     */
    /** From now on in this process, {@link #standard()} downloads nothing and says {@code reason}. */
    static void goOffline(String reason) {
        Offline.REASON.set(reason);
    }

    /** {@link #http()}, unless the process went offline. */
    static Downloader standard() {
        String reason = Offline.REASON.get();
        if (reason == null) {
            return http();
        }
        return url -> {
            throw new IOException(reason);
        };
    }

    /** Why this process downloads nothing ({@link #goOffline}), if it went offline; image fetches ask too. */
    static java.util.Optional<String> offlineReason() {
        return java.util.Optional.ofNullable(Offline.REASON.get());
    }

    /** The process's offline reason, null while downloads are allowed. */
    final class Offline {
        static final java.util.concurrent.atomic.AtomicReference<String> REASON = new java.util.concurrent.atomic.AtomicReference<>();

        private Offline() {
        }
    }

    /** HTTP(S) with Java's own client: redirects followed (GitHub releases redirect), a timeout per connect. */
    static Downloader http() {
        HttpClient client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20))
                .build();
        return url -> {
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) {
                throw new IOException(url + ": only http and https URLs can be downloaded");
            }
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(10)).GET().build();
            HttpResponse<InputStream> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(url + ": interrupted", e);
            }
            if (response.statusCode() != 200) {
                response.body().close();
                throw new IOException(url + ": HTTP " + response.statusCode());
            }
            return response.body();
        };
    }
}
