package io.lottor.samples.demo;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One sample service (a Spring Boot application) running in the demo's JVM on a free port of
 * 127.0.0.1, connected to the demo's Lottor server, with its database at hand for the story.
 */
final class SampleService implements AutoCloseable {
    private final String name;
    private final ConfigurableApplicationContext context;

    private SampleService(String name, ConfigurableApplicationContext context) {
        this.name = name;
        this.context = context;
    }

    /** Starts {@code application} as service {@code name}, a client of the server on {@code grpcPort}. */
    static SampleService start(String name, SpringApplicationBuilder application, int grpcPort) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.application.name", name);
        properties.put("server.address", "127.0.0.1");
        properties.put("server.port", 0);
        properties.put("lottor.server.targets", "127.0.0.1:" + grpcPort);
        properties.put("lottor.instance-id", name + "-1");
        properties.put("spring.main.banner-mode", "off");
        properties.put("spring.main.log-startup-info", false);
        properties.put("spring.jmx.enabled", false);
        properties.put("logging.config", "classpath:" + DemoMain.LOGBACK_CONFIG);
        // As command-line arguments: they override the service's own application.yml.
        String[] args = properties.entrySet().stream().map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext context = application.registerShutdownHook(false).run(args);
        return new SampleService(name, context);
    }

    String name() {
        return name;
    }

    /** {@code http://127.0.0.1:<port>}. */
    URI uri() {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The service's own database. */
    JdbcTemplate database() {
        return context.getBean(JdbcTemplate.class);
    }

    /** The JDBC URL of the service's database, for the story. */
    String databaseUrl() {
        return context.getEnvironment().getProperty("spring.datasource.url", "?");
    }

    @Override
    public void close() {
        context.close();
    }
}
