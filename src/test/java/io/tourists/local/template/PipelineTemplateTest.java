package io.tourists.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PipelineTemplateTest {

    private static final Map<String, String> PSEUDO = Map.of("AWS::Region", "us-east-1",
            "AWS::AccountId", "000000000000", "AWS::StackName", "local");

    @Test
    void shouldReadTheConsumerMappingFromTheTemplate_withParameterDefaults() {
        var mapping = small(Map.of()).sqsEventSource(PipelineTemplate.CONSUMER_FUNCTION);

        assertThat(mapping.queueLogicalId()).isEqualTo("WriteQueue");
        assertThat(mapping.batchSize()).isEqualTo(7);
        assertThat(mapping.batchingWindow()).isEqualTo(Duration.ofSeconds(2));
        assertThat(mapping.maximumConcurrency()).isEqualTo(OptionalInt.of(3));
        assertThat(mapping.reportBatchItemFailures()).isTrue();
        assertThat(mapping.enabled()).isTrue();
    }

    @Test
    void aKeyGivenTwice_isRefused_notSilentlyReplacedByItsSecondValue() {
        var yaml = """
                Resources:
                  Route:
                    Type: AWS::ApiGatewayV2::Route
                  Route:
                    Type: AWS::ApiGatewayV2::Route
                """;

        assertThatThrownBy(() -> SamTemplate.parse(yaml)).hasMessageContaining("duplicate key Route");
    }

    @Test
    void runsTheImportScheduleOnlyWithASourceUrl_besideThePruneFunctionsOne() {
        var withSource = PipelineTemplate.read(Path.of("template.yaml"),
                Map.of("SyncSourceUrl", "https://partner.example.com/tourists"), PSEUDO);

        assertThat(withSource.schedules()).extracting(ScheduleDefinition::name, ScheduleDefinition::functionLogicalId,
                        ScheduleDefinition::every, ScheduleDefinition::input)
                .containsExactly(tuple("PruneFunction.Scheduled", "PruneFunction", Optional.of(Duration.ofDays(1)), "{}"),
                        tuple("ImportSchedule", "ImportFunction", Optional.of(Duration.ofMinutes(5)),
                                "{\"source\":\"schedule\"}"));
    }

    @Test
    void namesTheFunctionsItDoesNotRun_suchAsTheScheduledPrune() {
        var deployed = PipelineTemplate.read(Path.of("template.yaml"), Map.of(), PSEUDO);

        assertThat(deployed.functionsNotRun()).containsExactly("MigrationFunction");
        assertThat(deployed.schedules()).extracting(ScheduleDefinition::name, ScheduleDefinition::every)
                .containsExactly(tuple("PruneFunction.Scheduled", Optional.of(Duration.ofDays(1))));
        assertThat(small(Map.of()).functionsNotRun()).isEmpty();
    }

    @Test
    void shouldApplyParameterOverrides_likeSamDeployParameterOverrides() {
        var template = small(Map.of("ConsumerMaxConcurrency", "9", "ConsumerTimeoutSeconds", "20"));

        assertThat(template.sqsEventSource(PipelineTemplate.CONSUMER_FUNCTION).maximumConcurrency())
                .isEqualTo(OptionalInt.of(9));
        assertThat(template.function(PipelineTemplate.CONSUMER_FUNCTION).timeout()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void shouldTakeFunctionSettingsFromTheFunction_elseFromGlobals() {
        var template = small(Map.of());

        var consumer = template.function(PipelineTemplate.CONSUMER_FUNCTION);
        assertThat(consumer.timeout()).isEqualTo(Duration.ofSeconds(12));
        assertThat(consumer.memoryMb()).isEqualTo(2048);
        assertThat(consumer.reservedConcurrency()).isEqualTo(OptionalInt.of(3));
        var read = template.function(PipelineTemplate.READ_FUNCTION);
        assertThat(read.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(read.memoryMb()).isEqualTo(512);
        assertThat(read.reservedConcurrency()).isEqualTo(OptionalInt.of(4));
        assertThat(template.function(PipelineTemplate.API_FUNCTION).functionName()).isEqualTo("local-api");
    }

    @Test
    void shouldReadQueueAttributesAndRedrive_andListWhatALocalQueueDoesNotHonour() {
        var template = small(Map.of());

        var queue = template.queue("WriteQueue");
        assertThat(queue.queueName()).isEqualTo("local-writes");
        assertThat(queue.attributes()).containsExactly(Map.entry("VisibilityTimeout", "77"));
        assertThat(queue.redrive()).contains(new QueueDefinition.Redrive("WriteDeadLetterQueue", 6));
        assertThat(queue.notEmulated()).containsExactly("KmsMasterKeyId");
        assertThat(template.queue("WriteDeadLetterQueue").notEmulated()).containsExactly("RedriveAllowPolicy");
        assertThat(template.queueLogicalIds()).containsExactly("WriteQueue", "WriteDeadLetterQueue");
    }

    @Test
    void shouldResolveAFunctionsEnvironment_leavingOutWhatIsNotLocal() {
        var template = small(Map.of("Stage", "prod"));
        var values = template.values(Map.of("WriteQueue", "http://127.0.0.1:9324/000000000000/local-writes"));

        var environment = template.environment(PipelineTemplate.API_FUNCTION, values);

        assertThat(environment.variables()).containsEntry("WRITE_QUEUE_URL", "http://127.0.0.1:9324/000000000000/local-writes")
                .containsEntry("STAGE", "prod")
                .containsEntry("POWERTOOLS_SERVICE_NAME", "tourists")
                .containsEntry("DB_POOL_SIZE", "1");
        assertThat(environment.unresolved()).containsExactly("DB_SECRET_ARN");
    }

    @Test
    void shouldRefuseAnOverride_thatTheTemplateHasNoParameterFor() {
        assertThatThrownBy(() -> small(Map.of("ConsumerMaxConcurency", "4")))
                .isInstanceOf(TemplateException.class).hasMessageContaining("no parameter ConsumerMaxConcurency");
    }

    @Test
    void shouldRefuseAnOverride_thatBreaksTheParametersOwnLimits() {
        assertThatThrownBy(() -> small(Map.of("ConsumerMaxConcurrency", "1")))
                .isInstanceOf(TemplateException.class).hasMessageContaining("below its MinValue 2");
        assertThatThrownBy(() -> small(Map.of("Stage", "dev")))
                .isInstanceOf(TemplateException.class).hasMessageContaining("not one of");
    }

    @Test
    void shouldRefuseAMappingThatLambdaWouldRefuse_aBatchOverTenWithoutAWindow() {
        var template = small(Map.of("ConsumerBatchSize", "50", "ConsumerBatchingWindowSeconds", "0"));

        assertThatThrownBy(() -> template.sqsEventSource(PipelineTemplate.CONSUMER_FUNCTION))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("BatchSize over 10 needs MaximumBatchingWindowInSeconds");
    }

    @Test
    void shouldUseLambdasDefaults_forWhatTheTemplateLeavesOut() {
        var template = PipelineTemplate.of(SamTemplate.parse("""
                Resources:
                  ConsumerFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Events:
                        Queue:
                          Type: SQS
                          Properties:
                            Queue: !GetAtt Plain.Arn
                  Plain:
                    Type: AWS::SQS::Queue
                """), Map.of(), PSEUDO);

        var mapping = template.sqsEventSource(PipelineTemplate.CONSUMER_FUNCTION);
        assertThat(mapping.batchSize()).isEqualTo(10);
        assertThat(mapping.batchingWindow()).isZero();
        assertThat(mapping.maximumConcurrency()).isEmpty();
        assertThat(mapping.reportBatchItemFailures()).isFalse();
        var function = template.function(PipelineTemplate.CONSUMER_FUNCTION);
        assertThat(function.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(function.memoryMb()).isEqualTo(128);
        assertThat(template.queue("Plain").queueName()).isEqualTo("Plain");
        assertThat(template.queue("Plain").attributes()).isEmpty();
    }

    @Test
    void shouldReadTheTemplateThatDeploys() {
        var template = PipelineTemplate.read(Path.of("template.yaml"), Map.of(), PSEUDO);

        var mapping = template.sqsEventSource(PipelineTemplate.CONSUMER_FUNCTION);
        assertThat(template.queueLogicalIds()).contains(mapping.queueLogicalId());
        assertThat(template.queue(mapping.queueLogicalId()).redrive()).isPresent();
        assertThat(template.function(PipelineTemplate.CONSUMER_FUNCTION).timeout()).isPositive();
    }

    static PipelineTemplate small(Map<String, String> overrides) {
        return PipelineTemplate.read(resource("/local/small-template.yaml"), overrides, PSEUDO);
    }

    static Path resource(String name) {
        try {
            return Path.of(PipelineTemplateTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
