package io.tourists.local.sqs;

import io.tourists.json.Json;
import io.tourists.local.template.PipelineTemplate;
import io.tourists.local.template.QueueDefinition;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Makes the template's queues exist, as a deploy would: a queue that is missing is created with the
 * template's attributes, one that exists gets them set (as CloudFormation updates a stack), its redrive
 * target first so that RedrivePolicy can name the dead-letter queue's real ARN. Or, for queues that someone
 * else manages (real AWS), takes them as they are.
 */
public final class LocalQueues {

    /** Set once at creation, refused by SetQueueAttributes. */
    private static final String FIFO_QUEUE = "FifoQueue";

    private final SqsClient sqs;

    public LocalQueues(SqsClient sqs) {
        this.sqs = sqs;
    }

    /**
     * The queue and, first, every queue its RedrivePolicy points to; keyed by logical id.
     */
    public Map<String, QueueRef> deploy(PipelineTemplate template, String logicalId) {
        var deployed = new LinkedHashMap<String, QueueRef>();
        deploy(template, logicalId, deployed);
        return deployed;
    }

    private QueueRef deploy(PipelineTemplate template, String logicalId, Map<String, QueueRef> deployed) {
        if (deployed.containsKey(logicalId)) {
            return deployed.get(logicalId);
        }
        var definition = template.queue(logicalId);
        var attributes = new HashMap<>(definition.attributes());
        definition.redrive().ifPresent(redrive -> {
            var target = deploy(template, redrive.deadLetterQueueLogicalId(), deployed);
            attributes.put("RedrivePolicy", redrivePolicy(target.arn(), redrive));
        });
        var url = createOrUpdate(definition, attributes);
        var ref = describe(logicalId, url);
        deployed.put(logicalId, ref);
        return ref;
    }

    /** A queue someone else manages, taken as it is. */
    public QueueRef existing(String logicalId, String url) {
        return describe(logicalId, url);
    }

    private String createOrUpdate(QueueDefinition definition, Map<String, String> attributes) {
        try {
            var url = sqs.getQueueUrl(r -> r.queueName(definition.queueName())).queueUrl();
            var updatable = new HashMap<>(attributes);
            updatable.remove(FIFO_QUEUE);
            if (!updatable.isEmpty()) {
                sqs.setQueueAttributes(r -> r.queueUrl(url).attributesWithStrings(updatable));
            }
            return url;
        } catch (QueueDoesNotExistException e) {
            return sqs.createQueue(r -> r.queueName(definition.queueName()).attributesWithStrings(attributes)).queueUrl();
        }
    }

    private QueueRef describe(String logicalId, String url) {
        var attributes = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.ALL))
                .attributesAsStrings();
        return new QueueRef(logicalId, url, attributes.get("QueueArn"), Map.copyOf(attributes));
    }

    private static String redrivePolicy(String deadLetterArn, QueueDefinition.Redrive redrive) {
        var policy = new LinkedHashMap<String, Object>();
        policy.put("deadLetterTargetArn", deadLetterArn);
        policy.put("maxReceiveCount", redrive.maxReceiveCount());
        return Json.write(policy);
    }
}
