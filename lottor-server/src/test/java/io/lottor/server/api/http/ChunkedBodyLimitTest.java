package io.lottor.server.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lottor.server.support.ApiClient;
import io.lottor.server.support.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP body limit holds for bodies without a Content-Length: a chunked upload is refused once the
 * limit is passed, without the server waiting for (or reading) the rest.
 */
class ChunkedBodyLimitTest {
    private static final int MIB = 1 << 20;
    private static final int CHUNK = 64 * 1024;

    @TempDir
    Path dataDir;

    @Test
    void chunkedTwentyMibPrepareIsRefusedWith413OnceTheLimitIsReadAndStoresNothing() throws Exception {
        try (TestServer server = new TestServer(TestServer.config(dataDir));
             Socket socket = new Socket("127.0.0.1", server.server().httpPort())) {
            int limit = 2 * TestServer.config(dataDir).limits().maxRequestBytes();
            socket.setSoTimeout(30_000);
            CountDownLatch answered = new CountDownLatch(1);
            CompletableFuture<Boolean> answeredAtTheLimit =
                    CompletableFuture.supplyAsync(() -> upload(socket, server, limit, answered));

            String response = readResponse(socket.getInputStream(), answered);

            assertThat(response).startsWith("HTTP/1.1 413");
            assertThat(response).contains("\"error\":\"RESOURCE_EXHAUSTED\"", "\"field\":\"body\"");
            assertThat(answeredAtTheLimit.get(60, TimeUnit.SECONDS))
                    .as("answered while the client waited, having sent just over the limit").isTrue();
            assertThat(new ApiClient(server).get("/api/v1/groups/chunked-1").status()).isEqualTo(404);
        }
    }

    /**
     * Sends a Prepare whose payload makes the body 20 MiB, in chunks; after the first {@code limit} + 64 KiB
     * it waits for the server's answer, so a server that reads on to the end of the body never answers.
     * Answers whether the server answered in that pause; then sends the rest, until the server closed the
     * connection.
     */
    private static boolean upload(Socket socket, TestServer server, int limit, CountDownLatch answered) {
        long sent = 0;
        boolean answeredAtTheLimit = false;
        try {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/groups HTTP/1.1\r\nHost: 127.0.0.1:" + server.server().httpPort()
                    + "\r\nAuthorization: Bearer " + server.adminToken()
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            sent += chunk(out, ("{\"group_id\":\"chunked-1\",\"source\":\"user\",\"messages\":[{\"message_id\":\"m1\","
                    + "\"target\":\"auth\",\"method\":\"auth-role\",\"payload\":\"").getBytes(StandardCharsets.US_ASCII));
            byte[] filler = new byte[CHUNK];
            Arrays.fill(filler, (byte) 'a');
            while (sent <= limit + CHUNK) {
                sent += chunk(out, filler);
            }
            out.flush();
            answeredAtTheLimit = answered.await(30, TimeUnit.SECONDS);
            while (sent < 20L * MIB) {
                sent += chunk(out, filler);
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            // the server closed the connection after its answer: the rest of the body was never read
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return answeredAtTheLimit;
    }

    private static int chunk(OutputStream out, byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        return data.length;
    }

    /** Everything the server sends until it closes the connection; fails if 30 s pass without a byte. */
    private static String readResponse(InputStream in, CountDownLatch answered) throws IOException {
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            response.write(buffer, 0, read);
            answered.countDown();
        }
        return response.toString(StandardCharsets.UTF_8);
    }
}
