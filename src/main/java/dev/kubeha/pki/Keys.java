package dev.kubeha.pki;

import dev.kubeha.model.KeyAlgorithm;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Optional;

/** Key pairs: making them, naming their algorithm, checking that a private key fits a public one. */
public final class Keys {
    private Keys() {
    }

    /**
     * A fresh key pair. Uses the JDK's providers: on the machines we measured, SunRsaSign makes
     * RSA-2048 keys faster than BouncyCastle's generator.
     */
    public static KeyPair generate(KeyAlgorithm algorithm, SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm.jcaName());
            if (algorithm.isRsa()) {
                generator.initialize(algorithm.bits(), random);
            } else {
                generator.initialize(new ECGenParameterSpec("secp" + algorithm.bits() + "r1"), random);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime cannot make " + algorithm.wireName() + " keys", e);
        }
    }

    /** The model's name for a key, when it is one of the algorithms kubeadm accepts. */
    public static Optional<KeyAlgorithm> algorithmOf(PublicKey key) {
        String name = describe(key);
        for (KeyAlgorithm a : KeyAlgorithm.values()) {
            if (a.wireName().equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** {@code RSA-2048}, {@code ECDSA-P256}, ... also for sizes kubeadm does not offer (imported CAs). */
    public static String describe(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return "RSA-" + rsa.getModulus().bitLength();
        }
        if (key instanceof ECPublicKey ec) {
            return "ECDSA-P" + ec.getParams().getOrder().bitLength();
        }
        return key.getAlgorithm();
    }

    /** The signature algorithm a CA with this key signs with: SHA-384 for P-384 and larger curves. */
    public static String signatureAlgorithm(PrivateKey caKey) {
        if ("EC".equals(caKey.getAlgorithm()) || "ECDSA".equals(caKey.getAlgorithm())) {
            int bits = caKey instanceof java.security.interfaces.ECKey ec ? ec.getParams().getOrder().bitLength() : 256;
            return bits > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
        }
        return "SHA256withRSA";
    }

    /**
     * Whether the private key belongs to the public key: an RSA key with its CRT parts by its
     * numbers, any other key by signing a random challenge and verifying it. Works the same for
     * RSA and EC, whatever encoding the key came in.
     */
    public static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
        if (!sameFamily(privateKey.getAlgorithm(), publicKey.getAlgorithm())) {
            return false;
        }
        if (privateKey instanceof RSAPrivateCrtKey crt && publicKey instanceof RSAPublicKey rsa
                && crt.getPrimeP() != null && crt.getPrimeQ() != null && crt.getPrimeP().signum() > 0
                && crt.getPrimeQ().signum() > 0) {
            // A CRT key carries its public half (as every PKCS#1 and PKCS#8 RSA key does): comparing
            // it needs no private-key operation, the costly part of signing a challenge.
            // The key's own parts are checked to fit together as well (n = pq, ed = 1 mod p-1 and q-1),
            // so that a damaged private key is still refused, as signing with it would have shown.
            java.math.BigInteger n = crt.getModulus();
            java.math.BigInteger e = crt.getPublicExponent();
            java.math.BigInteger p = crt.getPrimeP();
            java.math.BigInteger q = crt.getPrimeQ();
            java.math.BigInteger ed = e.multiply(crt.getPrivateExponent());
            java.math.BigInteger one = java.math.BigInteger.ONE;
            return n.equals(rsa.getModulus()) && e.equals(rsa.getPublicExponent()) && p.multiply(q).equals(n)
                    && ed.mod(p.subtract(one)).equals(one) && ed.mod(q.subtract(one)).equals(one);
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            String algorithm = signatureAlgorithm(privateKey);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            // A key of another curve or a broken key cannot sign for this public key.
            return false;
        }
    }

    private static boolean sameFamily(String a, String b) {
        return family(a).equals(family(b));
    }

    private static String family(String algorithm) {
        return "ECDSA".equals(algorithm) ? "EC" : algorithm;
    }
}
