package io.tourists.local.template;

import java.util.List;

/**
 * An {@code AWS::IAM::ManagedPolicy} the template creates with this run's parameters, its ARNs resolved: what a
 * role it is attached to may do.
 */
public record AccessPolicy(String logicalId, List<Statement> statements) {

    public AccessPolicy {
        statements = List.copyOf(statements);
    }

    /** One statement: Allow or Deny these actions on these resources (IAM's * and ? wildcards kept). */
    public record Statement(String effect, List<String> actions, List<String> resources) {
        public Statement {
            actions = List.copyOf(actions);
            resources = List.copyOf(resources);
        }
    }
}
