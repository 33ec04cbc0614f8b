package io.lottor.server.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.lottor.server.coordinator.AdminOperations;
import io.lottor.server.coordinator.AdminValidator;
import io.lottor.server.model.GroupState;
import io.lottor.server.model.MessageKey;
import io.lottor.server.model.MessageState;
import io.lottor.server.store.GroupQuery;
import io.lottor.server.store.MessageQuery;
import java.util.Map;

/**
 * The operator's JSON API: group and message listings, retry, bulk retry, resolve. Each route is one
 * {@link AdminOperations} call. {@link RouteAccess} names all of them {@link RouteAccess#ADMIN}.
 */
final class AdminRoutes {
    static final String MESSAGES = "/api/v1/messages";

    private final AdminOperations admin;
    private final ObjectMapper mapper;
    private final GroupJson groupJson;

    AdminRoutes(AdminOperations admin, ObjectMapper mapper, GroupJson groupJson) {
        this.admin = admin;
        this.mapper = mapper;
        this.groupJson = groupJson;
    }

    void register(Javalin app) {
        app.get(ProducerRoutes.GROUPS, ctx -> ctx.json(groupJson.page(admin.listGroups(groupQuery(ctx)).join())));
        app.get(MESSAGES, ctx -> ctx.json(MessageJson.page(admin.listMessages(messageQuery(ctx)).join())));
        app.post(ProducerRoutes.GROUP + "/messages/{message_id}/retry", this::retry);
        app.post(MESSAGES + "/retry", this::retryAll);
        app.post(ProducerRoutes.GROUP + "/resolve", this::resolve);
    }

    private static GroupQuery groupQuery(Context ctx) {
        QueryParams params = new QueryParams(ctx);
        return new GroupQuery(params.states("state", GroupState.class), params.text("source"), params.text("target"),
                params.time("from"), params.time("to"), params.text("id_prefix"), params.limit(), params.cursor());
    }

    private static MessageQuery messageQuery(Context ctx) {
        QueryParams params = new QueryParams(ctx);
        return new MessageQuery(params.states("state", MessageState.class), params.text("source"),
                params.text("target"), params.text("method"), params.text("group_id"), params.time("from"),
                params.time("to"), params.limit(), params.cursor());
    }

    private void retry(Context ctx) {
        JsonBody body = JsonBody.parse(mapper, ctx.bodyAsBytes(), true);
        MessageKey key = new MessageKey(ctx.pathParam("id"), ctx.pathParam("message_id"));
        ctx.json(MessageJson.summary(admin.retryMessage(key, body.text("actor"), body.text("reason")).join()));
    }

    private void retryAll(Context ctx) {
        JsonBody body = JsonBody.parse(mapper, ctx.bodyAsBytes(), true);
        MessageQuery filter = new MessageQuery(AdminValidator.states("state", body.texts("state"), MessageState.class),
                body.text("source"), body.text("target"), body.text("method"), null, body.time("from"),
                body.time("to"), 1, null);
        int retried = admin.retryMessages(filter, body.text("actor"), body.text("reason")).join();
        ctx.json(Map.of("retried", retried));
    }

    private void resolve(Context ctx) {
        JsonBody body = JsonBody.parse(mapper, ctx.bodyAsBytes(), false);
        String groupId = ctx.pathParam("id");
        admin.resolve(groupId, body.text("outcome"), body.text("actor"), body.text("reason")).join();
        ctx.json(groupJson.detail(admin.groupDetail(groupId)));
    }
}
