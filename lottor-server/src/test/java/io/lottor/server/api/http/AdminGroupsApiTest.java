package io.lottor.server.api.http;

import static io.lottor.server.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lottor.server.support.ApiClient;
import io.lottor.server.support.ApiClient.Response;
import io.lottor.server.support.TestServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API's groups: listing with filters and paging, and resolving a stuck PREPARED group. */
class AdminGroupsApiTest {
    @TempDir
    Path dataDir;
    private TestServer server;
    private ApiClient api;

    @BeforeEach
    void start() {
        server = new TestServer(TestServer.config(dataDir));
        api = new ApiClient(server);
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
    }

    private static List<String> ids(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).map(node -> node.get(field).asText()).toList();
    }

    private List<String> groupIds(String query) {
        Response response = api.get("/api/v1/groups?" + query);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return ids(response.body().get("groups"), "group_id");
    }

    @Test
    void listsGroupsNewestFirstWithFiltersAndSummaries() throws Exception {
        server.prepare("list-a", "user", "auth", "auth-role", 60_000);
        Thread.sleep(5);
        long between = System.currentTimeMillis();
        Thread.sleep(5);
        server.prepare("list-b", "order", "mail", "welcome", 60_000);
        server.commit("list-b");

        assertThat(groupIds("id_prefix=list-")).containsExactly("list-b", "list-a");
        assertThat(groupIds("id_prefix=list-&state=PREPARED")).containsExactly("list-a");
        assertThat(groupIds("id_prefix=list-&state=PREPARED,COMMITTED")).containsExactly("list-b", "list-a");
        assertThat(groupIds("state=PREPARED&state=COMMITTED&source=&target=")).containsExactly("list-b", "list-a");
        assertThat(groupIds("source=order")).containsExactly("list-b");
        assertThat(groupIds("target=auth")).containsExactly("list-a");
        assertThat(groupIds("from=" + between)).containsExactly("list-b");
        assertThat(groupIds("to=" + Instant.ofEpochMilli(between))).containsExactly("list-a");

        JsonNode summary = api.get("/api/v1/groups?source=order").body().get("groups").get(0);
        assertThat(summary.get("state").asText()).isEqualTo("COMMITTED");
        assertThat(summary.get("message_count").asInt()).isEqualTo(1);
        assertThat(summary.get("message_states").toString()).isEqualTo(json("{'READY':1}"));
        assertThat(summary.get("next_check_at").isNull()).isTrue();
        assertThat(summary.get("check_backs").asInt()).isZero();
        assertThat(api.get("/api/v1/groups?source=order").body().get("next_cursor").isNull()).isTrue();
    }

    @Test
    void pagesThroughGroupsWithTheNextCursor() {
        for (int i = 0; i < 5; i++) {
            server.prepare("page-" + i, "user", "auth", "auth-role", 60_000);
        }
        List<String> seen = new ArrayList<>();
        String cursor = "";
        do {
            JsonNode page = api.get("/api/v1/groups?id_prefix=page-&limit=2&cursor=" + cursor).body();
            assertThat(page.get("groups").size()).isLessThanOrEqualTo(2);
            seen.addAll(ids(page.get("groups"), "group_id"));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);

        assertThat(seen).containsExactlyInAnyOrder("page-0", "page-1", "page-2", "page-3", "page-4");
        assertThat(seen).doesNotHaveDuplicates();
    }

    @Test
    void listRejectsBadParametersNamingThem() {
        assertThat(api.get("/api/v1/groups?limit=0").error()).isEqualTo("INVALID_ARGUMENT limit");
        assertThat(api.get("/api/v1/groups?limit=501").error()).isEqualTo("INVALID_ARGUMENT limit");
        assertThat(api.get("/api/v1/groups?limit=ten").error()).isEqualTo("INVALID_ARGUMENT limit");
        assertThat(api.get("/api/v1/groups?state=DONE").error()).isEqualTo("INVALID_ARGUMENT state");
        assertThat(api.get("/api/v1/groups?from=yesterday").error()).isEqualTo("INVALID_ARGUMENT from");
        assertThat(api.get("/api/v1/groups?from=20&to=10").error()).isEqualTo("INVALID_ARGUMENT to");
        assertThat(api.get("/api/v1/groups?cursor=bm9wZQ").error()).isEqualTo("INVALID_ARGUMENT cursor");
        assertThat(api.get("/api/v1/groups?id_prefix=" + "x".repeat(65)).error()).isEqualTo("INVALID_ARGUMENT id_prefix");
        assertThat(api.get("/api/v1/groups?limit=0").status()).isEqualTo(400);
    }

    @Test
    void resolvesStuckPreparedGroupAsCommittedRecordingWhoAndWhy() {
        server.prepare("resolve-1", "user", "auth", "auth-role", 60_000);

        Response resolved = api.post("/api/v1/groups/resolve-1/resolve",
                json("{'outcome': 'COMMITTED', 'reason': 'producer confirmed the order', 'actor': 'bob'}"));

        assertThat(resolved.status()).as(resolved.text()).isEqualTo(200);
        assertThat(resolved.body().get("state").asText()).isEqualTo("COMMITTED");
        assertThat(resolved.body().get("messages").get(0).get("state").asText()).isIn("READY", "IN_FLIGHT");
        JsonNode history = resolved.body().get("history");
        assertThat(ids(history, "kind")).containsExactly("PREPARED", "RESOLVED", "COMMITTED");
        assertThat(history.get(1).get("actor").asText()).isEqualTo("operator:bob");
        assertThat(history.get(1).get("detail").asText()).isEqualTo("producer confirmed the order");
    }

    @Test
    void resolvesAsRolledBackWithTheDefaultOperatorName() {
        server.prepare("resolve-2", "user", "auth", "auth-role", 60_000);

        Response resolved = api.post("/api/v1/groups/resolve-2/resolve",
                json("{'outcome': 'ROLLED_BACK', 'reason': 'never paid'}"));

        assertThat(resolved.body().get("state").asText()).isEqualTo("ROLLED_BACK");
        assertThat(resolved.body().get("messages").get(0).get("state").asText()).isEqualTo("CANCELLED");
        assertThat(resolved.body().get("history").get(1).get("actor").asText()).isEqualTo("operator:admin");
    }

    @Test
    void resolveAnswersEachErrorAndChangesNothing() {
        server.prepare("resolve-3", "user", "auth", "auth-role", 60_000);
        server.prepare("resolve-4", "user", "auth", "auth-role", 60_000);
        server.commit("resolve-4");
        String path = "/api/v1/groups/resolve-3/resolve";

        assertThat(api.post(path, json("{'outcome': 'COMMITTED'}")).error()).isEqualTo("INVALID_ARGUMENT reason");
        assertThat(api.post(path, json("{'outcome': 'COMMITTED', 'reason': ''}")).error())
                .isEqualTo("INVALID_ARGUMENT reason");
        assertThat(api.post(path, json("{'outcome': 'COMMITTED', 'reason': '" + "r".repeat(1025) + "'}")).error())
                .isEqualTo("INVALID_ARGUMENT reason");
        assertThat(api.post(path, json("{'outcome': 'COMPLETED', 'reason': 'x'}")).error())
                .isEqualTo("INVALID_ARGUMENT outcome");
        assertThat(api.post(path, json("{'outcome': 'COMMITTED', 'reason': 'x', 'actor': '" + "a".repeat(65) + "'}"))
                .error()).isEqualTo("INVALID_ARGUMENT actor");
        assertThat(api.post(path, null).error()).isEqualTo("INVALID_ARGUMENT body");
        assertThat(api.post("/api/v1/groups/nope/resolve", json("{'outcome': 'COMMITTED', 'reason': 'x'}")).error())
                .isEqualTo("NOT_FOUND group_id");
        Response notPrepared = api.post("/api/v1/groups/resolve-4/resolve",
                json("{'outcome': 'ROLLED_BACK', 'reason': 'x'}"));
        assertThat(notPrepared.status()).isEqualTo(409);
        assertThat(notPrepared.error()).isEqualTo("FAILED_PRECONDITION state");

        JsonNode untouched = api.get("/api/v1/groups/resolve-3").body();
        assertThat(untouched.get("state").asText()).isEqualTo("PREPARED");
        assertThat(ids(untouched.get("history"), "kind")).containsExactly("PREPARED");
    }
}
