package org.ptaflow.simulator;

import java.io.Serializable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

import org.ptaflow.scenario.TransitRules;

/**
 * Synthetic transit movement events (contract §1b) across a scenario's {@code transit.territory}, on Pakistan's
 * transit corridors, as CSV lines in event-time order.
 *
 * <p>Movement {@code i} is a pure function of (settings, i), as a customs record is in {@link CustomsSimulator}: its
 * draws come from a generator seeded with the seed and the index, a fixed number of them whatever it turns out to
 * be. It departs at a random instant of slot {@code i} (slots of {@code 1 / movementsPerDay} days from
 * {@code start}); its other events follow its departure, so the events of movements 0..N−1 sorted by time are made
 * lazily with a small queue ({@link #lines(long)}), endless or bounded.
 *
 * <p>Corridors (office codes in UN/LOCODE form; Sost is given {@code PKSST}, illustrative). A movement's
 * {@code transport_mode} is its departure's: a container landed by sea and trucked on to a border post is one
 * {@code sea} movement, as the transit declaration lodged at the port says.
 * <ul>
 *   <li>sea (40%): landed at Karachi {@code PKKHI} (55%), Port Qasim {@code PKBQM} (30%) or Gwadar {@code PKGWD}
 *       (15%), trucked to Taftan {@code PKTFT} (to Iran, then the partner: inbound) or to Torkham {@code PKTOR} /
 *       Chaman {@code PKCHB} (to Afghanistan and Central Asia: outbound and other); 4 to 14 days;</li>
 *   <li>road (35%): Torkham or Chaman to Taftan (inbound from Afghanistan and Central Asia), the reverse
 *       (outbound), Sost {@code PKSST} (Khunjerab, from China) to Torkham (other); 1 to 5 days;</li>
 *   <li>rail (10%): Karachi to Koh-i-Taftan (inbound, and other: the ITI container train to Türkiye), the reverse
 *       (outbound, shipped on from Karachi); 3 to 8 days;</li>
 *   <li>air (15%): Islamabad {@code PKISB}, discharged at Islamabad (60%), Lahore {@code PKLHE} or Karachi
 *       {@code PKKHI} (20% each); 3 to 30 hours.</li>
 * </ul>
 * Directions: 40% inbound (destination a partner), 35% outbound (origin a partner), 25% other (neither). A partner
 * is drawn among {@code transit.partners}; the territory is {@code transit.territory} (the office codes stay
 * Pakistan's whatever it is: the library's only territory). Times are lognormal around the mode's median (σ 0.35)
 * and capped at {@link #WITHIN_LIMIT} of the mode's time limit, so a movement that is not meant to be overdue never
 * is, whatever the scenario's limits.
 *
 * <p>What goes wrong, by one draw per movement (shares of movements): {@link #LATE_EXIT_SHARE} exit after the
 * limit (6 hours to 5 days late: {@code overdue} then {@code late_exit}), {@link #NEVER_EXITS_SHARE} never exit
 * ({@code overdue}), {@link #CANCELLED_SHARE} are cancelled at the office of departure 2 to 48 hours after departure
 * (and within half the limit), {@link #ORPHAN_SHARE} are an exit without any departure (an {@code orphan}),
 * {@link #BAD_SHARE} are one unreadable departure each (its own movement, never followed), the defect
 * {@link #BAD_DEFECTS}{@code [i % 8]} (one rejection reason each). Independently, {@link #DUPLICATE_SHARE} of the
 * movements that depart send their departure twice (the same line again, as a re-sent message).
 *
 * <p>Goods: {@code hs_code} on {@link #HS_CODE_SHARE} of the departures, from lines with a row in Pakistan's MFN
 * schedule of the library (Azerbaijan's exports on outbound movements: urea, jet fuel, polymers, aluminium; rice,
 * textiles, medicaments, machinery on the others; air freight carries only the light, valuable ones); the value is
 * lognormal around the mode's mean (σ 0.6, mean kept); the gross mass is the value over the line's unit value plus
 * 5% packing. Guarantee, on {@link #GUARANTEE_SHARE} of the departures: 0 for a road movement under the agreement
 * (inbound or outbound) carried by an Azerbaijani-registered vehicle, which the agreement exempts (the simulator
 * puts half of those movements on such vehicles); otherwise {@link #GUARANTEE_RATE} of the value, about the duty,
 * sales tax and withholding tax the goods would pay at home use. Times are written in UTC or in PKT (+05:00), half
 * each.
 */
