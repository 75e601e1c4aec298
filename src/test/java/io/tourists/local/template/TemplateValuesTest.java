package io.tourists.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateValuesTest {

    private final TemplateValues values = new TemplateValues(SamTemplate.parse("""
            Parameters:
              Size:
                Type: Number
                Default: 5
              Name:
                Type: String
                Default: tourists
            """), Map.of("Size", "8"), Map.of("AWS::Region", "eu-west-1", "AWS::StackName", "local"),
            Map.of("WriteQueue", "http://q/writes", "WriteQueue.Arn", "arn:aws:sqs:eu-west-1:000000000000:writes"));

    @Test
    void shouldResolveRefsToParametersPseudoParametersAndResources() {
        assertThat(values.text(Map.of("Ref", "Size"))).contains("8");
        assertThat(values.text(Map.of("Ref", "Name"))).contains("tourists");
        assertThat(values.text(Map.of("Ref", "AWS::Region"))).contains("eu-west-1");
        assertThat(values.text(Map.of("Ref", "WriteQueue"))).contains("http://q/writes");
    }

    @Test
    void shouldResolveGetAttSubAndJoin() {
        assertThat(values.text(Map.of("Fn::GetAtt", List.of("WriteQueue", "Arn"))))
                .contains("arn:aws:sqs:eu-west-1:000000000000:writes");
        assertThat(values.text(Map.of("Fn::Sub", "${AWS::StackName}-${Name}-${WriteQueue.Arn}-${!Literal}")))
                .contains("local-tourists-arn:aws:sqs:eu-west-1:000000000000:writes-${Literal}");
        assertThat(values.text(Map.of("Fn::Sub", List.of("${A}/${Size}", Map.of("A", Map.of("Ref", "Name"))))))
                .contains("tourists/8");
        assertThat(values.text(Map.of("Fn::Join", List.of(":", List.of("a", Map.of("Ref", "Size")))))).contains("a:8");
    }

    @Test
    void shouldReportWhatItCannotResolve_ratherThanGuess() {
        assertThat(values.text(Map.of("Ref", "SomeDatabase"))).isEmpty();
        assertThat(values.text(Map.of("Fn::GetAtt", List.of("SomeDatabase", "Endpoint.Address")))).isEmpty();
        assertThat(values.text(Map.of("Fn::Sub", "${SomeDatabase.Endpoint.Address}:5432"))).isEmpty();
        assertThat(values.text(Map.of("Fn::ImportValue", "shared-db"))).isEmpty();
    }

    @Test
    void shouldWriteNumbersPlainly() {
        assertThat(values.text(5)).contains("5");
        assertThat(values.text(2.50)).contains("2.5");
    }
}
