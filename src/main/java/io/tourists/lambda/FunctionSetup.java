package io.tourists.lambda;

import java.time.Clock;
import java.util.Map;

/**
 * What one execution environment of a function is assembled from: its environment variables, the AWS
 * clients it builds, the clock it stamps and judges time by, and where its metrics go. Each function has one
 * constructor that takes this and builds everything else from it. Lambda's no-arg constructors pass
 * {@link #lambda()}; the local runtime and the tests pass local endpoints and no metrics (the local runtime then hands its
 * own hook to {@link #withMetrics}).
 */
public record FunctionSetup(Map<String, String> env, AwsClients aws, Clock clock, InvocationMetrics metrics) {

    /** This process's environment, the clients it configures, the system clock and EMF metrics. */
    public static FunctionSetup lambda() {
        return lambda(System.getenv());
    }

    /** As Lambda builds it, from the given environment. */
    public static FunctionSetup lambda(Map<String, String> env) {
        return new FunctionSetup(env, AwsClients.fromEnvironment(env), Clock.systemUTC(),
                InvocationMetrics.fromEnvironment(env));
    }

    /** The given environment and clients, the system clock, and no metrics: the local runtime and tests. */
    public static FunctionSetup of(Map<String, String> env, AwsClients aws) {
        return new FunctionSetup(env, aws, Clock.systemUTC(), InvocationMetrics.off());
    }

    public FunctionSetup withClock(Clock clock) {
        return new FunctionSetup(env, aws, clock, metrics);
    }

    /** The same, with its counts going to {@code metrics}: the local runtime's hook. */
    public FunctionSetup withMetrics(InvocationMetrics metrics) {
        return new FunctionSetup(env, aws, clock, metrics);
    }
}
