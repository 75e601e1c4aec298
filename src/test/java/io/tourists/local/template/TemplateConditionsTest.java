package io.tourists.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateConditionsTest {

    private static final SamTemplate TEMPLATE = SamTemplate.parse("""
            Parameters:
              Issuer:
                Type: String
                Default: ''
              Open:
                Type: String
                Default: 'false'
            Conditions:
              HasIssuer: !Not [!Equals [!Ref Issuer, '']]
              IsOpen: !Equals [!Ref Open, 'true']
              UsesIam: !And [!Not [!Condition HasIssuer], !Not [!Condition IsOpen]]
              EitherWay: !Or [!Condition HasIssuer, !Condition IsOpen]
              ComparesTheUnknown: !Equals [!Ref SomeDatabase, '']
            Resources:
              Authorizer:
                Type: AWS::ApiGatewayV2::Authorizer
                Condition: HasIssuer
                Properties:
                  Issuer: !Ref Issuer
              Route:
                Type: AWS::ApiGatewayV2::Route
                Properties:
                  AuthorizationType: !If [HasIssuer, JWT, !If [UsesIam, AWS_IAM, NONE]]
                  AuthorizerId: !If [HasIssuer, !Ref Authorizer, !Ref AWS::NoValue]
                  AuthorizationScopes: !If [HasIssuer, [read, !Ref AWS::NoValue], !Ref AWS::NoValue]
            """);

    private static TemplateConditions deployedWith(Map<String, String> parameters) {
        return new TemplateConditions(TEMPLATE, new TemplateValues(TEMPLATE, parameters, Map.of(), Map.of()));
    }

    @Test
    void shouldDecideConditionsFromTheParameters_theirDefaultsOrTheOverrides() {
        var defaults = deployedWith(Map.of());
        var withIssuer = deployedWith(Map.of("Issuer", "https://issuer.example"));
        var open = deployedWith(Map.of("Open", "true"));

        assertThat(defaults.condition("UsesIam")).isTrue();
        assertThat(defaults.condition("EitherWay")).isFalse();
        assertThat(withIssuer.condition("UsesIam")).isFalse();
        assertThat(withIssuer.condition("EitherWay")).isTrue();
        assertThat(open.condition("UsesIam")).isFalse();
        assertThat(open.condition("HasIssuer")).isFalse();
    }

    @Test
    void shouldTakeTheBranchEachFnIfTakes_andDropNoValue() {
        var defaults = deployedWith(Map.of());
        var withIssuer = deployedWith(Map.of("Issuer", "https://issuer.example"));
        var open = deployedWith(Map.of("Open", "true"));

        assertThat(defaults.property("Route", "AuthorizationType")).contains("AWS_IAM");
        assertThat(defaults.property("Route", "AuthorizerId")).isEmpty();
        assertThat(defaults.property("Route", "AuthorizationScopes")).isEmpty();
        assertThat(open.property("Route", "AuthorizationType")).contains("NONE");
        assertThat(withIssuer.property("Route", "AuthorizationType")).contains("JWT");
        assertThat(withIssuer.property("Route", "AuthorizerId")).contains(Map.of("Ref", "Authorizer"));
        assertThat(withIssuer.property("Route", "AuthorizationScopes")).contains(List.of("read"));
    }

    @Test
    void shouldCreateAResourceOnlyWhenItsConditionHolds() {
        assertThat(deployedWith(Map.of()).creates("Authorizer")).isFalse();
        assertThat(deployedWith(Map.of("Issuer", "https://issuer.example")).creates("Authorizer")).isTrue();
        assertThat(deployedWith(Map.of()).creates("Route")).isTrue();
    }

    @Test
    void shouldRefuseConditionsItCannotDecide_ratherThanGuess() {
        var defaults = deployedWith(Map.of());

        assertThatThrownBy(() -> defaults.condition("ComparesTheUnknown")).isInstanceOf(TemplateException.class)
                .hasMessageContaining("cannot be resolved locally");
        assertThatThrownBy(() -> defaults.condition("Missing")).isInstanceOf(TemplateException.class)
                .hasMessageContaining("no condition Missing");
    }

    @Test
    void aMalformedCondition_isATemplateError_naming_theFunction_notAJavaException() {
        var template = SamTemplate.parse("""
                Conditions:
                  EqualsOne: !Equals [only-one]
                  EqualsScalar: !Equals x
                  NotTwo: !Not [!Equals [a, a], !Equals [b, b]]
                  AndOne: !And [!Equals [a, a]]
                  OrScalar: !Or x
                """);
        var conditions = new TemplateConditions(template, new TemplateValues(template, Map.of(), Map.of(), Map.of()));

        assertThatThrownBy(() -> conditions.condition("EqualsOne")).isInstanceOf(TemplateException.class)
                .hasMessage("Fn::Equals takes a list of 2 operands, got [only-one]");
        assertThatThrownBy(() -> conditions.condition("EqualsScalar")).isInstanceOf(TemplateException.class)
                .hasMessage("Fn::Equals takes a list of 2 operands, got x");
        assertThatThrownBy(() -> conditions.condition("NotTwo")).isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("Fn::Not takes a list of 1 operands");
        assertThatThrownBy(() -> conditions.condition("AndOne")).isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("Fn::And takes a list of 2 to 10 operands");
        assertThatThrownBy(() -> conditions.condition("OrScalar")).isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("Fn::Or takes a list of 2 to 10 operands");
    }

    @Test
    void aGetAttWithoutADot_isATemplateError_withItsLine() {
        assertThatThrownBy(() -> SamTemplate.parse("""
                Resources:
                  Queue:
                    Type: AWS::SQS::Queue
                  Mapping:
                    Properties:
                      EventSourceArn: !GetAtt Queue
                """)).isInstanceOf(TemplateException.class)
                .hasMessage("line 6: !GetAtt takes LogicalId.Attribute, got 'Queue'");
    }
}
