package io.tourists.local.template;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A schedule that invokes a function: a SAM {@code Schedule} or {@code ScheduleV2} event of the function, or an
 * {@code AWS::Scheduler::Schedule} resource whose target is the function (or its alias), if its Condition holds.
 * Only {@code rate(...)} expressions run locally; a {@code cron(...)} one is named as not run.
 *
 * @param every empty for a cron expression
 * @param input the event the schedule sends ({@code Input}), or {@code {}}
 */
public record ScheduleDefinition(String name, String functionLogicalId, String expression, Optional<Duration> every,
                                 String input) {

    private static final Pattern RATE = Pattern.compile("rate\\(\\s*(\\d+)\\s+(minute|minutes|hour|hours|day|days)\\s*\\)");

    /** The template's schedules, in template order. */
    public static List<ScheduleDefinition> read(SamTemplate template, TemplateValues values) {
        var conditions = new TemplateConditions(template, values);
        var schedules = new ArrayList<ScheduleDefinition>();
        for (var function : template.resourceIdsOfType("AWS::Serverless::Function")) {
            SamTemplate.map(template.properties(function), "Events").forEach((name, event) -> {
                @SuppressWarnings("unchecked")
                var definition = event instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.<String, Object>of();
                var properties = SamTemplate.map(definition, "Properties");
                if ("Schedule".equals(definition.get("Type")) || "ScheduleV2".equals(definition.get("Type"))) {
                    var expression = Optional.ofNullable(properties.get("Schedule"))
                            .or(() -> Optional.ofNullable(properties.get("ScheduleExpression"))).flatMap(values::text);
                    expression.ifPresent(text -> schedules.add(of(function + "." + name, function, text,
                            Optional.ofNullable(properties.get("Input")).flatMap(values::text))));
                }
            });
        }
        for (var schedule : template.resourceIdsOfType("AWS::Scheduler::Schedule")) {
            if (!conditions.creates(schedule)) {
                continue;
            }
            var properties = template.properties(schedule);
            var target = SamTemplate.map(properties, "Target");
            var function = TemplateValues.referencedResource(target.get("Arn"))
                    .map(id -> id.endsWith(".Alias") ? id.substring(0, id.length() - ".Alias".length()) : id);
            var expression = values.text(properties.get("ScheduleExpression"));
            if (function.isPresent() && expression.isPresent()) {
                schedules.add(of(schedule, function.get(), expression.get(),
                        Optional.ofNullable(target.get("Input")).flatMap(values::text)));
            }
        }
        return schedules;
    }

    static ScheduleDefinition of(String name, String function, String expression, Optional<String> input) {
        var rate = RATE.matcher(expression.strip());
        Optional<Duration> every = Optional.empty();
        if (rate.matches()) {
            long count = Long.parseLong(rate.group(1));
            every = Optional.of(switch (rate.group(2)) {
                case "minute", "minutes" -> Duration.ofMinutes(count);
                case "hour", "hours" -> Duration.ofHours(count);
                default -> Duration.ofDays(count);
            });
        }
        return new ScheduleDefinition(name, function, expression, every, input.orElse("{}"));
    }
}
