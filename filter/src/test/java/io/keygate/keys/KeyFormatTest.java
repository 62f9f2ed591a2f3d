package io.keygate.keys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyFormatTest {

    @ParameterizedTest
    @CsvSource({
            "sk_live_, 0123456789ABCDEFGHIJKLMNOPQRSTUV, sk_live_0123456789ABCDEFGHIJKLMNOPQRSTUV28hqg7",
            "sk_test_, abcdefghijklmnopqrstuvwxyz012345, sk_test_abcdefghijklmnopqrstuvwxyz0123454ajCmv",
            "gsk_, ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ, gsk_ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ2LN4ht",
            "sk_live_, 00000000000000000000000000000000, sk_live_000000000000000000000000000000002UYg5A"})
    void composeWhenContractVectorThenMatchesContract(String prefix, String body, String expected) {
        assertThat(KeyFormat.compose(prefix, body)).isEqualTo(expected);
    }

    @Test
    void checkWhenContractVectorThenAcceptedWithEnvironmentAndHash() {
        KeyFormat format = KeyFormat.standard();
        PresentedKey live = format.check("sk_live_0123456789ABCDEFGHIJKLMNOPQRSTUV28hqg7");
        PresentedKey test = format.check("sk_test_abcdefghijklmnopqrstuvwxyz0123454ajCmv");
        assertThat(live.environment()).isEqualTo(Environment.LIVE);
        assertThat(test.environment()).isEqualTo(Environment.TEST);
        assertThat(live.hash()).hasSize(64).isEqualTo(KeyFormat.sha256Hex("sk_live_0123456789ABCDEFGHIJKLMNOPQRSTUV28hqg7"));
    }

    @Test
    void checkWhenOtherPrefixesConfiguredThenOnlyThoseAccepted() {
        KeyFormat gsk = new KeyFormat("gsk_", "gsk_test_");
        assertThat(gsk.check("gsk_ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ2LN4ht")).isNotNull();
        assertThat(gsk.check("sk_live_0123456789ABCDEFGHIJKLMNOPQRSTUV28hqg7")).isNull();
        assertThat(KeyFormat.standard().check("gsk_ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ2LN4ht")).isNull();
    }

    @Test
    void checkWhenWrongChecksumOrShapeThenRejected() {
        KeyFormat format = KeyFormat.standard();
        assertThat(format.check("sk_live_0123456789ABCDEFGHIJKLMNOPQRSTUV28hqg8")).isNull();
        assertThat(format.check("sk_live_0123456789ABCDEFGHIJKLMNOPQRSTUV28hqg")).isNull();
        assertThat(format.check("sk_live_0123456789ABCDEFGHIJKLMNOPQRSTUV28hqg77")).isNull();
        assertThat(format.check("sk_live_0123456789ABCDEFGHIJKLMNOPQRST-V28hqg7")).isNull();
        assertThat(format.check("")).isNull();
        assertThat(format.check(null)).isNull();
    }

    @Test
    void redactWhenKeyGeneratedThenShowsPrefixFirstFourAndLastFour() {
        GeneratedKey key = KeyFormat.standard().generate(Environment.LIVE);
        String plain = key.plaintext();
        assertThat(key.redacted()).isEqualTo(plain.substring(0, 12) + "..." + plain.substring(plain.length() - 4));
        assertThat(key.toString()).doesNotContain(plain);
    }

    @Test
    void constructorWhenPrefixBreaksRuleThenMessageNamesValueAndRule() {
        assertThatThrownBy(() -> new KeyFormat("sk live", "sk_test_"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'sk live'").hasMessageContaining("livePrefix").hasMessageContaining("[A-Za-z0-9_-]{1,16}");
        assertThatThrownBy(() -> new KeyFormat("abcdefghijklmnopq", "sk_test_")).hasMessageContaining("livePrefix");
        assertThatThrownBy(() -> new KeyFormat("same", "same")).hasMessageContaining("differ");
    }

    @Test
    void adoptWhenMalformedThenMessageDoesNotEchoToken() {
        String bad = "sk_live_0123456789ABCDEFGHIJKLMNOPQRSTUV28hqg8";
        assertThatThrownBy(() -> KeyFormat.standard().adopt(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(bad));
    }

    @Test
    void digestsEqualWhenSameOrDifferentThenCompares() {
        assertThat(KeyFormat.digestsEqual("abc", "abc")).isTrue();
        assertThat(KeyFormat.digestsEqual("abc", "abd")).isFalse();
        assertThat(KeyFormat.digestsEqual(null, "abd")).isFalse();
    }

    @org.junit.jupiter.api.Test
    void redactKeysWhenTextQuotesKeysOrLongPartsOfThemThenOnlyRedactedFormsRemain() {
        KeyFormat f = KeyFormat.standard();
        String live = f.generate(Environment.LIVE).plaintext();
        String test = f.generate(Environment.TEST).plaintext();
        String text = "no key '" + live + "' nor " + test + "; half of one: " + live.substring(0, 30) + " ok";

        String redacted = f.redactKeys(text);

        org.assertj.core.api.Assertions.assertThat(redacted)
                .doesNotContain(live).doesNotContain(test).doesNotContain(live.substring(8, 30))
                .contains("sk_live_" + live.substring(8, 12) + "..." + live.substring(live.length() - 4))
                .contains("no key '").endsWith(" ok");
        org.assertj.core.api.Assertions.assertThat(f.redactKeys("sk_live_ short, plain text")).isEqualTo(
                "sk_live_ short, plain text");
        org.assertj.core.api.Assertions.assertThat(f.redactKeys(null)).isNull();
    }
}
