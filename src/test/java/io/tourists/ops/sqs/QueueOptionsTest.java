package io.tourists.ops.sqs;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QueueOptionsTest {

    @Test
    void theDeadLetterQueueIsNamedAfterTheWriteQueue_asTemplateYamlNamesIt() {
        assertThat(QueueOptions.defaultDeadLetterQueueName("tourist-writes")).isEqualTo("tourist-writes-dlq");
    }

    @Test
    void aFifoQueuesDeadLetterQueueKeepsTheFifoSuffixLast() {
        assertThat(QueueOptions.defaultDeadLetterQueueName("tourist-writes.fifo")).isEqualTo("tourist-writes-dlq.fifo");
    }

    @Test
    void aQueueNameIsTheLastPartOfItsUrlOrArn() {
        assertThat(SqsQueue.nameOf("https://sqs.eu-west-1.amazonaws.com/123456789012/tourist-writes"))
                .isEqualTo("tourist-writes");
        assertThat(SqsQueue.nameOf("arn:aws:sqs:elasticmq:000000000000:tourist-writes-dlq"))
                .isEqualTo("tourist-writes-dlq");
    }
}
