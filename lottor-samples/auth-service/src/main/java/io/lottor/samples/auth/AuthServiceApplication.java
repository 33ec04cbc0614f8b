package io.lottor.samples.auth;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The auth service (the consumer of the seed's samples). */
@SpringBootApplication
public class AuthServiceApplication {
    /** Its settings are in {@code auth-service.yml}, not {@code application.yml}: both samples share the demo's JVM. */
    public static final String CONFIG_NAME = "spring.config.name=auth-service";

    public static void main(String[] args) {
        builder().run(args);
    }

    /** The application with its configuration name set. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(AuthServiceApplication.class).properties(CONFIG_NAME);
    }
}
