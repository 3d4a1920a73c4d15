package dev.deckhand.jobtypes;

import dev.deckhand.jobqueue.JobHandler;
import dev.deckhand.support.DomainContext;
import dev.deckhand.support.MutableClock;
import dev.deckhand.testing.OAuthProviderExtension;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestOAuthProvider;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every built-in schedule (the scheduler's {@code schedules.json}, which names a job type and a
 * queue because the scheduler does not have the handlers) names a job type a worker has, on the
 * queue that type declares: a schedule on the wrong queue would be enqueued where no worker of
 * the type's proctype looks, and one naming a missing type would go to the dead set every firing.
 * The scheduler module is not on this module's classpath, so the file is read from the source tree.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
class BuiltInSchedulesTest {

    static final Path SCHEDULES = Path.of("..", "scheduler", "src", "main", "resources", "deckhand", "scheduler",
            "schedules.json");

    static ApplicationContext ctx;

    @BeforeAll
    static void start(TestPostgres pg, TestRedis redis, TestOAuthProvider oauth) {
        ctx = DomainContext.start(DomainContext.env(pg, redis, oauth), new MutableClock());
    }

    @AfterAll
    static void stop() {
        ctx.close();
    }

    @Test
    void everyBuiltInScheduleNamesAJobTypeOnItsQueue() throws Exception {
        Map<String, JobHandler> types = ctx.getBeansOfType(JobHandler.class).stream()
                .collect(Collectors.toMap(JobHandler::name, Function.identity()));
        Map<String, Map<String, Object>> schedules = ctx.getBean(JsonMapper.class).readValue(
                Files.readAllBytes(SCHEDULES), Argument.mapOf(Argument.STRING, Argument.mapOf(String.class, Object.class)));

        assertThat(schedules).isNotEmpty();
        schedules.forEach((name, schedule) -> {
            Object type = schedule.get("type");
            assertThat(types).as("schedule %s names job type %s", name, type).containsKey((String) type);
            assertThat(schedule.get("queue")).as("queue of schedule %s (job type %s)", name, type)
                    .isEqualTo(types.get((String) type).queue());
        });
    }
}
