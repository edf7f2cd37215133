package org.ptaflow.evaluation;

import java.util.List;
import java.util.function.Predicate;

/**
 * The groups of lines an evaluation reports apart (economics.md §8): every line, the least-traded lines (base Mk
 * under 1 % of the largest line's, where trade models are known to fail: Kehoe 2005) and the others.
 */
public enum LineGroup {
    ALL("all", line -> true),
    LEAST_TRADED("least_traded", EvaluatedLine::leastTraded),
    OTHERS("others", line -> !line.leastTraded());

    private final String jsonName;
    private final Predicate<EvaluatedLine> member;

    LineGroup(String jsonName, Predicate<EvaluatedLine> member) {
        this.jsonName = jsonName;
        this.member = member;
    }

    /** The group's name in {@code evaluation.json}. */
    public String jsonName() {
        return jsonName;
    }

    public boolean contains(EvaluatedLine line) {
        return member.test(line);
    }

    /** The group's lines, in the order given. */
    public List<EvaluatedLine> of(List<EvaluatedLine> lines) {
        return lines.stream().filter(member).toList();
    }
}