public final class TransitSimulator implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The columns of contract §1b, in the order {@link #HEADER} and every line write them. */
    public static final List<String> COLUMNS = List.of("movement_id", "event", "at", "office", "transport_mode",
            "territory", "origin", "destination", "declared_value", "currency", "gross_mass_kg", "hs_code",
            "guarantee");
    public static final String HEADER = String.join(",", COLUMNS);

    public static final double BAD_SHARE = 0.015;
    public static final double ORPHAN_SHARE = 0.01;
    public static final double CANCELLED_SHARE = 0.02;
    public static final double LATE_EXIT_SHARE = 0.015;
    public static final double NEVER_EXITS_SHARE = 0.015;
    public static final double DUPLICATE_SHARE = 0.01;
    public static final double HS_CODE_SHARE = 0.9;
    public static final double GUARANTEE_SHARE = 0.95;
    public static final double GUARANTEE_RATE = 0.35;
    /** Share of the road movements under the agreement carried by the partner's (exempted) vehicles. */
    public static final double PARTNER_VEHICLE_SHARE = 0.5;
    /** A movement that is not meant to be overdue takes at most this share of its mode's time limit. */
    public static final double WITHIN_LIMIT = 0.75;

    /** The defects of the bad departures, one rejection reason each (TransitRejectionReason codes). */
    public enum BadDefect {
        /** {@code transport_mode} {@code truck}: bad_mode. */
        BAD_MODE,
        /** {@code at} a local date-time without offset: bad_date. */
        BAD_DATE,
        /** No {@code destination} on a departure: missing_field. */
        MISSING_DESTINATION,
        /** {@code currency} {@code PKR} (transit values are in USD): bad_currency. */
        BAD_CURRENCY,
        /** A negative declared value: negative_value. */
        NEGATIVE_VALUE,
        /** {@code hs_code} cut to five digits: bad_hs_code. */
        FIVE_DIGIT_HS,
        /** The origin in lower case: bad_country. */
        LOWER_CASE_COUNTRY,
        /** {@code event} {@code arrival}: bad_event. */
        BAD_EVENT
    }

    public static final BadDefect[] BAD_DEFECTS = BadDefect.values();

    private static final long DAY_MS = 86_400_000L;
    private static final long HOUR_MS = 3_600_000L;
    private static final long SALT = 0x7A4E_5171_0000_0001L;
    private static final ZoneOffset PKT = ZoneOffset.ofHours(5);
    private static final DateTimeFormatter WITHOUT_OFFSET = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    /** A good carried in transit: a line with a row in Pakistan's MFN schedule, and its unit value. */
    private record Good(String hsCode, double usdPerKg) implements Serializable {}

    /** Azerbaijan's exports (outbound). */
    private static final Good[] PARTNER_GOODS = {new Good("31021000", 0.40), new Good("27101911", 0.75),
            new Good("39021000", 1.10), new Good("39011000", 1.20), new Good("76011000", 2.40)};
    /** What moves to the partner and between third countries. */
    private static final Good[] OTHER_GOODS = {new Good("100630", 1.0), new Good("520812", 3.0),
            new Good("630231", 6.0), new Good("300490", 40.0), new Good("847130", 45.0), new Good("851762", 60.0),
            new Good("870899", 8.0), new Good("401110", 3.0), new Good("090240", 3.5), new Good("080810", 1.1)};
    /** Air freight: light and valuable. */
    private static final Good[] AIR_GOODS = {new Good("300490", 40.0), new Good("847130", 45.0),
            new Good("851762", 60.0), new Good("901890", 80.0)};

    private final TransitSimulatorSettings settings;
    private final TransitRules rules;

    public TransitSimulator(TransitSimulatorSettings settings) {
        this.settings = settings;
        this.rules = settings.rules();
    }

    public TransitSimulatorSettings settings() {
        return settings;
    }

    /** The events of movements 0..movements−1 in event-time order, as CSV lines matching {@link #HEADER}. */
    public List<String> csvLines(long movements) {
        List<String> lines = new ArrayList<>();
        lines(movements).forEachRemaining(lines::add);
        return lines;
    }

