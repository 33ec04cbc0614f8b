package io.lottor.server.store.jdbc;

import io.lottor.server.model.UnavailableException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An OS file lock on {@code lottor.lock} in a data directory, so that two servers never share one
 * embedded database (SQLite claims take no row locks). The OS drops it when the process dies.
 */
final class DataDirLock implements AutoCloseable {
    private static final String LOCK_FILE = "lottor.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws UnavailableException (field {@code data_dir}) if another store holds the directory */
    static DataDirLock acquire(Path dataDir) {
        Path file = dataDir.resolve(LOCK_FILE);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new OverlappingFileLockException();
            }
            return new DataDirLock(channel, lock);
        } catch (IOException | OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new UnavailableException("data_dir", "data directory " + dataDir
                    + " is in use by another Lottor server (cannot lock " + file + ")", e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases the lock as well
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing is left to release
        }
    }
}
