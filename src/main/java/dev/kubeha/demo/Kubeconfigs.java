package dev.kubeha.demo;

import dev.kubeha.model.KeyAlgorithm;
import dev.kubeha.pki.CertificateSigner;
import dev.kubeha.pki.Keys;
import dev.kubeha.pki.LeafKind;
import dev.kubeha.pki.LeafSpec;
import dev.kubeha.pki.Pem;
import dev.kubeha.pki.Validity;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * The kubeconfig files the simulated kubeadm writes, as the real one writes them: the cluster's
 * CA, the server, and a client certificate of a fresh key signed by the cluster's CA (the one kubeha
 * uploaded), so that {@code openssl verify} and kubectl accept the fetched admin.conf.
 */
final class Kubeconfigs {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Kubeconfigs() {
    }

    /** {@code admin.conf}: kubernetes-admin in the group kubeadm:cluster-admins. */
    static byte[] admin(DemoNetwork.KubeApi api) {
        return kubeconfig(api, "kubernetes-admin", List.of("kubeadm:cluster-admins"));
    }

    /** {@code kubelet.conf}: system:node:NAME in system:nodes. */
    static byte[] kubelet(DemoNetwork.KubeApi api, String node) {
        return kubeconfig(api, "system:node:" + node, List.of("system:nodes"));
    }

    private static byte[] kubeconfig(DemoNetwork.KubeApi api, String user, List<String> groups) {
        X509Certificate ca = api.ca;
        KeyAlgorithm algorithm = Keys.algorithmOf(ca.getPublicKey()).orElse(KeyAlgorithm.ECDSA_P256);
        KeyPair keys = Keys.generate(algorithm, RANDOM);
        // Signed as kubeadm signs its client certificates: client auth only, one year.
        LeafSpec spec = new LeafSpec("kubeconfig/" + user, LeafKind.APISERVER_ETCD_CLIENT, null, user, groups, List.of(),
                List.of(), user);
        X509Certificate cert = new CertificateSigner(RANDOM).leaf(spec, keys.getPublic(), ca, api.caKey,
                Validity.startingAt(Instant.now(), Duration.ofDays(365)).endingBy(ca.getNotAfter().toInstant()));
        String context = user + "@" + api.clusterName;
        String text = """
                apiVersion: v1
                clusters:
                - cluster:
                    certificate-authority-data: %s
                    server: https://%s
                  name: %s
                contexts:
                - context:
                    cluster: %s
                    user: %s
                  name: %s
                current-context: %s
                kind: Config
                preferences: {}
                users:
                - name: %s
                  user:
                    client-certificate-data: %s
                    client-key-data: %s
                """.formatted(base64(Pem.encode(ca)), api.endpoint, api.clusterName, api.clusterName, user, context,
                context, user, base64(Pem.encode(cert)), base64(Pem.encode(keys.getPrivate())));
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
