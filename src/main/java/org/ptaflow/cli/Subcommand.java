package org.ptaflow.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.ParentCommand;

/** A command under {@code ptaflow}: it prints through the top command's streams and returns its exit status. */
abstract class Subcommand implements Callable<Integer> {
    @ParentCommand
    PtaflowCommand ptaflow;
}
