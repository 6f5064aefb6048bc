package dev.kubeha.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeha.model.KubernetesReleases;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the etcd tarball comes from and when kubeha refuses it: the user's file checked against
 * the published sha256, the cache checked on every use, a download kept only when it matches.
 * The downloader is a map of URLs, so nothing leaves the test.
 */
class EtcdTarballsTest {
    static final byte[] RELEASE = "the etcd v9.9.9 release, as published".getBytes(StandardCharsets.UTF_8);
    static final String RELEASE_SHA = Sha256.of(RELEASE);
    static final URI MIRROR = URI.create("http://mirror.test/etcd");

    @TempDir
    Path dir;
    ArtifactCache cache;
    Map<String, byte[]> served;
    List<String> requested;
    List<String> notes;
    EtcdTarballs tarballs;

    @BeforeEach
    void setUp() {
        cache = new ArtifactCache(dir.resolve("cache"));
        served = new HashMap<>();
        requested = new ArrayList<>();
        notes = new ArrayList<>();
        Downloader downloader = url -> {
            requested.add(url.toString());
            byte[] body = served.get(url.toString());
            if (body == null) {
                throw new IOException(url + ": HTTP 404");
            }
            return new ByteArrayInputStream(body);
        };
        tarballs = new EtcdTarballs(cache, downloader, KubernetesReleases.builtIn());
    }

    EtcdTarballs.Sources mirror(String sha256) {
        return new EtcdTarballs.Sources(null, sha256, MIRROR);
    }

    @Test
    void aDownloadIsCheckedKeptByItsSha256AndNotRepeated() throws Exception {
        served.put("http://mirror.test/etcd/v9.9.9/etcd-v9.9.9-linux-amd64.tar.gz", RELEASE);

        EtcdTarballs.Tarball first = tarballs.resolve("9.9.9", List.of("amd64", "amd64"), mirror(RELEASE_SHA), notes::add).get(0);

        assertThat(first.origin()).isEqualTo(EtcdTarballs.Origin.DOWNLOADED);
        assertThat(first.checked()).isTrue();
        assertThat(first.file()).isEqualTo(dir.resolve("cache/sha256/" + RELEASE_SHA)).hasBinaryContent(RELEASE);
        assertThat(notes).containsExactly(
                "etcd-v9.9.9-linux-amd64.tar.gz: downloading http://mirror.test/etcd/v9.9.9/etcd-v9.9.9-linux-amd64.tar.gz",
                "etcd-v9.9.9-linux-amd64.tar.gz: sha256 matches --etcd-sha256; kept in " + first.file());

        EtcdTarballs.Tarball again = tarballs.resolve("9.9.9", List.of("amd64"), mirror(RELEASE_SHA), notes::add).get(0);
        assertThat(again.origin()).isEqualTo(EtcdTarballs.Origin.CACHE);
        assertThat(requested).hasSize(1);
    }

    @Test
    void aDamagedCacheEntryIsFetchedAgain() throws Exception {
        served.put("http://mirror.test/etcd/v9.9.9/etcd-v9.9.9-linux-amd64.tar.gz", RELEASE);
        Path cached = tarballs.resolve("9.9.9", List.of("amd64"), mirror(RELEASE_SHA), notes::add).get(0).file();
        Files.writeString(cached, "bit rot");

        EtcdTarballs.Tarball again = tarballs.resolve("9.9.9", List.of("amd64"), mirror(RELEASE_SHA), notes::add).get(0);

        assertThat(again.origin()).isEqualTo(EtcdTarballs.Origin.DOWNLOADED);
        assertThat(cached).hasBinaryContent(RELEASE);
        assertThat(requested).hasSize(2);
    }

    @Test
    void aDownloadThatIsNotThePublishedFileIsRefusedAndNotKept() {
        served.put("http://mirror.test/etcd/v9.9.9/etcd-v9.9.9-linux-amd64.tar.gz", "tampered".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> tarballs.resolve("9.9.9", List.of("amd64"), mirror(RELEASE_SHA), notes::add))
                .isInstanceOf(EtcdTarballs.EtcdTarballException.class)
                .hasMessage("http://mirror.test/etcd/v9.9.9/etcd-v9.9.9-linux-amd64.tar.gz has sha256 "
                        + Sha256.of("tampered".getBytes(StandardCharsets.UTF_8)) + ", not the published " + RELEASE_SHA
                        + " (from --etcd-sha256): nothing was kept; check --etcd-download-url, or bring the file with"
                        + " --include-packages DIR");
        assertThat(dir.resolve("cache/sha256")).isEmptyDirectory();
    }

    @Test
    void aFailedDownloadSaysWhatToDo() {
        assertThatThrownBy(() -> tarballs.resolve("9.9.9", List.of("arm64"), mirror(RELEASE_SHA), notes::add))
                .hasMessage("cannot download http://mirror.test/etcd/v9.9.9/etcd-v9.9.9-linux-arm64.tar.gz"
                        + " (http://mirror.test/etcd/v9.9.9/etcd-v9.9.9-linux-arm64.tar.gz: HTTP 404): check the network"
                        + " or --etcd-download-url, or put etcd-v9.9.9-linux-arm64.tar.gz in a directory and give"
                        + " --include-packages DIR");
    }

