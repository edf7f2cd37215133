package org.ptaflow.scenario;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;
import org.ptaflow.tariffs.ConcessionList;

/**
 * One concession of a scenario: what {@code importer} grants {@code beneficiary} on the lines of a list, by a rule,
 * phased in by a staging. Several concessions may share an importer and beneficiary (different lists, different
 * rules). The lines file is kept as text because {@link Path} is not serializable.
 */
public final class Concession implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String importer;
    private final String beneficiary;
    private final ConcessionList lines;
    private final ConcessionRule rule;
    private final Staging staging;
    private final String linesFile;

    public Concession(String importer, String beneficiary, ConcessionList lines, ConcessionRule rule,
            Staging staging, Path linesFile) {
        this.importer = Objects.requireNonNull(importer);
        this.beneficiary = Objects.requireNonNull(beneficiary);
        this.lines = Objects.requireNonNull(lines);
        this.rule = Objects.requireNonNull(rule);
        this.staging = Objects.requireNonNull(staging);
        this.linesFile = linesFile.toString();
    }

    public String importer() {
        return importer;
    }

    public String beneficiary() {
        return beneficiary;
    }

    public ConcessionList lines() {
        return lines;
    }

    public ConcessionRule rule() {
        return rule;
    }

    public Staging staging() {
        return staging;
    }

    /** The lines file as resolved at load (relative to the working directory when the scenario path was). */
    public Path linesFile() {
        return Path.of(linesFile);
    }

    @Override
    public String toString() {
        return importer + " ← " + beneficiary + ": " + lines.size() + " lines of " + linesFile + ", "
                + rule.describe() + ", " + staging;
    }
}
