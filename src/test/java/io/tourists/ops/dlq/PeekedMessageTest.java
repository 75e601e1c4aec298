package io.tourists.ops.dlq;

import io.tourists.queue.MessageAttributes;
import io.tourists.queue.WriteEnvelope;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import static org.assertj.core.api.Assertions.assertThat;

class PeekedMessageTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
    static final WriteEnvelope ENVELOPE = WriteEnvelope.withRules(CLOCK);
    static final String TOURIST_ID = "0190f5a0-0000-7000-8000-0000000000aa";
    static final String VALID = """
            {"type":"tourist.deleted","schemaVersion":1,"writeId":"0190f5a0-0000-7000-8000-000000000001",\
            "touristId":"%s","occurredAt":"2026-11-23T09:00:00Z"}""".formatted(TOURIST_ID);

    @Test
    void aMessageTheConsumerParked_carriesItsReasonAndWhereItCameFrom() {
        var message = message("{\"touristId\":\"" + TOURIST_ID + "\"}", Map.of(
                MessageAttributes.FAILURE_REASON, "invalid-message",
                MessageAttributes.FAILURE_DETAIL, "type: is required",
                MessageAttributes.SOURCE_MESSAGE_ID, "m-1",
                MessageAttributes.SOURCE_RECEIVE_COUNT, "1",
                MessageAttributes.SOURCE_FIRST_SEEN, "2026-11-23T09:59:00Z"));

        var peeked = PeekedMessage.of(message, ENVELOPE);

        assertThat(peeked.reasonText()).isEqualTo("invalid-message");
        assertThat(peeked.detail()).contains("type: is required");
        assertThat(peeked.sourceReceiveCount()).contains(1);
        assertThat(peeked.firstSeen()).contains(Instant.parse("2026-11-23T09:59:00Z"));
        assertThat(peeked.write()).isEmpty();
        assertThat(peeked.errors()).isNotEmpty();
        assertThat(peeked.touristId()).as("read loosely from a body that does not decode")
                .contains(UUID.fromString(TOURIST_ID));
        assertThat(peeked.toJson().get("body").asText()).isEqualTo(message.body());
    }

    @Test
    void aMessageTheRedrivePolicyMoved_saysNoReasonWasRecorded() {
        var peeked = PeekedMessage.of(message(VALID, Map.of()), ENVELOPE);

        assertThat(peeked.reason()).isEqualTo(PeekedMessage.RETRIES_EXHAUSTED);
        assertThat(peeked.reasonText()).isEqualTo("retries-exhausted (no reason recorded)");
        assertThat(peeked.receiveCount()).isEqualTo(6);
        assertThat(peeked.write()).isPresent();
        var json = peeked.toJson();
        assertThat(json.get("valid").asBoolean()).isTrue();
        assertThat(json.get("write").get("type").asText()).isEqualTo("tourist.deleted");
        assertThat(json.has("body")).isFalse();
    }

    static Message message(String body, Map<String, String> attributes) {
        var messageAttributes = new java.util.HashMap<String, MessageAttributeValue>();
        attributes.forEach((name, value) -> messageAttributes.put(name,
                MessageAttributeValue.builder().dataType("String").stringValue(value).build()));
        return Message.builder()
                .messageId("dlq-1")
                .body(body)
                .messageAttributes(messageAttributes)
                .attributes(Map.of(
                        MessageSystemAttributeName.SENT_TIMESTAMP, "1795428000000",
                        MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "6"))
                .build();
    }
}
