package dev.kubeha.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes X.509 certificates with the extensions kubeadm gives its own: CAs with a critical
 * basicConstraints CA:TRUE and keyCertSign; leaves with CA:FALSE, an authority key identifier
 * and the extended key usages of their kind.
 */
public final class CertificateSigner {
    private final SecureRandom random;

    public CertificateSigner(SecureRandom random) {
        this.random = random;
    }

    /** A self-signed CA certificate with the subject {@code CN=<commonName>}. */
    public X509Certificate selfSignedCa(String commonName, KeyPair keys, Validity validity) {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(validity.notBefore()), Date.from(validity.notAfter()), subject, keys.getPublic())
                    .addExtension(Extension.keyUsage, true, new KeyUsage(
                            KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyCertSign))
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(keys.getPublic()));
            return sign(builder, keys.getPrivate());
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make the " + commonName + " CA certificate", e);
        }
    }

    /** A leaf certificate for {@code publicKey}, signed by the CA. */
    public X509Certificate leaf(LeafSpec spec, PublicKey publicKey, X509Certificate caCertificate,
                                PrivateKey caKey, Validity validity) {
        boolean rsa = "RSA".equals(publicKey.getAlgorithm());
        // keyEncipherment only means something for RSA keys (RSA key transport).
        int keyUsage = rsa ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment : KeyUsage.digitalSignature;
        KeyPurposeId[] purposes = spec.kind().serverAuth()
                ? new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}
                : new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth};
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            // The issuer name is copied from the CA certificate byte for byte: an imported CA's
            // subject may use encodings we would not produce, and chains are matched on bytes.
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCertificate, serial(),
                    Date.from(validity.notBefore()), Date.from(validity.notAfter()), subjectOf(spec), publicKey)
                    .addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes))
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.authorityKeyIdentifier, false, authorityKeyId(utils, caCertificate));
            List<GeneralName> sans = new ArrayList<>();
            spec.dnsNames().forEach(dns -> sans.add(new GeneralName(GeneralName.dNSName, dns)));
            spec.ipAddresses().forEach(ip -> sans.add(new GeneralName(GeneralName.iPAddress, ip)));
            if (!sans.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(sans.toArray(GeneralName[]::new)));
            }
            return sign(builder, caKey);
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make the certificate " + spec.id(), e);
        }
    }

    /** The subject of a leaf: O (if any) then CN, in Go's order, so ours read like kubeadm's. */
    static X500Name subjectOf(LeafSpec spec) {
        X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
        for (String organization : spec.organizations()) {
            name.addRDN(BCStyle.O, organization);
        }
        name.addRDN(BCStyle.CN, spec.commonName());
        return name.build();
    }

    /** The CA's own subject key identifier when it has one, else one computed from its key (RFC 5280 method 1). */
    private static AuthorityKeyIdentifier authorityKeyId(JcaX509ExtensionUtils utils, X509Certificate ca) {
        byte[] ski = ca.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (ski != null) {
            byte[] keyId = SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(ski).getOctets()).getKeyIdentifier();
            return new AuthorityKeyIdentifier(keyId);
        }
        return utils.createAuthorityKeyIdentifier(ca.getPublicKey());
    }

    private X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey)
            throws OperatorCreationException, IOException, GeneralSecurityException {
        ContentSigner signer = new JcaContentSignerBuilder(Keys.signatureAlgorithm(signingKey)).build(signingKey);
        X509CertificateHolder holder = builder.build(signer);
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
    }

    /** A random positive serial below 2^63, as Go's and kubeadm's: unique without a counter to keep. */
    private BigInteger serial() {
        BigInteger serial;
        do {
            serial = new BigInteger(63, random);
        } while (serial.signum() == 0);
        return serial;
    }
}
