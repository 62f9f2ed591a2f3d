package io.keygate.sample.workflow;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WorkflowEngineTest {

    private final WorkflowEngine engine = new WorkflowEngine();

    @Test
    void runWhenEchoThenOutputIsTheMessage() {
        assertThat(engine.run("wf_echo", "  as is ")).isEqualTo("  as is ");
    }

    @Test
    void runWhenReverseThenSurrogatePairsStayIntact() {
        assertThat(engine.run("wf_reverse", "ab\uD83D\uDE00c")).isEqualTo("c\uD83D\uDE00ba");
    }

    @Test
    void runWhenSummarizeThenStartsWithWordCount() {
        assertThat(engine.run("wf_summarize", "one  two\tthree")).isEqualTo("3 words: one two three");
        String longText = "w ".repeat(20);
        assertThat(engine.run("wf_summarize", longText)).startsWith("20 words: ").endsWith(" ...");
        assertThat(engine.run("wf_summarize", "   ")).isEqualTo("0 words: ");
    }
}
