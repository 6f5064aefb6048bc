package dev.kubeha.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code KUBEHA_CACHE}'s value as the cache root, the one rule every front end and fetcher follows. */
class ArtifactCacheRootTest {
    @Test
    void anUnsetOrBlankVariableMeansTheDefaultRootAndAnyOtherValueIsTheDirectory() {
        Path home = Path.of(System.getProperty("user.home"), ".kubeha", "cache");
        assertThat(ArtifactCache.rootFor(null)).isEqualTo(home);
        assertThat(ArtifactCache.rootFor("")).isEqualTo(home);
        assertThat(ArtifactCache.rootFor("  ")).isEqualTo(home);
        assertThat(ArtifactCache.rootFor("/srv/kubeha-cache")).isEqualTo(Path.of("/srv/kubeha-cache"));
    }
}
