package io.tourists.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.tourists.domain.TouristWrite;
import io.tourists.lambda.EmfOutput;
import io.tourists.testing.TestIdKey;
import io.tourists.lambda.FunctionSetup;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiSnapStartHooksTest {

    @Test
    void primingRunsTheWritePathOnASample_withoutSendingOrPublishingAnything() {
        var clock = Clock.systemUTC();
        List<TouristWrite> sent = new ArrayList<>();
        var function = new ApiFunction(
                WriteRequests.sendingTo((write, correlationId) -> sent.add(write), TestIdKey.key(), clock),
                EmfOutput.metrics("TouristPipelineTest"));

        var printed = EmfOutput.capture(() -> assertThatCode(() -> function.beforeCheckpoint(null))
                .doesNotThrowAnyException());

        assertThat(sent).isEmpty();
        assertThat(printed).isEmpty();
    }

    @Test
    void thePrimingSampleGoesAllTheWayToA202Body() {
        assertThat(ApiPriming.run()).contains("\"status\":\"accepted\"", "\"touristId\"", "\"writeId\"");
    }

    @Test
    void theFunctionBuiltFromItsEnvironmentPrimesAndRestoresWithoutTouchingTheQueueOrTheIdKeysSecret() {
        var function = new ApiFunction(FunctionSetup.lambda(Map.of(
                "WRITE_QUEUE_URL", "http://127.0.0.1:9/000000000000/tourist-writes",
                "ID_KEY_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:id-key-AbCdEf",
                "AWS_REGION", "us-east-1")));

        assertThatCode(() -> {
            function.beforeCheckpoint(null);
            function.afterRestore(null);
        }).doesNotThrowAnyException();
    }
}
