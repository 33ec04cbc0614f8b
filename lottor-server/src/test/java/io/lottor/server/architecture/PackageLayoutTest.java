package io.lottor.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server's packages depend one way, as DESIGN §1 lays them out: {@code cli} → wiring → {@code api.grpc},
 * {@code api.http} → {@code coordinator} → {@code delivery}, {@code recovery} → {@code session},
 * {@code cluster} → {@code store} → {@code model}, with no package cycles, and transport types (protobuf,
 * gRPC, Javalin) no further down than the transport that owns them.
 */
class PackageLayoutTest {
    private static JavaClasses server;

    @BeforeAll
    static void importServer() {
        server = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.lottor.server");
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.lottor.server.(**)").should().beFreeOfCycles().check(server);
    }

    @Test
    void modelDependsOnNothingButTheJdk() {
        classes().that().resideInAPackage("io.lottor.server.model..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.lottor.server.model..", "java..")
                .check(server);
    }

    @Test
    void storeKnowsOnlyTheModel() {
        noClasses().that().resideInAPackage("io.lottor.server.store..")
                .should().dependOnClassesThat().resideInAnyPackage("io.lottor.server.coordinator..",
                        "io.lottor.server.delivery..", "io.lottor.server.recovery..", "io.lottor.server.session..",
                        "io.lottor.server.cluster..", "io.lottor.server.api..", "io.lottor.server.metrics..",
                        "io.lottor.server.security..", "io.lottor.server.cli..")
                .check(server);
    }

    @Test
    void sessionsAndNodesSitBelowDeliveryRecoveryAndTheCoordinator() {
        noClasses().that().resideInAnyPackage("io.lottor.server.session..", "io.lottor.server.cluster..")
                .should().dependOnClassesThat().resideInAnyPackage("io.lottor.server.coordinator..",
                        "io.lottor.server.delivery..", "io.lottor.server.recovery..", "io.lottor.server.api..")
                .check(server);
    }

    @Test
    void deliveryAndRecoveryDoNotCallTheCoordinatorOrTheTransports() {
        noClasses().that().resideInAnyPackage("io.lottor.server.delivery..", "io.lottor.server.recovery..")
                .should().dependOnClassesThat().resideInAnyPackage("io.lottor.server.coordinator..",
                        "io.lottor.server.api..")
                .check(server);
    }

    @Test
    void coordinatorIsTransportFree() {
        noClasses().that().resideInAPackage("io.lottor.server.coordinator..")
                .should().dependOnClassesThat().resideInAnyPackage("io.lottor.server.api..", "io.lottor.protocol..",
                        "com.google.protobuf..", "io.grpc..", "io.javalin..", "com.fasterxml.jackson..")
                .check(server);
    }

    @Test
    void protobufAndGrpcStayInTheGrpcTransport() {
        noClasses().that().resideInAPackage("io.lottor.server..")
                .and().resideOutsideOfPackages("io.lottor.server.api.grpc..", "io.lottor.server")
                .should().dependOnClassesThat().resideInAnyPackage("io.lottor.protocol..", "com.google.protobuf..",
                        "io.grpc..")
                .check(server);
    }

    @Test
    void javalinStaysInTheHttpTransport() {
        noClasses().that().resideInAPackage("io.lottor.server..")
                .and().resideOutsideOfPackages("io.lottor.server.api.http..", "io.lottor.server")
                .should().dependOnClassesThat().resideInAPackage("io.javalin..")
                .check(server);
    }
}
