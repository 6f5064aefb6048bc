package dev.kubeha.pki;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.KeyAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loads a cluster's PKI from its workspace and makes whatever is missing or out of date: the
 * one entry point for the CLI, the UI and the planner.
 *
 * <ul>
 *   <li>A CA is made once and never replaced; an imported CA is taken only where none exists yet.</li>
 *   <li>A leaf is reused only when {@link LeafCheck} finds nothing to object to; otherwise it is
 *       made anew and the reason reported.</li>
 *   <li>All keys a run needs are generated in parallel on every core before any signing: key
 *       generation is nearly all of the cost.</li>
 *   <li>CAs are written before the leaves they sign, each key before its certificate, so that an
 *       interrupted run leaves nothing a later run would trust wrongly.</li>
 * </ul>
 */
public final class ClusterPkiGenerator {
    static final String BOOTSTRAP_TOKEN = "bootstrap-token";
    /**
     * Written by kubeha before it stopped setting a certificateKey (control planes get the shared
     * certificates copied, never uploaded): never read, never deleted, reported as unused.
     */
    static final String LEGACY_CERTIFICATE_KEY = "certificate-key";

    private static final ExecutorService KEY_POOL = Executors.newFixedThreadPool(
            Runtime.getRuntime().availableProcessors(), daemonThreads());

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ClusterPkiGenerator(Clock clock) {
        this.clock = clock;
    }

    public ClusterPkiGenerator() {
        this(Clock.systemUTC());
    }

    /** The cluster's PKI with what this run did to it. */
    public record Result(ClusterPki pki, List<PkiChange> changes) {
        public Result {
            changes = List.copyOf(changes);
        }
    }

    public Result ensure(Cluster cluster, PkiWorkspace workspace) throws PkiException {
        return ensure(cluster, workspace, List.of());
    }

    /**
     * @param imports CAs to take instead of making new ones; each must be loaded already
     *                ({@link CaImport#load}) and is refused when the workspace already holds a
     *                different CA of that kind
     */
    public Result ensure(Cluster cluster, PkiWorkspace workspace, List<CertificateAuthority> imports)
            throws PkiException {
        Run run = new Run(cluster, workspace, clock.instant());
        return run.execute(imports);
    }

    /** One run over one workspace. */
    private final class Run {
        final Cluster cluster;
        final PkiWorkspace workspace;
        final Instant now;
        final KeyAlgorithm algorithm;
        final Duration leafValidity;
        final Duration caValidity;
        final List<PkiChange> changes = new ArrayList<>();
        /** Why each leaf that is made anew is made, by leaf id; leaves only pulled in by their key group have none. */
        final Map<String, String> pendingReasons = new LinkedHashMap<>();

        Run(Cluster cluster, PkiWorkspace workspace, Instant now) {
            this.cluster = cluster;
            this.workspace = workspace;
            this.now = now;
            this.algorithm = cluster.pki().keyAlgorithm();
            this.leafValidity = cluster.pki().certificateValidityDuration();
            this.caValidity = cluster.pki().caValidityDuration();
        }

        Result execute(List<CertificateAuthority> imports) throws PkiException {
            // Before touching the disk: a node without an address fails the run, not half of it.
            PkiRequirements requirements = PkiRequirements.of(cluster);
            Map<CaKind, CertificateAuthority> imported = byKind(imports);
            Map<CaKind, CertificateAuthority> cas = new EnumMap<>(CaKind.class);
            List<CaKind> casToMake = findCas(imported, cas);
            Optional<ServiceAccountKeys> serviceAccount = loadServiceAccount();
            Map<String, Leaf> reusable = new LinkedHashMap<>();
            Map<String, String> groupsToMake = findLeaves(requirements, cas.get(CaKind.ETCD), reusable);

            // Every key of this run, generated in parallel before any signing.
            Map<CaKind, CompletableFuture<KeyPair>> caKeys = new EnumMap<>(CaKind.class);
            casToMake.forEach(kind -> caKeys.put(kind, generateAsync()));
            CompletableFuture<KeyPair> serviceAccountKey = serviceAccount.isEmpty() ? generateAsync() : null;
            Map<String, CompletableFuture<KeyPair>> leafKeys = new LinkedHashMap<>();
            groupsToMake.keySet().forEach(group -> leafKeys.put(group, generateAsync()));

            makeCas(imported, cas, caKeys);
            ServiceAccountKeys sa = serviceAccountKey != null ? makeServiceAccount(join(serviceAccountKey))
                    : keepServiceAccount(serviceAccount.get());
            List<Leaf> leaves = makeLeaves(requirements, cas.get(CaKind.ETCD), groupsToMake, leafKeys, reusable);
            JoinMaterial join = joinMaterial(cas.get(CaKind.KUBERNETES).certificate());
            return new Result(new ClusterPki(cas, sa, leaves, join), changes);
        }

