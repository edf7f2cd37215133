package org.ptaflow.simulator;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.SplittableRandom;

import org.ptaflow.records.CustomsRecord;
import org.ptaflow.records.Procedure;

/**
 * Synthetic customs records (contract §1) for Pakistan's and Azerbaijan's imports, calibrated on the flows of
 * {@link FlowCatalogue}.
 *
 * <p>Record {@code i} is a pure function of (settings, i): every draw comes from a generator seeded with a mix of the
 * seed and the index, so any number of parallel generators, each producing its own range of indices, together produce
 * exactly the lines one generator would. Separate generators decide the record's content, its defect and whether it is
 * a duplicate, so turning bad records or duplicates on never changes the other records, and each record draws a
 * fixed number of numbers whatever the settings, so changing, say, the claim share changes only who claims.
 *
 * <p>Event time: record {@code i} falls in slot {@code i} of width {@code 86,400,000 / recordsPerSimulatedDay} ms
 * after {@link SimulatorSettings#start()}, at a random instant inside the slot; slots never go backwards, so
 * event time is non-decreasing slot by slot (a duplicate repeats an earlier record and is therefore up to 1,000 slots
 * late). Half of the times are written in the importer's local offset (PKT +05:00, AZT +04:00), half in UTC.
 *
 * <p>{@code declaration_id} is {@code SIM-<seed>-<i/3>} and {@code item_no} {@code i%3+1}: three line items per
 * declaration, drawn independently (a simulated declaration may mix importers; nothing downstream depends on it).
 *
 * <p>Values: lognormal around the flow's mean consignment (σ = 0.6 of log value, mean preserved), 5% of consignments
 * shipped through a UAE hub (with {@link SimulatorSettings#originBreaks()}, the beneficiaries' own only 0.5%: see
 * below); national-currency values are converted with {@link SimulatedFx}, the rates of the
 * library's fx.csv. No {@code duty_collected} is written. With a {@link SimulatedResponse} in the settings, the
 * value of a beneficiary's record on a line whose concession is in force is scaled by its response factor (the
 * quantity and collected taxes follow); without one, every record is exactly as before the response existed.
 *
 * <p>Border taxes (issue 12). Quantities are in the flow's unit: {@code kg}, or on Azerbaijan's excise lines the excise
 * table's unit ({@code l} for spirits, {@code 1000u} for cigarettes); as in real extracts, a share
 * {@link #MISDECLARED_UNIT_SHARE} of the records on those lines declare another unit ({@code kg}, with a mass) and as
 * many carry no quantity and no unit at all (a scenario with the excise rejects both, {@code no_tax_base}). The last
 * two columns are {@code sales_tax_collected} (Pakistan's imports) and {@code vat_collected} (Azerbaijan's), written
 * on a share {@link CollectedTaxes#SHARE} of home-use records, in the record's currency, and left empty otherwise
 * (the other importer's column is always empty): {@link CollectedTaxes} says how the amount is made.
 *
 * <p>Origin checks (issue 16, {@code flags.csv}), with {@link SimulatorSettings#originBreaks()} (the default):
 * <ul>
 *   <li>Consignment breaks: a beneficiary's goods sold to the other partner travel on a through bill of lading, so
 *       only {@link #BENEFICIARY_HUB_SHARE} of them (not 5%) are declared consigned from the UAE hub; those of them
 *       that claim the agreement on an eligible line are what rule {@code consignment} finds. The same draw decides
 *       as before, so a record consigned from the hub now was consigned from it before.</li>
 *   <li>Trade deflection: from {@link SimulatorSettings#claimsFrom()} on, {@link #DEFLECTED_SHARE} of China's men's
 *       cotton trousers into Azerbaijan ({@link #DEFLECTED_HS}) are declared of Pakistani origin, consigned from
 *       Pakistan (goods relabelled on their way through, which the consignment rule cannot see), and claim like
 *       Pakistani goods. Pakistan's share of the line's value goes from about 12% (1.5 of 12.5 M a year) to about 44%
 *       (5.5 of 12.5), China's falls from 40% to 8%: rule {@code partner_shift} fires on the line in the first months
 *       after the entry into force, until the 12-month average catches up. Only with the catalogue's flows.</li>
 * </ul>
 * Both decisions use draws taken after every older one, so without {@code originBreaks} every record is exactly as
 * before they existed.
 */