    /**
     * The events of movements 0..movements−1 ({@code Long.MAX_VALUE}: endless) in event-time order, as CSV lines,
     * made as they are read: the queue holds only the events of the movements departed within the longest transit
     * time, so an endless stream runs in constant memory. Ties in time keep movement order.
     */
    public Iterator<String> lines(long movements) {
        return new Lines(movements);
    }

    /** How many lines {@link #lines(long)} gives for {@code movements} movements. */
    public long eventCount(long movements) {
        long n = 0;
        for (long i = 0; i < movements; i++) {
            n += events(i).size();
        }
        return n;
    }

    /** Start of movement {@code i}'s slot, epoch ms: no event of movement {@code i} or later comes before it. */
    public long slotStartMillis(long i) {
        return settings.start().toEpochMilli() + (long) Math.floor(i * (DAY_MS / settings.movementsPerDay()));
    }

    /** The movement id of movement {@code i}. */
    public String movementId(long i) {
        return "SIMT-" + settings.seed() + "-" + i;
    }

    /** One event of a movement: its time, its order among the movement's events, its line. */
    private record Event(long at, long movement, int order, String line) {}

    /** The events of movement {@code i}, in their order. */
    private List<Event> events(long i) {
        SplittableRandom r = new SplittableRandom(CustomsSimulator.mix64(
                CustomsSimulator.mix64(settings.seed() ^ SALT) + i * 0x9E3779B97F4A7C15L));
        // A fixed number of draws in a fixed order, whatever the movement turns out to be.
        double uSlot = r.nextDouble();
        double uKind = r.nextDouble();
        double uDuplicate = r.nextDouble();
        double uMode = r.nextDouble();
        double uDirection = r.nextDouble();
        double uPartner = r.nextDouble();
        double uDeparture = r.nextDouble();
        double uExit = r.nextDouble();
        double uCountry = r.nextDouble();
        double uGood = r.nextDouble();
        double zValue = gaussian(r.nextDouble(), r.nextDouble());
        double zTime = gaussian(r.nextDouble(), r.nextDouble());
        double uLate = r.nextDouble();
        double uCancel = r.nextDouble();
        double uHsCode = r.nextDouble();
        double uGuarantee = r.nextDouble();
        double uVehicle = r.nextDouble();
        double uOffset = r.nextDouble();
        double uExitOffset = r.nextDouble();

        long slot = slotStartMillis(i);
        long departedAt = slot + (long) (uSlot * (slotStartMillis(i + 1) - slot));

        String mode = uMode < 0.40 ? "sea" : uMode < 0.75 ? "road" : uMode < 0.85 ? "rail" : "air";
        String direction = uDirection < 0.40 ? "inbound" : uDirection < 0.75 ? "outbound" : "other";
        List<String> partners = rules.partners();
        String partner = partners.get(Math.min(partners.size() - 1, (int) (uPartner * partners.size())));
        Corridor c = corridor(mode, direction, partner, uDeparture, uExit, uCountry);

        Good[] goods = mode.equals("air") ? AIR_GOODS : direction.equals("outbound") ? PARTNER_GOODS : OTHER_GOODS;
        Good good = goods[Math.min(goods.length - 1, (int) (uGood * goods.length))];
        double sigma = 0.6;
        double value = meanValue(mode) * StrictMath.exp(sigma * zValue - sigma * sigma / 2);
        String declaredValue = money(value);
        String mass = oneDecimal(value / good.usdPerKg() * 1.05);
        String hsCode = uHsCode < HS_CODE_SHARE ? good.hsCode() : "";
        boolean exempt = mode.equals("road") && !direction.equals("other") && uVehicle < PARTNER_VEHICLE_SHARE;
        String guarantee = uGuarantee >= GUARANTEE_SHARE ? "" : exempt ? "0" : money(value * GUARANTEE_RATE);

        String id = movementId(i);
        ZoneOffset offset = uOffset < 0.5 ? ZoneOffset.UTC : PKT;
        ZoneOffset exitOffset = uExitOffset < 0.5 ? ZoneOffset.UTC : PKT;
        String[] departure = {id, "departure", CustomsSimulator.withOffset(departedAt, offset), c.departure, mode,
                rules.territory(), c.origin, c.destination, declaredValue, "USD", mass, hsCode, guarantee};

        long limit = rules.timeLimitMillis(mode);
        // The kind of movement: uKind below the first bound is bad, then orphan, cancelled, late, never exits.
        double badBelow = BAD_SHARE;
        double orphanBelow = badBelow + ORPHAN_SHARE;
        double cancelledBelow = orphanBelow + CANCELLED_SHARE;
        double lateExitBelow = cancelledBelow + LATE_EXIT_SHARE;
        double neverExitsBelow = lateExitBelow + NEVER_EXITS_SHARE;

        List<Event> events = new ArrayList<>(3);
        if (uKind < badBelow) {
            BadDefect defect = BAD_DEFECTS[(int) (i % BAD_DEFECTS.length)];
            if (hsCode.isEmpty()) {
                departure[11] = good.hsCode(); // the five-digit defect needs a code to cut
            }
            switch (defect) {
                case BAD_MODE -> departure[4] = "truck";
                case BAD_DATE -> departure[2] = OffsetDateTime.ofInstant(Instant.ofEpochMilli(departedAt), PKT)
                        .format(WITHOUT_OFFSET);
                case MISSING_DESTINATION -> departure[7] = "";
                case BAD_CURRENCY -> departure[9] = "PKR";
                case NEGATIVE_VALUE -> departure[8] = "-" + declaredValue;
                case FIVE_DIGIT_HS -> departure[11] = departure[11].substring(0, 5);
                case LOWER_CASE_COUNTRY -> departure[6] = departure[6].toLowerCase(Locale.ROOT);
                case BAD_EVENT -> departure[1] = "arrival";
            }
            events.add(new Event(departedAt, i, 0, String.join(",", departure)));
            return events;
        }
        if (uKind < orphanBelow) {
            // An exit whose departure never comes: at the slot's time, at the corridor's office of exit.
            events.add(new Event(departedAt, i, 0, exitLine(id, "exit", departedAt, c.exit, exitOffset)));
            return events;
        }
        events.add(new Event(departedAt, i, 0, String.join(",", departure)));
        if (uDuplicate < DUPLICATE_SHARE) {
            events.add(new Event(departedAt, i, 1, String.join(",", departure)));
        }
        if (uKind < cancelledBelow) {
            long after = Math.min(2 * HOUR_MS + (long) (uCancel * 46 * HOUR_MS), limit / 2);
            events.add(new Event(departedAt + after, i, 2,
                    exitLine(id, "cancelled", departedAt + after, c.departure, exitOffset)));
        } else if (uKind < lateExitBelow) {
            long late = 6 * HOUR_MS + (long) (uLate * (5 * DAY_MS - 6 * HOUR_MS));
            long at = departedAt + limit + late;
            events.add(new Event(at, i, 2, exitLine(id, "exit", at, c.exit, exitOffset)));
        } else if (uKind >= neverExitsBelow) {
            double hours = medianHours(mode) * StrictMath.exp(0.35 * zTime);
            long took = (long) (hours * HOUR_MS);
            // The floor first, then the cap: a scenario with a limit shorter than the floor still gets no overdue.
            took = Math.min(Math.max(minHours(mode) * HOUR_MS, took), (long) (WITHIN_LIMIT * limit));
            long at = departedAt + took;
            events.add(new Event(at, i, 2, exitLine(id, "exit", at, c.exit, exitOffset)));
        } // else: never exits
        return events;
    }