        private Map<CaKind, CertificateAuthority> byKind(List<CertificateAuthority> imports) throws PkiException {
            Map<CaKind, CertificateAuthority> imported = new EnumMap<>(CaKind.class);
            for (CertificateAuthority ca : imports) {
                if (imported.put(ca.kind(), ca) != null) {
                    throw PkiException.badInput("the " + ca.kind().displayName() + " is imported twice: give it once");
                }
            }
            return imported;
        }

        /** Puts the CAs found in the workspace or imported into {@code cas}; returns those to make. */
        private List<CaKind> findCas(Map<CaKind, CertificateAuthority> imported, Map<CaKind, CertificateAuthority> cas)
                throws PkiException {
            List<CaKind> casToMake = new ArrayList<>();
            for (CaKind kind : CaKind.values()) {
                Optional<CertificateAuthority> existing = loadCa(kind);
                CertificateAuthority wanted = imported.get(kind);
                if (existing.isPresent()) {
                    if (wanted != null && !wanted.certificate().equals(existing.get().certificate())) {
                        throw PkiException.badInput("the workspace already has a different " + kind.displayName()
                                + " (" + workspace.describe(kind.certificatePath()) + "); it is never replaced:"
                                + " import into a new workspace (--workspace), or move the old one away first");
                    }
                    cas.put(kind, existing.get());
                    changes.add(new PkiChange(kind.basePath(), PkiChange.Action.REUSED, "kept: a CA is never replaced"));
                } else if (wanted != null) {
                    cas.put(kind, wanted);
                } else {
                    casToMake.add(kind);
                }
            }
            return casToMake;
        }

        /**
         * Checks every leaf; puts the reusable ones into {@code reusable} and returns the key groups
         * to make anew, each with the id of its first leaf that needs it.
         *
         * @param etcdCa null when the etcd CA is made in this run
         */
        private Map<String, String> findLeaves(PkiRequirements requirements, CertificateAuthority etcdCa,
                                               Map<String, Leaf> reusable) throws PkiException {
            Map<String, String> groupsToMake = new LinkedHashMap<>();
            for (LeafSpec spec : requirements.leaves()) {
                Optional<String> reason = etcdCa == null ? Optional.of(reasonUnderNewCa(spec))
                        : checkLeaf(spec, etcdCa, reusable);
                reason.ifPresent(r -> groupsToMake.putIfAbsent(spec.keyGroup(), spec.id()));
            }
            return groupsToMake;
        }

        private void makeCas(Map<CaKind, CertificateAuthority> imported, Map<CaKind, CertificateAuthority> cas,
                             Map<CaKind, CompletableFuture<KeyPair>> caKeys) throws PkiException {
            for (CaKind kind : CaKind.values()) {
                if (caKeys.containsKey(kind)) {
                    KeyPair keys = join(caKeys.get(kind));
                    Validity validity = Validity.startingAt(now, caValidity);
                    X509Certificate certificate = new CertificateSigner(random).selfSignedCa(kind.commonName(), keys,
                            validity);
                    CertificateAuthority ca = CertificateAuthority.of(kind, certificate, keys.getPrivate());
                    writeCa(ca);
                    cas.put(kind, ca);
                    changes.add(new PkiChange(kind.basePath(), PkiChange.Action.CREATED, "new " + kind.displayName()
                            + ", " + algorithm.wireName() + ", valid until " + CaChecks.date(validity.notAfter())));
                } else if (imported.containsKey(kind) && !workspace.exists(kind.certificatePath())) {
                    CertificateAuthority ca = cas.get(kind);
                    writeCa(ca);
                    changes.add(new PkiChange(kind.basePath(), PkiChange.Action.IMPORTED, "your " + kind.displayName()
                            + ", " + Keys.describe(ca.certificate().getPublicKey()) + ", valid until "
                            + CaChecks.date(ca.certificate().getNotAfter().toInstant())));
                }
            }
        }

        private ServiceAccountKeys makeServiceAccount(KeyPair keys) throws PkiException {
            ServiceAccountKeys sa = ServiceAccountKeys.of(keys);
            // The public half first: a private key alone is what marks the pair as complete.
            workspace.writePublic(ServiceAccountKeys.PUBLIC_KEY_PATH, sa.publicKeyPem());
            workspace.writeNew(ServiceAccountKeys.PRIVATE_KEY_PATH, sa.privateKeyPem(), true);
            changes.add(new PkiChange("sa", PkiChange.Action.CREATED, "new service-account key pair, "
                    + algorithm.wireName()));
            return sa;
        }

