package io.tourists.config;

import java.util.Map;

/** Reads a function's settings from its environment, failing at init with the variable's name. */
public final class Env {

    private Env() {
    }

    public static String required(Map<String, String> env, String name) {
        var value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return value;
    }
}
