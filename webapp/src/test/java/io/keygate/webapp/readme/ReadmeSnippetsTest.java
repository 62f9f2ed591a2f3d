package io.keygate.webapp.readme;

import io.keygate.Keygate;
import io.keygate.keys.KeyFormat;
import io.keygate.service.CreatedKey;
import io.keygate.store.InMemoryApiKeyStore;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's code cannot drift: every {@code tag::name[]} region of the snippet sources in this package (which
 * compile with the build) and of the adopter WAR's {@code web.xml} (which its ITs deploy) must appear in the root
 * README verbatim, as one fenced block.
 */
class ReadmeSnippetsTest {

    static final Path README = Path.of("../README.md");
    static final Path SNIPPETS = Path.of("src/test/java/io/keygate/webapp/readme");
    static final Path ADOPTER_WEB_XML = Path.of("../adopter-it/src/main/webapp/WEB-INF/web.xml");
    static final Pattern REGION = Pattern.compile(
            "(?m)^[ \\t]*(?://|<!--) tag::([a-z-]+)\\[\\](?: -->)?\\n(.*?)^[ \\t]*(?://|<!--) end::\\1\\[\\](?: -->)?\\n",
            Pattern.DOTALL);

    @Test
    void everySnippetWhenCompiledThenAppearsVerbatimInTheReadme() throws IOException {
        String readme = Files.readString(README);
        Map<String, String> snippets = snippets();
        assertThat(snippets).containsKeys("first-key", "principal", "manual", "runtime", "registration", "web-xml");
        for (Map.Entry<String, String> s : snippets.entrySet()) {
            assertThat(readme).as("README block for snippet '" + s.getKey() + "'")
                    .contains("\n" + s.getValue() + "```\n");
        }
    }

    @Test
    void firstKeySnippetWhenRunThenMakesALiveKeyOfThePlatformOrganization() {
        Keygate keygate = Keygate.builder().store(new InMemoryApiKeyStore()).build();
        CreatedKey created = FirstKeySnippet.create(keygate);
        assertThat(KeyFormat.standard().isWellFormed(created.plaintext())).isTrue();
        assertThat(created.key().organizationId()).isEqualTo("platform");
        assertThat(created.key().owner().id()).isEqualTo("sa_billing");
    }

    /** Each region dedented; regions with the same name joined by a blank line (imports, then code). */
    static Map<String, String> snippets() throws IOException {
        Map<String, List<String>> parts = new LinkedHashMap<>();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(SNIPPETS)) {
            s.filter(p -> !p.getFileName().toString().endsWith("Test.java")).sorted().forEach(files::add);
        }
        files.add(ADOPTER_WEB_XML);
        for (Path file : files) {
            Matcher m = REGION.matcher(Files.readString(file));
            while (m.find()) {
                String name = file.equals(ADOPTER_WEB_XML) ? "web-xml" : m.group(1);
                parts.computeIfAbsent(name, k -> new ArrayList<>()).add(dedent(m.group(2)));
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        parts.forEach((name, list) -> out.put(name, String.join("\n", list)));
        return out;
    }

    static String dedent(String block) {
        String[] lines = block.split("\n", -1);
        int indent = Integer.MAX_VALUE;
        for (String line : lines) {
            if (!line.isBlank()) {
                indent = Math.min(indent, line.length() - line.stripLeading().length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (i == lines.length - 1 && lines[i].isEmpty()) {
                break;
            }
            b.append(lines[i].isBlank() ? "" : lines[i].substring(indent)).append('\n');
        }
        return b.toString();
    }
}
