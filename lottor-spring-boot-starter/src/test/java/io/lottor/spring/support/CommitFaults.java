package io.lottor.spring.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Wraps the application's DataSource so that the next {@code Connection.commit()} fails like a connection
 * lost at the worst moment (SQLState 08006): either after the database committed, or before. A
 * {@code rollback()} afterwards works as usual. Import it into a test application.
 */
public class CommitFaults implements BeanPostProcessor {
    private enum Fault { NONE, THROW_AFTER_COMMIT, FAIL_BEFORE_COMMIT }

    private final AtomicReference<Fault> next = new AtomicReference<>(Fault.NONE);
    private volatile Thread armedBy;

    /** The next commit on this thread commits, then throws. */
    public void throwAfterNextCommit() {
        arm(Fault.THROW_AFTER_COMMIT);
    }

    /** The next commit on this thread throws without committing (the transaction stays open until rolled back). */
    public void failNextCommit() {
        arm(Fault.FAIL_BEFORE_COMMIT);
    }

    private void arm(Fault fault) {
        armedBy = Thread.currentThread();
        next.set(fault);
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        return bean instanceof DataSource dataSource ? wrap(dataSource) : bean;
    }

    private DataSource wrap(DataSource real) {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    return result instanceof Connection connection ? wrap(connection) : result;
                });
    }

    private Connection wrap(Connection real) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("commit") || armedBy != Thread.currentThread()) {
                        return invoke(real, method, args);
                    }
                    Fault fault = next.getAndSet(Fault.NONE);
                    if (fault == Fault.THROW_AFTER_COMMIT) {
                        real.commit();
                    }
                    if (fault != Fault.NONE) {
                        throw new SQLException("connection reset during commit", "08006");
                    }
                    return invoke(real, method, args);
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
