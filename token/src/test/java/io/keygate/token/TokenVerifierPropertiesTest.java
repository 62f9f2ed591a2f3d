package io.keygate.token;

import io.keygate.store.InMemorySigningKeyStore;
import io.keygate.testing.MutableClock;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever arrives as a bearer credential, the verifier answers without an exception and never accepts it: random
 * strings, random three-segment base64url, and a genuine token with one character changed.
 */
class TokenVerifierPropertiesTest {

    private static TokenService tokens;
    private static String genuine;

    @BeforeContainer
    static void start() {
        MutableClock clock = MutableClock.at(Fixture.T0);
        tokens = Fixture.started(new InMemorySigningKeyStore(), clock);
        genuine = tokens.issuer().issue(TokenSubject.of(Fixture.acmeKey(Fixture.keys(clock)).key())).accessToken();
    }

    @AfterContainer
    static void stop() {
        tokens.close();
    }

    @Property(tries = 300)
    void verifyWhenAnyStringThenRefusedWithoutException(@ForAll String credential) {
        assertThat(tokens.verifier().verify(credential).kind()).isEqualTo(TokenVerification.Kind.INVALID);
    }

    @Property(tries = 300)
    void verifyWhenRandomBase64UrlSegmentsThenRefused(@ForAll("segment") String a, @ForAll("segment") String b,
                                                      @ForAll("segment") String c) {
        assertThat(tokens.verifier().verify(a + "." + b + "." + c).kind()).isEqualTo(TokenVerification.Kind.INVALID);
    }

    @Property(tries = 300)
    void verifyWhenOneCharacterOfAGenuineTokenChangedThenRefused(@ForAll("position") int position,
                                                                 @ForAll("base64url") char replacement) {
        char original = genuine.charAt(position);
        String changed = genuine.substring(0, position) + replacement + genuine.substring(position + 1);
        TokenVerification v = tokens.verifier().verify(changed);
        if (replacement == original) {
            assertThat(v.kind()).isEqualTo(TokenVerification.Kind.VERIFIED);
        } else if (position == genuine.length() - 1) {
            // the last character of a 64-byte signature carries 4 padding bits: some changes decode to the same bytes
            assertThat(v.kind()).isIn(TokenVerification.Kind.INVALID, TokenVerification.Kind.VERIFIED);
        } else {
            assertThat(v.kind()).isEqualTo(TokenVerification.Kind.INVALID);
        }
    }

    @Provide
    Arbitrary<String> segment() {
        return Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
                .ofMinLength(1).ofMaxLength(200);
    }

    @Provide
    Arbitrary<Integer> position() {
        return Arbitraries.integers().between(0, genuine.length() - 1).filter(i -> genuine.charAt(i) != '.');
    }

    @Provide
    Arbitrary<Character> base64url() {
        return Arbitraries.chars().with("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray());
    }
}
