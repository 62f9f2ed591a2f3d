package io.keygate.keys;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import static org.assertj.core.api.Assertions.assertThat;

class KeyFormatPropertiesTest {

    private final KeyFormat format = KeyFormat.standard();

    @Property(tries = 500)
    void everyGeneratedKeyValidates(@ForAll("environments") Environment environment) {
        GeneratedKey key = format.generate(environment);
        PresentedKey presented = format.check(key.plaintext());
        assertThat(presented).isNotNull();
        assertThat(presented.environment()).isEqualTo(environment);
        assertThat(presented.hash()).isEqualTo(key.hash());
    }

    @Property(tries = 2000)
    void anySingleCharacterChangeIsRejected(@ForAll("environments") Environment environment,
                                            @ForAll @IntRange(min = 0, max = 1000) int positionSeed,
                                            @ForAll char replacement) {
        String key = format.generate(environment).plaintext();
        int position = positionSeed % key.length();
        if (key.charAt(position) == replacement) {
            return;
        }
        String changed = key.substring(0, position) + replacement + key.substring(position + 1);
        assertThat(format.check(changed)).isNull();
    }

    @Property(tries = 2000)
    void arbitraryStringsNeverThrow(@ForAll String anything) {
        format.check(anything);
        format.check("sk_live_" + anything);
    }

    @Property(tries = 1000)
    void wellShapedStringsWithRandomChecksumAreAlmostAlwaysRejected(@ForAll("bodies") String body) {
        String key = KeyFormat.compose("sk_live_", body);
        assertThat(format.check(key)).isNotNull();
        String corrupted = key.substring(0, key.length() - 1)
                + (key.charAt(key.length() - 1) == 'a' ? 'b' : 'a');
        assertThat(format.check(corrupted)).isNull();
    }

    @Provide
    Arbitrary<Environment> environments() {
        return Arbitraries.of(Environment.values());
    }

    @Provide
    Arbitrary<String> bodies() {
        return Arbitraries.strings().withChars(Base62.ALPHABET.toCharArray()).ofLength(KeyFormat.BODY_LENGTH);
    }
}
