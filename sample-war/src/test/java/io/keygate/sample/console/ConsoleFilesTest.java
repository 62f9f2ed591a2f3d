package io.keygate.sample.console;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's own files, read as text: what CSP {@code default-src 'self'} would block, and what would keep a key
 * in the browser, is not written anywhere in them (the browser tests show the running page obeys; this keeps a later
 * edit from sneaking it into a screen the tests do not open).
 */
class ConsoleFilesTest {

    static final Path CONSOLE = Path.of("src/main/webapp/console");

    static List<Path> files(String extension) throws IOException {
        try (Stream<Path> s = Files.walk(CONSOLE)) {
            return s.filter(p -> p.toString().endsWith(extension)).sorted().toList();
        }
    }

    static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    @Test
    void scriptsWhenReadThenKeepNothingInStorageAndBuildNoMarkupFromText() throws IOException {
        List<Path> scripts = files(".js");
        assertThat(scripts).extracting(p -> p.getFileName().toString()).contains("app.js", "api.js", "keys.js");
        for (Path p : scripts) {
            String js = read(p);
            assertThat(js).as(p.toString())
                    .doesNotContain("localStorage").doesNotContain("sessionStorage").doesNotContain("indexedDB")
                    .doesNotContain("document.cookie")
                    .doesNotContain("innerHTML").doesNotContain("outerHTML").doesNotContain("insertAdjacentHTML")
                    .doesNotContain("document.write")
                    .doesNotContainPattern("\\beval\\s*\\(").doesNotContainPattern("new\\s+Function\\s*\\(")
                    .doesNotContainPattern("setAttribute\\(\\s*'style'")
                    .doesNotContainPattern("(?i)https?://");
        }
    }

    @Test
    void pageWhenReadThenHasNoInlineScriptOrStyleAndLoadsNothingFromElsewhere() throws IOException {
        String html = read(CONSOLE.resolve("index.html"));
        assertThat(Pattern.compile("(?i)<script(?![^>]*\\bsrc=)").matcher(html).find()).as("inline script").isFalse();
        assertThat(html).doesNotContainPattern("(?i)<style").doesNotContainPattern("(?i)\\sstyle=")
                .doesNotContainPattern("(?i)\\son[a-z]+=").doesNotContainPattern("(?i)(src|href)=\"(https?:|//|data:)");
        for (Path p : files(".css")) {
            assertThat(read(p)).as(p.toString()).doesNotContainPattern("(?i)@import")
                    .doesNotContainPattern("(?i)url\\(\\s*['\"]?(https?:|//|data:)");
        }
    }
}
