package io.tourists.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourists.consumer.WriteBatchConsumer;
import io.tourists.domain.Tourist;
import io.tourists.queue.MessageAttributes;
import io.tourists.queue.WriteEnvelope;
import io.tourists.testing.Infrastructure;
import io.tourists.testing.Pipeline;
import io.tourists.testing.Tourists;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * A write PostgreSQL refuses, and a message the rules refuse, leave no field value of the tourist in the
 * log lines (rendered with the Lambda JSON layout the functions log with, at the levels they log at) or in
 * the dead-letter queue's attributes. The parked body is the publisher's message and stays whole: a redrive
 * must put back exactly what was sent, and operators read it with the CLI, which is not a log.
 */
class NoPersonalDataIT {

    /** Values found nowhere else in a log line: a match can only be a leak. */
    private static final Tourist OTTOLINE = new Tourist("Ottoline", "Quennell", "ottoline.quennell@example.org", "VU",
            LocalDate.of(1977, 3, 29), Optional.of("QX7Z5L9K2"));
    private static final List<String> FIELD_VALUES = List.of("Ottoline", "Quennell", "ottoline.quennell@example.org",
            "VU", "1977-03-29", "QX7Z5L9K2", "ottoline quennell@example.org", "vu");
    /** Each value as a token of its own: a two-letter code may occur inside a random id by chance. */
    private static final List<Pattern> LEAKS = FIELD_VALUES.stream()
            .map(value -> Pattern.compile("(?<![A-Za-z0-9])" + Pattern.quote(value) + "(?![A-Za-z0-9])"))
            .toList();

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private final LoggerContext logging = (LoggerContext) LogManager.getContext(false);
    private AbstractAppender appender;
    private Level projectLevel;
    private Pipeline pipeline;

    @BeforeEach
    void freshQueuesTablesAndLogCapture() {
        Infrastructure.resetDatabase();
        pipeline = new Pipeline(Infrastructure.newQueues("no-pii", 5, Duration.ofSeconds(2), false),
                Infrastructure.consumerDataSource(), Pipeline.batchesOf(10));
        var config = logging.getConfiguration();
        var layout = JsonTemplateLayout.newBuilder().setConfiguration(config)
                .setEventTemplateUri("classpath:LambdaJsonLayout.json").build();
        appender = new AbstractAppender("no-pii-capture", null, layout, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                logLines.add(layout.toSerializable(event));
            }
        };
        appender.start();
        // The production configuration's levels (log4j2.xml): the project at INFO, everything else at WARN.
        var project = config.getLoggerConfig("io.tourists");
        projectLevel = project.getLevel();
        project.setLevel(Level.INFO);
        project.addAppender(appender, Level.INFO, null);
        config.getRootLogger().addAppender(appender, Level.WARN, null);
        logging.updateLoggers();
    }

    @AfterEach
    void restore() {
        var config = logging.getConfiguration();
        var project = config.getLoggerConfig("io.tourists");
        project.removeAppender(appender.getName());
        project.setLevel(projectLevel);
        config.getRootLogger().removeAppender(appender.getName());
        logging.updateLoggers();
        appender.stop();
        Infrastructure.execute("alter table tourist drop constraint if exists tourist_no_ottoline");
        Infrastructure.execute("alter table tourist drop constraint if exists tourist_last_name_is_a_number");
    }

    @Test
    void aConstraintViolationWhoseDetailListsTheRowLeavesNoFieldValueInLogsOrDeadLetterAttributes() {
        Infrastructure.execute("alter table tourist add constraint tourist_no_ottoline check (first_name <> 'Ottoline')");

        var parked = sendAndPark(WriteEnvelope.encode(Tourists.upsert(UUID.randomUUID(), now, OTTOLINE)));

        assertThat(parked.messageAttributes().get(MessageAttributes.FAILURE_REASON).stringValue())
                .isEqualTo(WriteBatchConsumer.REJECTED_BY_DATABASE);
        assertThat(detail(parked)).contains("SQLSTATE 23514", "constraint tourist_no_ottoline", "table tourist");
        assertNoFieldValueIn(parked);
    }

    @Test
    void aDataErrorWhoseMessageQuotesTheValueLeavesNoFieldValueInLogsOrDeadLetterAttributes() {
        // PostgreSQL's own message is: invalid input syntax for type integer: "Quennell".
        Infrastructure.execute("alter table tourist add constraint tourist_last_name_is_a_number check (last_name::integer > 0)");

        var parked = sendAndPark(WriteEnvelope.encode(Tourists.upsert(UUID.randomUUID(), now, OTTOLINE)));

        assertThat(detail(parked)).contains("SQLSTATE 22P02");
        assertNoFieldValueIn(parked);
    }

    @Test
    void messagesTheRulesRefuseAreDescribedWithoutTheirValues() {
        var badEmail = WriteEnvelope.encode(Tourists.upsert(UUID.randomUUID(), now, OTTOLINE))
                .replace("ottoline.quennell@example.org", "ottoline quennell@example.org")
                .replace("\"VU\"", "\"vu\"");
        var notJson = badEmail.replace("\"Quennell\"", "Quennell");

        var parked = List.of(sendAndPark(badEmail), sendAndPark(notJson));

        assertThat(detail(parked.get(0))).contains("tourist.email", "tourist.nationality");
        assertThat(detail(parked.get(1))).startsWith("$: is not JSON at line 1");
        parked.forEach(this::assertNoFieldValueIn);
    }

    private Message sendAndPark(String body) {
        pipeline.send(body);
        var invocation = pipeline.pollOnce();
        assertThat(invocation.received()).isEqualTo(1);
        assertThat(invocation.failedItems()).as("parked, not retried").isEmpty();
        var messages = Infrastructure.sqs().receiveMessage(r -> r.queueUrl(pipeline.queues.deadLetterUrl())
                .messageAttributeNames("All").maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
        assertThat(messages).singleElement().satisfies(message -> assertThat(message.body()).isEqualTo(body));
        Infrastructure.sqs().deleteMessage(r -> r.queueUrl(pipeline.queues.deadLetterUrl())
                .receiptHandle(messages.getFirst().receiptHandle()));
        return messages.getFirst();
    }

    private static String detail(Message parked) {
        return parked.messageAttributes().get(MessageAttributes.FAILURE_DETAIL).stringValue();
    }

    private void assertNoFieldValueIn(Message parked) {
        assertThat(logLines).as("the capture sees the consumer's lines")
                .anyMatch(line -> line.contains("message refused and parked"));
        for (var line : logLines) {
            assertThat(LEAKS).as("field values in the log line %s", line).noneMatch(leak -> leak.matcher(line).find());
        }
        assertThat(parked.messageAttributes()).isNotEmpty();
        parked.messageAttributes().forEach((name, attribute) -> assertThat(LEAKS)
                .as("field values in the DLQ attribute %s = %s", name, attribute.stringValue())
                .noneMatch(leak -> leak.matcher(String.valueOf(attribute.stringValue())).find()));
    }

}
