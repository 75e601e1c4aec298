#!/usr/bin/env bash
# Creates the write queue and its dead-letter queue as template.yaml defines them (WriteQueue,
# WriteDeadLetterQueue): same names, visibility timeout, retention, encryption, redrive policy and
# redrive-allow policy. QueueAttributesMatchTemplateIT runs this script against ElasticMQ and compares
# the result with template.yaml, so the two cannot drift apart unnoticed.
#
# In LocalStack it runs as a READY hook (/etc/localstack/init/ready.d) through awslocal. Anywhere else,
# point it at an SQS endpoint: AWS_ENDPOINT_URL=http://127.0.0.1:9324 localstack/init/ready.d/10-create-queues.sh
# Running it again changes nothing.
set -euo pipefail

WRITE_QUEUE=tourist-writes
DEAD_LETTER_QUEUE=tourist-writes-dlq
VISIBILITY_TIMEOUT=190        # >= 6 x the consumer timeout (30 s) + the batching window (10 s)
WRITE_RETENTION_SECONDS=345600       # 4 days on the write queue
DEAD_LETTER_RETENTION_SECONDS=1209600  # 14 days, the SQS maximum, on the DLQ
MAX_RECEIVE_COUNT=5

export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-test}"
export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-test}"
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-${AWS_REGION:-us-east-1}}"

if [[ -z "${AWS_ENDPOINT_URL:-}" ]] && command -v awslocal >/dev/null 2>&1; then
  sqs() { awslocal sqs "$@"; }
else
  sqs() { aws --endpoint-url "${AWS_ENDPOINT_URL:-http://localhost:4566}" sqs "$@"; }
fi

queue_arn() {
  sqs get-queue-attributes --queue-url "$1" --attribute-names QueueArn --query Attributes.QueueArn --output text
}

dlq_url=$(sqs create-queue --queue-name "$DEAD_LETTER_QUEUE" --query QueueUrl --output text --attributes \
  "{\"MessageRetentionPeriod\":\"$DEAD_LETTER_RETENTION_SECONDS\",\"SqsManagedSseEnabled\":\"true\"}")
dlq_arn=$(queue_arn "$dlq_url")

redrive_policy="{\\\"deadLetterTargetArn\\\":\\\"$dlq_arn\\\",\\\"maxReceiveCount\\\":\\\"$MAX_RECEIVE_COUNT\\\"}"
write_url=$(sqs create-queue --queue-name "$WRITE_QUEUE" --query QueueUrl --output text --attributes \
  "{\"VisibilityTimeout\":\"$VISIBILITY_TIMEOUT\",\"MessageRetentionPeriod\":\"$WRITE_RETENTION_SECONDS\",\"SqsManagedSseEnabled\":\"true\",\"RedrivePolicy\":\"$redrive_policy\"}")
write_arn=$(queue_arn "$write_url")

# Operators may move messages from the DLQ back to the write queue, and only there.
redrive_allow_policy="{\\\"redrivePermission\\\":\\\"byQueue\\\",\\\"sourceQueueArnList\\\":[\\\"$write_arn\\\"]}"
# ElasticMQ does not know this attribute (it lets any queue redrive): say so and go on.
if ! sqs set-queue-attributes --queue-url "$dlq_url" --attributes "{\"RedriveAllowPolicy\":\"$redrive_allow_policy\"}"; then
  echo "warning: this SQS endpoint refused RedriveAllowPolicy; AWS and LocalStack accept it" >&2
fi

echo "created $write_url (dead letters: $dlq_url)"
