package io.lottor.spring.crash;

import io.lottor.spring.app.JdbcApp;
import io.lottor.spring.app.Users;
import io.lottor.spring.support.ChildJvm;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The user service as a Spring Boot process a test kills with SIGKILL. Arguments: {@code mode target
 * datasourceUrl service user}. It creates {@code user} in a transaction and then stops dead, printing
 * the group id, at the point {@code mode} names:
 * <ul>
 *   <li>{@code after-local-commit}: the local transaction (user row, barrier row) committed, the Commit
 *       not sent yet: prints {@code LOCAL_COMMITTED group=<id>};</li>
 *   <li>{@code before-local-commit}: the group prepared and the barrier row inserted, the local
 *       transaction still open: prints {@code LOCAL_OPEN group=<id>}.</li>
 * </ul>
 */
public final class CrashingProducerMain {
    private CrashingProducerMain() {
    }

    public static void main(String[] args) {
        ChildJvm.exitWhenParentDies();
        boolean afterCommit = args[0].equals("after-local-commit");
        ConfigurableApplicationContext context = new SpringApplicationBuilder(JdbcApp.class)
                .web(WebApplicationType.NONE)
                .run("--lottor.server.targets=" + args[1], "--spring.datasource.url=" + args[2],
                        "--spring.application.name=" + args[3], "--lottor.check-after=3s");
        Users users = context.getBean(Users.class);
        new TransactionTemplate(context.getBean(PlatformTransactionManager.class)).executeWithoutResult(status -> {
            String group = users.create(args[4], "admin");
            TransactionSynchronizationManager.registerSynchronization(new Halt(group, afterCommit));
        });
    }

    /** Stops the committing thread for good, before the commit or right after it. */
    private record Halt(String group, boolean holdAfterCommit) implements TransactionSynchronization {
        @Override
        public void beforeCompletion() {
            if (!holdAfterCommit) {
                hang("LOCAL_OPEN group=" + group);
            }
        }

        @Override
        public void afterCommit() {
            hang("LOCAL_COMMITTED group=" + group);
        }

        private static void hang(String line) {
            System.out.println(line);
            System.out.flush();
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
