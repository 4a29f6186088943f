package io.requiredsince.runtime.internal.sqlite;

import io.requiredsince.runtime.internal.JvmLock;
import io.requiredsince.runtime.internal.Message;
import io.requiredsince.runtime.internal.MigrationLock;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.concurrent.Semaphore;

/**
 * SQLite's migration lock: an operating-system lock ({@code FileChannel.lock}) on
 * {@code <database>.requiredsince.lock} next to the database file, released by the OS when the
 * process dies, plus a JVM-wide lock for migrators in the same process (the OS lock is per process).
 */
public final class SqliteLock extends MigrationLock {
    private final Path lockFile;
    private final Semaphore jvmLock;
    private FileChannel channel;
    private FileLock fileLock;
    private boolean jvmHeld;

    private SqliteLock(Path lockFile) {
        this.lockFile = lockFile;
        this.jvmLock = JvmLock.semaphore("sqlite:" + lockFile);
    }

    /** The lock of the database at {@code url}, for the history table {@code qualified}. */
    public static SqliteLock open(String url, String qualified) {
        String file = databaseFile(url);
        // An in-memory database lives in one process: the JVM-wide lock is all there is to hold.
        Path path = file == null ? Paths.get(System.getProperty("java.io.tmpdir"), "requiredsince-memory-"
                + ProcessHandle.current().pid() + ".lock")
                : Paths.get(file + "." + (qualified.equals("requiredsince_history") ? "" : qualified + ".")
                        + "requiredsince.lock");
        return new SqliteLock(path.toAbsolutePath().normalize());
    }

    private static String databaseFile(String url) {
        String rest = url.startsWith("jdbc:sqlite:") ? url.substring("jdbc:sqlite:".length()) : url;
        if (rest.startsWith("file:")) {
            rest = rest.substring("file:".length());
        }
        int q = rest.indexOf('?');
        if (q >= 0) {
            rest = rest.substring(0, q);
        }
        if (rest.isEmpty() || rest.startsWith(":memory:") || rest.contains("mode=memory")) {
            return null;
        }
        return rest;
    }

    @Override
    protected String describe() {
        return "the file lock on " + lockFile;
    }

    @Override
    protected boolean tryAcquire() throws SQLException {
        if (!jvmHeld) {
            if (!jvmLock.tryAcquire()) {
                return false;
            }
            jvmHeld = true;
        }
        try {
            if (channel == null) {
                channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            }
            fileLock = channel.tryLock();
            return fileLock != null;
        } catch (OverlappingFileLockException e) {
            return false;
        } catch (IOException e) {
            throw new SQLException(Message.LOCK_FILE_FAILED.format("lock", lockFile, e.getMessage()), e);
        }
    }

    /** Idempotent; each resource is released even when releasing another one failed. */
    @Override
    public void close() throws SQLException {
        IOException failure = null;
        try {
            if (fileLock != null) {
                fileLock.release();
            }
        } catch (IOException e) {
            failure = e;
        } finally {
            fileLock = null;
        }
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        } finally {
            channel = null;
        }
        if (jvmHeld) {
            jvmHeld = false;
            jvmLock.release();
        }
        if (failure != null) {
            throw new SQLException(Message.LOCK_FILE_FAILED.format("release", lockFile, failure.getMessage()), failure);
        }
    }
}
