package io.tourists.local;

import io.tourists.local.sqs.EmbeddedSqs;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * The region, account and credentials the runtime works with, for each kind of SQS it can be pointed at:
 * fixed ones for the embedded ElasticMQ, the default AWS chains for real AWS.
 */
final class AwsAccess {

    /** What {@code AWS::StackName} resolves to locally. */
    static final String STACK_NAME = "local";

    private static final Pattern AWS_QUEUE_URL =
            Pattern.compile("https://sqs\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?/(\\d{12})/.+");

    private AwsAccess() {
    }

    static Region region(RuntimeSettings.Sqs sqs) {
        return switch (sqs) {
            case RuntimeSettings.Sqs.Embedded embedded -> Region.of(EmbeddedSqs.REGION);
            case RuntimeSettings.Sqs.Endpoint endpoint -> endpoint.region().map(Region::of)
                    .or(AwsAccess::defaultRegion).orElse(Region.of(EmbeddedSqs.REGION));
            case RuntimeSettings.Sqs.ExistingQueues existing -> existing.region().map(Region::of)
                    .or(() -> awsQueueUrl(existing.queueUrl()).map(url -> Region.of(url.group(1))))
                    .or(AwsAccess::defaultRegion)
                    .orElseThrow(() -> new IllegalArgumentException("no AWS region: pass --region or set AWS_REGION"));
        };
    }

    /** The account in a real queue's URL; the embedded one's otherwise. */
    static String accountId(RuntimeSettings.Sqs sqs) {
        if (sqs instanceof RuntimeSettings.Sqs.ExistingQueues existing) {
            return awsQueueUrl(existing.queueUrl()).map(url -> url.group(3)).orElse(EmbeddedSqs.ACCOUNT_ID);
        }
        return EmbeddedSqs.ACCOUNT_ID;
    }

    /** What CloudFormation's pseudo parameters resolve to here. */
    static Map<String, String> pseudoParameters(RuntimeSettings.Sqs sqs) {
        return Map.of(
                "AWS::Region", region(sqs).id(),
                "AWS::AccountId", accountId(sqs),
                "AWS::StackName", STACK_NAME,
                // Its last part, a UUID on AWS, names the import bucket: "local" here (tourists-imports-local).
                "AWS::StackId", "arn:aws:cloudformation:" + region(sqs).id() + ":" + accountId(sqs) + ":stack/"
                        + STACK_NAME + "/" + STACK_NAME,
                "AWS::Partition", "aws",
                "AWS::URLSuffix", "amazonaws.com");
    }

    static AwsCredentialsProvider credentials(RuntimeSettings.Sqs sqs) {
        return switch (sqs) {
            case RuntimeSettings.Sqs.Embedded embedded -> anyCredentials();
            case RuntimeSettings.Sqs.Endpoint endpoint -> credentialsForAnEmulator();
            case RuntimeSettings.Sqs.ExistingQueues existing -> existing.endpoint().isPresent()
                    ? credentialsForAnEmulator() : DefaultCredentialsProvider.builder().build();
        };
    }

    /** ElasticMQ checks no signature: any static credentials do. */
    private static AwsCredentialsProvider anyCredentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    }

    /** LocalStack and other emulators take any credentials; real ones are used when the default chain has some. */
    private static AwsCredentialsProvider credentialsForAnEmulator() {
        return AwsCredentialsProviderChain.builder()
                .credentialsProviders(DefaultCredentialsProvider.builder().build(), anyCredentials())
                .build();
    }

    private static Optional<Matcher> awsQueueUrl(String url) {
        var matcher = AWS_QUEUE_URL.matcher(url);
        return matcher.matches() ? Optional.of(matcher) : Optional.empty();
    }

    private static Optional<Region> defaultRegion() {
        try {
            return Optional.of(DefaultAwsRegionProviderChain.builder().build().getRegion());
        } catch (SdkException e) {
            return Optional.empty();
        }
    }
}
