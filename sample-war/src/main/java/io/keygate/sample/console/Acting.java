package io.keygate.sample.console;

import io.keygate.keys.ApiKey;

/**
 * A call of a live console session: the session and its key as the store holds it now (active, checked on this
 * call).
 */
record Acting(ConsoleSession session, ApiKey key) {
}
