package dev.deckhand.scheduler.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** CRON_SCHEDULE: overrides, disabling, additions, and boot errors that name the entry. */
class ScheduleConfigTest {

    private static Map<String, Schedule> byName(List<Schedule> schedules) {
        return schedules.stream().collect(Collectors.toMap(Schedule::name, Function.identity()));
    }

    private static List<String> problems(String cronSchedule) {
        try {
            ScheduleConfig.resolve(cronSchedule);
        } catch (ScheduleConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected " + cronSchedule + " to be rejected");
    }

    @Test
    void builtInsAreEnabledWithoutOverrides() {
        Map<String, Schedule> s = byName(ScheduleConfig.resolve(null));
        assertThat(s).containsOnlyKeys("credentials-sweep", "jobs-reap-interrupted", "preflights-expire", "jobs-purge",
                "runs-dispatch-unqueued", "mail-dead-set-check", "credentials-reencrypt");
        assertThat(s.values()).allMatch(Schedule::enabled);
        assertThat(s.get("credentials-sweep")).isEqualTo(new Schedule("credentials-sweep", "0 * * * * ?",
                "credentials.sweep", "short", true, MisfirePolicy.FIRE_ONCE_NOW));
        assertThat(s.get("jobs-purge").misfire()).isEqualTo(MisfirePolicy.DO_NOTHING);
        assertThat(byName(ScheduleConfig.resolve("  "))).isEqualTo(s);
    }

    @Test
    void aBuiltInOverrideChangesOnlyTheFieldsGiven() {
        Schedule sweep = byName(ScheduleConfig.resolve("{\"credentials-sweep\": {\"cron\": \"0 */5 * * * ?\"}}"))
                .get("credentials-sweep");
        assertThat(sweep).isEqualTo(new Schedule("credentials-sweep", "0 */5 * * * ?", "credentials.sweep", "short",
                true, MisfirePolicy.FIRE_ONCE_NOW));
    }

    @Test
    void nullOrEnabledFalseDisables() {
        Map<String, Schedule> s = byName(ScheduleConfig.resolve(
                "{\"jobs-purge\": null, \"preflights-expire\": {\"enabled\": false}}"));
        assertThat(s.get("jobs-purge").enabled()).isFalse();
        assertThat(s.get("preflights-expire").enabled()).isFalse();
        assertThat(s.get("credentials-sweep").enabled()).isTrue();
    }

    @Test
    void aNewNameWithAFullDefinitionIsAdded() {
        Schedule mail = byName(ScheduleConfig.resolve(
                "{\"report-mail\": {\"cron\": \"0 0 6 * * ?\", \"type\": \"reports.mail\", \"queue\": \"default\"}}"))
                .get("report-mail");
        assertThat(mail).isEqualTo(new Schedule("report-mail", "0 0 6 * * ?", "reports.mail", "default", true,
                MisfirePolicy.FIRE_ONCE_NOW));
    }

    @Test
    void aNewNameWithoutAFullDefinitionIsAnErrorNamingTheEntryAndTheMissingField() {
        assertThat(problems("{\"report-mail\": {\"cron\": \"0 0 6 * * ?\"}}"))
                .anySatisfy(p -> assertThat(p).contains("entry 'report-mail'").contains("'type' is missing"))
                .anySatisfy(p -> assertThat(p).contains("entry 'report-mail'").contains("'queue' is missing"));
    }

    @Test
    void nullForAnUnknownNameIsAnError() {
        assertThat(problems("{\"credential-sweep\": null}")).singleElement().satisfies(p -> assertThat(p)
                .contains("entry 'credential-sweep'").contains("not a built-in").contains("credentials-sweep"));
    }

    @Test
    void aBadCronExpressionIsAnErrorNamingTheEntry() {
        assertThat(problems("{\"credentials-sweep\": {\"cron\": \"every minute\"}}")).singleElement()
                .satisfies(p -> assertThat(p).contains("entry 'credentials-sweep'")
                        .contains("bad cron expression 'every minute'"));
        // Five-field Unix cron is not Quartz cron (which has seconds first).
        assertThat(problems("{\"x\": {\"cron\": \"* * * * *\", \"type\": \"t\", \"queue\": \"q\"}}")).singleElement()
                .satisfies(p -> assertThat(p).contains("entry 'x'").contains("bad cron expression"));
    }

    @Test
    void unknownFieldsBadValuesAndBadShapesAreErrors() {
        assertThat(problems("{\"jobs-purge\": {\"crn\": \"0 * * * * ?\"}}")).singleElement()
                .satisfies(p -> assertThat(p).contains("entry 'jobs-purge'").contains("unknown field 'crn'"));
        assertThat(problems("{\"jobs-purge\": {\"enabled\": \"yes\"}}")).singleElement()
                .satisfies(p -> assertThat(p).contains("'enabled' must be true or false"));
        assertThat(problems("{\"jobs-purge\": {\"misfire\": \"later\"}}")).singleElement()
                .satisfies(p -> assertThat(p).contains("'misfire' must be"));
        assertThat(problems("{\"jobs-purge\": {\"queue\": \"Bad Queue\"}}")).singleElement()
                .satisfies(p -> assertThat(p).contains("bad queue name"));
        assertThat(problems("{\"jobs-purge\": 5}")).singleElement()
                .satisfies(p -> assertThat(p).contains("entry 'jobs-purge'").contains("expected an object"));
        assertThat(problems("[1]")).singleElement().satisfies(p -> assertThat(p).contains("expected a JSON object"));
        assertThat(problems("{nope")).singleElement().satisfies(p -> assertThat(p).contains("not valid JSON"));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> ScheduleConfig.resolve(
                "{\"a\": null, \"jobs-purge\": {\"cron\": \"bad\"}, \"b\": {\"type\": \"t\"}}"))
                .isInstanceOf(ScheduleConfigException.class)
                .hasMessageContaining("entry 'a'").hasMessageContaining("entry 'jobs-purge'")
                .hasMessageContaining("entry 'b'");
    }
}
