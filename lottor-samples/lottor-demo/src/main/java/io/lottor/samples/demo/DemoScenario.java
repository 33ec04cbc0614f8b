package io.lottor.samples.demo;

import java.util.ArrayList;
import java.util.List;

/** The seed's three scenarios, each with what must be true after it. */
enum DemoScenario {
    SUCCESS("success", "alice", "user-service creates a user and auth-service grants it a role",
            "user row, user_role row, group COMPLETED") {
        @Override
        void check(Observed observed, List<String> differences) {
            expect(differences, observed.httpStatus() == 201, "POST answered " + observed.httpStatus() + ", not 201");
            expect(differences, observed.userStored(), "no user row for " + username());
            expect(differences, observed.roles().contains("ADMIN"), "no user_role row with ADMIN for the user");
            expect(differences, observed.groupState().equals("COMPLETED"),
                    "group is " + observed.groupState() + ", not COMPLETED");
        }
    },
    FAIL("fail", "bob", "user-service's local insert fails after it sent the message",
            "no user row, no user_role row, group never prepared or ROLLED_BACK") {
        @Override
        void check(Observed observed, List<String> differences) {
            expect(differences, observed.httpStatus() == 500, "POST answered " + observed.httpStatus() + ", not 500");
            expect(differences, !observed.userStored(), "a user row for " + username() + " exists");
            expect(differences, observed.newRoleRows() == 0, observed.newRoleRows() + " user_role row(s) appeared");
            expect(differences, observed.groupState().equals(Observed.NEVER_PREPARED)
                    || observed.groupState().equals("ROLLED_BACK"), "group is " + observed.groupState());
        }
    },
    CONSUMER_FAIL("consumer-fail", "carol",
            "user-service commits, but its message names no user and auth-service rejects it",
            "user row, message DEAD after " + DemoStack.MAX_ATTEMPTS + " attempts, no user_role row") {
        @Override
        void check(Observed observed, List<String> differences) {
            expect(differences, observed.httpStatus() == 201, "POST answered " + observed.httpStatus() + ", not 201");
            expect(differences, observed.userStored(), "no user row for " + username());
            expect(differences, observed.messageState().equals("DEAD"),
                    "message is " + observed.messageState() + ", not DEAD");
            expect(differences, observed.attempts() == DemoStack.MAX_ATTEMPTS,
                    "message had " + observed.attempts() + " attempts, not " + DemoStack.MAX_ATTEMPTS);
            expect(differences, observed.newRoleRows() == 0, observed.newRoleRows() + " user_role row(s) appeared");
        }
    };

    private final String parameter;
    private final String username;
    private final String description;
    private final String expectation;

    DemoScenario(String parameter, String username, String description, String expectation) {
        this.parameter = parameter;
        this.username = username;
        this.description = description;
        this.expectation = expectation;
    }

    /** The {@code result} parameter of {@code POST /user}. */
    String parameter() {
        return parameter;
    }

    String username() {
        return username;
    }

    String description() {
        return description;
    }

    String expectation() {
        return expectation;
    }

    /** What differs from the expectation; empty when the scenario ended as it should. */
    List<String> differences(Observed observed) {
        List<String> differences = new ArrayList<>();
        check(observed, differences);
        return differences;
    }

    abstract void check(Observed observed, List<String> differences);

    private static void expect(List<String> differences, boolean condition, String difference) {
        if (!condition) {
            differences.add(difference);
        }
    }
}
