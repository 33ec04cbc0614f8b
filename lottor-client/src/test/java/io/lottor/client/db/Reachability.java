package io.lottor.client.db;

import static org.assertj.core.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/** A service a test needs but cannot reach: with CI=true the test fails, otherwise it is skipped. */
final class Reachability {
    private Reachability() {
    }

    static void unreachable(String service, Exception cause) {
        String message = service + " not reachable: " + cause.getMessage();
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message, cause);
        }
        Assumptions.abort(message);
    }
}
