package dev.deckhand.runtime.tracing;

import dev.deckhand.config.ResolvedSettings;
import dev.deckhand.config.SettingsCatalog;
import dev.deckhand.tracing.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;

/**
 * Installs the OpenTelemetry SDK into {@link Tracing} when OTEL_TRACING_ENABLED is true: spans are
 * batched to OTEL_EXPORTER_OTLP_ENDPOINT (OTLP/HTTP, {@code /v1/traces}), new traces are sampled
 * at OTEL_TRACES_SAMPLER_ARG and children follow their parent's decision, service.name is
 * {@code deckhand-<proctype>}. When false nothing is built: Tracing stays a no-op.
 */
public final class TracingSetup {

    private TracingSetup() {
    }

    /** Called once at process start (ProctypeLauncher), before the application context. */
    public static void configure(ResolvedSettings settings) {
        if (!settings.value(SettingsCatalog.OTEL_TRACING_ENABLED)) {
            return;
        }
        String base = settings.value(SettingsCatalog.OTEL_EXPORTER_OTLP_ENDPOINT).strip();
        SpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(base.replaceAll("/+$", "") + "/v1/traces").build();
        double ratio = settings.value(SettingsCatalog.OTEL_TRACES_SAMPLER_ARG);
        OpenTelemetrySdk sdk = build(BatchSpanProcessor.builder(exporter).build(), ratio, settings.proctype());
        Tracing.install(sdk);
        Runtime.getRuntime().addShutdownHook(new Thread(sdk::close, "otel-flush"));
    }

    /** The SDK with {@code processor}; public for tests, which pass an in-memory exporter. */
    public static OpenTelemetrySdk build(io.opentelemetry.sdk.trace.SpanProcessor processor, double ratio,
                                         String proctype) {
        Resource resource = Resource.getDefault().merge(Resource.create(
                Attributes.of(AttributeKey.stringKey("service.name"), "deckhand-" + proctype)));
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(resource)
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(ratio)))
                .addSpanProcessor(processor)
                .build();
        return OpenTelemetrySdk.builder()
                .setTracerProvider(provider)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
    }
}
