package dev.deckhand.catalogue;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface PlanRepository extends CrudRepository<Plan, UUID> {

    List<Plan> findByVersionIdOrderBySlug(UUID versionId);

    /** Whether a job or preflight of this plan is still started (it reads the plan's steps as it goes). */
    @Query("SELECT EXISTS (SELECT 1 FROM jobs WHERE plan_id = :planId AND status = 'started') "
            + "OR EXISTS (SELECT 1 FROM preflights WHERE plan_id = :planId AND status = 'started')")
    boolean hasRunInProgress(UUID planId);
}
