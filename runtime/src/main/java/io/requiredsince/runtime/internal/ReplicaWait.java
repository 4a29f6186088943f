package io.requiredsince.runtime.internal;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Between two backfill batches, waits while a replica of the database lags more than the run's
 * {@code maxReplicaLag}, so that a backfill never writes faster than the replicas replay it.
 */
public interface ReplicaWait {

    /** No replica is read: the engine has none it can see, or no limit is set. */
    ReplicaWait NONE = primary -> { };

    /** Returns once every replica the primary reports is within the limit. */
    void afterBatch(Connection primary) throws SQLException;
}
