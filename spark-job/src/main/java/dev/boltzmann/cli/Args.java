package dev.boltzmann.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line flags of one subcommand: {@code --name value}, {@code --name=value}, repeatable flags and
 * switches. Anything not declared is an error that lists what is allowed.
 */
final class Args {
    private final String command;
    private final Map<String, List<String>> values = new HashMap<>();
    private final Set<String> switches;
    private final Map<String, String> valued;

    /**
     * @param command the subcommand, for messages
     * @param valued flags that take a value (name → one-line description)
     * @param switches flags without a value
     */
    Args(String command, Map<String, String> valued, Set<String> switches, String[] argv, int from) {
        this.command = command;
        this.valued = new LinkedHashMap<>(valued);
        this.switches = switches;
        for (int i = from; i < argv.length; i++) {
            String a = argv[i];
            if (!a.startsWith("--")) {
                throw new UsageException(command + ": unexpected argument '" + a + "'");
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (switches.contains(name)) {
                if (value != null) {
                    throw new UsageException(command + ": --" + name + " takes no value");
                }
                values.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
            } else if (valued.containsKey(name)) {
                if (value == null) {
                    if (i + 1 >= argv.length) {
                        throw new UsageException(command + ": --" + name + " needs a value");
                    }
                    value = argv[++i];
                }
                values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                List<String> allowed = new ArrayList<>();
                valued.keySet().forEach(k -> allowed.add("--" + k));
                switches.forEach(k -> allowed.add("--" + k));
                throw new UsageException(command + ": unknown option '" + a + "'; allowed: "
                    + String.join(" ", allowed));
            }
        }
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String get(String name) {
        List<String> v = values.get(name);
        return v == null ? null : v.get(v.size() - 1);
    }

    String require(String name) {
        String v = get(name);
        if (v == null) {
            throw new UsageException(command + ": --" + name + " is required (" + valued.get(name) + ")");
        }
        return v;
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    int getInt(String name, int fallback, int min) {
        String v = get(name);
        if (v == null) {
            return fallback;
        }
        try {
            int x = Integer.parseInt(v.trim());
            if (x < min) {
                throw new NumberFormatException();
            }
            return x;
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + name + " = '" + v + "': expected a whole number >= " + min);
        }
    }

    double getDouble(String name, double fallback, double min, double max) {
        String v = get(name);
        if (v == null) {
            return fallback;
        }
        try {
            double x = Double.parseDouble(v.trim());
            if (!(x >= min && x <= max)) {
                throw new NumberFormatException();
            }
            return x;
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + name + " = '" + v + "': expected a number in [" + min
                + ", " + max + "]");
        }
    }

    long getLong(String name, long fallback) {
        String v = get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + name + " = '" + v + "': expected a whole number");
        }
    }
}
