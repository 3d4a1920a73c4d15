package dev.deckhand.support;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.core.order.Ordered;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records every SQL statement the application prepares on its connection pool, with the thread
 * that prepared it, so a test can count what a piece of code asks of PostgreSQL (round trips,
 * not only writes: a trigger cannot see a SELECT). Pass an instance to {@link DomainContext#start}:
 * it wraps the pool's DataSource before Micronaut Data's own wrappers (highest precedence), and
 * passes every call through to the real connection unchanged.
 */
public final class StatementRecorder implements BeanCreatedEventListener<DataSource>, Ordered {

    /** One statement as prepared: the thread that sent it and its SQL text. */
    public record Statement(String thread, String sql) {
    }

    private final List<Statement> statements = new CopyOnWriteArrayList<>();

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public DataSource onCreated(BeanCreatedEvent<DataSource> event) {
        DataSource pool = event.getBean();
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{DataSource.class},
                (proxy, m, args) -> {
                    Object result = call(pool, m, args);
                    return result instanceof Connection c && m.getName().equals("getConnection") ? recording(c) : result;
                });
    }

    /** Everything recorded so far, in order. */
    public List<Statement> statements() {
        return List.copyOf(statements);
    }

    private Connection recording(Connection c) {
        InvocationHandler h = (proxy, m, args) -> {
            if ((m.getName().equals("prepareStatement") || m.getName().equals("prepareCall")) && args != null
                    && args.length > 0 && args[0] instanceof String sql) {
                statements.add(new Statement(Thread.currentThread().getName(), sql));
            }
            if (m.getName().equals("createStatement")) {
                statements.add(new Statement(Thread.currentThread().getName(), "(plain statement)"));
            }
            return call(c, m, args);
        };
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class}, h);
    }

    private static Object call(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
