package io.lottor.samples.user;

import java.util.Map;
import java.util.UUID;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /user?result=success|fail|consumer-fail[&username=…]}: 201 with the new user, 500 when
 * the local transaction failed (the fail scenario), 400 for an unknown result.
 */
@RestController
public class UserController {
    private final UserRegistration registration;

    public UserController(UserRegistration registration) {
        this.registration = registration;
    }

    @PostMapping("/user")
    public ResponseEntity<RegisteredUser> create(@RequestParam(defaultValue = "success") String result,
                                                 @RequestParam(required = false) String username) {
        String name = username == null || username.isBlank() ? "user-" + UUID.randomUUID().toString().substring(0, 8) : username;
        return ResponseEntity.status(HttpStatus.CREATED).body(registration.register(name, Scenario.of(result)));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    public ResponseEntity<Map<String, String>> invalid(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", "INVALID_ARGUMENT", "message", e.getMessage(),
                "field", "result"));
    }

    @ExceptionHandler(DataAccessException.class)
    public ResponseEntity<Map<String, String>> localTransactionFailed(DataAccessException e) {
        String cause = NestedExceptionUtils.getMostSpecificCause(e).getMessage().lines().findFirst().orElse("")
                .replaceFirst(";? ?SQL statement:$", "");
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(Map.of("error",
                "LOCAL_TRANSACTION_FAILED", "message", "user not created, transaction rolled back: " + cause));
    }
}
