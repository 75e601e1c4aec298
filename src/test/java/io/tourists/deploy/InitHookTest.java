package io.tourists.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The values the LocalStack init hook sends are the template's, including those ElasticMQ does not keep
 * (retention, encryption, redrive-allow), so InitHookIT cannot see them.
 */
class InitHookTest {

    static String hook() throws IOException {
        return Files.readString(InitHookIT.HOOK);
    }

    static String constant(String text, String name) {
        var matcher = Pattern.compile("(?m)^" + name + "=(\\S+)").matcher(text);
        assertThat(matcher.find()).as("%s in the hook", name).isTrue();
        return matcher.group(1);
    }

    @Test
    void theHookNamesAndSizesTheQueuesAsTheTemplateDoes() throws IOException {
        var text = hook();
        var template = TemplateTest.TEMPLATE;
        var writeQueue = template.properties("WriteQueue");
        var deadLetterQueue = template.properties("WriteDeadLetterQueue");

        // LocalStack stands in for AWS locally: the local names (on AWS, CloudFormation names the queues).
        assertThat(constant(text, "WRITE_QUEUE")).isEqualTo(localName("WriteQueue"));
        assertThat(constant(text, "DEAD_LETTER_QUEUE")).isEqualTo(localName("WriteDeadLetterQueue"));
        assertThat(constant(text, "VISIBILITY_TIMEOUT")).isEqualTo(String.valueOf(writeQueue.get("VisibilityTimeout")));
        assertThat(constant(text, "WRITE_RETENTION_SECONDS")).isEqualTo(String.valueOf(writeQueue.get("MessageRetentionPeriod")));
        assertThat(constant(text, "DLQ_RETENTION_SECONDS"))
                .isEqualTo(String.valueOf(deadLetterQueue.get("MessageRetentionPeriod")));
        assertThat(constant(text, "MAX_RECEIVE_COUNT"))
                .isEqualTo(String.valueOf(((java.util.Map<?, ?>) writeQueue.get("RedrivePolicy")).get("maxReceiveCount")));
    }

    @Test
    void theHookEncryptsBothQueuesAndLetsOnlyTheWriteQueueUseTheDeadLetterQueue() throws IOException {
        var text = hook();

        assertThat(text.split("SqsManagedSseEnabled\\\\\":\\\\\"true", -1)).as("SSE on both queues").hasSize(3);
        assertThat(text).contains("redrivePermission\\\\\\\":\\\\\\\"byQueue", "sourceQueueArns\\\\\\\":[\\\\\\\"$write_arn");
    }

    @Test
    void theHookIsAnExecutableScriptAsLocalStackRequires() throws IOException {
        assertThat(hook()).startsWith("#!/usr/bin/env bash");
        assertThat(Files.isExecutable(InitHookIT.HOOK)).isTrue();
    }

    private static Object localName(String queue) {
        var resource = io.tourists.local.template.SamTemplate.map(TemplateTest.TEMPLATE.resources(), queue);
        return io.tourists.local.template.SamTemplate.map(resource, "Metadata").get("LocalQueueName");
    }
}