        private ServiceAccountKeys keepServiceAccount(ServiceAccountKeys sa) {
            changes.add(new PkiChange("sa", PkiChange.Action.REUSED, "kept: replacing it would void every"
                    + " service-account token"));
            return sa;
        }

        private List<Leaf> makeLeaves(PkiRequirements requirements, CertificateAuthority etcdCa,
                                      Map<String, String> groupsToMake, Map<String, CompletableFuture<KeyPair>> leafKeys,
                                      Map<String, Leaf> reusable) throws PkiException {
            CertificateSigner signer = new CertificateSigner(random);
            Instant caEnd = etcdCa.certificate().getNotAfter().toInstant();
            Validity wanted = Validity.startingAt(now, leafValidity);
            Validity period = wanted.endingBy(caEnd);
            String shortened = period.equals(wanted) ? ""
                    : " (valid only until " + CaChecks.date(caEnd) + ", when the etcd CA expires)";
            List<Leaf> leaves = new ArrayList<>();
            for (LeafSpec spec : requirements.leaves()) {
                String firstOfGroup = groupsToMake.get(spec.keyGroup());
                if (firstOfGroup == null) {
                    leaves.add(reusable.get(spec.id()));
                    changes.add(new PkiChange(spec.id(), PkiChange.Action.REUSED, "unchanged, verifies against the "
                            + etcdCa.kind().displayName()));
                    continue;
                }
                KeyPair keys = join(leafKeys.get(spec.keyGroup()));
                X509Certificate certificate = signer.leaf(spec, keys.getPublic(), etcdCa.certificate(), etcdCa.key(),
                        period);
                Leaf leaf = new Leaf(spec, certificate, keys.getPrivate(), Pem.encode(certificate),
                        Pem.encode(keys.getPrivate()));
                // The key first: a crash in between leaves a pair that does not match, which the next run replaces.
                workspace.writeSecret(spec.keyPath(), leaf.keyPem());
                workspace.writePublic(spec.certificatePath(), leaf.certificatePem());
                leaves.add(leaf);
                PkiChange change = leafChange(spec, firstOfGroup);
                changes.add(new PkiChange(change.item(), change.action(), change.reason() + shortened));
            }
            return leaves;
        }

        /** Reports why a leaf was made, from the reason recorded for its key group. */
        private PkiChange leafChange(LeafSpec spec, String firstOfGroup) {
            String reason = pendingReasons.get(spec.id());
            if (reason == null) {
                // Its own files were fine, but it shares its key with a leaf that needed a new one.
                reason = "shares its key with " + firstOfGroup + ", which was made anew";
            }
            boolean existed = !"new".equals(reason);
            return new PkiChange(spec.id(), existed ? PkiChange.Action.REGENERATED : PkiChange.Action.CREATED, reason);
        }

        private Optional<String> checkLeaf(LeafSpec spec, CertificateAuthority ca, Map<String, Leaf> reusable)
                throws PkiException {
            Optional<byte[]> certificatePem = workspace.read(spec.certificatePath());
            Optional<byte[]> keyPem = workspace.read(spec.keyPath());
            String reason;
            if (certificatePem.isEmpty() && keyPem.isEmpty()) {
                reason = "new";
            } else if (certificatePem.isEmpty() || keyPem.isEmpty()) {
                reason = (certificatePem.isEmpty() ? spec.certificatePath() : spec.keyPath()) + " was missing";
            } else {
                try {
                    X509Certificate certificate = Pem.readCertificate(certificatePem.get(),
                            workspace.describe(spec.certificatePath()));
                    PrivateKey key = Pem.readPrivateKey(keyPem.get(), workspace.describe(spec.keyPath()));
                    Optional<String> objection = LeafCheck.reasonToReplace(spec, certificate, key, ca, algorithm,
                            leafValidity, now);
                    if (objection.isEmpty()) {
                        reusable.put(spec.id(), new Leaf(spec, certificate, key, certificatePem.get(), keyPem.get()));
                        return Optional.empty();
                    }
                    reason = objection.get();
                } catch (PkiException unreadable) {
                    reason = "could not be read (" + unreadable.getMessage() + ")";
                }
            }
            pendingReasons.put(spec.id(), reason);
            return Optional.of(reason);
        }

        /** Whatever a leaf's files hold, they were not signed by an etcd CA made in this run. */
        private String reasonUnderNewCa(LeafSpec spec) {
            boolean exists = workspace.exists(spec.certificatePath()) || workspace.exists(spec.keyPath());
            String reason = exists ? "the etcd CA is new" : "new";
            pendingReasons.put(spec.id(), reason);
            return reason;
        }

