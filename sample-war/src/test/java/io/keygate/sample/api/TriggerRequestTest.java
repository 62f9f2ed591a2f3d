package io.keygate.sample.api;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TriggerRequestTest {

    @Test
    void validatedWhenMessageMissingEmptyOrTooLongThenNamesHumanMsg() {
        for (String msg : new String[]{null, "", "x".repeat(TriggerRequest.MAX_MESSAGE_LENGTH + 1)}) {
            assertThatThrownBy(() -> new TriggerRequest(msg, null).validated())
                    .isInstanceOf(ApiException.class).hasMessageContaining("human_msg");
        }
        assertThat(new TriggerRequest("x".repeat(TriggerRequest.MAX_MESSAGE_LENGTH), null).validated()).isNotNull();
    }

    @Test
    void validatedWhenUrlsAreNotAbsoluteHttpThenNamesTheIndex() {
        for (String url : new String[]{"ftp://host/x", "/relative", "https://", "http://exa mple.com", "javascript:alert(1)"}) {
            assertThatThrownBy(() -> new TriggerRequest("m", List.of("https://ok.example/a", url)).validated())
                    .as(url).isInstanceOf(ApiException.class).hasMessageContaining("file_urls[1]");
        }
        assertThatThrownBy(() -> new TriggerRequest("m", Collections.singletonList(null)).validated())
                .hasMessageContaining("file_urls[0]");
    }

    @Test
    void validatedWhenMoreThanTenUrlsThenRefused() {
        List<String> urls = Collections.nCopies(11, "https://example.com/f");
        assertThatThrownBy(() -> new TriggerRequest("m", urls).validated()).hasMessageContaining("at most 10");
        assertThat(new TriggerRequest("m", urls.subList(0, 10)).validated().fileUrlCount()).isEqualTo(10);
    }
}
