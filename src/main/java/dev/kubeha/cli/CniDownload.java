package dev.kubeha.cli;

import dev.kubeha.artifact.Downloader;
import dev.kubeha.artifact.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;

/** A CNI manifest given as a URL, downloaded on the workstation (for a bundle, or to list its images). */
final class CniDownload {
    static final int MAX_BYTES = 16 << 20;

    private CniDownload() {
    }

    /** The manifest's bytes; says its size and sha256 on {@code err}, so the operator can compare. */
    static byte[] fetch(String url, Path clusterFile, PrintWriter err) throws CommandFailure {
        byte[] manifest;
        try (InputStream in = Downloader.standard().open(URI.create(url))) {
            manifest = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException | IllegalArgumentException e) {
            throw CommandFailure.failed("cni.manifest " + url + ": cannot download it (" + e.getMessage()
                    + "); download it on a machine that can and set cni.manifest in " + clusterFile + " to the file");
        }
        if (manifest.length > MAX_BYTES) {
            throw CommandFailure.failed("cni.manifest " + url + ": larger than " + (MAX_BYTES >> 20)
                    + " MiB, which no CNI manifest is");
        }
        err.println("kubeha: cni.manifest " + url + ": downloaded, " + manifest.length + " bytes, sha256 "
                + Sha256.of(manifest));
        return manifest;
    }
}
