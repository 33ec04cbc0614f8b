package io.lottor.server.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lottor.server.support.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin UI's files are served by the server itself, without a token (the UI asks for one). */
class AdminUiTest {
    private static final Pattern CHART_SCRIPT = Pattern.compile("src=\"(/webjars/chartjs/[^\"]+/chart\\.umd\\.js)\"");

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    @Test
    void servesTheUiPageAtTheRootWithoutAToken() throws Exception {
        try (TestServer server = new TestServer(TestServer.config(dataDir))) {
            HttpResponse<String> page = get(server, "/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
            assertThat(page.body()).contains("<title>Lottor admin</title>", "/admin/js/main.js");
        }
    }

    @Test
    void servesTheUiModulesAndTheChartLibraryTheUiPageNames() throws Exception {
        try (TestServer server = new TestServer(TestServer.config(dataDir))) {
            Matcher chart = CHART_SCRIPT.matcher(get(server, "/").body());
            assertThat(chart.find()).as("the page names Chart.js with a resolved version").isTrue();
            assertThat(chart.group(1)).doesNotContain("${");

            HttpResponse<String> library = get(server, chart.group(1));
            assertThat(library.statusCode()).isEqualTo(200);
            assertThat(library.body()).contains("Chart.js");

            HttpResponse<String> module = get(server, "/admin/js/main.js");
            assertThat(module.statusCode()).isEqualTo(200);
            assertThat(module.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("javascript"));
            assertThat(get(server, "/admin/css/app.css").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void keepsTheApiClosedWhileTheUiIsOpen() throws Exception {
        try (TestServer server = new TestServer(TestServer.config(dataDir))) {
            assertThat(get(server, "/admin/index.html").statusCode()).isEqualTo(200);
            assertThat(get(server, "/api/v1/whoami").statusCode()).isEqualTo(401);
        }
    }

    private HttpResponse<String> get(TestServer server, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.server().httpPort() + path);
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
