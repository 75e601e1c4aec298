package io.tourists.http;

/** The routes of the tourist API, and which function serves each. */
public enum Route {
    CREATE("POST", Function.WRITE_API),
    /** Up to 100 creates, replaces and deletes in one request, each with its own result. */
    BATCH("POST", Function.WRITE_API),
    REPLACE("PUT", Function.WRITE_API),
    DELETE("DELETE", Function.WRITE_API),
    READ("GET", Function.READ),
    /** Live tourists page by page (keyset, by id): a bulk export, with its own grant. */
    LIST("GET", Function.READ),
    /** Every change after a cursor, in an order a poller can follow: a bulk export, with its own grant. */
    CHANGES("GET", Function.READ),
    /** What became of one write: pending, applied, superseded or rejected. */
    WRITE_STATUS("GET", Function.READ);

    /** The two HTTP-facing Lambda functions. */
    public enum Function { WRITE_API, READ }

    private final String method;
    private final Function function;

    Route(String method, Function function) {
        this.method = method;
        this.function = function;
    }

    public String method() {
        return method;
    }

    public Function function() {
        return function;
    }
}
