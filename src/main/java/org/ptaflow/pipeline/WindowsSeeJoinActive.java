package org.ptaflow.pipeline;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Between the scenario join and the windows: forwards records and watermarks, never an idle status. To the windows,
 * every join subtask is always active, so the windows' watermark is the minimum over all of them.
 *
 * <p>Why: when the records source has been idle (a Kafka partition quiet for the idleness timeout, a broker outage,
 * a slow fetch on a busy machine), its next records travel downstream while the stream is still marked idle; Flink
 * marks it active again only with the next watermark. A join subtask whose inputs are all idle marks its output
 * idle, and the windows then take their watermark from the other join subtasks alone. A watermark from one join
 * subtask can then overtake, on its own channel, a contribution that another join subtask has just emitted: the
 * window fires without it and drops it as late afterwards (or, within the allowed lateness, fires a second final
 * row), although the join, with its own watermark, had let it through on time. Every join subtask sees the same
 * watermarks (they come from the same source subtasks), so holding the windows to the slowest one costs nothing,
 * and within one channel a contribution always comes before the watermark that follows it.
 */
public class WindowsSeeJoinActive<T> extends AbstractStreamOperator<T> implements OneInputStreamOperator<T, T> {
    @Override
    public void processElement(StreamRecord<T> element) {
        output.collect(element);
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus watermarkStatus) {
        // dropped: see the class comment
    }
}
