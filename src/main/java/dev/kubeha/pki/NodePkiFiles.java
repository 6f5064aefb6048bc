package dev.kubeha.pki;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.Node;
import dev.kubeha.model.Role;
import java.util.ArrayList;
import java.util.List;

/**
 * Which PKI files go on which node, at kubeadm's paths under {@code /etc/kubernetes/pki/}.
 * Only shared material is copied to the control plane (the CAs, {@code sa.*}, the etcd CA and
 * client): kubeadm makes each node's own leaves itself, and copying them is the seed guide's
 * {@code rm apiserver.crt} mistake. Workers get nothing: {@code kubeadm join} fetches the CA
 * certificate itself and checks it against the discovery hash.
 */
public final class NodePkiFiles {
    public static final String PKI_DIRECTORY = "/etc/kubernetes/pki/";
    public static final int KEY_MODE = 0600;
    public static final int CERTIFICATE_MODE = 0644;

    private NodePkiFiles() {
    }

    /** One file for a node. */
    public record PkiFile(String path, int mode, byte[] content) {
        public PkiFile {
            content = content.clone();
        }

        @Override
        public byte[] content() {
            return content.clone();
        }

        @Override
        public String toString() {
            return "PkiFile[" + path + ", " + Integer.toOctalString(mode) + ", " + content.length + " bytes]";
        }
    }

    public static List<PkiFile> forNode(Cluster cluster, ClusterPki pki, Node node) {
        List<PkiFile> files = new ArrayList<>();
        boolean stacked = cluster.etcd().stacked();
        if (node.hasRole(Role.CONTROL_PLANE)) {
            ca(files, pki.ca(CaKind.KUBERNETES), true);
            ca(files, pki.ca(CaKind.FRONT_PROXY), true);
            files.add(new PkiFile(PKI_DIRECTORY + ServiceAccountKeys.PRIVATE_KEY_PATH, KEY_MODE,
                    pki.serviceAccount().privateKeyPem()));
            files.add(new PkiFile(PKI_DIRECTORY + ServiceAccountKeys.PUBLIC_KEY_PATH, CERTIFICATE_MODE,
                    pki.serviceAccount().publicKeyPem()));
            // Stacked: kubeadm signs the etcd leaves on each control-plane node with the etcd CA key.
            ca(files, pki.ca(CaKind.ETCD), stacked);
            if (!stacked) {
                leaf(files, pki.apiserverEtcdClient().orElseThrow(), "apiserver-etcd-client");
            }
        }
        boolean externalMember = !stacked && cluster.etcdMembers().stream().anyMatch(m -> m.name().equals(node.name()));
        if (externalMember) {
            if (!node.hasRole(Role.CONTROL_PLANE)) {
                ca(files, pki.ca(CaKind.ETCD), false);
            }
            leaf(files, pki.etcdServer(node.name()).orElseThrow(), "etcd/server");
            leaf(files, pki.etcdPeer(node.name()).orElseThrow(), "etcd/peer");
            leaf(files, pki.etcdHealthcheckClient(node.name()).orElseThrow(), "etcd/healthcheck-client");
        }
        return files;
    }

    private static void ca(List<PkiFile> files, CertificateAuthority ca, boolean withKey) {
        files.add(new PkiFile(PKI_DIRECTORY + ca.kind().certificatePath(), CERTIFICATE_MODE, ca.certificatePem()));
        if (withKey) {
            files.add(new PkiFile(PKI_DIRECTORY + ca.kind().keyPath(), KEY_MODE, ca.keyPem()));
        }
    }

    private static void leaf(List<PkiFile> files, Leaf leaf, String basePath) {
        files.add(new PkiFile(PKI_DIRECTORY + basePath + ".crt", CERTIFICATE_MODE, leaf.certificatePem()));
        files.add(new PkiFile(PKI_DIRECTORY + basePath + ".key", KEY_MODE, leaf.keyPem()));
    }
}
