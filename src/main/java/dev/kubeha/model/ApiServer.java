package dev.kubeha.model;

import java.util.List;
import java.util.Objects;

/**
 * Settings of the API servers beyond what the rest of the file implies.
 *
 * @param certSANs extra names and IP addresses of the API server certificate, e.g. a DNS name
 *                 clients use besides the load balancer's; kubeha adds the load balancer's host,
 *                 the virtual IP and the masters' public addresses itself
 */
public record ApiServer(List<String> certSANs) {
    public ApiServer {
        certSANs = certSANs == null ? List.of() : certSANs.stream().filter(Objects::nonNull).toList();
    }
}