    private static String exitLine(String id, String event, long at, String office, ZoneOffset offset) {
        return String.join(",", id, event, CustomsSimulator.withOffset(at, offset), office, "", "", "", "", "", "",
                "", "", "");
    }

    /** The offices and countries of a movement. */
    private record Corridor(String departure, String exit, String origin, String destination) {}

    private static Corridor corridor(String mode, String direction, String partner, double uDeparture, double uExit,
            double uCountry) {
        String afghanBorder = uExit < 0.6 ? "PKTOR" : "PKCHB";
        switch (mode) {
            case "sea" -> {
                String port = uDeparture < 0.55 ? "PKKHI" : uDeparture < 0.85 ? "PKBQM" : "PKGWD";
                return switch (direction) {
                    case "inbound" -> new Corridor(port, "PKTFT", pick(uCountry, "CHN", "KOR", "MYS", "VNM"), partner);
                    case "outbound" -> new Corridor(port, afghanBorder, partner, pick(uCountry, "AFG", "UZB"));
                    default -> new Corridor(port, afghanBorder, pick(uCountry, "CHN", "ARE", "JPN"), "AFG");
                };
            }
            case "road" -> {
                return switch (direction) {
                    case "inbound" -> new Corridor(uDeparture < 0.6 ? "PKTOR" : "PKCHB", "PKTFT",
                            pick(uCountry, "AFG", "UZB", "TJK"), partner);
                    case "outbound" -> new Corridor("PKTFT", afghanBorder, partner, pick(uCountry, "AFG", "UZB", "TJK"));
                    default -> new Corridor("PKSST", "PKTOR", "CHN", "AFG");
                };
            }
            case "rail" -> {
                return switch (direction) {
                    case "inbound" -> new Corridor("PKKHI", "PKTFT", pick(uCountry, "CHN", "KOR"), partner);
                    case "outbound" -> new Corridor("PKTFT", "PKKHI", partner, pick(uCountry, "CHN", "MYS"));
                    default -> new Corridor("PKKHI", "PKTFT", pick(uCountry, "CHN", "MYS"), "TUR");
                };
            }
            default -> {
                String exit = uExit < 0.6 ? "PKISB" : uExit < 0.8 ? "PKLHE" : "PKKHI";
                return switch (direction) {
                    case "inbound" -> new Corridor("PKISB", exit, pick(uCountry, "CHN", "THA", "ARE"), partner);
                    case "outbound" -> new Corridor("PKISB", exit, partner, pick(uCountry, "CHN", "THA", "MYS"));
                    default -> new Corridor("PKISB", exit, pick(uCountry, "CHN", "ARE"), "AFG");
                };
            }
        }
    }