public final class CustomsSimulator implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The CSV header; {@link #csvLine(long)} writes the same columns in this order, comma-separated, unquoted. */
    public static final List<String> COLUMNS = List.of("declaration_id", "item_no", "registered_at", "importer",
            "origin", "consignment", "hs_code", "procedure", "customs_value", "currency", "quantity", "unit",
            "preference", "sales_tax_collected", "vat_collected");

    /** Share of records on lines measured in another unit than kg that declare {@code kg} instead; as many declare none. */
    static final double MISDECLARED_UNIT_SHARE = 0.01;
    /** Declared mass per unit when a record on an excise line declares kg (a litre of spirits, bottled; 1,000 cigarettes). */
    private static final double KG_PER_UNIT = 1.5;

    private static final long DAY_MS = 86_400_000L;
    /** Spread of log consignment value: a 90% range of about 0.37 to 2.7 times the mean. */
    private static final double SIGMA = 0.6;
    private static final double TRANSHIPMENT_SHARE = 0.05;
    private static final String HUB = "ARE";
    private static final int DUPLICATE_LOOKBACK = 1_000;

    /** Share of a beneficiary's goods sold to the other partner declared consigned from the UAE hub (originBreaks). */
    public static final double BENEFICIARY_HUB_SHARE = 0.005;
    /** The importer, line, true origin and declared origin of the deflected flow (originBreaks). */
    public static final String DEFLECTED_IMPORTER = "AZE";
    public static final String DEFLECTED_HS = "6203420000";
    public static final String DEFLECTED_FROM = "CHN";
    public static final String DEFLECTED_TO = "PAK";
    /** Share of the deflected flow's records declared of the partner's origin from the entry into force. */
    public static final double DEFLECTED_SHARE = 0.8;

    private static final long CONTENT = 0x5EED_C0FF_EE00_0001L;
    private static final long DEFECT = 0x5EED_C0FF_EE00_0002L;
    private static final long DUPLICATE = 0x5EED_C0FF_EE00_0003L;

    private static final DateTimeFormatter WITH_OFFSET = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");
    private static final DateTimeFormatter WITHOUT_OFFSET = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private static final RecordDefect[] DEFECTS = RecordDefect.values();
    /** The importers' local offsets, made once ({@code ZoneOffset.ofHours} looks its cache up on every call). */
    private static final ZoneOffset PAKISTAN_TIME = ZoneOffset.ofHours(5);
    private static final ZoneOffset AZERBAIJAN_TIME = ZoneOffset.ofHours(4);

    private final SimulatorSettings settings;
    private final TradeFlow[] flows;
    /** Cumulative pick probabilities of {@link #flows}, last = 1. */
    private final double[] cumulative;
    /**
     * Per flow, the library's {duty %, charges %} when the simulator knows them ({@link CollectedTaxes#ratesOf}), else
     * null: looked up once here rather than by a key string built for every record.
     */
    private final double[][] libraryRates;
    /** {@code SIM-<seed>-}: every declaration id starts so. */
    private final String declarationPrefix;

    public CustomsSimulator(SimulatorSettings settings) {
        this.settings = settings;
        List<TradeFlow> chosen = settings.flows() == null ? FlowCatalogue.flows() : settings.flows();
        this.flows = chosen.toArray(new TradeFlow[0]);
        this.cumulative = new double[flows.length];
        double total = chosen.stream().mapToDouble(TradeFlow::recordsPerYear).sum();
        double sum = 0;
        for (int i = 0; i < flows.length; i++) {
            sum += flows[i].recordsPerYear();
            cumulative[i] = sum / total;
        }
        this.libraryRates = new double[flows.length][];
        for (int i = 0; i < flows.length; i++) {
            if (CollectedTaxes.covers(flows[i].importer(), flows[i].hsCode())) {
                libraryRates[i] = CollectedTaxes.ratesOf(flows[i].importer(), flows[i].hsCode());
            }
        }
        this.declarationPrefix = "SIM-" + settings.seed() + "-";
        cumulative[flows.length - 1] = 1.0;
    }

    public SimulatorSettings settings() {
        return settings;
    }

    public String csvHeader() {
        return String.join(",", COLUMNS);
    }

