package io.tourists.consumer;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import io.tourists.config.LogKeys;
import io.tourists.db.WriteOutcome;
import io.tourists.domain.TouristWrite;
import io.tourists.queue.DeadLetters.Refusal;
import io.tourists.queue.MessageAttributes;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import static io.tourists.config.LogFields.entry;

/**
 * The consumer's line per message, under the message's correlation id: ids, outcomes and reasons, never the
 * tourist's data. Logged as {@link WriteBatchConsumer}, whose work they report.
 */
final class MessageLog {

    private static final Logger LOG = LoggerFactory.getLogger(WriteBatchConsumer.class);

    private MessageLog() {
    }

    static void outcome(SQSMessage message, TouristWrite write, WriteOutcome outcome) {
        if (!LOG.isInfoEnabled()) {
            // An operator who turned INFO off pays for none of it, the correlation id's MDC entry included.
            return;
        }
        withCorrelationId(message, () -> LOG.info("write {}", outcome.name().toLowerCase(Locale.ROOT),
                entry("writeId", write.writeId()),
                entry("touristId", write.touristId()),
                entry("messageId", message.getMessageId())));
    }

    static void refusal(Refusal refusal, boolean retried) {
        withCorrelationId(refusal.message(), () -> LOG.warn(
                retried ? "message refused, but not parked: it will be retried" : "message refused and parked",
                entry("reason", refusal.reason()),
                entry("detail", refusal.detail()),
                entry("messageId", refusal.message().getMessageId())));
    }

    private static void withCorrelationId(SQSMessage message, Runnable log) {
        var attributes = message.getMessageAttributes();
        var attribute = attributes == null ? null : attributes.get(MessageAttributes.CORRELATION_ID);
        if (attribute != null && attribute.getStringValue() != null) {
            MDC.put(LogKeys.CORRELATION_ID, attribute.getStringValue());
        }
        try {
            log.run();
        } finally {
            MDC.remove(LogKeys.CORRELATION_ID);
        }
    }
}
