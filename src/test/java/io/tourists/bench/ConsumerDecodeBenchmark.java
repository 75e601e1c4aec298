package io.tourists.bench;

import io.tourists.domain.TouristWrite;
import io.tourists.domain.Validation;
import io.tourists.queue.WriteEnvelope;
import io.tourists.testing.Tourists;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The consumer's work per batch before any I/O: decode and validate every message of the batch. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ConsumerDecodeBenchmark {

    @Param({"10", "100", "1000"})
    public int batchSize;

    private WriteEnvelope envelope;
    private List<String> bodies;

    @Setup
    public void setUp() {
        var clock = Clock.systemUTC();
        envelope = WriteEnvelope.withRules(clock);
        var now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        bodies = new ArrayList<>();
        for (int i = 0; i < batchSize; i++) {
            bodies.add(WriteEnvelope.encode(Tourists.upsert(UUID.randomUUID(), now, Tourists.ada())));
        }
    }

    @Benchmark
    public int decodeAndValidateABatch() {
        int valid = 0;
        for (var body : bodies) {
            if (envelope.decode(body) instanceof Validation.Valid<TouristWrite>) {
                valid++;
            }
        }
        return valid;
    }
}
