package dev.kubeha.artifact;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * The OpenPGP public keys a package repository's metadata must be signed with: kubeha's pinned
 * copies (resources under {@code dev/kubeha/artifact/keys/}, their fingerprints asserted when
 * loaded), or a file the user gives ({@code --package-keyring FILE}, armored or binary, e.g. a
 * mirror's own key or a newer copy of a key whose pinned copy has expired).
 *
 * <p>A signature counts when it verifies with a key of the ring (primary key or subkey) that was
 * neither revoked nor expired when the signature was made; signatures by other keys are ignored,
 * and at least one must count.
 */
public final class PackageKeyring {
    /** SHA-224, SHA-256, SHA-384, SHA-512 (and SHA3-256/512): what apt accepts; MD5, SHA-1 and RIPEMD-160 are not. */
    private static final Set<Integer> STRONG_DIGESTS = Set.of(HashAlgorithmTags.SHA224, HashAlgorithmTags.SHA256,
            HashAlgorithmTags.SHA384, HashAlgorithmTags.SHA512, HashAlgorithmTags.SHA3_256, HashAlgorithmTags.SHA3_512);

    private final String name;
    private final PGPPublicKeyRingCollection rings;

    private PackageKeyring(String name, PGPPublicKeyRingCollection rings) {
        this.name = name;
        this.rings = rings;
    }

    /**
     * A pinned keyring from kubeha's resources whose primary keys are exactly {@code fingerprints}.
     *
     * @throws IllegalStateException the resource is missing or holds other keys (a broken build)
     */
    public static PackageKeyring builtIn(String resource, Set<String> fingerprints) {
        String path = "keys/" + resource;
        try (InputStream in = PackageKeyring.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("kubeha has no key resource " + path);
            }
            PackageKeyring keyring = new PackageKeyring(resource + " (built in)", read(in.readAllBytes()));
            Set<String> wanted = new TreeSet<>();
            fingerprints.forEach(f -> wanted.add(f.replace(" ", "").toUpperCase(Locale.ROOT)));
            if (!new TreeSet<>(keyring.fingerprints()).equals(wanted)) {
                throw new IllegalStateException("the key resource " + path + " holds " + keyring.fingerprints()
                        + ", not the pinned " + wanted);
            }
            return keyring;
        } catch (IOException | PGPException e) {
            throw new IllegalStateException("the key resource " + path + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * The keys in {@code file} (armored or binary).
     *
     * @throws IOException it cannot be read or holds no OpenPGP public key; the message says which file
     */
    public static PackageKeyring read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IOException("--package-keyring " + file + ": cannot be read: " + e.getMessage(), e);
        }
        return of(file.toString(), bytes);
    }

    /** The keys in {@code bytes} (armored or binary), named {@code name} in messages. */
    public static PackageKeyring of(String name, byte[] bytes) throws IOException {
        try {
            PGPPublicKeyRingCollection rings = read(bytes);
            if (rings.size() == 0) {
                throw new IOException(name + " holds no OpenPGP public key");
            }
            return new PackageKeyring(name, rings);
        } catch (PGPException | RuntimeException e) {
            throw new IOException(name + " is not an OpenPGP public keyring: " + e.getMessage(), e);
        }
    }

    private static PGPPublicKeyRingCollection read(byte[] bytes) throws IOException, PGPException {
        // Several armored blocks in one file (gpg --export --armor of several keys writes one; a
        // concatenation of .asc files has several).
        List<PGPPublicKeyRing> all = new ArrayList<>();
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (text.contains("-----BEGIN PGP PUBLIC KEY BLOCK-----")) {
            int from = 0;
            while ((from = text.indexOf("-----BEGIN PGP PUBLIC KEY BLOCK-----", from)) >= 0) {
                int end = text.indexOf("-----END PGP PUBLIC KEY BLOCK-----", from);
                if (end < 0) {
                    throw new IOException("an armored key block has no END line");
                }
                end += "-----END PGP PUBLIC KEY BLOCK-----".length();
                byte[] block = text.substring(from, end).getBytes(StandardCharsets.ISO_8859_1);
                try (InputStream in = new ArmoredInputStream(new ByteArrayInputStream(block))) {
                    new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator()).forEach(all::add);
                }
                from = end;
            }
        } else {
            try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(bytes))) {
                new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator()).forEach(all::add);
            }
        }
        return new PGPPublicKeyRingCollection(all);
    }

    /** {@code docker.asc (built in)} or the file's path. */
    public String name() {
        return name;
    }

    /** The primary keys' fingerprints, 40 upper-case hex digits each, in the ring's order. */
    public List<String> fingerprints() {
        List<String> result = new ArrayList<>();
        for (Iterator<PGPPublicKeyRing> it = rings.getKeyRings(); it.hasNext(); ) {
            result.add(HexFormat.of().withUpperCase().formatHex(it.next().getPublicKey().getFingerprint()));
        }
        return result;
    }

    /** This keyring and {@code other}'s keys together, named after both. */
    public PackageKeyring plus(PackageKeyring other) {
        List<PGPPublicKeyRing> all = new ArrayList<>();
        rings.forEach(all::add);
        other.rings.forEach(all::add);
        return new PackageKeyring(name + " + " + other.name, new PGPPublicKeyRingCollection(all));
    }

    /**
     * The signed text of a clear-signed document ({@code InRelease}), once one of its signatures
     * verifies with this keyring. The text returned is exactly what was signed (dash-escaping
     * undone, lines as signed); anything outside the signed part is refused, not returned.
     *
     * @param what the document's URL, for the messages
     * @throws PackageFetchException not clear-signed, or no valid signature by a key of this ring
     */
    public String verifyClearSigned(byte[] document, String what) throws PackageFetchException {
        String text = new String(document, StandardCharsets.UTF_8).replace("\r\n", "\n");
        String begin = "-----BEGIN PGP SIGNED MESSAGE-----\n";
        if (!text.startsWith(begin)) {
            throw new PackageFetchException(what + " is not clear-signed (no BEGIN PGP SIGNED MESSAGE at its start)");
        }
        int headersEnd = text.indexOf("\n\n", begin.length() - 1);
        if (headersEnd < 0) {
            throw new PackageFetchException(what + " is not clear-signed (its armor headers do not end)");
        }
        String sigMarker = "\n-----BEGIN PGP SIGNATURE-----\n";
        int sigStart = text.indexOf(sigMarker, headersEnd + 1);
        if (sigStart < 0) {
            throw new PackageFetchException(what + " is not clear-signed (no BEGIN PGP SIGNATURE)");
        }
        String body = text.substring(headersEnd + 2, sigStart);
        String signatureBlock = text.substring(sigStart + 1);
        String endMarker = "-----END PGP SIGNATURE-----";
        int sigEnd = signatureBlock.indexOf(endMarker);
        if (sigEnd < 0 || !signatureBlock.substring(sigEnd + endMarker.length()).isBlank()) {
            throw new PackageFetchException(what + " is not clear-signed (the signature does not end the file)");
        }
        List<String> lines = new ArrayList<>();
        for (String line : body.split("\n", -1)) {
            if (line.startsWith("- ")) {
                line = line.substring(2);
            } else if (line.startsWith("-")) {
                throw new PackageFetchException(what + " is not clear-signed (a line starts with an unescaped dash)");
            }
            lines.add(stripTrailing(line));
        }
        byte[] signed = String.join("\r\n", lines).getBytes(StandardCharsets.UTF_8);
        verify(signed, signatureBlock.getBytes(StandardCharsets.UTF_8), what);
        return String.join("\n", lines) + "\n";
    }

    /**
     * Checks a detached signature ({@code repomd.xml.asc}) of {@code data}.
     *
     * @throws PackageFetchException no valid signature by a key of this ring
     */
    public void verifyDetached(byte[] data, byte[] signature, String what) throws PackageFetchException {
        verify(data, signature, what);
    }

    private void verify(byte[] data, byte[] signature, String what) throws PackageFetchException {
        List<PGPSignature> signatures = new ArrayList<>();
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(signature))) {
            BcPGPObjectFactory factory = new BcPGPObjectFactory(in);
            for (Object o; (o = factory.nextObject()) != null; ) {
                if (o instanceof PGPSignatureList list) {
                    list.forEach(signatures::add);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new PackageFetchException("the signature of " + what + " cannot be read: " + e.getMessage());
        }
        if (signatures.isEmpty()) {
            throw new PackageFetchException("the signature of " + what + " holds no OpenPGP signature");
        }
        List<String> unknown = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (PGPSignature sig : signatures) {
            PGPPublicKey key = rings.getPublicKey(sig.getKeyID());
            String keyId = String.format(Locale.ROOT, "%016X", sig.getKeyID());
            if (key == null) {
                unknown.add(keyId);
                continue;
            }
            if (!STRONG_DIGESTS.contains(sig.getHashAlgorithm())) {
                problems.add("the signature by key " + keyId + " uses a weak digest (OpenPGP hash algorithm "
                        + sig.getHashAlgorithm() + "); apt refuses it too");
                continue;
            }
            try {
                sig.init(new BcPGPContentVerifierBuilderProvider(), key);
                if (sig.getSignatureType() == PGPSignature.CANONICAL_TEXT_DOCUMENT) {
                    sig.update(canonicalText(data));
                } else {
                    sig.update(data);
                }
                if (!sig.verify()) {
                    problems.add("the signature by key " + keyId + " does not match the content");
                    continue;
                }
            } catch (PGPException | RuntimeException e) {
                problems.add("the signature by key " + keyId + " cannot be checked: " + e.getMessage());
                continue;
            }
            String expired = expiredAt(key, sig);
            if (expired != null) {
                problems.add("key " + keyId + " " + expired);
                continue;
            }
            return;
        }
        if (!problems.isEmpty()) {
            String message = "the signature of " + what + " is not valid: " + String.join("; ", problems) + " (keyring " + name + ")";
            if (problems.stream().allMatch(p -> p.contains(" expired on "))) {
                throw new ExpiredKeyException(message);
            }
            throw new PackageFetchException(message);
        }
        throw new PackageFetchException(what + " is signed by key " + String.join(", ", unknown)
                + ", which is not in keyring " + name + " (" + String.join(", ", fingerprints())
                + "); give the repository's key with --package-keyring FILE if you trust it");
    }

    /** Signatures that verify, but only with a key whose copy here had expired when they were made. */
    public static final class ExpiredKeyException extends PackageFetchException {
        ExpiredKeyException(String message) {
            super(message);
        }
    }

    /**
     * This keyring with its keys replaced by the copies in {@code published} that have the same
     * fingerprint (a key's owner extends its expiry by a new self-signature, which only the owner can
     * make). Keys of {@code published} with other fingerprints are ignored.
     *
     * @param what where {@code published} came from, for the messages
     * @throws PackageFetchException {@code published} has none of this keyring's keys, or a self-signature
     *                               of one does not verify
     */
    public PackageKeyring refreshedBy(byte[] published, String what) throws PackageFetchException {
        PGPPublicKeyRingCollection candidate;
        try {
            candidate = read(published);
        } catch (IOException | PGPException | RuntimeException e) {
            throw new PackageFetchException(what + " is not an OpenPGP public key: " + e.getMessage());
        }
        List<String> pinned = fingerprints();
        List<PGPPublicKeyRing> result = new ArrayList<>();
        rings.forEach(result::add);
        boolean any = false;
        for (PGPPublicKeyRing ring : candidate) {
            PGPPublicKey primary = ring.getPublicKey();
            String fingerprint = HexFormat.of().withUpperCase().formatHex(primary.getFingerprint());
            int index = pinned.indexOf(fingerprint);
            if (index < 0) {
                continue;
            }
            try {
                verifySelfSignatures(ring);
            } catch (PGPException | RuntimeException e) {
                throw new PackageFetchException("the key " + fingerprint + " in " + what + " has a self-signature that does not verify: "
                        + e.getMessage());
            }
            result.set(index, ring);
            any = true;
        }
        if (!any) {
            throw new PackageFetchException(what + " holds none of the keys of " + name + " (" + String.join(", ", pinned) + ")");
        }
        return new PackageKeyring(name + ", refreshed from " + what, new PGPPublicKeyRingCollection(result));
    }

    private static void verifySelfSignatures(PGPPublicKeyRing ring) throws PGPException {
        PGPPublicKey primary = ring.getPublicKey();
        for (Iterator<String> ids = primary.getUserIDs(); ids.hasNext(); ) {
            String id = ids.next();
            for (Iterator<PGPSignature> sigs = primary.getSignaturesForID(id); sigs.hasNext(); ) {
                PGPSignature sig = sigs.next();
                if (sig.getKeyID() != primary.getKeyID()) {
                    continue;
                }
                sig.init(new BcPGPContentVerifierBuilderProvider(), primary);
                if (!sig.verifyCertification(id, primary)) {
                    throw new PGPException("the certification of " + id);
                }
            }
        }
        for (Iterator<PGPPublicKey> keys = ring.getPublicKeys(); keys.hasNext(); ) {
            PGPPublicKey sub = keys.next();
            if (sub.isMasterKey()) {
                continue;
            }
            for (Iterator<PGPSignature> sigs = sub.getSignatures(); sigs.hasNext(); ) {
                PGPSignature sig = sigs.next();
                if (sig.getKeyID() != primary.getKeyID() || sig.getSignatureType() != PGPSignature.SUBKEY_BINDING) {
                    continue;
                }
                sig.init(new BcPGPContentVerifierBuilderProvider(), primary);
                if (!sig.verifyCertification(primary, sub)) {
                    throw new PGPException("the binding of subkey " + String.format(Locale.ROOT, "%016X", sub.getKeyID()));
                }
            }
        }
    }

    /** Why {@code key} could not make {@code sig}: revoked, or expired before the signature was made; else null. */
    private String expiredAt(PGPPublicKey key, PGPSignature sig) {
        if (key.hasRevocation()) {
            return "is revoked";
        }
        PGPPublicKey primary = primaryOf(key);
        for (PGPPublicKey k : primary == null || primary == key ? List.of(key) : List.of(primary, key)) {
            long valid = k.getValidSeconds();
            if (valid > 0) {
                Instant until = k.getCreationTime().toInstant().plusSeconds(valid);
                if (sig.getCreationTime().toInstant().isAfter(until)) {
                    return "expired on " + until + ", before the signature was made ("
                            + sig.getCreationTime().toInstant() + "); give a current copy of the key with --package-keyring FILE";
                }
            }
        }
        return null;
    }

    private PGPPublicKey primaryOf(PGPPublicKey key) {
        for (PGPPublicKeyRing ring : rings) {
            if (ring.getPublicKey(key.getKeyID()) != null) {
                return ring.getPublicKey();
            }
        }
        return null;
    }

    /** OpenPGP's canonical text: every line ending CR LF. */
    private static byte[] canonicalText(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + data.length / 40);
        for (int i = 0; i < data.length; i++) {
            byte b = data[i];
            if (b == '\r') {
                out.write('\r');
                out.write('\n');
                if (i + 1 < data.length && data[i + 1] == '\n') {
                    i++;
                }
            } else if (b == '\n') {
                out.write('\r');
                out.write('\n');
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    private static String stripTrailing(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t' || line.charAt(end - 1) == '\r')) {
            end--;
        }
        return line.substring(0, end);
    }

    @Override
    public String toString() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PackageKeyring k && k.name.equals(name) && k.fingerprints().equals(fingerprints());
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, fingerprints());
    }
}
