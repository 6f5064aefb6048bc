package dev.kubeha.render;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.Node;
import dev.kubeha.model.Role;
import java.util.ArrayList;
import java.util.List;

/**
 * Which certificate and key files a node needs, at kubeadm's paths, so that kubeadm finds them
 * and generates nothing twice. Only where, not what: the PKI makes the contents.
 *
 * <p>Control-plane nodes get the shared CAs and service-account keys only; kubeadm makes each
 * master's own leaf certificates from those CAs (the seed guide copied leaf certificates between
 * masters and then deleted them in the wrong directory). Etcd members run outside kubeadm's
 * control (unless stacked), so they get their own server, peer and health-check leaves; where
 * they run (systemd or static pod) does not change the paths.
 */
public final class CertificatePlacement {

    /**
     * One file of the PKI on a node.
     *
     * @param path       kubeadm's path
     * @param privateKey a key: mode 0600, and a secret
     * @param perNode    made for this node alone (its names in the SANs), not shared
     */
    public record CertificateFile(String path, boolean privateKey, boolean perNode) {
        public int mode() {
            return privateKey ? 0600 : 0644;
        }
    }

    private CertificatePlacement() {
    }

    public static List<CertificateFile> forNode(Cluster cluster, Node node) {
        List<CertificateFile> files = new ArrayList<>();
        boolean stacked = cluster.etcd().stacked();
        if (node.hasRole(Role.CONTROL_PLANE)) {
            pair(files, NodePaths.PKI_DIR + "/ca", false);
            pair(files, NodePaths.PKI_DIR + "/front-proxy-ca", false);
            files.add(new CertificateFile(NodePaths.PKI_DIR + "/sa.key", true, false));
            files.add(new CertificateFile(NodePaths.PKI_DIR + "/sa.pub", false, false));
            files.add(new CertificateFile(NodePaths.ETCD_CA_CERT, false, false));
            if (stacked) {
                // kubeadm makes each stacked member's etcd certificates itself, from the etcd CA.
                files.add(new CertificateFile(NodePaths.ETCD_PKI_DIR + "/ca.key", true, false));
            } else {
                // How the API servers authenticate to the external etcd cluster.
                pair(files, NodePaths.PKI_DIR + "/apiserver-etcd-client", false);
            }
        }
        boolean externalMember = !stacked && cluster.etcdMembers().contains(node);
        if (externalMember) {
            if (!node.hasRole(Role.CONTROL_PLANE)) {
                files.add(new CertificateFile(NodePaths.ETCD_CA_CERT, false, false));
            }
            pair(files, NodePaths.ETCD_PKI_DIR + "/server", true);
            pair(files, NodePaths.ETCD_PKI_DIR + "/peer", true);
            // For etcdctl on the member itself; kubeadm's etcd manifest has no use for it, but the
            // HA etcd guide puts it on every member.
            pair(files, NodePaths.ETCD_PKI_DIR + "/healthcheck-client", true);
        }
        return List.copyOf(files);
    }

    /** Whether a node needs files from the PKI at all (workers get the CA through discovery). */
    public static boolean needsCertificates(Cluster cluster, Node node) {
        return !forNode(cluster, node).isEmpty();
    }

    private static void pair(List<CertificateFile> files, String base, boolean perNode) {
        files.add(new CertificateFile(base + ".crt", false, perNode));
        files.add(new CertificateFile(base + ".key", true, perNode));
    }
}
