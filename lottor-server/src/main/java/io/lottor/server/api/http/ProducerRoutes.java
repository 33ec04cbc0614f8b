package io.lottor.server.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.lottor.server.coordinator.Coordinator;
import io.lottor.server.model.Caller;
import io.lottor.server.model.GroupState;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The producer's JSON API, the same operations as gRPC: prepare, commit, rollback, get a group; and the
 * OpenAPI document. Each route is one {@link Coordinator} call. {@link RouteAccess} names these routes
 * {@link RouteAccess#PRODUCER} (the document {@link RouteAccess#OPEN}).
 */
final class ProducerRoutes {
    static final String GROUPS = "/api/v1/groups";
    static final String GROUP = GROUPS + "/{id}";
    static final String OPENAPI = "/api/v1/openapi.json";

    private final Coordinator coordinator;
    private final ObjectMapper mapper;
    private final GroupJson groupJson;
    private final PrepareJson prepareJson;

    ProducerRoutes(Coordinator coordinator, ObjectMapper mapper, GroupJson groupJson) {
        this.coordinator = coordinator;
        this.mapper = mapper;
        this.groupJson = groupJson;
        this.prepareJson = new PrepareJson(mapper);
    }

    void register(Javalin app) {
        app.post(GROUPS, this::prepare);
        app.post(GROUP + "/commit", ctx -> status(ctx, coordinator.commit(caller(ctx), ctx.pathParam("id")).join()));
        app.post(GROUP + "/rollback", this::rollback);
        app.get(GROUP, ctx -> ctx.json(groupJson.detail(
                coordinator.getGroupDetail(caller(ctx), ctx.pathParam("id")).join())));
        app.get(OPENAPI, ProducerRoutes::openApi);
    }

    private void prepare(Context ctx) {
        var group = prepareJson.group(JsonBody.parse(mapper, ctx.bodyAsBytes(), false));
        GroupState state = coordinator.prepare(caller(ctx), group).join();
        ctx.json(statusJson(group.groupId(), state));
    }

    private void rollback(Context ctx) {
        String reason = JsonBody.parse(mapper, ctx.bodyAsBytes(), true).text("reason");
        status(ctx, coordinator.rollback(caller(ctx), ctx.pathParam("id"), reason).join());
    }

    /** The services the caller's token may act for, as {@link AccessControl} found them. */
    private static Caller caller(Context ctx) {
        Caller caller = ctx.attribute(AccessControl.CALLER);
        return caller != null ? caller : Caller.NO_SERVICE;
    }

    private static void status(Context ctx, GroupState state) {
        ctx.json(statusJson(ctx.pathParam("id"), state));
    }

    private static Map<String, Object> statusJson(String groupId, GroupState state) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("group_id", groupId);
        json.put("state", state.name());
        return json;
    }

    private static void openApi(Context ctx) throws IOException {
        try (InputStream document = ProducerRoutes.class.getResourceAsStream("/api/openapi.json")) {
            if (document == null) {
                throw new IllegalStateException("api/openapi.json is missing from the server jar");
            }
            ctx.contentType("application/json").result(document.readAllBytes());
        }
    }
}