    @Test
    void theReleaseTablesSha256IsUsedForTheVersionsItKnows() throws Exception {
        String published = KubernetesReleases.builtIn().etcdTarballSha256("3.6.8", "amd64").orElseThrow();
        served.put("http://mirror.test/etcd/v3.6.8/etcd-v3.6.8-linux-amd64.tar.gz", RELEASE);

        assertThatThrownBy(() -> tarballs.resolve("3.6.8", List.of("amd64"), mirror(null), notes::add))
                .hasMessage("http://mirror.test/etcd/v3.6.8/etcd-v3.6.8-linux-amd64.tar.gz has sha256 " + RELEASE_SHA
                        + ", not the published " + published + " (from kubeha's release table): nothing was kept; check"
                        + " --etcd-download-url, or bring the file with --include-packages DIR");
    }

    @Test
    void withoutAPublishedSha256NothingIsDownloaded() {
        assertThatThrownBy(() -> tarballs.resolve("3.7.0", List.of("amd64"), mirror(null), notes::add))
                .hasMessage("kubeha knows no published sha256 of etcd-v3.7.0-linux-amd64.tar.gz, so it does not download"
                        + " it: put the file in a directory and give --include-packages DIR, or give --etcd-sha256 with its"
                        + " sha256 from etcd v3.7.0's SHA256SUMS; or set etcd.version to one kubeha knows (3.6.6, 3.6.8)");
        assertThat(requested).isEmpty();
        assertThat(tarballs.unavailable("3.7.0", mirror(null))).hasValue("kubeha knows no published sha256 of etcd"
                + " v3.7.0's release tarball, so it does not download it: put etcd-v3.7.0-linux-<arch>.tar.gz in a"
                + " directory and give --include-packages DIR, or give --etcd-sha256 with its sha256 from etcd v3.7.0's"
                + " SHA256SUMS; or set etcd.version to one kubeha knows (3.6.6, 3.6.8)");
        assertThat(tarballs.unavailable("3.6.8", mirror(null))).isEmpty();
        assertThat(tarballs.unavailable("3.7.0", mirror(RELEASE_SHA))).isEmpty();
    }

    @Test
    void theUsersFileIsCheckedWhenASha256IsKnownAndTakenAsGivenOtherwise() throws Exception {
        Path packages = Files.createDirectories(dir.resolve("packages"));
        Path given = Files.write(packages.resolve("etcd-v9.9.9-linux-amd64.tar.gz"), RELEASE);
        EtcdTarballs.Sources unchecked = new EtcdTarballs.Sources(packages, null, MIRROR);
        assertThat(tarballs.unavailable("9.9.9", unchecked)).isEmpty();

        EtcdTarballs.Tarball asGiven = tarballs.resolve("9.9.9", List.of("amd64"), unchecked, notes::add).get(0);
        assertThat(asGiven).isEqualTo(new EtcdTarballs.Tarball("9.9.9", "amd64", given, RELEASE_SHA,
                EtcdTarballs.Origin.GIVEN, false));
        assertThat(notes).containsExactly(given + ": taken as given (kubeha knows no published sha256 for it)");

        EtcdTarballs.Tarball checked = tarballs.resolve("9.9.9", List.of("amd64"),
                new EtcdTarballs.Sources(packages, RELEASE_SHA.toUpperCase(), MIRROR), notes::add).get(0);
        assertThat(checked.checked()).isTrue();

        String other = "0".repeat(64);
        assertThatThrownBy(() -> tarballs.resolve("9.9.9", List.of("amd64"), new EtcdTarballs.Sources(packages, other, MIRROR),
                notes::add))
                .hasMessage(given + " has sha256 " + RELEASE_SHA + ", not " + other + " (from --etcd-sha256): it is not"
                        + " etcd's release file; replace it with the one from etcd v9.9.9's release page");
        assertThat(requested).isEmpty();
    }

    @Test
    void oneSha256CannotStandForTwoArchitectures() {
        assertThatThrownBy(() -> tarballs.resolve("9.9.9", List.of("amd64", "arm64"), mirror(RELEASE_SHA), notes::add))
                .hasMessage("--etcd-sha256 names one tarball, but the etcd members run amd64 and arm64: put"
                        + " etcd-v9.9.9-linux-amd64.tar.gz and etcd-v9.9.9-linux-arm64.tar.gz in a directory and give"
                        + " --include-packages DIR instead");
    }

    @Test
    void aSha256MustBeOne() {
        assertThatThrownBy(() -> new EtcdTarballs.Sources(null, "abc", null))
                .hasMessage("--etcd-sha256 abc is not a sha256 (64 hex digits)");
        assertThat(new EtcdTarballs.Sources(null, null, null).downloadUrl()).isEqualTo(EtcdTarballs.DEFAULT_DOWNLOAD_URL);
        assertThat(EtcdTarballs.downloadUrl(URI.create("https://m.test/etcd/"), "3.6.8", "arm64"))
                .hasToString("https://m.test/etcd/v3.6.8/etcd-v3.6.8-linux-arm64.tar.gz");
    }
}
