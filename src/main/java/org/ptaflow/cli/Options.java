package org.ptaflow.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line after the command word: {@code --name value} options (kebab-case, repeatable where a command
 * says so), {@code --name=value}, bare flags, and Flink's {@code -D key=value} pass-through. Every option a command
 * accepts is declared, so a typo is an error (exit 2) rather than silently ignored.
 */
final class Options {
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final Map<String, String> flinkProperties = new LinkedHashMap<>();

    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    /**
     * @param valued options that take values (several values may follow one option until the next option:
     *     {@code --input a.csv b.csv})
     * @param flags options without a value
     */
    static Options parse(String[] args, int from, Set<String> valued, Set<String> flags) throws UsageException {
        Options o = new Options();
        String current = null;
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-D")) {
                if (i + 1 >= args.length) {
                    throw new UsageException("-D needs key=value");
                }
                o.flinkProperty(args[++i]);
                current = null;
            } else if (a.startsWith("-D") && a.length() > 2) {
                o.flinkProperty(a.substring(2));
                current = null;
            } else if (a.startsWith("--")) {
                String name = a.substring(2);
                String inline = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    inline = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (flags.contains(name)) {
                    o.values.computeIfAbsent(name, k -> new ArrayList<>());
                    current = null;
                } else if (valued.contains(name)) {
                    o.values.computeIfAbsent(name, k -> new ArrayList<>());
                    if (inline != null) {
                        o.values.get(name).add(inline);
                        current = null;
                    } else {
                        current = name;
                    }
                } else {
                    throw new UsageException("unknown option --" + name);
                }
            } else if (current != null) {
                o.values.get(current).add(a);
            } else {
                throw new UsageException("unexpected argument '" + a + "'");
            }
        }
        for (Map.Entry<String, List<String>> e : o.values.entrySet()) {
            if (valued.contains(e.getKey()) && e.getValue().isEmpty()) {
                throw new UsageException("--" + e.getKey() + " needs a value");
            }
        }
        return o;
    }

    private void flinkProperty(String kv) throws UsageException {
        int eq = kv.indexOf('=');
        if (eq <= 0) {
            throw new UsageException("-D needs key=value, got '" + kv + "'");
        }
        flinkProperties.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    String one(String name, String fallback) throws UsageException {
        List<String> v = all(name);
        if (v.isEmpty()) {
            return fallback;
        }
        if (v.size() > 1) {
            throw new UsageException("--" + name + " takes one value, got " + v);
        }
        return v.get(0);
    }

    String required(String name) throws UsageException {
        String v = one(name, null);
        if (v == null) {
            throw new UsageException("--" + name + " is required");
        }
        return v;
    }

    long number(String name, long fallback) throws UsageException {
        String v = one(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number, got '" + v + "'");
        }
    }

    double decimal(String name, double fallback) throws UsageException {
        String v = one(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number, got '" + v + "'");
        }
    }

    Map<String, String> flinkProperties() {
        return flinkProperties;
    }
}
