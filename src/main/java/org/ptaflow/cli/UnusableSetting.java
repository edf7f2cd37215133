package org.ptaflow.cli;

/**
 * A setting found unusable before the job starts (contract §5: exit 2): a Kafka broker that cannot be reached, a
 * topic the job needs that does not exist. Found in seconds by the client rather than by a job restarting forever.
 */
final class UnusableSetting extends RuntimeException {
    UnusableSetting(String message) {
        super(message);
    }
}
