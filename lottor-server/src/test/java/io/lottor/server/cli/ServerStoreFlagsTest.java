package io.lottor.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lottor.server.StoreSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --store}, {@code --jdbc-url}, {@code --jdbc-user}, {@code --jdbc-password}: what fits together. */
class ServerStoreFlagsTest {

    private static ServerCommand parsed(String... args) {
        ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void sqliteInTheDataDirectoryIsTheDefaultStore() {
        assertThat(parsed().config().store()).isEqualTo(StoreSettings.sqlite());
    }

    @Test
    void postgresAndMysqlTakeTheirJdbcUrlUserAndPassword() {
        StoreSettings postgres = parsed("--store", "postgres", "--jdbc-url", "jdbc:postgresql://db:5432/lottor",
                "--jdbc-user", "lottor", "--jdbc-password", "s3cret").config().store();
        StoreSettings mysql = parsed("--store", "MySQL", "--jdbc-url", "jdbc:mysql://db:3306/lottor").config().store();
        StoreSettings mariadb = parsed("--store", "mysql", "--jdbc-url", "jdbc:mariadb://db:3306/lottor").config().store();

        assertThat(postgres).isEqualTo(new StoreSettings(StoreSettings.Kind.POSTGRES, "jdbc:postgresql://db:5432/lottor",
                "lottor", "s3cret"));
        assertThat(mysql.kind()).isEqualTo(StoreSettings.Kind.MYSQL);
        assertThat(mysql.user()).isNull();
        assertThat(mariadb.jdbcUrl()).isEqualTo("jdbc:mariadb://db:3306/lottor");
    }

    @Test
    void jdbcUrlOfAnotherDatabaseThanTheStoreIsRefusedNamingBoth() {
        assertThatThrownBy(() -> parsed("--store", "postgres", "--jdbc-url", "jdbc:mariadb://db:3306/lottor").config())
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("--jdbc-url jdbc:mariadb://db:3306/lottor does not match --store postgres: it must start with"
                        + " jdbc:postgresql:, e.g. jdbc:postgresql://127.0.0.1:5432/lottor");
        assertThatThrownBy(() -> parsed("--store", "mysql", "--jdbc-url", "jdbc:postgresql://db/lottor").config())
                .hasMessageContaining("does not match --store mysql: it must start with jdbc:mysql: or jdbc:mariadb:");
    }

    @Test
    void serverDatabaseWithoutJdbcUrlIsRefused() {
        assertThatThrownBy(() -> parsed("--store", "mysql").config())
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("--store mysql needs --jdbc-url, e.g. jdbc:mariadb://127.0.0.1:3306/lottor");
    }

    @Test
    void jdbcSettingsWithTheSqliteStoreAreRefused() {
        assertThatThrownBy(() -> parsed("--jdbc-url", "jdbc:postgresql://db/lottor").config())
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("--jdbc-url is for --store postgres or mysql; the sqlite store lives in --data-dir");
        assertThatThrownBy(() -> parsed("--store", "sqlite", "--jdbc-password", "x").config())
                .hasMessageStartingWith("--jdbc-password is for --store postgres or mysql");
    }

    @Test
    void unknownStoreIsRefusedNamingTheChoices() {
        assertThatThrownBy(() -> parsed("--store", "oracle").config())
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("--store must be sqlite, postgres or mysql, got 'oracle'");
    }

    @Test
    void passwordsNeverShowInTheSettingsOrInMessages() {
        StoreSettings settings = new StoreSettings(StoreSettings.Kind.POSTGRES,
                "jdbc:postgresql://db/lottor?user=lottor&password=in-url-secret", "lottor", "flag-secret");

        assertThat(settings.toString()).doesNotContain("in-url-secret", "flag-secret").contains("password=***");
        assertThatThrownBy(() -> parsed("--store", "mysql", "--jdbc-url",
                "jdbc:postgresql://lottor:userinfo-secret@db/lottor?password=in-url-secret").config())
                .message().doesNotContain("in-url-secret", "userinfo-secret");
    }
}
