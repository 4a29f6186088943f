package io.requiredsince.spring;

import io.requiredsince.runtime.Migrator;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code requiredsince.*}: every option of {@link Migrator#configure(javax.sql.DataSource)}. Unset
 * ones keep the runtime's defaults.
 */
@ConfigurationProperties("requiredsince")
public class RequiredSinceProperties {

    /** Whether the migrations run at start-up (true). Off, the application starts without them. */
    private boolean enabled = true;

    /**
     * Whether each migration is expanded and completed in one start-up (false: expanded, for rolling
     * deploys; completed by the next release's migrations or the actuator endpoint's complete).
     */
    private boolean completeImmediately;

    /** The history table, {@code requiredsince_history}; {@code schema.table} puts it in a schema. */
    private String historyTable;

    /** How long to wait for another instance's migrator (5 minutes). */
    private Duration lockTimeout;

    /** How long one DDL statement waits for its table lock before it is retried (5 s). */
    private Duration ddlLockTimeout;

    /** How many times such a statement is retried (10). */
    private Integer ddlLockRetries;

    /** How long one backfill batch should take (100 ms); 0 keeps the size fixed. */
    private Duration batchDuration;

    /** The rows of the first backfill batch (1,000). */
    private Integer batchSize;

    /** A pause between backfill batches (none). */
    private Duration batchPause;

    /** How long the final pass waits for its table lock before it gives way (2 s). */
    private Duration finalPassLockTimeout;

    /**
     * Whether PostgreSQL's final pass builds its index over the NULL rows concurrently first (true);
     * off when a transaction of the application stays open through start-up.
     */
    private Boolean finalPassIndex;

    /** How far a PostgreSQL streaming replica may lag before the batches wait for it (no limit). */
    private Duration maxReplicaLag;

    /** The settings given, applied to a migrator's builder. */
    public Migrator.Builder apply(Migrator.Builder builder) {
        builder.completeImmediately(completeImmediately);
        if (historyTable != null && !historyTable.isBlank()) {
            builder.historyTable(historyTable);
        }
        if (lockTimeout != null) {
            builder.lockTimeout(lockTimeout);
        }
        if (ddlLockTimeout != null) {
            builder.ddlLockTimeout(ddlLockTimeout);
        }
        if (ddlLockRetries != null) {
            builder.ddlLockRetries(ddlLockRetries);
        }
        if (batchDuration != null) {
            builder.batchDuration(batchDuration);
        }
        if (batchSize != null) {
            builder.batchSize(batchSize);
        }
        if (batchPause != null) {
            builder.batchPause(batchPause);
        }
        if (finalPassLockTimeout != null) {
            builder.finalPassLockTimeout(finalPassLockTimeout);
        }
        if (maxReplicaLag != null && !maxReplicaLag.isZero()) {
            builder.maxReplicaLag(maxReplicaLag);
        }
        if (finalPassIndex != null) {
            builder.finalPassIndex(finalPassIndex);
        }
        return builder;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean isCompleteImmediately() {
        return completeImmediately;
    }

    public void setCompleteImmediately(boolean completeImmediately) {
        this.completeImmediately = completeImmediately;
    }

    public String getHistoryTable() {
        return historyTable;
    }

    public void setHistoryTable(String historyTable) {
        this.historyTable = historyTable;
    }

    public Duration getLockTimeout() {
        return lockTimeout;
    }

    public void setLockTimeout(Duration lockTimeout) {
        this.lockTimeout = lockTimeout;
    }

    public Duration getDdlLockTimeout() {
        return ddlLockTimeout;
    }

    public void setDdlLockTimeout(Duration ddlLockTimeout) {
        this.ddlLockTimeout = ddlLockTimeout;
    }

    public Integer getDdlLockRetries() {
        return ddlLockRetries;
    }

    public void setDdlLockRetries(Integer ddlLockRetries) {
        this.ddlLockRetries = ddlLockRetries;
    }

    public Duration getBatchDuration() {
        return batchDuration;
    }

    public void setBatchDuration(Duration batchDuration) {
        this.batchDuration = batchDuration;
    }

    public Integer getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(Integer batchSize) {
        this.batchSize = batchSize;
    }

    public Duration getBatchPause() {
        return batchPause;
    }

    public void setBatchPause(Duration batchPause) {
        this.batchPause = batchPause;
    }

    public Duration getFinalPassLockTimeout() {
        return finalPassLockTimeout;
    }

    public void setFinalPassLockTimeout(Duration finalPassLockTimeout) {
        this.finalPassLockTimeout = finalPassLockTimeout;
    }

    public Boolean getFinalPassIndex() {
        return finalPassIndex;
    }

    public void setFinalPassIndex(Boolean finalPassIndex) {
        this.finalPassIndex = finalPassIndex;
    }

    public Duration getMaxReplicaLag() {
        return maxReplicaLag;
    }

    public void setMaxReplicaLag(Duration maxReplicaLag) {
        this.maxReplicaLag = maxReplicaLag;
    }
}
