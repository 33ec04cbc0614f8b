package io.lottor.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lottor.server.security.ClientToken;
import io.lottor.server.security.Security;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServerSecurityFlagsTest {
    @TempDir
    Path dir;

    @Test
    void securityFlagsBuildTheSecuritySettings() throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "x");
        Path key = Files.writeString(dir.resolve("key.pem"), "x");
        ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs("--admin-token", "a-token", "--client-token", "c-token",
                "--tls-cert", cert.toString(), "--tls-key", key.toString(),
                "--cors-origins", "https://ops.example.com, http://localhost:5173");

        Security security = command.config().security();

        assertThat(security).isEqualTo(new Security("a-token", "c-token", cert, key,
                List.of("https://ops.example.com", "http://localhost:5173")));
        assertThat(command.securityProblem()).isNull();
    }

    @Test
    void securityDefaultsToGeneratedAdminTokenOpenClientsPlaintextAndNoCors() {
        ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs();

        assertThat(command.config().security()).isEqualTo(Security.defaults());
    }

    @Test
    void missingTlsFilesExitWithOneLineNamingTheFlag() throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "x");
        Path missing = dir.resolve("missing.pem");

        assertThat(run("--tls-cert", missing.toString(), "--tls-key", cert.toString()))
                .isEqualTo("1 lottor server: --tls-cert: no such file " + missing.toAbsolutePath());
        assertThat(run("--tls-cert", cert.toString(), "--tls-key", missing.toString()))
                .isEqualTo("1 lottor server: --tls-key: no such file " + missing.toAbsolutePath());
        assertThat(run("--tls-cert", cert.toString()))
                .isEqualTo("1 lottor server: --tls-key is missing: TLS needs both --tls-cert and --tls-key");
        assertThat(run("--tls-key", cert.toString()))
                .isEqualTo("1 lottor server: --tls-cert is missing: TLS needs both --tls-cert and --tls-key");
    }

    @Test
    void corsOriginsMustBeSchemeHostAndPort() {
        ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs("--cors-origins", "https://ops.example.com/admin");

        assertThatThrownBy(command::config).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageStartingWith("--cors-origins: 'https://ops.example.com/admin' is not an origin");
    }

    @Test
    void clientTokensBoundToServicesComeFromRepeatedFlagsAndATokenFile() throws Exception {
        Path file = Files.writeString(dir.resolve("client-tokens"), """
                # name=token:services
                billing=billing-secret:billing

                ops=ops-secret:*
                """);
        ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs("--client-token", "orders=orders-secret:orders,shipping",
                "--client-token", "shared-secret", "--client-token-file", file.toString());

        assertThat(command.config().security().clientTokens()).containsExactly(
                new ClientToken("orders", "orders-secret", java.util.Set.of("orders", "shipping")),
                ClientToken.shared("shared-secret"),
                new ClientToken("billing", "billing-secret", java.util.Set.of("billing")),
                new ClientToken("ops", "ops-secret", null));
    }

    @Test
    void aTokenFileLineThatIsNotNameTokenServicesIsRefusedNamingTheLineNotTheSecret() throws Exception {
        Path file = Files.writeString(dir.resolve("client-tokens"), "billing=billing-secret:billing\nlonely-secret\n");
        ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs("--client-token-file", file.toString());

        assertThatThrownBy(command::config).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--client-token-file").hasMessageContaining("line 2")
                .hasMessageNotContaining("lonely-secret");
    }

    @Test
    void checkBackUrlsAreAnAllowListOfUrlsOrPathPrefixes() {
        ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs("--check-back-urls", "http://orders.internal/lottor/*, https://billing/cb");
        assertThat(command.security().checkBackUrls()).containsExactly("http://orders.internal/lottor/*", "https://billing/cb");

        ServerCommand wildHost = new ServerCommand();
        new CommandLine(wildHost).parseArgs("--check-back-urls", "http://orders.internal*");
        assertThatThrownBy(wildHost::security).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageStartingWith("--check-back-urls: 'http://orders.internal*': a * may only end the pattern");

        ServerCommand none = new ServerCommand();
        new CommandLine(none).parseArgs();
        assertThat(none.security().checkBackUrls()).isEmpty();
    }

    /** Runs the command (it stops before starting a server); answers "exit-code stderr". */
    private String run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new ServerCommand());
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return code + " " + err.toString().strip();
    }
}
