package dev.kubeha.artifact;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Resolves RPM packages for rhel-9 against the repositories kubeha reads (pkgs.k8s.io and
 * Docker's). A requirement one of them provides (by package name, a Provides entry or a file
 * primary.xml lists) is fetched, newest provider first, and resolved in turn; one neither provides
 * is the site's to bring from its RHEL repositories ({@link Result#unresolved()}), never dropped
 * silently. {@code rpmlib(…)} requirements are rpm's own and left out.
 */
final class RpmResolver {
    record Root(String name, PackageRepositories.Kind kind, String wanted, Predicate<RpmPackage> accept) {
    }

    /** @param unresolved requirements for the site, as rpm writes them ({@code conntrack-tools}, {@code container-selinux >= 2:2.74}) */
    record Result(List<RpmPackage> packages, List<String> unresolved) {
    }

    private final Map<String, List<RpmPackage>> byName = new HashMap<>();
    private final List<RpmPackage> all;
    private final String where;

    RpmResolver(Collection<RpmPackage> universe, String where) {
        this.where = where;
        Comparator<RpmPackage> newestFirst = (a, b) -> RpmVersion.compareEvr(b.evr(), a.evr());
        this.all = universe.stream().sorted(newestFirst).toList();
        for (RpmPackage p : all) {
            byName.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p);
        }
    }

    Result resolve(List<Root> roots, Map<PackageRepositories.Kind, String> urls) throws PackageFetchException {
        return resolve(roots, List.of(), urls);
    }

    /**
     * As {@link #resolve(List, Map)}, and {@code tools} too (requirements such as {@code /usr/sbin/ethtool}
     * that nothing declares but a node should meet): fetched when a repository provides them, else
     * the site's.
     */
    Result resolve(List<Root> roots, List<String> tools, Map<PackageRepositories.Kind, String> urls) throws PackageFetchException {
        Map<String, RpmPackage> chosen = new LinkedHashMap<>();
        List<RpmPackage> rootPackages = new ArrayList<>();
        for (Root root : roots) {
            List<RpmPackage> versions = byName.getOrDefault(root.name(), List.of()).stream()
                    .filter(p -> p.repository().kind() == root.kind()).toList();
            RpmPackage pick = versions.stream().filter(root.accept()).findFirst().orElse(null);
            if (pick == null) {
                throw new PackageFetchException(root.name() + " " + root.wanted() + " is not in "
                        + urls.getOrDefault(root.kind(), root.kind().toString()) + " for " + where
                        + (versions.isEmpty() ? " (it has no " + root.name() + " at all)"
                        : " (it has " + versions.stream().map(RpmPackage::evr).limit(8).collect(Collectors.joining(", ")) + ")"));
            }
            rootPackages.add(pick);
            chosen.put(pick.name(), pick);
        }
        List<RpmPackage> order = new ArrayList<>();
        Set<String> unresolved = new LinkedHashSet<>();
        Set<String> done = new HashSet<>();
        for (RpmPackage p : rootPackages) {
            visit(p, chosen, done, order, unresolved);
        }
        for (String tool : tools) {
            RpmPackage.Relation wanted = new RpmPackage.Relation(tool, null, null, null, null);
            RpmPackage provider = all.stream().filter(q -> provides(q, wanted)).findFirst().orElse(null);
            if (provider == null) {
                unresolved.add(tool);
            } else {
                visit(provider, chosen, done, order, unresolved);
            }
        }
        return new Result(order, List.copyOf(unresolved));
    }

    private void visit(RpmPackage p, Map<String, RpmPackage> chosen, Set<String> done, List<RpmPackage> order,
                       Set<String> unresolved) {
        if (!done.add(p.name() + " " + p.evr() + " " + p.arch())) {
            return;
        }
        for (RpmPackage.Relation req : p.requires()) {
            if (req.name() == null || req.name().startsWith("rpmlib(")) {
                continue;
            }
            RpmPackage provider = chosen.values().stream().filter(q -> provides(q, req)).findFirst().orElse(null);
            if (provider == null) {
                provider = all.stream().filter(q -> provides(q, req)).findFirst().orElse(null);
            }
            if (provider == null) {
                unresolved.add(req.toString());
                continue;
            }
            chosen.putIfAbsent(provider.name(), provider);
            visit(provider, chosen, done, order, unresolved);
        }
        order.add(p);
    }

    private static boolean provides(RpmPackage q, RpmPackage.Relation req) {
        if (q.name().equals(req.name()) && req.satisfiedBy(q.evr())) {
            return true;
        }
        for (RpmPackage.Relation prov : q.provides()) {
            if (prov.name().equals(req.name()) && req.satisfiedBy(prov.evr())) {
                return true;
            }
        }
        return req.name().startsWith("/") && q.files().contains(req.name());
    }
}
