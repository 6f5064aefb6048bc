package dev.kubeha.artifact;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/** Reads rpm-md metadata: {@code repodata/repomd.xml} and {@code primary.xml}. DTDs and external entities are refused. */
final class RpmMetadata {
    private RpmMetadata() {
    }

    /** Where repomd.xml says the primary metadata is, and its sha256. */
    record Location(String href, String sha256) {
    }

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newInstance();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try {
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        } catch (IllegalArgumentException ignored) {
            // not every StAX implementation knows it; DTDs are off anyway
        }
        return f;
    }

    /**
     * The {@code <data type="primary">} of a (verified) repomd.xml.
     *
     * @throws PackageFetchException no primary with a sha256 checksum
     */
    static Location primaryOf(byte[] repomd, String url) throws PackageFetchException {
        try {
            XMLStreamReader x = factory().createXMLStreamReader(new ByteArrayInputStream(repomd));
            boolean inPrimary = false;
            String href = null;
            String sha = null;
            String checksumType = null;
            while (x.hasNext()) {
                int e = x.next();
                if (e == XMLStreamConstants.START_ELEMENT) {
                    String n = x.getLocalName();
                    if (n.equals("data")) {
                        inPrimary = "primary".equals(x.getAttributeValue(null, "type"));
                    } else if (inPrimary && n.equals("checksum")) {
                        checksumType = x.getAttributeValue(null, "type");
                        sha = x.getElementText().strip().toLowerCase(Locale.ROOT);
                    } else if (inPrimary && n.equals("location")) {
                        href = x.getAttributeValue(null, "href");
                    }
                } else if (e == XMLStreamConstants.END_ELEMENT && x.getLocalName().equals("data") && inPrimary) {
                    break;
                }
            }
            if (href == null || sha == null) {
                throw new PackageFetchException(url + " names no primary metadata");
            }
            if (!"sha256".equals(checksumType) || !Sha256.isHex(sha)) {
                throw new PackageFetchException(url + " gives the primary metadata a " + checksumType
                        + " checksum; kubeha checks sha256 only");
            }
            return new Location(href, sha);
        } catch (XMLStreamException e) {
            throw new PackageFetchException(url + " is not repomd XML: " + e.getMessage(), e);
        }
    }

    /** The packages of a primary.xml (uncompressed); those without a sha256 are skipped. */
    static List<RpmPackage> parsePrimary(InputStream in, PackageRepositories.Repository repository, String url)
            throws PackageFetchException {
        List<RpmPackage> result = new ArrayList<>();
        try {
            XMLStreamReader x = factory().createXMLStreamReader(in);
            String name = null;
            String arch = null;
            String epoch = null;
            String ver = null;
            String rel = null;
            String sha = null;
            String href = null;
            long size = -1;
            List<RpmPackage.Relation> provides = new ArrayList<>();
            List<RpmPackage.Relation> requires = new ArrayList<>();
            List<String> files = new ArrayList<>();
            List<RpmPackage.Relation> current = null;
            boolean inPackage = false;
            while (x.hasNext()) {
                int e = x.next();
                if (e == XMLStreamConstants.START_ELEMENT) {
                    String n = x.getLocalName();
                    switch (n) {
                        case "package" -> {
                            inPackage = true;
                            name = arch = epoch = ver = rel = sha = href = null;
                            size = -1;
                            provides = new ArrayList<>();
                            requires = new ArrayList<>();
                            files = new ArrayList<>();
                        }
                        case "name" -> name = inPackage && name == null ? x.getElementText().strip() : name;
                        case "arch" -> arch = inPackage && arch == null ? x.getElementText().strip() : arch;
                        case "version" -> {
                            if (inPackage && ver == null) {
                                epoch = x.getAttributeValue(null, "epoch");
                                ver = x.getAttributeValue(null, "ver");
                                rel = x.getAttributeValue(null, "rel");
                            }
                        }
                        case "checksum" -> {
                            String type = x.getAttributeValue(null, "type");
                            String text = x.getElementText().strip().toLowerCase(Locale.ROOT);
                            if ("sha256".equals(type) && Sha256.isHex(text)) {
                                sha = text;
                            }
                        }
                        case "size" -> {
                            String p = x.getAttributeValue(null, "package");
                            size = p == null ? -1 : Long.parseLong(p);
                        }
                        case "location" -> href = x.getAttributeValue(null, "href");
                        case "provides" -> current = provides;
                        case "requires" -> current = requires;
                        case "conflicts", "obsoletes", "recommends", "suggests", "supplements", "enhances" -> current = null;
                        case "entry" -> {
                            if (current != null) {
                                current.add(new RpmPackage.Relation(x.getAttributeValue(null, "name"),
                                        x.getAttributeValue(null, "flags"), x.getAttributeValue(null, "epoch"),
                                        x.getAttributeValue(null, "ver"), x.getAttributeValue(null, "rel")));
                            }
                        }
                        case "file" -> files.add(x.getElementText().strip());
                        default -> {
                        }
                    }
                } else if (e == XMLStreamConstants.END_ELEMENT) {
                    String n = x.getLocalName();
                    if (n.equals("provides") || n.equals("requires")) {
                        current = null;
                    } else if (n.equals("package")) {
                        inPackage = false;
                        if (name != null && ver != null && sha != null && href != null) {
                            result.add(new RpmPackage(name, epoch == null ? "0" : epoch, ver, rel == null ? "" : rel,
                                    arch == null ? "" : arch, sha, size, href, List.copyOf(provides), List.copyOf(requires),
                                    List.copyOf(files), repository));
                        }
                    }
                }
            }
            return result;
        } catch (XMLStreamException | NumberFormatException e) {
            throw new PackageFetchException(url + " is not primary XML: " + e.getMessage(), e);
        }
    }
}
