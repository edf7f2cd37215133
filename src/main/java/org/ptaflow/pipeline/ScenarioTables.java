package org.ptaflow.pipeline;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;

import org.ptaflow.scenario.Scenario;

/**
 * A scenario's tariff tables as they travel on the broadcast stream and sit in broadcast state: the whole loaded
 * {@link Scenario} (MFN schedules, concession lists, staging, FX) in Java serialization form, with a version so a
 * task rebuilds its in-memory lookup indexes only when the tables change. A Flink POJO whose payload is a byte
 * array, so the state needs no Kryo.
 *
 * <p>Why bytes and not rows: the lookup structures (longest-prefix indexes, validity periods) are built and
 * validated once, on the client, exactly as {@code ptaflow validate} checks them; the tasks only deserialize.
 * Trade-off: a savepoint taken with one version of the scenario classes may not restore under a changed class
 * layout; resending the tables after an upgrade replaces them.
 */
public class ScenarioTables {
    public String scenarioId;
    public long version;
    public byte[] payload;

    public ScenarioTables() {}

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
