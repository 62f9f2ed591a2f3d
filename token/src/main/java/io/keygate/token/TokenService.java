package io.keygate.token;

import io.keygate.bearer.BearerTokenVerifier;
import io.keygate.store.SigningKeyStore;
import io.keygate.store.StoreUnavailableException;
import io.keygate.token.signing.KeyRingSnapshot;
import io.keygate.token.signing.PrivatePartCipher;
import io.keygate.token.signing.SigningKey;
import io.keygate.token.signing.SigningKeyRing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Token exchange (contract §8): trades an authenticated API key for a short-lived ES256 JWT that every node verifies
 * locally. Holds the signing-key ring, the {@link TokenIssuer}, the {@link TokenVerifier} and the {@link JwkSetDocument}.
 *
 * <pre>{@code
 * TokenService tokens = TokenService.builder()
 *         .store(JpaSigningKeyStore.create(pool))          // required: every node must share it
 *         .secret(System.getenv("KEYGATE_TOKEN_SECRET"))  // optional; without it keys are stored unencrypted
 *         .settings(TokenSettings.builder().issuer("keygate").audience("keygate").build())
 *         .meterRegistry(registry)
 *         .build();
 * tokens.start();      // loads (or makes) the signing keys; re-reads them every keyRefreshInterval
 * ...
 * tokens.close();      // on undeploy
 * }</pre>
 *
 * <p><b>Deployment.</b> Every node of a cluster needs the same store, the same secret, issuer and audience. The secret
 * must be the same on every start: a node whose secret does not open the current signing key refuses to start. Nodes'
 * clocks may differ by at most the leeway (5 s). Without a secret the private parts of the signing keys are stored
 * unencrypted and {@link #start()} logs one WARNING saying so.
 */
public final class TokenService implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(TokenService.class.getName());

    private final TokenSettings settings;
    private final Clock clock;
    private final PrivatePartCipher cipher;
    private final TokenMetrics metrics;
    private final SigningKeyRing ring;
    private final TokenIssuer issuer;
    private final TokenVerifier verifier;
    private final boolean refreshInBackground;
    private volatile JwkSetDocument jwkSet;
    private ScheduledExecutorService scheduler;
    private long lastRefreshFailureLog = Long.MIN_VALUE;

    private TokenService(Builder b) {
        SigningKeyStore store = Objects.requireNonNull(b.store, "store cannot be null");
        this.settings = b.settings;
        this.clock = b.clock;
        this.cipher = new PrivatePartCipher(b.secret, b.iterations);
        this.metrics = new TokenMetrics(b.meterRegistry != null ? b.meterRegistry : Metrics.globalRegistry, clock);
        this.ring = new SigningKeyRing(store, cipher, clock, settings.rotationPeriod(), settings.keyPublishLead(),
                TokenSettings.MAX_LIFETIME.plus(settings.clockSkew()), this::keysChanged, metrics::problem);
        this.issuer = new TokenIssuer(ring, settings, clock, metrics);
        this.verifier = new TokenVerifier(ring, settings, clock, metrics);
        this.refreshInBackground = b.refreshInBackground;
        this.jwkSet = document(ring.snapshot());
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Loads the signing keys, making the first (or the due successor) when needed, and starts re-reading them every
     * {@link TokenSettings#keyRefreshInterval()}. Logs one WARNING when no secret is set.
     *
     * @throws StoreUnavailableException if the store cannot be reached
     * @throws IllegalStateException     if the signing key of this moment cannot be opened (another secret)
     */
    public synchronized void start() {
        if (!cipher.encrypts()) {
            LOG.log(Level.WARNING, "keygate: no token secret is set (KEYGATE_TOKEN_SECRET in the sample): the token "
                    + "signing keys' private parts are stored UNENCRYPTED in the database");
        }
        KeyRingSnapshot keys = ring.refresh();
        SigningKey signer = keys.signerAt(clock.instant());
        if (signer == null) {
            throw new IllegalStateException("keygate: no token signing key can sign: the token secret does not open "
                    + "the current signing key " + keys.kids() + "; start every node with the secret the cluster's "
                    + "keys were sealed with");
        }
        LOG.log(Level.INFO, "keygate: tokens: issuer=" + settings.issuer() + ", audience=" + settings.audience()
                + ", algorithm=" + TokenClaims.ALGORITHM + ", lifetime=" + settings.defaultLifetime().toSeconds()
                + "s (" + TokenSettings.MIN_LIFETIME.toSeconds() + ".." + TokenSettings.MAX_LIFETIME.toSeconds()
                + "), signing key " + signer.kid() + " of " + keys.kids() + ", rotation every "
                + settings.rotationPeriod().toDays() + " days, private parts " + (cipher.encrypts() ? "encrypted"
                : "unencrypted"));
        if (refreshInBackground && scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "keygate-signing-keys");
                t.setDaemon(true);
                return t;
            });
            long every = settings.keyRefreshInterval().toMillis();
            scheduler.scheduleWithFixedDelay(this::refreshQuietly, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Re-reads the signing keys now (the background refresh does this every interval).
     *
     * @throws StoreUnavailableException if the store cannot be reached; the keys known so far stay in use
     */
    public void refresh() {
        ring.refresh();
    }

    private void refreshQuietly() {
        try {
            ring.refresh();
        } catch (StoreUnavailableException e) {
            long now = clock.millis();
            if (lastRefreshFailureLog == Long.MIN_VALUE || now - lastRefreshFailureLog >= 60_000) {
                lastRefreshFailureLog = now;
                LOG.log(Level.WARNING, "keygate: cannot re-read the token signing keys, the known ones stay in use "
                        + "(logged at most once a minute): " + e.getMessage());
            }
        } catch (RuntimeException e) {
            metrics.problem(new IllegalStateException("refresh failed: " + e.getClass().getName() + ": "
                    + e.getMessage()));
        }
    }

    private void keysChanged(KeyRingSnapshot keys) {
        jwkSet = document(keys);
        verifier.keysChanged(keys);
    }

    private JwkSetDocument document(KeyRingSnapshot keys) {
        return new JwkSetDocument(keys.jwkSetJson(), keys.kids(), settings.keyPublishLead().toSeconds() / 4);
    }

    public TokenIssuer issuer() {
        return issuer;
    }

    public TokenVerifier verifier() {
        return verifier;
    }

    /**
     * The engine's token path: {@code Keygate.builder().tokens(tokenService.bearerTokens())}. A bearer credential with
     * two dots is verified here and the request acts as the key the token names.
     */
    public BearerTokenVerifier bearerTokens() {
        return new BearerTokenVerifier() {
            @Override
            public boolean handles(String credential) {
                return TokenVerifier.looksLikeJws(credential);
            }

            @Override
            public Result verify(String credential, java.util.function.BooleanSupplier mayCheck) {
                TokenVerification v = verifier.verify(credential, mayCheck);
                if (v == null) {
                    return Result.BLOCKED;
                }
                return switch (v.kind()) {
                    case VERIFIED -> Result.valid(((TokenVerification.Verified) v).keyId());
                    case INVALID -> Result.INVALID;
                    case EXPIRED -> Result.EXPIRED;
                    case UNAVAILABLE -> Result.UNAVAILABLE;
                };
            }
        };
    }

    /** The JWK Set of the keys in use now, to serve at {@code /.well-known/jwks.json}. */
    public JwkSetDocument jwkSet() {
        return jwkSet;
    }

    public TokenSettings settings() {
        return settings;
    }

    /** Stops the background refresh and removes the meters no other component uses. */
    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
        metrics.close();
    }

    public static final class Builder {
        private SigningKeyStore store;
        private TokenSettings settings = TokenSettings.defaults();
        private String secret;
        private int iterations = PrivatePartCipher.ITERATIONS;
        private Clock clock = Clock.systemUTC();
        private MeterRegistry meterRegistry;
        private boolean refreshInBackground = true;

        private Builder() {
        }

        /** Required: where the signing keys live, shared by every node. */
        public Builder store(SigningKeyStore store) {
            this.store = store;
            return this;
        }

        public Builder settings(TokenSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings cannot be null");
            return this;
        }

        /**
         * The token secret that seals the signing keys' private parts (at least 16 characters; a random one such as
         * {@code openssl rand -base64 32} is best). Null or empty: stored unencrypted.
         */
        public Builder secret(String secret) {
            this.secret = secret == null || secret.isEmpty() ? null : secret;
            return this;
        }

        /** PBKDF2 iterations for new seals (tests: the default costs about a second per signing key). */
        Builder iterations(int iterations) {
            this.iterations = iterations;
            return this;
        }

        /** Default: system UTC. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock cannot be null");
            return this;
        }

        /** Default: Micrometer's global registry. */
        public Builder meterRegistry(MeterRegistry meterRegistry) {
            this.meterRegistry = meterRegistry;
            return this;
        }

        /**
         * Default true: {@link #start()} schedules the re-reading of the signing keys on a daemon thread. False for
         * tests and applications that call {@link #refresh()} themselves.
         */
        public Builder refreshInBackground(boolean refreshInBackground) {
            this.refreshInBackground = refreshInBackground;
            return this;
        }

        /**
         * @throws IllegalArgumentException if the secret is shorter than 16 characters
         */
        public TokenService build() {
            return new TokenService(this);
        }
    }
}
