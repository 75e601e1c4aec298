package io.tourists.consumer;

import io.tourists.domain.Precondition;
import io.tourists.domain.TouristWrite;
import io.tourists.domain.Validation;
import io.tourists.lambda.EventPriming;
import io.tourists.queue.WriteEnvelope;
import java.time.Clock;

/**
 * Decodes a sample queue message before the SnapStart snapshot, with the same rules the consumer applies
 * to every message. No I/O: it loads and initialises what the first batch would (Jackson, the rules).
 * https://docs.aws.amazon.com/lambda/latest/dg/snapstart-best-practices.html
 */
final class ConsumerPriming {

    /** Fixed ids: nothing random is drawn before the snapshot, which every restored environment shares. */
    private static final String SAMPLE_WRITE_ID = "00000000-0000-7000-8000-000000000002";
    private static final String SAMPLE_TOURIST_ID = "00000000-0000-7000-8000-000000000001";

    private ConsumerPriming() {
    }

    /** @return the write decoded from the sample, so tests can see the path really ran */
    static TouristWrite run() {
        EventPriming.sqs();
        var clock = Clock.systemUTC();
        var sample = """
                {"type":"tourist.upserted","schemaVersion":1,"writeId":"%s","touristId":"%s","occurredAt":"%s",
                 "tourist":{"firstName":"Ada","lastName":"Lovelace","email":"ada@example.org","nationality":"GB",
                            "dateOfBirth":"1990-12-10"}}""".formatted(SAMPLE_WRITE_ID, SAMPLE_TOURIST_ID,
                WriteEnvelope.stamp(clock));
        return switch (WriteEnvelope.withRules(clock).decode(sample)) {
            case Validation.Valid<TouristWrite> valid -> {
                // The store writes each write's If-Match condition into the batch's statement: link that switch
                // (linking it loads every case's class, whichever one the sample takes).
                Precondition.toText(valid.value().precondition());
                yield valid.value();
            }
            case Validation.Invalid<TouristWrite> invalid ->
                    throw new IllegalStateException("the priming sample is invalid: " + invalid.errors());
        };
    }
}
