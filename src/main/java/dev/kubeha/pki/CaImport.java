package dev.kubeha.pki;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * "Bring your own CA": an existing CA certificate and key to use instead of a new CA, for any of
 * the three CAs. The key may be PKCS#1, SEC 1 or PKCS#8, RSA or EC, plain or encrypted.
 *
 * @param passphrase the key's passphrase, or null when it is not encrypted; never shown
 */
public record CaImport(CaKind kind, Path certificateFile, Path keyFile, char[] passphrase) {
    public CaImport {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(certificateFile, "certificateFile");
        Objects.requireNonNull(keyFile, "keyFile");
        passphrase = passphrase == null ? null : passphrase.clone();
    }

    /**
     * Reads and checks the files: the certificate must be a CA that may sign, not expired, and
     * the key must be its key.
     *
     * @throws PkiException naming the file and what to do; never quoting key material or the passphrase
     */
    public CertificateAuthority load(Instant now) throws PkiException {
        byte[] certificatePem = read(certificateFile, "certificate");
        byte[] keyPem = read(keyFile, "private key");
        X509Certificate certificate = Pem.readCertificate(certificatePem, certificateFile.toString());
        PrivateKey key = Pem.readPrivateKey(keyPem, keyFile.toString(), passphrase);
        CaChecks.check(kind, certificate, key, certificateFile.toString(), keyFile.toString(), now);
        // The key is stored decrypted (0600), like kubeadm's own CA keys: every later run signs with it.
        // The certificate keeps its DER bytes; the PEM is written afresh so that nothing else the
        // file held (a key, another certificate) ends up in ca.crt.
        return new CertificateAuthority(kind, certificate, key, Pem.encode(certificate), Pem.encode(key));
    }

    private byte[] read(Path file, String what) throws PkiException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw PkiException.badInput(file + ": no such file (the " + kind.displayName() + " " + what + " to import)");
        } catch (AccessDeniedException e) {
            throw PkiException.badInput(file + ": permission denied (the " + kind.displayName() + " " + what
                    + " to import)");
        } catch (IOException e) {
            throw PkiException.badInput(file + ": cannot read the " + kind.displayName() + " " + what + ": "
                    + e.getMessage());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CaImport other && kind == other.kind && certificateFile.equals(other.certificateFile)
                && keyFile.equals(other.keyFile) && Arrays.equals(passphrase, other.passphrase);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, certificateFile, keyFile);
    }

    @Override
    public String toString() {
        return "CaImport[" + kind.id() + ", " + certificateFile + ", " + keyFile
                + (passphrase != null ? ", passphrase ****" : "") + "]";
    }
}
