package io.keygate.sample.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * Body of {@code POST /developer/api/workflows/{workflow_id}/trigger/sync}.
 *
 * @param humanMsg required, 1..10,000 characters
 * @param fileUrls optional, at most 10 absolute http(s) URLs of at most 2,048 characters
 */
public record TriggerRequest(
        @NotNull @Size(min = 1, max = MAX_MESSAGE_LENGTH) String humanMsg,
        @Size(max = MAX_FILE_URLS, message = "may hold at most {max} URLs") List<@NotNull @Size(max = MAX_URL_LENGTH)
                @Pattern(regexp = HTTP_URL, message = "must be an absolute http or https URL") String> fileUrls) {

    public static final int MAX_MESSAGE_LENGTH = 10_000;
    public static final int MAX_FILE_URLS = 10;
    public static final int MAX_URL_LENGTH = 2_048;
    /** {@code http(s)://}, a host, then an optional path, query or fragment; no whitespace anywhere. */
    public static final String HTTP_URL = "(?i)https?://[^\\s/?#]+(?:[/?#]\\S*)?";

    public int fileUrlCount() {
        return fileUrls == null ? 0 : fileUrls.size();
    }
}
