package dev.kubeha.artifact;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Resolves the Debian packages a node needs, for one architecture, against the packages of every
 * repository of the distribution.
 *
 * <p>The rule, per distribution (debian-12, ubuntu-22.04, ubuntu-24.04):
 * <ol>
 * <li>The <em>minimal installation</em> is what debootstrap's default variant installs: every
 *     package of the distribution's own repositories with Priority {@code required} or
 *     {@code important} or {@code Essential: yes} (newest version), and the closure of their
 *     Depends and Pre-Depends (first satisfiable alternative). A node is assumed to have it.</li>
 * <li>Each requested package is taken at the version asked for (kubeadm, kubelet, kubectl: the
 *     cluster's version) or the newest one accepted (cri-tools, kubernetes-cni: newest;
 *     containerd.io: newest at or above the release's containerd floor), from its own repository.
 *     The packages with the commands kubeadm's preflight looks for ({@link PackageFetcher#DEB_TOOLS}:
 *     iproute2, iptables, mount, util-linux, ebtables, ethtool, socat) are asked for too, from the
 *     distribution's repositories, unless the minimal installation has them.</li>
 * <li>Each Depends/Pre-Depends group of a chosen package that the minimal installation or an
 *     already chosen package satisfies (by name or Provides, version constraint included) adds
 *     nothing; otherwise its first alternative that some repository satisfies is chosen, at the
 *     newest satisfying version (a real package before a provider), and resolved in turn. A group
 *     nothing satisfies is refused with the package and the relation.</li>
 * </ol>
 *
 * <table>
 * <caption>The result for Kubernetes v1.35 on debian-12 amd64 (computed 2026-12-03 from the bookworm,
 * bookworm-updates and bookworm-security main indexes, whose InRelease verified with the pinned keys;
 * the Kubernetes packages' Depends from kubernetes/release's krel templates: kubeadm none since
 * v1.32, kubelet {@code iptables (>= 1.4.21), kubernetes-cni (>= 1.2.0), mount, util-linux};
 * containerd.io's taken as {@code libc6 (>= 2.34), libseccomp2 (>= 2.5.0)})</caption>
 * <tr><th>fetched</th><td>kubeadm, kubelet, kubectl, cri-tools, kubernetes-cni; containerd.io; iptables
 *   1.8.9-2, libip6tc2, libnetfilter-conntrack3, libnfnetlink0 (iptables' dependencies); ebtables 2.0.11-5,
 *   ethtool 1:6.1-1, socat 1.7.4.4-2 with libwrap0 and libnsl2 (preflight tools, Priority optional)</td></tr>
 * <tr><th>in the minimal installation (164 packages)</th><td>mount, util-linux (required), iproute2
 *   (important), libc6, libseccomp2 (via systemd), libip4tc2 and libxtables12 (via iproute2)</td></tr>
 * </table>
 * ubuntu-22.04 and ubuntu-24.04 follow the same rule over their main component; their lists are
 * computed when fetching and were not checked against the real archives here.
 *
 * <p>Recommends, Suggests, Conflicts and Breaks are not followed (the packages are installed with
 * {@code --no-install-recommends}; containerd.io's Conflicts with the distribution's containerd and
 * runc is for apt on the node).
 */
final class AptResolver {
    /** A package kubeha asks for by name. */
    record Root(String name, PackageRepositories.Kind kind, String wanted, Predicate<AptPackage> accept) {
    }

    private record Provider(AptPackage pkg, String version) {
    }

    private final Map<String, List<AptPackage>> byName = new HashMap<>();
    private final Map<String, List<Provider>> providers = new HashMap<>();
    private final String where;

    /** @param where {@code debian-12 amd64}, for the messages */
    AptResolver(Collection<AptPackage> universe, String where) {
        this.where = where;
        Map<String, AptPackage> unique = new LinkedHashMap<>();
        for (AptPackage p : universe) {
            unique.putIfAbsent(p.name() + " " + p.version() + " " + p.arch(), p);
        }
        for (AptPackage p : unique.values()) {
            byName.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p);
            for (AptRelation provided : p.provided()) {
                providers.computeIfAbsent(provided.name(), k -> new ArrayList<>()).add(new Provider(p, provided.version()));
            }
        }
        Comparator<AptPackage> newestFirst = (a, b) -> DebianVersion.compare(b.version(), a.version());
        byName.values().forEach(l -> l.sort(newestFirst));
    }

    /** The minimal installation (rule 1), by package name. */
    Map<String, AptPackage> minimal() {
        Map<String, AptPackage> installed = new LinkedHashMap<>();
        List<AptPackage> queue = new ArrayList<>();
        for (List<AptPackage> versions : byName.values()) {
            versions.stream().filter(p -> p.repository().kind() == PackageRepositories.Kind.BASE).findFirst()
                    .filter(AptPackage::minimal).ifPresent(queue::add);
        }
        queue.sort(Comparator.comparing(AptPackage::name));
        while (!queue.isEmpty()) {
            AptPackage p = queue.remove(queue.size() - 1);
            if (installed.putIfAbsent(p.name(), p) != null) {
                continue;
            }
            for (List<AptRelation> group : dependencies(p)) {
                if (satisfied(group, installed)) {
                    continue;
                }
                AptPackage choice = choose(group, q -> q.repository().kind() == PackageRepositories.Kind.BASE);
                if (choice != null && !installed.containsKey(choice.name())) {
                    queue.add(choice);
                }
            }
        }
        return installed;
    }

    /**
     * The packages to fetch for {@code roots}, dependencies before their dependents, leaving out
     * what {@code minimal} has (rules 2 and 3).
     *
     * @param repositoryUrls the base URL of each kind's repository, for the messages
     * @throws PackageFetchException a root is not there, or a dependency nothing satisfies
     */
    List<AptPackage> resolve(List<Root> roots, Map<String, AptPackage> minimal,
                             Map<PackageRepositories.Kind, String> repositoryUrls) throws PackageFetchException {
        return resolve(roots, List.of(), minimal, repositoryUrls, new ArrayList<>());
    }

    /**
     * As {@link #resolve(List, Map, Map)}, and {@code tools} too: packages of the distribution's own
     * repositories a node should have although nothing depends on them (what kubeadm's preflight
     * looks for), each left out when the minimal installation has it; one the repositories do not
     * have is added to {@code missing}, not refused.
     */
    List<AptPackage> resolve(List<Root> roots, List<String> tools, Map<String, AptPackage> minimal,
                             Map<PackageRepositories.Kind, String> repositoryUrls, List<String> missing) throws PackageFetchException {
        Map<String, AptPackage> chosen = new LinkedHashMap<>();
        List<AptPackage> order = new ArrayList<>();
        List<AptPackage> rootPackages = new ArrayList<>();
        for (Root root : roots) {
            List<AptPackage> versions = byName.getOrDefault(root.name(), List.of()).stream()
                    .filter(p -> p.repository().kind() == root.kind()).toList();
            AptPackage pick = versions.stream().filter(root.accept()).findFirst().orElse(null);
            if (pick == null) {
                throw new PackageFetchException(root.name() + " " + root.wanted() + " is not in "
                        + repositoryUrls.getOrDefault(root.kind(), root.kind().toString()) + " for " + where
                        + (versions.isEmpty() ? " (it has no " + root.name() + " at all)"
                        : " (it has " + versions.stream().map(AptPackage::version).limit(8).collect(Collectors.joining(", ")) + ")"));
            }
            rootPackages.add(pick);
            chosen.put(pick.name(), pick);
        }
        for (String tool : tools) {
            List<AptRelation> wanted = List.of(new AptRelation(tool, null, null));
            if (satisfied(wanted, minimal) || chosen.containsKey(tool)) {
                continue;
            }
            AptPackage pick = choose(wanted, p -> p.repository().kind() == PackageRepositories.Kind.BASE);
            if (pick == null) {
                missing.add(tool);
            } else if (chosen.putIfAbsent(pick.name(), pick) == null) {
                rootPackages.add(pick);
            }
        }
        Set<String> done = new HashSet<>();
        for (AptPackage p : rootPackages) {
            visit(p, minimal, chosen, done, order);
        }
        return order;
    }

    private void visit(AptPackage p, Map<String, AptPackage> minimal, Map<String, AptPackage> chosen, Set<String> done,
                       List<AptPackage> order) throws PackageFetchException {
        if (!done.add(p.name())) {
            return;
        }
        for (List<AptRelation> group : dependencies(p)) {
            if (satisfied(group, minimal) || satisfied(group, chosen)) {
                for (AptRelation r : group) {
                    AptPackage already = chosen.get(r.name());
                    if (already != null && r.satisfiedBy(already.version())) {
                        visit(already, minimal, chosen, done, order);
                        break;
                    }
                }
                continue;
            }
            AptPackage choice = choose(group, q -> true);
            if (choice == null) {
                throw new PackageFetchException(p.name() + " " + p.version() + " depends on "
                        + group.stream().map(AptRelation::toString).collect(Collectors.joining(" | "))
                        + ", which no repository of " + where + " has");
            }
            chosen.put(choice.name(), choice);
            visit(choice, minimal, chosen, done, order);
        }
        order.add(p);
    }

    private List<List<AptRelation>> dependencies(AptPackage p) {
        try {
            return p.dependencies();
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    private boolean satisfied(List<AptRelation> group, Map<String, AptPackage> installed) {
        for (AptRelation r : group) {
            AptPackage p = installed.get(r.name());
            if (p != null && r.satisfiedBy(p.version())) {
                return true;
            }
            for (Provider provider : providers.getOrDefault(r.name(), List.of())) {
                AptPackage q = installed.get(provider.pkg().name());
                if (q == provider.pkg() && (r.op() == null || r.satisfiedBy(provider.version()))) {
                    return true;
                }
            }
        }
        return false;
    }

    private AptPackage choose(List<AptRelation> group, Predicate<AptPackage> allowed) {
        for (AptRelation r : group) {
            for (AptPackage p : byName.getOrDefault(r.name(), List.of())) {
                if (allowed.test(p) && r.satisfiedBy(p.version())) {
                    return p;
                }
            }
            List<Provider> candidates = providers.getOrDefault(r.name(), List.of()).stream()
                    .filter(pr -> allowed.test(pr.pkg()) && (r.op() == null || r.satisfiedBy(pr.version())))
                    .sorted(Comparator.comparing((Provider pr) -> pr.pkg().name())
                            .thenComparing((a, b) -> DebianVersion.compare(b.pkg().version(), a.pkg().version())))
                    .toList();
            if (!candidates.isEmpty()) {
                return candidates.get(0).pkg();
            }
        }
        return null;
    }
}
