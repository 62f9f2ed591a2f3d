package io.keygate.sample.workflow;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What the sample's workflows compute. They are deliberately trivial and synchronous: the sample exists to show
 * the authentication around them.
 */
public final class WorkflowEngine {

    /** How many words a summary shows after its word count. */
    public static final int SUMMARY_WORDS = 12;

    /**
     * The output of {@code workflowId} for {@code humanMessage}: {@code wf_echo} returns it, {@code wf_reverse}
     * reverses it (by code point, so surrogate pairs stay intact), {@code wf_summarize} answers
     * {@code "<n> words: <first words>"}, {@code wf_report} a one-line report, {@code wf_upper} returns it in
     * upper case (root locale). Any other (operator-added) workflow
     * echoes.
     */
    public String run(String workflowId, String humanMessage) {
        return switch (workflowId) {
            case "wf_reverse" -> new StringBuilder(humanMessage).reverse().toString();
            case "wf_summarize" -> summarize(humanMessage);
            case "wf_upper" -> humanMessage.toUpperCase(java.util.Locale.ROOT);
            case "wf_report" -> "Report: " + humanMessage.codePointCount(0, humanMessage.length()) + " characters, "
                    + words(humanMessage).length + " words";
            default -> humanMessage;
        };
    }

    static String summarize(String text) {
        String[] words = words(text);
        String head = Arrays.stream(words).limit(SUMMARY_WORDS).collect(Collectors.joining(" "));
        return words.length + " words: " + head + (words.length > SUMMARY_WORDS ? " ..." : "");
    }

    private static String[] words(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
    }
}
