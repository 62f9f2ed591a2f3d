package io.keygate.webapp;

import io.keygate.Keygate;
import io.keygate.keys.ApiKey;
import io.keygate.keys.Environment;
import io.keygate.keys.KeyFormat;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import io.keygate.service.ApiKeyService;
import io.keygate.store.InMemoryApiKeyStore;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BootstrapAdminKeyTest {

    static final String NAME = "KEYGATE_BOOTSTRAP_KEY";

    private final Clock clock = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final Keygate keygate = Keygate.builder().store(new InMemoryApiKeyStore()).clock(clock).build();
    private final ApiKeyService service = keygate.service();
    private final BootstrapAdminKey bootstrap = new BootstrapAdminKey(keygate.management().bootstrap());
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);

    @Test
    void ensureAdminWhenNoAdminAndNoKeyGivenThenPrintsAGeneratedKeyOnce() {
        ApiKey created = bootstrap.ensureAdmin(NAME, null, print).orElseThrow();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).startsWith(BootstrapAdminKey.ANNOUNCEMENT).endsWith(System.lineSeparator());
        String key = printed.substring(BootstrapAdminKey.ANNOUNCEMENT.length()).strip();
        assertThat(KeyFormat.sha256Hex(key)).isEqualTo(created.hash());
        assertThat(created.organizationId()).isEqualTo("platform");
        assertThat(created.effectivePermissions()).contains(Permission.ADMIN);
        assertThat(created.owner()).isEqualTo(Owner.serviceAccount(BootstrapAdminKey.ACCOUNT_ID));
        assertThat(keygate.serviceAccounts().get("sa_bootstrap").orElseThrow().name()).isEqualTo("Bootstrap");

        assertThat(bootstrap.ensureAdmin(NAME, null, print)).isEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(printed);
    }

    @Test
    void ensureAdminWhenKeyGivenThenImportsItSilently() {
        String given = KeyFormat.standard().generate(Environment.LIVE).plaintext();
        ApiKey created = bootstrap.ensureAdmin(NAME, given, print).orElseThrow();
        assertThat(created.hash()).isEqualTo(KeyFormat.sha256Hex(given));
        assertThat(out.size()).isZero();
        assertThat(bootstrap.ensureAdmin(NAME, given, print)).isEmpty();
    }

    @Test
    void ensureAdminWhenGivenKeyWasRevokedThenRefusesWithoutShowingIt() {
        String given = KeyFormat.standard().generate(Environment.LIVE).plaintext();
        ApiKey created = bootstrap.ensureAdmin(NAME, given, print).orElseThrow();
        service.revoke(created.id());
        assertThatThrownBy(() -> bootstrap.ensureAdmin(NAME, given, print))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("KEYGATE_BOOTSTRAP_KEY")
                .hasMessageContaining(created.id())
                .hasMessageNotContaining(given);
    }

    @Test
    void checkKeyWhenChecksumWrongThenSaysWhyWithoutTheKey() {
        String live = KeyFormat.standard().generate(Environment.LIVE).plaintext();
        String broken = live.substring(0, live.length() - 1) + (live.endsWith("A") ? "B" : "A");
        assertThatThrownBy(() -> BootstrapAdminKey.checkKey(NAME, broken, KeyFormat.standard()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a well-formed keygate key")
                .hasMessageContaining("checksum")
                .hasMessageNotContaining(broken);
    }

    @Test
    void checkKeyWhenTestKeyThenRefusedAsNotLive() {
        String test = KeyFormat.standard().generate(Environment.TEST).plaintext();
        assertThatThrownBy(() -> BootstrapAdminKey.checkKey(NAME, test, KeyFormat.standard()))
                .hasMessageContaining("must be a live key")
                .hasMessageNotContaining(test);
    }
}
