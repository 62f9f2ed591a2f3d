package io.keygate.sample.api;

import io.keygate.sample.rest.ValidationErrorMapper;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The trigger body's constraints, with the validator configuration of META-INF/validation.xml. */
class TriggerRequestTest {

    private static ValidatorFactory factory;
    private static Validator validator;

    @BeforeAll
    static void start() {
        factory = Validation.buildDefaultValidatorFactory();
        validator = factory.getValidator();
    }

    @AfterAll
    static void stop() {
        factory.close();
    }

    /** The 400 detail for the request, or "" when it is valid. */
    private static String detail(TriggerRequest request) {
        return ValidationErrorMapper.detail(validator.validate(request));
    }

    @Test
    void validatedWhenMessageMissingEmptyOrTooLongThenNamesHumanMsg() {
        for (String msg : new String[]{null, "", "x".repeat(TriggerRequest.MAX_MESSAGE_LENGTH + 1)}) {
            assertThat(detail(new TriggerRequest(msg, null))).startsWith("human_msg: ");
        }
        assertThat(detail(new TriggerRequest("x".repeat(TriggerRequest.MAX_MESSAGE_LENGTH), null))).isEmpty();
        assertThat(detail(new TriggerRequest("", null))).isEqualTo("human_msg: size must be between 1 and 10000");
    }

    @Test
    void validatedWhenUrlsAreNotAbsoluteHttpThenNamesTheIndex() {
        for (String url : new String[]{"ftp://host/x", "/relative", "https://", "http://exa mple.com", "javascript:alert(1)"}) {
            assertThat(detail(new TriggerRequest("m", List.of("https://ok.example/a", url)))).as(url)
                    .isEqualTo("file_urls[1]: must be an absolute http or https URL");
        }
        assertThat(detail(new TriggerRequest("m", Collections.singletonList(null)))).startsWith("file_urls[0]: ");
        assertThat(detail(new TriggerRequest("m", List.of("https://ok.example/a?b=c#d", "HTTP://[::1]:8080/x"))))
                .isEmpty();
    }

    @Test
    void validatedWhenMoreThanTenUrlsThenRefused() {
        List<String> urls = Collections.nCopies(11, "https://example.com/f");
        assertThat(detail(new TriggerRequest("m", urls))).isEqualTo("file_urls: may hold at most 10 URLs");
        assertThat(detail(new TriggerRequest("m", urls.subList(0, 10)))).isEmpty();
        assertThat(new TriggerRequest("m", urls.subList(0, 10)).fileUrlCount()).isEqualTo(10);
    }
}
