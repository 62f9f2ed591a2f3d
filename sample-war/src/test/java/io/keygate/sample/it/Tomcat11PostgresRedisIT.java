package io.keygate.sample.it;

import io.keygate.testing.containers.ServletContainer;
import io.keygate.testing.containers.TomcatContainer;
import io.keygate.testing.ScratchSchema;
import io.keygate.testing.Services;


/**
 * The same suite in Tomcat 11 in the cluster configuration: PostgreSQL as the database and Redis for rate limits
 * and revocation broadcast, configured through KEYGATE_JDBC_URL / KEYGATE_JDBC_USER / KEYGATE_REDIS_URL
 * (environment variables, where {@link Tomcat11IT} uses a system property). The leak check after each stop
 * covers the Redis client's threads too.
 *
 * <p>The database is the machine's {@code test} database; the sample gets a schema of its own
 * (a {@link ScratchSchema} {@code keygate_sample_it_…}, dropped after the suite) because other modules' tests use the
 * {@code public} schema of the same database at the same time.
 */
class Tomcat11PostgresRedisIT extends SampleApiSuite {

    private ScratchSchema schema;

    @Override
    protected ServletContainer newContainer() {
        Services.requirePostgres();
        Services.requireRedis();
        schema = ScratchSchema.postgres("keygate_sample_it");
        return TomcatContainer.tomcat11();
    }

    @Override
    protected void configureDatabase(ServletContainer c) {
        c.env("KEYGATE_JDBC_URL", schema.jdbcUrl());
        c.env("KEYGATE_JDBC_USER", schema.user());
        c.env("KEYGATE_REDIS_URL", Services.REDIS_URL);
    }

    @Override
    protected boolean redisConfigured() {
        return true;
    }

    @Override
    protected void dropDatabase() {
        if (schema != null) {
            schema.close();
        }
    }
}
