package io.keygate.sample.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Body of {@code POST /developer/api/workflows/{id}/trigger/sync}.
 *
 * @param humanMsg required, 1..10,000 characters
 * @param fileUrls optional, at most 10 absolute http(s) URLs of at most 2,048 characters
 */
public record TriggerRequest(String humanMsg, List<String> fileUrls) {

    public static final int MAX_MESSAGE_LENGTH = 10_000;
    public static final int MAX_FILE_URLS = 10;
    public static final int MAX_URL_LENGTH = 2_048;

    /** @throws ApiException 400 naming the first invalid field */
    public TriggerRequest validated() {
        if (humanMsg == null) {
            throw ApiException.invalid("human_msg is required");
        }
        if (humanMsg.isEmpty() || humanMsg.length() > MAX_MESSAGE_LENGTH) {
            throw ApiException.invalid("human_msg must be 1.." + MAX_MESSAGE_LENGTH + " characters, was "
                    + humanMsg.length());
        }
        if (fileUrls != null) {
            if (fileUrls.size() > MAX_FILE_URLS) {
                throw ApiException.invalid("file_urls may hold at most " + MAX_FILE_URLS + " URLs, was "
                        + fileUrls.size());
            }
            for (int i = 0; i < fileUrls.size(); i++) {
                checkUrl(i, fileUrls.get(i));
            }
        }
        return this;
    }

    public int fileUrlCount() {
        return fileUrls == null ? 0 : fileUrls.size();
    }

    private static void checkUrl(int index, String url) {
        String field = "file_urls[" + index + "]";
        if (url == null) {
            throw ApiException.invalid(field + " must be a URL, was null");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw ApiException.invalid(field + " must be at most " + MAX_URL_LENGTH + " characters");
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getHost().isEmpty()) {
                throw ApiException.invalid(field + " must be an absolute http or https URL");
            }
        } catch (URISyntaxException e) {
            throw ApiException.invalid(field + " must be an absolute http or https URL");
        }
    }
}
