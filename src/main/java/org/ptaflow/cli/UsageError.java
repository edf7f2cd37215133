package org.ptaflow.cli;

/**
 * A command line that parses but cannot be run as given (a required option missing for this use, an input that
 * does not exist): exit 2 with one line that says what is wrong and where the help is.
 */
final class UsageError extends RuntimeException {
    UsageError(String message) {
        super(message);
    }
}
