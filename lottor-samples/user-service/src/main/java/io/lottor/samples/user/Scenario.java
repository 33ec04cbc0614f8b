package io.lottor.samples.user;

import java.util.Arrays;
import java.util.Locale;

/** What {@code POST /user?result=…} makes happen, as in the seed. */
public enum Scenario {
    /** The user is stored and the auth service grants its role. */
    SUCCESS("success"),
    /** The local insert fails after the message was sent: the transaction rolls back, nothing is delivered. */
    FAIL("fail"),
    /** The user is stored but the message names no user: the auth service rejects it until it is dead. */
    CONSUMER_FAIL("consumer-fail");

    private final String parameter;

    Scenario(String parameter) {
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }

    /** The scenario named {@code value} (case-insensitive); unknown names are an {@link IllegalArgumentException}. */
    public static Scenario of(String value) {
        String wanted = value.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(scenario -> scenario.parameter.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "result must be success, fail or consumer-fail, not '" + value + "'"));
    }
}
