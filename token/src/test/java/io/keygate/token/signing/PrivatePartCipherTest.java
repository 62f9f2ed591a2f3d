package io.keygate.token.signing;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sealing private parts: AES-GCM under the secret, the kid as associated data, plain only without a secret. */
class PrivatePartCipherTest {

    private static final String SECRET = "correct horse battery staple 42";
    private static final String JWK = "{\"kty\":\"EC\",\"d\":\"private-scalar-value\",\"crv\":\"P-256\"}";

    private final PrivatePartCipher cipher = new PrivatePartCipher(SECRET, 1_000);

    @Test
    void sealWhenSecretThenOpensToTheSameAndHidesIt() {
        byte[] sealed = cipher.seal("kid-1", JWK);

        assertThat(sealed[0]).isEqualTo(PrivatePartCipher.SEALED);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("private-scalar-value")
                .doesNotContain("kty");
        assertThat(cipher.open("kid-1", sealed)).isEqualTo(JWK);
        assertThat(new PrivatePartCipher(SECRET, 5).open("kid-1", sealed))
                .as("opening uses the stored iteration count").isEqualTo(JWK);
    }

    @Test
    void sealWhenCalledTwiceThenFreshSaltAndIvEachTime() {
        byte[] a = cipher.seal("kid-1", JWK);
        byte[] b = cipher.seal("kid-1", JWK);

        assertThat(a).isNotEqualTo(b);
        assertThat(java.util.Arrays.copyOfRange(a, 5, 33)).isNotEqualTo(java.util.Arrays.copyOfRange(b, 5, 33));
    }

    @Test
    void openWhenAnotherSecretThenRefusedWithoutShowingEitherSecret() {
        byte[] sealed = cipher.seal("kid-1", JWK);

        assertThatThrownBy(() -> new PrivatePartCipher("a different secret 123", 1_000).open("kid-1", sealed))
                .isInstanceOf(PrivatePartCipher.SealedKeyException.class)
                .hasMessageContaining("does not open signing key kid-1")
                .hasMessageNotContaining(SECRET).hasMessageNotContaining("a different secret");
    }

    @Test
    void openWhenMovedToAnotherKidThenRefused() {
        byte[] sealed = cipher.seal("kid-1", JWK);

        assertThatThrownBy(() -> cipher.open("kid-2", sealed)).isInstanceOf(PrivatePartCipher.SealedKeyException.class);
    }

    @Test
    void openWhenAnyByteAlteredThenRefused() {
        byte[] sealed = cipher.seal("kid-1", JWK);
        for (int i = 5; i < sealed.length; i += 7) {
            byte[] altered = sealed.clone();
            altered[i] ^= 0x01;
            assertThatThrownBy(() -> cipher.open("kid-1", altered)).as("byte %d", i)
                    .isInstanceOf(PrivatePartCipher.SealedKeyException.class);
        }
    }

    @Test
    void openWhenIterationCountImpossibleThenRefusedAtOnce() {
        byte[] sealed = cipher.seal("kid-1", JWK);
        sealed[1] = 0x7f;

        assertThatThrownBy(() -> cipher.open("kid-1", sealed)).isInstanceOf(PrivatePartCipher.SealedKeyException.class)
                .hasMessageContaining("iteration count");
    }

    @Test
    void sealWhenNoSecretThenMarkedPlainAndOpensWithOrWithoutSecret() {
        PrivatePartCipher plain = new PrivatePartCipher(null);

        byte[] stored = plain.seal("kid-1", JWK);

        assertThat(plain.encrypts()).isFalse();
        assertThat(stored[0]).isEqualTo(PrivatePartCipher.PLAIN);
        assertThat(plain.open("kid-1", stored)).isEqualTo(JWK);
        assertThat(cipher.open("kid-1", stored)).isEqualTo(JWK);
    }

    @Test
    void openWhenSealedButNoSecretThenRefusedNamingTheSetting() {
        byte[] sealed = cipher.seal("kid-1", JWK);

        assertThatThrownBy(() -> new PrivatePartCipher(null).open("kid-1", sealed))
                .isInstanceOf(PrivatePartCipher.SealedKeyException.class)
                .hasMessageContaining("no token secret is set").hasMessageContaining("KEYGATE_TOKEN_SECRET");
    }

    @Test
    void openWhenUnknownFormatOrEmptyThenRefused() {
        assertThatThrownBy(() -> cipher.open("kid-1", new byte[]{7, 1, 2})).hasMessageContaining("unknown format");
        assertThatThrownBy(() -> cipher.open("kid-1", new byte[]{1})).hasMessageContaining("no private part");
    }

    @Test
    void constructorWhenSecretTooShortThenRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> new PrivatePartCipher("short-secret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 16 characters").hasMessageNotContaining("short-secret");
        assertThat(new PrivatePartCipher(SECRET).toString()).doesNotContain(SECRET).contains("600000");
    }

    /** The production count: one derivation (timed, for the README), then the derived key is reused. */
    @Test
    void sealWhenDefaultIterationsThenOpensAndTheDerivationIsPaidOncePerSeal() {
        PrivatePartCipher production = new PrivatePartCipher(SECRET);
        long started = System.nanoTime();
        byte[] sealed = production.seal("kid-1", JWK);
        long sealMillis = (System.nanoTime() - started) / 1_000_000;
        started = System.nanoTime();
        assertThat(production.open("kid-1", sealed)).isEqualTo(JWK);
        long openMillis = (System.nanoTime() - started) / 1_000_000;

        System.out.println("PBKDF2 600000: seal " + sealMillis + " ms (derivation), open " + openMillis
                + " ms (derived key reused)");
        assertThat(java.nio.ByteBuffer.wrap(sealed, 1, 4).getInt()).isEqualTo(600_000);
        assertThat(openMillis).isLessThan(Math.max(50, sealMillis / 2));
    }
}
