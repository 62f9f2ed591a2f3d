package io.keygate.token;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Settings: the defaults, and a message naming setting, value and rule for each bad value. */
class TokenSettingsTest {

    @Test
    void defaultsThenTheContractsValues() {
        TokenSettings s = TokenSettings.defaults();

        assertThat(s.issuer()).isEqualTo("keygate");
        assertThat(s.audience()).isEqualTo("keygate");
        assertThat(s.defaultLifetime()).isEqualTo(Duration.ofSeconds(900));
        assertThat(s.clockSkew()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.rotationPeriod()).isEqualTo(Duration.ofDays(30));
        assertThat(s.keyPublishLead()).isEqualTo(Duration.ofHours(1));
        assertThat(s.keyRefreshInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.cacheMaxSize()).isEqualTo(100_000);
    }

    @Test
    void buildWhenIssuerOrAudienceBlankOrTooLongThenRefused() {
        assertThatThrownBy(() -> TokenSettings.builder().issuer(" ").build())
                .hasMessage("' ' is wrong value for issuer, because it must be 1..256 characters, not blank");
        assertThatThrownBy(() -> TokenSettings.builder().audience(null).build())
                .hasMessageContaining("is wrong value for audience");
        assertThatThrownBy(() -> TokenSettings.builder().audience("a".repeat(257)).build())
                .hasMessageContaining("wrong value for audience");
    }

    @Test
    void buildWhenLifetimeOutsideTheContractsRangeOrFractionalThenRefused() {
        assertThatThrownBy(() -> TokenSettings.builder().defaultLifetime(Duration.ofSeconds(59)).build())
                .hasMessage("'PT59S' is wrong value for defaultLifetime, because it must be from PT1M to PT1H");
        assertThatThrownBy(() -> TokenSettings.builder().defaultLifetime(Duration.ofSeconds(3601)).build())
                .hasMessageContaining("defaultLifetime");
        assertThatThrownBy(() -> TokenSettings.builder().defaultLifetime(Duration.ofMillis(60_500)).build())
                .hasMessageContaining("whole seconds");
    }

    @Test
    void buildWhenLeewayOverFiveSecondsThenRefused() {
        assertThatThrownBy(() -> TokenSettings.builder().clockSkew(Duration.ofSeconds(6)).build())
                .hasMessage("'PT6S' is wrong value for clockSkew, because it must be from PT0S to PT5S");
        assertThat(TokenSettings.builder().clockSkew(Duration.ZERO).build().clockSkew()).isZero();
    }

    @Test
    void buildWhenRotationScheduleInconsistentThenRefused() {
        assertThatThrownBy(() -> TokenSettings.builder().rotationPeriod(Duration.ofHours(12)).build())
                .hasMessageContaining("rotationPeriod");
        assertThatThrownBy(() -> TokenSettings.builder().keyPublishLead(Duration.ofSeconds(100)).build())
                .as("at least two refreshes within the lead")
                .hasMessage("'PT1M40S' is wrong value for keyPublishLead, because it must be from PT2M to PT180H");
        assertThatThrownBy(() -> TokenSettings.builder().keyPublishLead(Duration.ofDays(8)).build())
                .as("the lead is at most a quarter of the period").hasMessageContaining("keyPublishLead");
        assertThat(TokenSettings.builder().rotationPeriod(Duration.ofDays(1)).build().keyPublishLead())
                .isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> TokenSettings.builder().keyRefreshInterval(Duration.ZERO).build())
                .hasMessageContaining("keyRefreshInterval");
    }

    @Test
    void buildWhenCacheSettingsOutOfRangeThenRefused() {
        assertThatThrownBy(() -> TokenSettings.builder().cacheMaxSize(0).build())
                .hasMessage("'0' is wrong value for cacheMaxSize, because it must be 1..10000000");
        assertThatThrownBy(() -> TokenSettings.builder().rejectedTtl(Duration.ZERO).build())
                .hasMessageContaining("rejectedTtl");
    }
}
