package org.ptaflow.pipeline;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;

import org.ptaflow.scenario.Scenario;
import org.ptaflow.scenario.TariffAmendment;

/**
 * A scenario's tariff tables as they travel on the broadcast stream and sit in broadcast state: the whole loaded
 * {@link Scenario} (MFN schedules, concession lists, staging, FX) in Java serialization form, with a version so a
 * task rebuilds its in-memory lookup indexes only when the tables change. A Flink POJO whose payload is a byte
 * array, so the state needs no Kryo.
 *
 * <p>The same message type carries amendments ({@link TariffAmendment}) streamed into a running job; they sit in
 * the same broadcast state under their own keys.
 *
 * <p>Why bytes and not rows: the lookup structures (longest-prefix indexes, validity periods) are built and
 * validated once, on the client, exactly as {@code ptaflow validate} checks them; the tasks only deserialize.
 * Trade-off: a savepoint taken with one version of the scenario classes may not restore under a changed class
 * layout; resending the tables after an upgrade replaces them.
 */
public class ScenarioTables {
    public String scenarioId;
    public long version;
    /** The serialized scenario; null when this message carries an {@link #amendment} instead. */
    public byte[] payload;
    /** A change to the scenario's tables received while the job runs; null for a whole-table message. */
    public TariffAmendment amendment;

    public ScenarioTables() {}

    /** A message that amends the running scenario's tables (see {@link TariffAmendment}). */
    public static ScenarioTables amendment(TariffAmendment amendment) {
        ScenarioTables message = new ScenarioTables();
        message.scenarioId = amendment.scenario;
        message.amendment = amendment;
        return message;
    }

    public boolean isAmendment() {
        return amendment != null;
    }

    /** The key under which this message sits in broadcast state: a later message with the same key replaces it. */
    public String stateKey() {
        return amendment == null ? scenarioId : "amendment|" + amendment.key();
    }

    public static ScenarioTables of(Scenario scenario, long version) {
        ScenarioTables tables = new ScenarioTables();
        tables.scenarioId = scenario.id();
        tables.version = version;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(scenario);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize scenario " + scenario.id(), e);
        }
        tables.payload = bytes.toByteArray();
        return tables;
    }

    public Scenario scenario() {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(payload)) {
            @Override
            protected Class<?> resolveClass(java.io.ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                // The user-code class loader on a cluster, not the system one.
                return Class.forName(desc.getName(), false, Thread.currentThread().getContextClassLoader());
            }
        }) {
            return (Scenario) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot read the tables of scenario " + scenarioId, e);
        }
    }
}
