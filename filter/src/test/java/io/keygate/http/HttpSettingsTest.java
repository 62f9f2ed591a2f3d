package io.keygate.http;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** No invalid {@link HttpSettings} can exist: the canonical constructor rejects what the builder rejects. */
class HttpSettingsTest {

    @Test
    void constructorWhenRealmInvalidThenRejectedNamingParameterValueAndRule() {
        assertThatThrownBy(() -> new HttpSettings("a\"b", List.of(), Set.of(), false, HeaderDialect.EPOCH, false, true,
                null)).hasMessageContaining("realm").hasMessageContaining("'a\"b'").hasMessageContaining("quote");
        assertThatThrownBy(() -> new HttpSettings(null, List.of(), Set.of(), false, HeaderDialect.EPOCH, false, true,
                null)).hasMessageContaining("realm").hasMessageContaining("'null'");
    }

    @Test
    void constructorWhenQueryParamOrHeaderInvalidThenRejected() {
        assertThatThrownBy(() -> new HttpSettings("api", List.of(), Set.of("api$key"), false, HeaderDialect.EPOCH,
                false, true, null)).hasMessageContaining("key-query-params").hasMessageContaining("'api$key'");
        assertThatThrownBy(() -> new HttpSettings("api", List.of(), Set.of("API_KEY"), false, HeaderDialect.EPOCH,
                false, true, null)).hasMessageContaining("key-query-params").hasMessageContaining("lower case");
        assertThatThrownBy(() -> new HttpSettings("api", List.of(), Set.of(), false, HeaderDialect.EPOCH, false, true,
                "X Forwarded")).hasMessageContaining("client-address-header").hasMessageContaining("'X Forwarded'");
        assertThatThrownBy(() -> new HttpSettings("api", List.of(), Set.of(), false, null, false, true, null))
                .isInstanceOf(NullPointerException.class).hasMessage("rateLimitHeaders cannot be null");
    }

    @Test
    void defaultsWhenBuiltThenEqualToAuthSettingsDefaultsHttpPart() {
        assertThat(HttpSettings.defaults()).isEqualTo(AuthSettings.defaults().http());
        assertThat(AuthSettings.PARAMETERS).hasSize(25);
    }
}
