package io.lottor.spring.internal;

import java.sql.Connection;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Finds the JDBC connection of the current Spring transaction on the application's DataSource, the
 * way {@code DataSourceTransactionManager} and {@code JpaTransactionManager} bind it. Never opens a
 * connection of its own: a barrier or consumed row written outside the transaction would break the
 * guarantee, so a transaction that does not run on this DataSource is an error.
 */
public final class TransactionConnections {
    private final DataSource dataSource;

    /** {@code dataSource} is the application's; a {@link TransactionAwareDataSourceProxy} is unwrapped. */
    public TransactionConnections(DataSource dataSource) {
        this.dataSource = unwrap(dataSource);
    }

    /** The DataSource transaction managers bind their connection to (proxies removed). */
    public static DataSource unwrap(DataSource dataSource) {
        DataSource target = dataSource;
        while (target instanceof TransactionAwareDataSourceProxy proxy && proxy.getTargetDataSource() != null) {
            target = proxy.getTargetDataSource();
        }
        return target;
    }

    /**
     * The connection of the transaction active on this thread.
     *
     * @throws IllegalStateException when the active transaction holds no connection of this DataSource
     */
    public Connection current() {
        Object resource = TransactionSynchronizationManager.getResource(dataSource);
        if (resource instanceof ConnectionHolder holder && holder.getConnectionHandle() != null) {
            return holder.getConnection();
        }
        throw new IllegalStateException("the current transaction holds no connection of the application's DataSource "
                + "(the one with lottor_barrier and lottor_consumed); use a DataSourceTransactionManager or "
                + "JpaTransactionManager over that DataSource");
    }
}
