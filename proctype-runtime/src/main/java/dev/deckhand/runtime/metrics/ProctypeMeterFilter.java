package dev.deckhand.runtime.metrics;

import dev.deckhand.config.ProcessIdentity;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.util.List;

/** Tags every meter with the proctype, so one dashboard can tell web from worker from scheduler. */
@Factory
public class ProctypeMeterFilter {

    @Bean
    @Singleton
    MeterFilter proctypeTag(ProcessIdentity identity) {
        return MeterFilter.commonTags(List.of(Tag.of("proctype", identity.proctype())));
    }
}