    private static String pick(double u, String... countries) {
        return countries[Math.min(countries.length - 1, (int) (u * countries.length))];
    }

    /** Typical transit time, hours: port clearance and 1,500 km by truck; a truck across; the train; a flight. */
    private static double medianHours(String mode) {
        return switch (mode) {
            case "sea" -> 6 * 24;
            case "road" -> 2.5 * 24;
            case "rail" -> 5 * 24;
            default -> 10;
        };
    }

    private static long minHours(String mode) {
        return switch (mode) {
            case "sea", "rail" -> 24;
            case "road" -> 8;
            default -> 2;
        };
    }

    /** Mean declared value of a movement, USD: a container, a truck, a rail wagon, an air consignment. */
    private static double meanValue(String mode) {
        return switch (mode) {
            case "sea" -> 45_000;
            case "road" -> 28_000;
            case "rail" -> 38_000;
            default -> 12_000;
        };
    }

    private static String money(double v) {
        long cents = Math.round(v * 100);
        long frac = cents % 100;
        return cents / 100 + (frac < 10 ? ".0" : ".") + frac;
    }

    private static String oneDecimal(double v) {
        long tenths = Math.round(v * 10);
        return tenths / 10 + "." + tenths % 10;
    }

    /** Box–Muller with StrictMath, as in {@link CustomsSimulator}. */
    private static double gaussian(double u1, double u2) {
        return StrictMath.sqrt(-2 * StrictMath.log(1 - u1)) * StrictMath.cos(2 * StrictMath.PI * u2);
    }

    /** The time-ordered merge: a movement is made when the clock reaches its slot. */
    private final class Lines implements Iterator<String> {
        private final long movements;
        private final PriorityQueue<Event> pending = new PriorityQueue<>((a, b) -> a.at != b.at
                ? Long.compare(a.at, b.at)
                : a.movement != b.movement ? Long.compare(a.movement, b.movement) : Integer.compare(a.order, b.order));
        private long next;

        Lines(long movements) {
            this.movements = movements;
        }

        /** Makes movements until the earliest pending event comes before every event still to be made. */
        private void fill() {
            while (next < movements && (pending.isEmpty() || pending.peek().at >= slotStartMillis(next))) {
                pending.addAll(events(next));
                next++;
            }
        }

        @Override
        public boolean hasNext() {
            fill();
            return !pending.isEmpty();
        }

        @Override
        public String next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return pending.poll().line;
        }
    }
}