    /** Record {@code index} (≥ 0) as a CSV line matching {@link #csvHeader()}, without line terminator. */
    public String csvLine(long index) {
        long source = sourceIndex(index);
        if (defectOf(source) != null) {
            Fields f = fields(source);
            return String.join(",", f.declarationId, f.itemNo, f.registeredAt, f.importer, f.origin, f.consignment,
                    f.hsCode, f.procedure, f.customsValue, f.currency, f.quantity, f.unit, f.preference,
                    f.salesTaxCollected, f.vatCollected);
        }
        // A sound record (nearly all of them) is written straight into one builder: the same characters as the
        // fields joined, without a string per field (the pipeline from the simulator's text path writes one per
        // record).
        Draw d = draw(source);
        StringBuilder b = new StringBuilder(128);
        b.append(declarationPrefix).append(source / 3).append(',');
        b.append(source % 3 + 1).append(',');
        appendWithOffset(b, d.at, d.offset).append(',');
        b.append(d.flow.importer()).append(',').append(d.origin).append(',').append(d.consignment).append(',');
        b.append(d.flow.hsCode()).append(',').append(d.procedure.code()).append(',');
        appendMoney(b, d.valueCents).append(',').append(d.currency).append(',');
        if (d.quantity >= 0) {
            b.append(d.quantity);
        }
        b.append(',').append(d.unit).append(',').append(d.preference).append(',');
        boolean pakistan = d.flow.importer().equals("PAK");
        if (d.collectedCents >= 0 && pakistan) {
            appendMoney(b, d.collectedCents);
        }
        b.append(',');
        if (d.collectedCents >= 0 && !pakistan) {
            appendMoney(b, d.collectedCents);
        }
        return b.toString();
    }

    /**
     * Record {@code index} (≥ 0) made directly, without text: the record the CSV parser makes of
     * {@link #csvLine(long) csvLine(index)} when it reads the {@code <tax>_collected} fields of {@code collectedTaxes}
     * (in that order), except that its original text, source and line are not set. Null for a record with a
     * deliberate defect, which only its text can show: read {@link #csvLine} through the parser instead.
     */
    public CustomsRecord record(long index, List<String> collectedTaxes) {
        long source = sourceIndex(index);
        if (defectOf(source) != null) {
            return null;
        }
        Draw d = draw(source);
        CustomsRecord r = new CustomsRecord();
        r.declarationId = declarationId(source);
        r.itemNo = source % 3 + 1;
        r.registeredAt = d.at;
        r.importer = d.flow.importer();
        r.origin = d.origin;
        r.consignment = d.consignment;
        r.hsCode = d.flow.hsCode();
        r.procedure = d.procedure;
        r.customsValue = BigDecimal.valueOf(d.valueCents, 2);
        r.currency = d.currency;
        r.quantity = d.quantity < 0 ? null : BigDecimal.valueOf(d.quantity);
        r.unit = d.unit.isEmpty() ? null : d.unit;
        r.preference = d.preference;
        if (d.collectedCents >= 0) {
            String tax = d.flow.importer().equals("PAK") ? "sales_tax" : "vat";
            if (collectedTaxes.contains(tax)) {
                r.collectedTaxes = new String[] {tax};
                r.collectedAmounts = new BigDecimal[] {BigDecimal.valueOf(d.collectedCents, 2)};
            }
        }
        return r;
    }

    /** Record {@code index} (≥ 0) as one JSON object on one line: the same fields and values as {@link #csvLine}. */
    public String jsonLine(long index) {
        Fields f = fields(sourceIndex(index));
        return "{\"declaration_id\":\"" + f.declarationId + "\",\"item_no\":" + f.itemNo
                + ",\"registered_at\":\"" + f.registeredAt + "\",\"importer\":\"" + f.importer
                + "\",\"origin\":\"" + f.origin + "\",\"consignment\":\"" + f.consignment
                + "\",\"hs_code\":\"" + f.hsCode + "\",\"procedure\":\"" + f.procedure
                + "\",\"customs_value\":" + f.customsValue + ",\"currency\":\"" + f.currency
                + "\",\"quantity\":" + jsonNumber(f.quantity) + ",\"unit\":" + jsonString(f.unit)
                + ",\"preference\":\"" + f.preference + "\",\"sales_tax_collected\":" + jsonNumber(f.salesTaxCollected)
                + ",\"vat_collected\":" + jsonNumber(f.vatCollected) + "}";
    }

