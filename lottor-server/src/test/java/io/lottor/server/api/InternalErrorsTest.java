package io.lottor.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.lottor.protocol.v1.GetGroupRequest;
import io.lottor.server.support.ApiClient;
import io.lottor.server.support.ApiClient.Response;
import io.lottor.server.support.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An unexpected error tells the caller an error id to quote, never the exception's text. */
class InternalErrorsTest {
    private static final String ERROR_ID = "internal error id=[0-9a-f]{8}; the server log has the details";

    @TempDir
    Path dataDir;

    @Test
    void internalErrorsOverHttpAndGrpcCarryNoExceptionText() throws Exception {
        try (TestServer server = new TestServer(TestServer.config(dataDir))) {
            server.prepare("internal-1", "user", "auth", "auth-role", 60_000);
            corruptAttributesOf("internal-1");

            Response http = new ApiClient(server).get("/api/v1/groups/internal-1");
            assertThat(http.status()).isEqualTo(500);
            assertThat(http.body().get("error").asText()).isEqualTo("INTERNAL");
            assertThat(http.body().get("message").asText()).matches(ERROR_ID);
            assertThatThrownBy(() -> server.stub().getGroup(GetGroupRequest.newBuilder().setGroupId("internal-1").build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
                        assertThat(e.getStatus().getDescription()).matches(ERROR_ID);
                    });
        }
    }

    /** A row no server writes: its attributes column is not JSON, so reading the group fails unexpectedly. */
    private void corruptAttributesOf(String groupId) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("lottor.db"))) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA busy_timeout = 5000");
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE lottor_group SET attributes = '{broken: java.lang.IllegalStateException' WHERE group_id = ?")) {
                update.setString(1, groupId);
                assertThat(update.executeUpdate()).isEqualTo(1);
            }
        }
    }
}
