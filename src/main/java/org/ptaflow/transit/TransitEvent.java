package org.ptaflow.transit;

import java.math.BigDecimal;

/**
 * One event of a transit movement (contract §1b), validated: a departure opens the movement at its office of
 * departure, an exit discharges it at the office of exit, a cancellation withdraws it. A Flink POJO (public fields,
 * no-argument constructor), so it crosses the network and sits in state without Kryo.
 *
 * <p>The fields a departure must carry ({@code transport_mode}, {@code territory}, {@code origin},
 * {@code destination}, {@code declared_value}, {@code currency}) are optional on an exit or a cancellation: there
 * they are null when absent, and checked when present. Absent optional decimals are null.
 */
public class TransitEvent {
    /** The transit document (TIR carnet, transit declaration): every event of one movement shares it. */
    public String movementId;
    public MovementEventKind event;
    /** Event time, epoch milliseconds UTC. */
    public long at;
    /** Office code (UN/LOCODE: {@code PKKHI} Karachi port, {@code PKTOR} Torkham). */
    public String office;
    public TransportMode transportMode;
    /** The customs territory crossed, whose duties are at risk while the movement is open. */
    public String territory;
    public String origin;
    public String destination;
    /** Value of the goods in {@link #currency}, ≥ 0. */
    public BigDecimal declaredValue;
    /** Always {@code USD} when present (contract §1b). */
    public String currency;
    public BigDecimal grossMassKg;
    /** Main tariff line of the goods, 6 to 10 digits, for the duties at risk; null when not declared. */
    public String hsCode;
    /** Guarantee lodged, USD (0 where the agreement exempts it); null when not declared. */
    public BigDecimal guarantee;

    /** Where the event was read (file name or topic), for the rejected output and the summary. */
    public String source;
    /** Line number (or offset) of the event in its source. */
    public long line;
    /** The event's original text, kept so that a later rejection can show it. */
    public String originalText;

    public TransitEvent() {}

    /** A copy without the original text: what a movement keeps of its departure in state. */
    public TransitEvent withoutText() {
        TransitEvent e = new TransitEvent();
        e.movementId = movementId;
        e.event = event;
        e.at = at;
        e.office = office;
        e.transportMode = transportMode;
        e.territory = territory;
        e.origin = origin;
        e.destination = destination;
        e.declaredValue = declaredValue;
        e.currency = currency;
        e.grossMassKg = grossMassKg;
        e.hsCode = hsCode;
        e.guarantee = guarantee;
        e.source = source;
        e.line = line;
        return e;
    }

    @Override
    public String toString() {
        return "TransitEvent{" + movementId + " " + (event == null ? null : event.code()) + " at " + at + " "
                + office + (transportMode == null ? "" : " " + transportMode.code())
                + (territory == null ? "" : " " + territory + " " + origin + "->" + destination) + "}";
    }
}
