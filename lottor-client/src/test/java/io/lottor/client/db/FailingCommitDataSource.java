package io.lottor.client.db;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A real DataSource whose connections' {@code commit()} throws without committing while
 * {@link #failCommits} is set, like a connection lost at the worst moment.
 */
public final class FailingCommitDataSource {
    public volatile boolean failCommits;
    private final DataSource real;

    public FailingCommitDataSource(DataSource real) {
        this.real = real;
    }

    public DataSource dataSource() {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    return result instanceof Connection connection ? wrap(connection) : result;
                });
    }

    private Connection wrap(Connection connection) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (failCommits && method.getName().equals("commit")) {
                        throw new SQLException("connection reset during commit", "08006");
                    }
                    return invoke(connection, method, args);
                });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
