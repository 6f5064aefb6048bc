package dev.kubeha.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * PEM as kubeadm writes and reads it: {@code CERTIFICATE}, {@code RSA PRIVATE KEY} (PKCS#1),
 * {@code EC PRIVATE KEY} (SEC 1) and {@code PUBLIC KEY}. Reads PKCS#8 and encrypted keys too,
 * for imported CAs.
 *
 * <p>Error messages name the source (a file name) and never quote its content: it may be a key.
 */
public final class Pem {
    /**
     * OpenSSL's legacy key derivation (EVP_BytesToKey) is only in BouncyCastle's provider. An
     * instance, not a registered provider: the rest of the JVM keeps the JDK's providers. Made on
     * first use, for an encrypted key only: the provider's constructor loads some 600 classes
     * (100-300 ms on a cold JVM) that no other PEM needs.
     */
    private static final class Bc {
        static final java.security.Provider PROVIDER = new org.bouncycastle.jce.provider.BouncyCastleProvider();
    }

    private Pem() {
    }

    public static byte[] encode(X509Certificate certificate) {
        try {
            return write(certificate);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a certificate", e);
        }
    }

    /** PKCS#1 for RSA, SEC 1 for EC: what kubeadm itself writes. */
    public static byte[] encode(PrivateKey key) {
        try {
            if (key instanceof java.security.interfaces.ECPrivateKey) {
                return write(sec1(key));
            }
            return write(key);
        } catch (IOException | RuntimeException e) {
            // No cause: it might describe the key.
            throw new IllegalStateException("cannot encode a private key");
        }
    }

    /**
     * SEC 1 with the curve named inside: a PKCS#8 key (as openssl writes it) keeps the curve in
     * its algorithm identifier only, and a SEC 1 key written from it as is would have none.
     */
    private static org.bouncycastle.util.io.pem.PemObject sec1(PrivateKey key) throws IOException {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
        org.bouncycastle.asn1.sec.ECPrivateKey inner =
                org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
        int orderBits = ((java.security.interfaces.ECPrivateKey) key).getParams().getOrder().bitLength();
        org.bouncycastle.asn1.sec.ECPrivateKey complete = new org.bouncycastle.asn1.sec.ECPrivateKey(orderBits,
                inner.getKey(), inner.getPublicKey(), info.getPrivateKeyAlgorithm().getParameters());
        return new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY", complete.getEncoded());
    }

    /** {@code PUBLIC KEY} (SubjectPublicKeyInfo), as kubeadm writes {@code sa.pub}. */
    public static byte[] encode(PublicKey key) {
        try {
            return write(key);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a public key", e);
        }
    }

    private static byte[] write(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The first certificate of a PEM file. */
    public static X509Certificate readCertificate(byte[] pem, String source) throws PkiException {
        List<Object> objects = readAll(pem, source, "a certificate");
        var holder = objects.stream()
                .filter(o -> o instanceof org.bouncycastle.cert.X509CertificateHolder)
                .map(o -> (org.bouncycastle.cert.X509CertificateHolder) o)
                .findFirst()
                .orElseThrow(() -> PkiException.badInput(source
                        + ": expected a PEM certificate (BEGIN CERTIFICATE), found " + describe(objects.get(0))));
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
        } catch (CertificateException | IOException e) {
            throw PkiException.badInput(source + ": the certificate is damaged and cannot be parsed");
        }
    }

    /** A private key that is not encrypted. */
    public static PrivateKey readPrivateKey(byte[] pem, String source) throws PkiException {
        return readPrivateKey(pem, source, null);
    }

    /**
     * A private key: PKCS#1, SEC 1 or PKCS#8, plain or encrypted (OpenSSL's {@code Proc-Type:
     * 4,ENCRYPTED} or {@code ENCRYPTED PRIVATE KEY}).
     *
     * @param passphrase null when none was given; never appears in a message
     */
    public static PrivateKey readPrivateKey(byte[] pem, String source, char[] passphrase) throws PkiException {
        List<Object> objects = readAll(pem, source, "a private key");
        // A file may hold the certificate before the key (a "bundle"): take the first key.
        Object object = objects.stream().filter(Pem::isPrivateKey).findFirst().orElse(objects.get(0));
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try {
            if (object instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (object instanceof PEMEncryptedKeyPair encrypted) {
                requirePassphrase(passphrase, source);
                PEMKeyPair pair;
                try {
                    pair = encrypted.decryptKeyPair(new JcePEMDecryptorProviderBuilder().setProvider(Bc.PROVIDER).build(passphrase));
                } catch (IOException | RuntimeException e) {
                    throw wrongPassphrase(source);
                }
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (object instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                requirePassphrase(passphrase, source);
                PrivateKeyInfo info;
                try {
                    InputDecryptorProvider decryptor = new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(Bc.PROVIDER).build(passphrase);
                    info = encrypted.decryptPrivateKeyInfo(decryptor);
                } catch (Exception e) {
                    throw wrongPassphrase(source);
                }
                return converter.getPrivateKey(info);
            }
        } catch (org.bouncycastle.openssl.PEMException e) {
            throw PkiException.badInput(source + ": the private key is damaged and cannot be read");
        }
        throw PkiException.badInput(source + ": expected a PEM private key, found " + describe(object));
    }

    /** A {@code PUBLIC KEY} (SubjectPublicKeyInfo) PEM, as in {@code sa.pub}. */
    public static PublicKey readPublicKey(byte[] pem, String source) throws PkiException {
        List<Object> objects = readAll(pem, source, "a public key");
        Object object = objects.get(0);
        if (!(object instanceof org.bouncycastle.asn1.x509.SubjectPublicKeyInfo info)) {
            throw PkiException.badInput(source + ": expected a PEM public key (BEGIN PUBLIC KEY), found "
                    + describe(object));
        }
        try {
            return new JcaPEMKeyConverter().getPublicKey(info);
        } catch (org.bouncycastle.openssl.PEMException e) {
            throw PkiException.badInput(source + ": the public key is damaged and cannot be read");
        }
    }

    private static void requirePassphrase(char[] passphrase, String source) throws PkiException {
        if (passphrase == null) {
            throw PkiException.badInput(source + ": the private key is encrypted and no passphrase was given");
        }
    }

    private static PkiException wrongPassphrase(String source) {
        return PkiException.badInput(source + ": cannot decrypt the private key: wrong passphrase");
    }

    private static List<Object> readAll(byte[] pem, String source, String what) throws PkiException {
        String text = new String(pem, StandardCharsets.US_ASCII);
        if (!text.contains("-----BEGIN ")) {
            throw PkiException.badInput(source + ": not a PEM file (no -----BEGIN line); expected " + what);
        }
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            List<Object> objects = new ArrayList<>();
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                objects.add(o);
            }
            if (objects.isEmpty()) {
                throw PkiException.badInput(source + ": no PEM block found; expected " + what);
            }
            return objects;
        } catch (IOException | RuntimeException e) {
            // BouncyCastle's messages may quote the input: do not pass them on.
            throw PkiException.badInput(source + ": the PEM data is damaged (bad base64 or ASN.1); expected " + what);
        }
    }

    private static boolean isPrivateKey(Object object) {
        return object instanceof PEMKeyPair || object instanceof PrivateKeyInfo || object instanceof PEMEncryptedKeyPair
                || object instanceof PKCS8EncryptedPrivateKeyInfo;
    }

    private static String describe(Object object) {
        if (object instanceof org.bouncycastle.cert.X509CertificateHolder) {
            return "a certificate";
        }
        if (isPrivateKey(object)) {
            return "a private key";
        }
        if (object instanceof org.bouncycastle.asn1.x509.SubjectPublicKeyInfo) {
            return "a public key";
        }
        return "something else";
    }

    static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode a certificate", e);
        }
    }
}
