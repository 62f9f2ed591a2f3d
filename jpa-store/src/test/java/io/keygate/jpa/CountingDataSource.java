package io.keygate.jpa;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wraps a DataSource and counts what reaches the database: statements executed (one per execute call, one per
 * executeBatch however many rows it carries) and rows read from result sets. The SQL of each execution is kept
 * so a test can say which statements ran.
 */
final class CountingDataSource {

    private final DataSource target;
    private final AtomicLong executions = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong rowsRead = new AtomicLong();
    private final List<String> executedSql = new CopyOnWriteArrayList<>();

    CountingDataSource(DataSource target) {
        this.target = target;
    }

    DataSource dataSource() {
        return proxy(DataSource.class, target, (t, m, a) -> {
            Object r = m.invoke(t, a);
            return r instanceof Connection c ? connection(c) : r;
        });
    }

    void reset() {
        executions.set(0);
        batches.set(0);
        rowsRead.set(0);
        executedSql.clear();
    }

    /** Statements sent: every execute, executeQuery, executeUpdate and executeBatch call. */
    long executions() {
        return executions.get();
    }

    /** executeBatch calls only. */
    long batches() {
        return batches.get();
    }

    long rowsRead() {
        return rowsRead.get();
    }

    List<String> executedSql() {
        return List.copyOf(executedSql);
    }

    private Connection connection(Connection connection) {
        return proxy(Connection.class, connection, (t, m, a) -> {
            Object r = m.invoke(t, a);
            if (r instanceof Statement s) {
                String sql = a != null && a.length > 0 && a[0] instanceof String text ? text : "<statement>";
                return statement(s, sql);
            }
            return r;
        });
    }

    @SuppressWarnings("unchecked")
    private Statement statement(Statement statement, String preparedSql) {
        Class<?> type = statement instanceof java.sql.CallableStatement ? java.sql.CallableStatement.class
                : statement instanceof java.sql.PreparedStatement ? java.sql.PreparedStatement.class : Statement.class;
        return (Statement) proxy((Class<Object>) type, statement, (t, m, a) -> {
            String name = m.getName();
            if (name.startsWith("execute")) {
                executions.incrementAndGet();
                if (name.equals("executeBatch") || name.equals("executeLargeBatch")) {
                    batches.incrementAndGet();
                }
                executedSql.add(a != null && a.length > 0 && a[0] instanceof String text ? text : preparedSql);
            }
            Object r = m.invoke(t, a);
            return r instanceof ResultSet rs ? resultSet(rs) : r;
        });
    }

    private ResultSet resultSet(ResultSet resultSet) {
        return proxy(ResultSet.class, resultSet, (t, m, a) -> {
            Object r = m.invoke(t, a);
            if (m.getName().equals("next") && Boolean.TRUE.equals(r)) {
                rowsRead.incrementAndGet();
            }
            return r;
        });
    }

    private interface Call {
        Object invoke(Object target, Method method, Object[] args) throws Throwable;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Object target, Call call) {
        InvocationHandler handler = (p, m, a) -> {
            if (m.getName().equals("unwrap") && a != null && a.length == 1 && a[0] == type) {
                return p;
            }
            try {
                return call.invoke(target, m, a);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (T) Proxy.newProxyInstance(CountingDataSource.class.getClassLoader(), new Class<?>[]{type}, handler);
    }
}