    /** An empty CSV cell is an absent field: JSON null, which contract §1 reads as absent too. */
    private static String jsonNumber(String text) {
        return text.isEmpty() ? "null" : text;
    }

    private static String jsonString(String text) {
        return text.isEmpty() ? "null" : "\"" + text + "\"";
    }

    /** Start of record {@code index}'s event-time slot, epoch ms; record {@code index} lies in [this, next slot). */
    public long slotStartMillis(long index) {
        long perDay = settings.recordsPerSimulatedDay();
        // split to keep index × 86,400,000 from overflowing for large indices
        return settings.start().toEpochMilli() + (index / perDay) * DAY_MS + (index % perDay) * DAY_MS / perDay;
    }

    /** The index whose line record {@code index} repeats, or {@code index} itself when it is no duplicate. */
    public long sourceIndex(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("index must be ≥ 0: " + index);
        }
        long i = index;
        while (i > 0) {
            SplittableRandom r = rng(i, DUPLICATE);
            double u = r.nextDouble();
            long back = 1 + r.nextLong(Math.min(i, DUPLICATE_LOOKBACK));
            if (u >= settings.duplicateShare()) {
                break;
            }
            i -= back;
        }
        return i;
    }

    /** The deliberate defect of record {@code index} before any duplication, or null for a sound record. */
    public RecordDefect defectOf(long index) {
        SplittableRandom r = rng(index, DEFECT);
        double u = r.nextDouble();
        RecordDefect d = DEFECTS[r.nextInt(DEFECTS.length)];
        return u < settings.badRecordShare() ? d : null;
    }

    /** {@code declaration_id} of record {@code index}: three line items per declaration. */
    private String declarationId(long index) {
        return declarationPrefix + index / 3;
    }

    /** The record's text fields, with its defect applied. */
    private Fields fields(long index) {
        Draw d = draw(index);
        Fields f = new Fields();
        f.declarationId = declarationId(index);
        f.itemNo = Long.toString(index % 3 + 1);
        f.registeredAt = withOffset(d.at, d.offset);
        f.importer = d.flow.importer();
        f.origin = d.origin;
        f.consignment = d.consignment;
        f.hsCode = d.flow.hsCode();
        f.procedure = d.procedure.code();
        f.customsValue = money(d.valueCents);
        f.currency = d.currency;
        f.quantity = d.quantity < 0 ? "" : Long.toString(d.quantity);
        f.unit = d.unit;
        f.preference = d.preference;
        f.salesTaxCollected = "";
        f.vatCollected = "";
        if (d.collectedCents >= 0) {
            if (d.flow.importer().equals("PAK")) {
                f.salesTaxCollected = money(d.collectedCents);
            } else {
                f.vatCollected = money(d.collectedCents);
            }
        }

        RecordDefect defect = defectOf(index);
        if (defect != null) {
            switch (defect) {
                case BAD_DATE -> f.registeredAt = OffsetDateTime.ofInstant(Instant.ofEpochMilli(d.at), d.offset)
                        .format(WITHOUT_OFFSET);
                case NEGATIVE_VALUE -> f.customsValue = "-" + f.customsValue;
                case LOWER_CASE_COUNTRY -> f.origin = f.origin.toLowerCase(java.util.Locale.ROOT);
                case FIVE_DIGIT_HS -> f.hsCode = f.hsCode.substring(0, 5);
                case UNKNOWN_CURRENCY -> f.currency = "XXX";
            }
        }
        return f;
    }

    /** The record's content before it is written as text or made as a record (no defect applied). */
    private Draw draw(long index) {
        SplittableRandom r = rng(index, CONTENT);
        // Fixed number of draws in a fixed order, whatever the settings.
        double uFlow = r.nextDouble();
        double uJitter = r.nextDouble();
        double z = gaussian(r.nextDouble(), r.nextDouble());
        double uProcedure = r.nextDouble();
        double uTransitOrWarehouse = r.nextDouble();
        double uHub = r.nextDouble();
        double uCurrency = r.nextDouble();
        double uOffset = r.nextDouble();
        double uQuantity = r.nextDouble();
        double uClaim = r.nextDouble();
        // Drawn after the older draws, so adding them changed no earlier field of a record.
        double uUnit = r.nextDouble();
        double uCollected = r.nextDouble();
        double uGap = r.nextDouble();
        // The response's noise: drawn whether or not a response is set (the draws stay fixed), turned into a normal
        // only when it is, which keeps a simulator without a response as fast as before.
        double uResponse1 = r.nextDouble();
        double uResponse2 = r.nextDouble();
        // The deflection's draw (originBreaks): last, so that every earlier draw is unchanged.
        double uDeflection = r.nextDouble();

        int flowIndex = pick(uFlow);
        TradeFlow flow = flows[flowIndex];
        long slot = slotStartMillis(index);
        long at = slot + (long) (uJitter * (slotStartMillis(index + 1) - slot));
        LocalDate utcDate = LocalDate.ofEpochDay(Math.floorDiv(at, DAY_MS));

        double usd = flow.meanConsignmentUsd() * StrictMath.exp(SIGMA * z - SIGMA * SIGMA / 2);
        SimulatedResponse response = settings.response();
        if (response != null) {
            // Before quantity and collected taxes are derived from it, so they follow the value.
            usd *= response.factor(flow.importer(), flow.origin(), flow.hsCode(), utcDate.toEpochDay(),
                    gaussian(uResponse1, uResponse2));
        }
        boolean homeUse = uProcedure >= settings.nonHomeUseShare();
        String national = SimulatedFx.currencyOf(flow.importer());
        double usdPerUnit = SimulatedFx.usdPerUnit(national, utcDate);
        boolean inNational = uCurrency < settings.nationalCurrencyShare() && !Double.isNaN(usdPerUnit);
        // The origin the record declares: the flow's, unless the flow is the deflected one (originBreaks).
        String origin = flow.origin();
        boolean deflected = settings.originBreaks() && settings.flows() == null
                && flow.importer().equals(DEFLECTED_IMPORTER) && flow.hsCode().equals(DEFLECTED_HS)
                && flow.origin().equals(DEFLECTED_FROM) && !utcDate.isBefore(settings.claimsFrom())
                && uDeflection < DEFLECTED_SHARE;
        if (deflected) {
            origin = DEFLECTED_TO;
        }
        boolean beneficiary = isPartner(flow.importer()) && isPartner(origin) && !flow.importer().equals(origin);
        boolean claims = homeUse && beneficiary && !utcDate.isBefore(settings.claimsFrom())
                && uClaim < settings.claimShare();
        Draw d = new Draw();
        d.flow = flow;
        d.at = at;
        d.offset = uOffset < 0.5 ? ZoneOffset.UTC : localOffset(flow.importer());
        d.origin = origin;
        double hubShare = settings.originBreaks() && beneficiary ? BENEFICIARY_HUB_SHARE : TRANSHIPMENT_SHARE;
        d.consignment = uHub < hubShare && !origin.equals(HUB) ? HUB : origin;
        d.procedure = homeUse ? Procedure.HOME_USE : uTransitOrWarehouse < 0.6 ? Procedure.TRANSIT : Procedure.WAREHOUSE;
        d.valueCents = cents(inNational ? usd / usdPerUnit : usd);
        d.currency = inNational ? national : "USD";
        long quantity = Math.max(1, Math.round(usd / flow.usdPerUnit() * (0.95 + 0.1 * uQuantity)));
        d.quantity = quantity;
        d.unit = flow.unit();
        if (!flow.unit().equals("kg") && uUnit < 2 * MISDECLARED_UNIT_SHARE) {
            boolean inKg = uUnit < MISDECLARED_UNIT_SHARE;
            d.quantity = inKg ? Math.max(1, Math.round(quantity * KG_PER_UNIT)) : -1;
            d.unit = inKg ? "kg" : "";
        }
        d.preference = claims ? settings.agreement() : "";
        d.collectedCents = -1;
        double[] library = libraryRates[flowIndex];
        if (homeUse && uCollected < CollectedTaxes.SHARE && library != null) {
            double collectedUsd = CollectedTaxes.statutoryUsd(flow.importer(), flow.hsCode(), library, usd, quantity,
                    claims, utcDate) * (1 - CollectedTaxes.MAX_GAP * uGap);
            d.collectedCents = cents(inNational ? collectedUsd / usdPerUnit : collectedUsd);
        }
        return d;
    }

    private int pick(double u) {
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (u < cumulative[mid]) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private static boolean isPartner(String country) {
        return country.equals("PAK") || country.equals("AZE");
    }

    /**
     * {@code at} as {@link #WITH_OFFSET} writes it ({@code 2024-03-05T09:41:07.250+05:00}, {@code ...Z} in UTC),
     * written by hand: the formatter was a third of the simulator's time per record. The formatter itself still
     * writes years outside 1000..9999 and offsets with seconds, which this does not.
     */
    static String withOffset(long at, ZoneOffset offset) {
        return appendWithOffset(new StringBuilder(29), at, offset).toString();
    }

    /** Appends {@code at} as {@link #withOffset} writes it. */
    private static StringBuilder appendWithOffset(StringBuilder b, long at, ZoneOffset offset) {
        int offsetSeconds = offset.getTotalSeconds();
        long local = at + offsetSeconds * 1000L;
        long day = Math.floorDiv(local, DAY_MS);
        LocalDate date = LocalDate.ofEpochDay(day);
        if (date.getYear() < 1000 || date.getYear() > 9999 || offsetSeconds % 60 != 0) {
            return b.append(OffsetDateTime.ofInstant(Instant.ofEpochMilli(at), offset).format(WITH_OFFSET));
        }
        long millisOfDay = local - day * DAY_MS;
        b.append(date.getYear()).append('-');
        two(b, date.getMonthValue()).append('-');
        two(b, date.getDayOfMonth()).append('T');
        two(b, (int) (millisOfDay / 3_600_000)).append(':');
        two(b, (int) (millisOfDay / 60_000 % 60)).append(':');
        two(b, (int) (millisOfDay / 1000 % 60)).append('.');
        int millis = (int) (millisOfDay % 1000);
        b.append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10)).append((char) ('0' + millis % 10));
        if (offsetSeconds == 0) {
            return b.append('Z');
        }
        int minutes = Math.abs(offsetSeconds) / 60;
        b.append(offsetSeconds < 0 ? '-' : '+');
        two(b, minutes / 60).append(':');
        return two(b, minutes % 60);
    }

    private static StringBuilder two(StringBuilder b, int n) {
        return b.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
    }

    private static ZoneOffset localOffset(String importer) {
        return importer.equals("PAK") ? PAKISTAN_TIME : AZERBAIJAN_TIME;
    }

    /** An amount in whole cents, as it is written: rounded half up. */
    private static long cents(double v) {
        return Math.round(v * 100);
    }

    /** Plain decimal with two places, no exponent: what contract §1 accepts. */
    private static String money(long cents) {
        return appendMoney(new StringBuilder(16), cents).toString();
    }

    /** Appends {@code cents} (≥ 0) as {@link #money} writes it. */
    private static StringBuilder appendMoney(StringBuilder b, long cents) {
        long frac = cents % 100;
        return b.append(cents / 100).append(frac < 10 ? ".0" : ".").append(frac);
    }

    /** Box–Muller with StrictMath, so that the same seed gives the same values on every JVM. */
    private static double gaussian(double u1, double u2) {
        return StrictMath.sqrt(-2 * StrictMath.log(1 - u1)) * StrictMath.cos(2 * StrictMath.PI * u2);
    }

    private SplittableRandom rng(long index, long salt) {
        return new SplittableRandom(mix64(mix64(settings.seed() ^ salt) + index * 0x9E3779B97F4A7C15L));
    }

    /** Stafford's variant 13 of the MurmurHash3 finaliser: spreads nearby seeds over the whole state space. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** One record's content as numbers and the catalogue's codes, before it is written or made. */
    private static final class Draw {
        TradeFlow flow;
        /** Registration time, epoch ms. */
        long at;
        /** The offset its time is written in. */
        ZoneOffset offset;
        String origin;
        String consignment;
        Procedure procedure;
        long valueCents;
        String currency;
        /** -1: no quantity. */
        long quantity;
        /** "": no unit. */
        String unit;
        String preference;
        /** The collected sales tax (Pakistan) or VAT (Azerbaijan) in cents of the currency; -1: none written. */
        long collectedCents;
    }

    /** The text of one record's fields, before formatting as CSV or JSON. */
    private static final class Fields {
        String declarationId;
        String itemNo;
        String registeredAt;
        String importer;
        String origin;
        String consignment;
        String hsCode;
        String procedure;
        String customsValue;
        String currency;
        String quantity;
        String unit;
        String preference;
        String salesTaxCollected;
        String vatCollected;
    }
}
