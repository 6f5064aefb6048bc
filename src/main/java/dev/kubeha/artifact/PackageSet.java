package dev.kubeha.artifact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The packages a node of {@code distro} needs for Kubernetes {@code kubernetesVersion}, fetched
 * and checked, for each of {@code arches}.
 *
 * @param arches   kubeha's names ({@code amd64}, {@code arm64})
 * @param packages in install order per architecture (dependencies first), an {@code all}/{@code noarch} package once
 * @param fromSite what the packages need that kubeha did not fetch and a minimal installation may lack:
 *                 for rhel-9 the requirements RHEL's own (subscribed) repositories must provide, the site's to bring
 * @param notes    what a reader of the bundle should know (e.g. how the minimal installation was decided)
 */
public record PackageSet(Distro distro, String kubernetesVersion, List<String> arches, List<FetchedPackage> packages,
                         List<String> fromSite, List<String> notes) {

    public PackageSet {
        arches = List.copyOf(arches);
        packages = List.copyOf(packages);
        fromSite = List.copyOf(fromSite);
        notes = List.copyOf(notes);
    }

    /** The manifest the bundle carries as {@code packages/packages.json}. */
    public String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("distribution", distro.label());
        root.put("format", distro.format().name().toLowerCase(java.util.Locale.ROOT));
        root.put("kubernetesVersion", kubernetesVersion);
        root.put("arches", arches);
        List<Map<String, Object>> list = new ArrayList<>();
        for (FetchedPackage p : packages) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", p.name());
            m.put("version", p.version());
            m.put("arch", p.arch());
            m.put("file", p.fileName());
            m.put("sha256", p.sha256());
            m.put("size", p.size());
            m.put("repository", p.repository());
            list.add(m);
        }
        root.put("packages", list);
        root.put("fromSite", fromSite);
        root.put("notes", notes);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
