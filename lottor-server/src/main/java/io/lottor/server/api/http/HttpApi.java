package io.lottor.server.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.lottor.server.api.InboundBudget;
import io.lottor.server.coordinator.AdminOperations;
import io.lottor.server.coordinator.Coordinator;
import io.lottor.server.model.LottorException;
import io.lottor.server.model.OverloadedException;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.servlet.FilterHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP transport: health probes and the JSON API under {@code /api/v1} ({@link ProducerRoutes},
 * {@link AdminRoutes}). Each route maps to one {@link Coordinator} or {@link AdminOperations} call;
 * errors are {@code {"error": CODE, "message": …, "field": …}}; an unexpected error is 500 INTERNAL with
 * only an error id to quote (the exception goes to the log, never to the caller). {@link RouteAccess} tells which token a
 * request needs.
 */
public final class HttpApi implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);

    private final BooleanSupplier ready;
    private final List<String> routes = new CopyOnWriteArrayList<>();
    private final Javalin app;
    private final TlsConnector tls;

    /**
     * @param admin        the operator's group and message operations
     * @param ops          the operator's stats, sessions, nodes and {@code /metrics}
     * @param security     who may call what ({@link AccessControl}), CORS, and TLS
     * @param maxBodyBytes the largest request body read, with or without a Content-Length ({@link BodyLimit});
     *                     a larger one is answered 413 RESOURCE_EXHAUSTED
     */
    public HttpApi(Coordinator coordinator, AdminOperations admin, OpsRoutes ops, HttpSecurity security,
                   BooleanSupplier ready, long maxBodyBytes) {
        this(coordinator, admin, ops, security, ready, maxBodyBytes, new InboundBudget(Long.MAX_VALUE, 0));
    }

    /** As above; request bodies also reserve their weight from {@code inbound}, shared with gRPC ({@link BodyLimit}). */
    public HttpApi(Coordinator coordinator, AdminOperations admin, OpsRoutes ops, HttpSecurity security,
                   BooleanSupplier ready, long maxBodyBytes, InboundBudget inbound) {
        this.ready = ready;
        ObjectMapper mapper = new ObjectMapper();
        GroupJson groupJson = new GroupJson(mapper);
        this.tls = security.tls() == null ? null : new TlsConnector(security.tls());
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = maxBodyBytes;
            config.jetty.modifyServletContextHandler(context -> context.addFilter(
                    new FilterHolder(new BodyLimit(maxBodyBytes, inbound)), "/*", EnumSet.of(DispatcherType.REQUEST)));
            config.jsonMapper(new JavalinJackson(mapper, false));
            AdminUi.configure(config);
            if (tls != null) {
                config.jetty.addConnector(tls::connector);
            }
            config.events(events -> events.handlerAdded(route -> {
                if (route.getHttpMethod().isHttpMethod()) {
                    routes.add(route.getHttpMethod() + " " + route.getPath());
                }
            }));
        });
        app.before(new CorsRules(security.corsOrigins()));
        app.before(new AccessControl(security.tokens()));
        healthAndErrors();
        ops.register(app);
        new ProducerRoutes(coordinator, mapper, groupJson).register(app);
        new AdminRoutes(admin, mapper, groupJson).register(app);
    }

    /** Starts listening (HTTPS when TLS is configured); answers the bound port (useful with port 0). */
    public int start(String host, int port) {
        if (tls != null) {
            tls.bindTo(host, port);
        }
        app.start(host, port);
        return app.port();
    }

    /** Every HTTP route registered so far, as {@code "METHOD path"}, e.g. {@code "GET /api/v1/groups/{id}"}. */
    public List<String> routes() {
        return List.copyOf(routes);
    }

    @Override
    public void close() {
        app.stop();
    }

    private void healthAndErrors() {
        AdminUi.routes(app);
        app.get("/health/live", ctx -> ctx.json(Map.of("status", "UP")));
        app.get("/health/ready", this::readiness);
        app.exception(CompletionException.class, (e, ctx) -> error(e.getCause(), ctx));
        app.exception(HttpResponseException.class, (e, ctx) -> error(e, ctx));
        app.exception(LottorException.class, (e, ctx) -> error(e, ctx));
        app.exception(Exception.class, (e, ctx) -> error(e, ctx));
    }

    private void readiness(Context ctx) {
        boolean up = ready.getAsBoolean();
        ctx.status(up ? 200 : 503).json(Map.of("status", up ? "UP" : "DOWN"));
    }

    private static void error(Throwable error, Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (error instanceof LottorException lottor) {
            ctx.status(HttpStatuses.of(lottor));
            if (HttpStatuses.of(lottor) == 401) {
                ctx.header("WWW-Authenticate", "Bearer realm=\"lottor\"");
            }
            if (lottor instanceof OverloadedException) {
                ctx.header("Retry-After", "1");
            }
            body.put("error", lottor.code());
            body.put("message", lottor.getMessage());
            body.put("field", lottor.field());
        } else if (error instanceof HttpResponseException http) {
            ctx.status(http.getStatus());
            body.put("error", HttpStatuses.code(http.getStatus()));
            body.put("message", http.getMessage());
            body.put("field", http.getStatus() == 413 ? "body" : null);
        } else {
            String errorId = String.format("%08x", ThreadLocalRandom.current().nextInt());
            log.error("unexpected error in an HTTP call path={} error_id={}", ctx.path(), errorId, error);
            ctx.status(500);
            body.put("error", "INTERNAL");
            body.put("message", "internal error id=" + errorId + "; the server log has the details");
            body.put("field", null);
        }
        ctx.json(body);
    }
}
