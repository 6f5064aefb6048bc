package dev.kubeha.cli;

import dev.kubeha.artifact.Sha256;
import dev.kubeha.operation.AirGapCarry;
import dev.kubeha.plan.CniSource;
import dev.kubeha.plan.PlanPreparation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * A CNI manifest given as a URL, downloaded on the workstation (for a bundle, for nodes without
 * internet, or to list its images) through {@link AirGapCarry}, in the command line's words.
 */
final class CniDownload {
    static final int MAX_BYTES = AirGapCarry.MAX_CNI_BYTES;

    private CniDownload() {
    }

    /** The manifest's bytes; says its size and sha256 on {@code err}, so the operator can compare. */
    static byte[] fetch(String url, Path clusterFile, PrintWriter err) throws CommandFailure {
        byte[] manifest;
        try {
            manifest = AirGapCarry.downloadCni(url);
        } catch (AirGapCarry.CarryException e) {
            throw failure(e, clusterFile);
        }
        downloaded(err, url, manifest.length, Sha256.of(manifest));
        return manifest;
    }

    /**
     * The CNI manifest for nodes that cannot download it: a URL is downloaded here, a file read;
     * null without one.
     *
     * @throws IOException the manifest file cannot be read (each command says so in its words)
     */
    static CniSource bundled(PlanPreparation.Checked checked, Path clusterFile, PrintWriter err)
            throws CommandFailure, IOException {
        try {
            return AirGapCarry.bundledCni(checked, new AirGapCarry.Listener() {
                @Override
                public void cniDownloaded(String url, int bytes, String sha256) {
                    downloaded(err, url, bytes, sha256);
                }
            });
        } catch (AirGapCarry.CarryException e) {
            if (e.kind() == AirGapCarry.CarryException.Kind.CNI_READ && e.getCause() instanceof IOException io) {
                throw io;
            }
            throw failure(e, clusterFile);
        }
    }

    static void downloaded(PrintWriter err, String url, int bytes, String sha256) {
        err.println("kubeha: cni.manifest " + url + ": downloaded, " + bytes + " bytes, sha256 " + sha256);
    }

    /** A download of the manifest that failed, saying what to do instead. */
    static CommandFailure failure(AirGapCarry.CarryException e, Path clusterFile) {
        if (e.kind() == AirGapCarry.CarryException.Kind.CNI_TOO_LARGE) {
            return CommandFailure.failed("cni.manifest " + e.subject() + ": larger than " + (MAX_BYTES >> 20)
                    + " MiB, which no CNI manifest is");
        }
        return CommandFailure.failed("cni.manifest " + e.subject() + ": cannot download it (" + e.detail()
                + "); download it on a machine that can and set cni.manifest in " + clusterFile + " to the file");
    }
}