        private Optional<CertificateAuthority> loadCa(CaKind kind) throws PkiException {
            Optional<byte[]> certificatePem = workspace.read(kind.certificatePath());
            Optional<byte[]> keyPem = workspace.read(kind.keyPath());
            String certificateSource = workspace.describe(kind.certificatePath());
            String keySource = workspace.describe(kind.keyPath());
            if (certificatePem.isEmpty()) {
                // A key without its certificate is left by an interrupted run (keys are written
                // first): nothing was ever signed with it, so a new CA may take its place.
                return Optional.empty();
            }
            if (keyPem.isEmpty()) {
                throw PkiException.failure(certificateSource + " has no key beside it (" + keySource + "): kubeha"
                        + " signs with the " + kind.displayName() + " and needs its key; put the key back, or move"
                        + " the pki directory away to start over with new CAs");
            }
            X509Certificate certificate = Pem.readCertificate(certificatePem.get(), certificateSource);
            PrivateKey key = Pem.readPrivateKey(keyPem.get(), keySource);
            CaChecks.check(kind, certificate, key, certificateSource, keySource, now);
            return Optional.of(new CertificateAuthority(kind, certificate, key, certificatePem.get(), keyPem.get()));
        }

        private Optional<ServiceAccountKeys> loadServiceAccount() throws PkiException {
            Optional<byte[]> keyPem = workspace.read(ServiceAccountKeys.PRIVATE_KEY_PATH);
            if (keyPem.isEmpty()) {
                return Optional.empty();
            }
            String keySource = workspace.describe(ServiceAccountKeys.PRIVATE_KEY_PATH);
            String publicSource = workspace.describe(ServiceAccountKeys.PUBLIC_KEY_PATH);
            Optional<byte[]> publicPem = workspace.read(ServiceAccountKeys.PUBLIC_KEY_PATH);
            if (publicPem.isEmpty()) {
                throw PkiException.failure(publicSource + " is missing beside " + keySource
                        + ": put it back (openssl pkey -in sa.key -pubout -out sa.pub)");
            }
            PrivateKey key = Pem.readPrivateKey(keyPem.get(), keySource);
            PublicKey publicKey = Pem.readPublicKey(publicPem.get(), publicSource);
            if (!Keys.matches(key, publicKey)) {
                throw PkiException.failure(publicSource + " is not the public key of " + keySource
                        + ": put the matching sa.pub back (openssl pkey -in sa.key -pubout -out sa.pub)");
            }
            return Optional.of(new ServiceAccountKeys(key, publicKey, keyPem.get(), publicPem.get()));
        }

        private void writeCa(CertificateAuthority ca) throws PkiException {
            // The key may replace an orphan key (see loadCa); the certificate never replaces anything.
            workspace.writeSecret(ca.kind().keyPath(), ca.keyPem());
            workspace.writeNew(ca.kind().certificatePath(), ca.certificatePem(), false);
        }

        private JoinMaterial joinMaterial(X509Certificate kubernetesCa) throws PkiException {
            String token = readSecretLine(BOOTSTRAP_TOKEN).filter(t -> JoinMaterial.TOKEN.matcher(t).matches())
                    .orElse(null);
            if (token == null) {
                token = JoinMaterial.newBootstrapToken(random);
                workspace.writeSecret(BOOTSTRAP_TOKEN, (token + "\n").getBytes(StandardCharsets.US_ASCII));
                changes.add(new PkiChange(BOOTSTRAP_TOKEN, PkiChange.Action.CREATED, "new bootstrap token"));
            } else {
                changes.add(new PkiChange(BOOTSTRAP_TOKEN, PkiChange.Action.REUSED, "kept"));
            }
            if (workspace.exists(LEGACY_CERTIFICATE_KEY)) {
                // The user's file: not deleted behind their back, but said once per run to be dead weight.
                changes.add(new PkiChange(LEGACY_CERTIFICATE_KEY, PkiChange.Action.UNUSED, "left by an earlier"
                        + " kubeha, no longer used (the masters get the shared certificates copied, not uploaded):"
                        + " delete it at will"));
            }
            return new JoinMaterial(token, JoinMaterial.discoveryHash(kubernetesCa));
        }

        private Optional<String> readSecretLine(String relative) throws PkiException {
            return workspace.read(relative).map(b -> new String(b, StandardCharsets.US_ASCII).strip());
        }

        private CompletableFuture<KeyPair> generateAsync() {
            // The platform default (NativePRNG on Linux): cheap to create, and key generation draws
            // too little randomness for its shared lock to matter. DRBG instances cost ms to seed.
            return CompletableFuture.supplyAsync(() -> Keys.generate(algorithm, new SecureRandom()), KEY_POOL);
        }
    }

    private static KeyPair join(CompletableFuture<KeyPair> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "kubeha-keygen-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
