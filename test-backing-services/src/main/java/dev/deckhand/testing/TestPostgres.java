package dev.deckhand.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One real PostgreSQL server for the whole JVM and a fresh database per test class (dropped when
 * the class ends, cutting connections it left open: {@link #dropFor}).
 * {@link #databaseUrl()} is a 12-factor URL for the superuser (tests that need a least-privilege
 * role create it, as the migrations proctype does).
 */
public final class TestPostgres {

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String database;
    /** Databases made by {@link #newDatabase} on this one: dropped with it ({@link #dropFor}). */
    private final Queue<TestPostgres> made = new ConcurrentLinkedQueue<>();

    TestPostgres(String host, int port, String user, String password, String database) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.database = database;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String database() {
        return database;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** postgres://user:pass@host:port/db for this test's database. */
    public String databaseUrl() {
        return "postgres://" + user + ":" + password + "@" + host + ":" + port + "/" + database;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user, password);
    }

    /** A brand-new empty database on the same server (for tests needing several). */
    public TestPostgres newDatabase() {
        String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = connectToServer(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database"
                    + (CUT.isEmpty() ? "" : "; test classes that left connections open: " + CUT), e);
        }
        TestPostgres db = new TestPostgres(host, port, user, password, name);
        made.add(db);
        return db;
    }

    /** Classes whose database still had connections when they ended, with how many (this JVM). */
    private static final Queue<String> CUT = new ConcurrentLinkedQueue<>();

    /** {@link #CUT} as a copy, for the harness's own test. */
    static java.util.List<String> classesThatLeftConnections() {
        return java.util.List.copyOf(CUT);
    }

    /**
     * Drops this database and those made from it, cutting the connections {@code testClass} left
     * open to them (counted, reported on stderr and remembered for {@link #newDatabase}'s error).
     * Best effort: a server that cannot drop (older than PostgreSQL 13, no FORCE) keeps them.
     */
    void dropFor(String testClass) {
        for (TestPostgres db; (db = made.poll()) != null; ) {
            db.dropFor(testClass);
        }
        try (Connection c = connectToServer(); Statement s = c.createStatement()) {
            long open = openConnections(c);
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            if (open > 0) {
                CUT.add(testClass + " (" + open + ")");
                System.err.println("TestPostgres: " + testClass + " ended with " + open
                        + " connection(s) open to its database; cut them. A pool or connection it started was not closed.");
            }
        } catch (SQLException e) {
            System.err.println("TestPostgres: cannot drop " + database + " of " + testClass + ": " + e.getMessage());
        }
    }

    /**
     * Connections open to this database right now, by anyone (asked from the server's
     * {@code postgres} database, so the asking connection is not one of them).
     */
    public long openConnections() throws SQLException {
        try (Connection c = connectToServer()) {
            return openConnections(c);
        }
    }

    private long openConnections(Connection toServer) throws SQLException {
        try (PreparedStatement ps = toServer.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private Connection connectToServer() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres", user, password);
    }
}
