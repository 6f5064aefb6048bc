package dev.kubeha.bundle;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.CipherOutputStream;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encryption in the format of {@code openssl enc -aes-256-cbc -pbkdf2 -iter 600000} (OpenSSL 3,
 * digest SHA-256), so that an air-gapped site needs nothing but openssl to open a bundle:
 * {@code "Salted__"}, an 8-byte salt, then AES-256-CBC with PKCS#7 padding under the key and IV
 * that PBKDF2-HMAC-SHA256 derives from the passphrase and salt.
 */
public final class OpensslEncryption {
    public static final int ITERATIONS = 600_000;
    public static final String DECRYPT_COMMAND = "openssl enc -d -aes-256-cbc -pbkdf2 -iter " + ITERATIONS;
    private static final byte[] MAGIC = "Salted__".getBytes(StandardCharsets.US_ASCII);

    private OpensslEncryption() {
    }

    /**
     * Wraps {@code out} so that what is written to the result reaches {@code out} encrypted.
     * Closing the result writes the last block and closes {@code out}.
     */
    public static OutputStream encrypting(OutputStream out, char[] passphrase, SecureRandom random) throws IOException {
        if (passphrase == null || passphrase.length == 0) {
            throw new IllegalArgumentException("the passphrase is empty");
        }
        byte[] salt = new byte[8];
        random.nextBytes(salt);
        byte[] keyAndIv = null;
        try {
            PBEKeySpec spec = new PBEKeySpec(passphrase, salt, ITERATIONS, (32 + 16) * 8);
            keyAndIv = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            spec.clearPassword();
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keyAndIv, 0, 32, "AES"),
                    new IvParameterSpec(keyAndIv, 32, 16));
            out.write(MAGIC);
            out.write(salt);
            return new CipherOutputStream(out, cipher);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-CBC or PBKDF2WithHmacSHA256 is missing from this Java runtime", e);
        } finally {
            if (keyAndIv != null) {
                Arrays.fill(keyAndIv, (byte) 0);
            }
        }
    }
}
