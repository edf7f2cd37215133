package org.ptaflow.records;

/** Customs procedure of a line item (contract §1). Only {@link #HOME_USE} pays duty and enters impact rows. */
public enum Procedure {
    HOME_USE("home_use"),
    TRANSIT("transit"),
    WAREHOUSE("warehouse"),
    RE_EXPORT("re_export"),
    TEMPORARY("temporary");

    private final String code;

    Procedure(String code) {
        this.code = code;
    }

    /** The contract's spelling, as it appears in input files. */
    public String code() {
        return code;
    }

    /** The procedure with this exact contract spelling, or null when there is none. */
    public static Procedure fromCode(String code) {
        for (Procedure p : values()) {
            if (p.code.equals(code)) {
                return p;
            }
        }
        return null;
    }
}
