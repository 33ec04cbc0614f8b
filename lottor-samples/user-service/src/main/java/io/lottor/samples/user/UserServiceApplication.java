package io.lottor.samples.user;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The user service (the producer of the seed's samples). */
@SpringBootApplication
public class UserServiceApplication {
    /** Its settings are in {@code user-service.yml}, not {@code application.yml}: both samples share the demo's JVM. */
    public static final String CONFIG_NAME = "spring.config.name=user-service";

    public static void main(String[] args) {
        builder().run(args);
    }

    /** The application with its configuration name set. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(UserServiceApplication.class).properties(CONFIG_NAME);
    }
}
