package io.keygate.verify;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PathPatternTest {

    @ParameterizedTest(name = "{0} matches {1}")
    @CsvSource({
            "/metrics, /metrics",
            "/metrics, /metrics/",
            "/admin/api/keys, /admin/api/keys",
            "/a/*/c, /a/b/c",
            "/a/*/c, /a/b/c/",
            "/a/*, /a/anything-at-all",
            "/public/**, /public",
            "/public/**, /public/",
            "/public/**, /public/a",
            "/public/**, /public/a/b/c.css",
            "/**, /",
            "/**, /x/y/z",
            "/, /",
            "/developer/api/workflows/{id}/**, /developer/api/workflows/wf_echo",
            "/developer/api/workflows/{id}/**, /developer/api/workflows/wf_echo/trigger/sync"})
    void matchesWhenPathFitsThenTrue(String pattern, String path) {
        assertThat(PathPattern.compile(pattern).matches(path)).isTrue();
    }

    @ParameterizedTest(name = "{0} does not match {1}")
    @CsvSource({
            // a pattern segment never matches a prefix or an extension of a path segment
            "/metrics, /metric",
            "/metrics, /metricsx",
            "/metrics, /metrics.json",
            "/public/**, /publicity",
            "/public/**, /publi",
            // extra segments without a trailing **
            "/metrics, /metrics/x",
            "/a/*, /a/b/c",
            "/a/{id}, /a/b/c",
            "/, /x",
            // missing segments
            "/a/*/c, /a/c",
            "/a/*, /a",
            "/a/*, /a/",
            "/developer/api/workflows/{id}/**, /developer/api/workflows",
            "/developer/api/workflows/{id}/**, /developer/api/workflows/",
            // empty segments never stand for a segment
            "/a/b, /a//b",
            "/a/*/c, /a//c",
            "/metrics, /metrics//",
            "/a/{id}, /a//",
            // case matters: paths are case-sensitive in servlet containers
            "/metrics, /Metrics"})
    void matchesWhenPathDoesNotFitThenFalse(String pattern, String path) {
        assertThat(PathPattern.compile(pattern).matches(path)).isFalse();
    }

    @Test
    void matchesWhenPathNullThenFalse() {
        assertThat(PathPattern.compile("/**").matches(null)).isFalse();
    }

    @ParameterizedTest(name = "{0} captures {2} from {1}")
    @CsvSource({
            "/developer/api/workflows/{id}/**, /developer/api/workflows/wf_echo/trigger/sync, wf_echo",
            "/developer/api/workflows/{id}/**, /developer/api/workflows/wf_echo, wf_echo",
            "/developer/api/workflows/{id}/**, /developer/api/workflows/wf_echo/, wf_echo",
            "/developer/api/workflow_instances/{id}/status, /developer/api/workflow_instances/wi_42/status, wi_42",
            "/{org}/keys, /acme/keys, acme",
            "/a/{id}, /a/x.y-z_1, x.y-z_1"})
    void matchWhenPatternCapturesThenReturnsTheSegment(String pattern, String path, String captured) {
        assertThat(PathPattern.compile(pattern).match(path)).isEqualTo(captured);
    }

    @Test
    void matchWhenNothingCapturedThenEmptyStringAndNullWhenNoMatch() {
        PathPattern pattern = PathPattern.compile("/public/**");

        assertThat(pattern.match("/public/a")).isEmpty();
        assertThat(pattern.match("/private/a")).isNull();
    }

    @ParameterizedTest(name = "{0} is rejected: {1}")
    @CsvSource(delimiter = '|', value = {
            "metrics              | must start with /",
            "''                   | must start with /",
            "/a/**/b              | ** may only end it",
            "/**/a                | ** may only end it",
            "/a/{id               | '{id' must be {name}",
            "/a/{}                | '{}' must be {name}",
            "/a/{id}x/b           | '{id}x' must be {name}",
            "/a/{id}/b/{other}    | may capture one {name} only"})
    void compileWhenPatternInvalidThenMessageNamesPatternAndRule(String pattern, String rule) {
        assertThatThrownBy(() -> PathPattern.compile(pattern))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + pattern + "'")
                .hasMessageContaining(rule);
    }

    @Test
    void compileWhenNullThenNamedNullPointer() {
        assertThatThrownBy(() -> PathPattern.compile(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("pattern cannot be null");
    }

    @Test
    void toStringWhenCompiledThenShowsTheSource() {
        assertThat(PathPattern.compile("/developer/api/workflows/{id}/**"))
                .hasToString("/developer/api/workflows/{id}/**");
    }
}
