package io.lottor.server.api.http;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The admin UI: plain ES modules and CSS from the classpath folder {@code admin/}, served under
 * {@code /admin/}, its page at {@code /}, and WebJars (Chart.js) under {@code /webjars/}. The UI calls the
 * same public HTTP API as everyone else, with the admin token the operator types in.
 */
final class AdminUi {
    private static final String PAGE = "/admin/index.html";

    private AdminUi() {
    }

    /** Registers the static file locations; call inside {@code Javalin.create}. */
    static void configure(JavalinConfig config) {
        config.staticFiles.add(files -> {
            files.hostedPath = "/admin";
            files.directory = "/admin";
            files.location = Location.CLASSPATH;
        });
        config.staticFiles.enableWebjars();
    }

    /** Serves the UI's page at {@code /}. */
    static void routes(Javalin app) {
        byte[] page = readPage();
        app.get("/", ctx -> servePage(ctx, page));
    }

    private static void servePage(Context ctx, byte[] page) {
        ctx.contentType(ContentType.TEXT_HTML).header("Cache-Control", "no-cache").result(page);
    }

    private static byte[] readPage() {
        try (InputStream in = AdminUi.class.getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException("the admin UI page " + PAGE + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
