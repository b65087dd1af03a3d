// SPDX-License-Identifier: GPL-3.0-or-later
// Sends four spans through the OpenTelemetry JS SDK and its OTLP/HTTP JSON exporter, as an instrumented
// application would: two GenAI chat spans (OpenAI with a cache read, Anthropic with cache read and write
// counted in input_tokens as anthropic.md prescribes), one failed GenAI call and one plain HTTP span.
// Usage: node send.mjs URL [none|gzip]. Exits non-zero when the export fails.
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';

const url = process.argv[2];
const compression = process.argv[3] ?? 'none';
if (!url) {
    console.error('usage: node send.mjs URL [none|gzip]');
    process.exit(64);
}

let failed = null;
const exporter = new OTLPTraceExporter({ url, compression });
const inner = exporter.export.bind(exporter);
exporter.export = (spans, done) => inner(spans, (result) => {
    if (result.code !== 0)
        failed = result.error ?? new Error('export failed');
    done(result);
});

const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'otlp-exporter-test', 'inferledger.feature': 'js-assistant' }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
});
const tracer = provider.getTracer('inferledger-test', '1.0.0');

// 2026-05-28T12:00:00Z, so the store's day is fixed whatever the clock says.
const t0 = Date.UTC(2026, 4, 28, 12, 0, 0);
function call(name, attributes, startOffsetMs, durationMs, error) {
    const span = tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes, startTime: new Date(t0 + startOffsetMs) });
    if (error)
        span.setStatus({ code: SpanStatusCode.ERROR, message: error });
    span.end(new Date(t0 + startOffsetMs + durationMs));
}

call('chat gpt-4o', {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': 'gpt-4o',
    'gen_ai.response.model': 'gpt-4o-2024-08-06',
    'gen_ai.response.id': 'chatcmpl-js-1',
    'gen_ai.usage.input_tokens': 1000,
    'gen_ai.usage.cache_read.input_tokens': 400,
    'gen_ai.usage.output_tokens': 200,
    'inferledger.eval_score': 0.75,
    'inferledger.cache': 'miss',
}, 0, 800);
call('chat claude-sonnet-4-5', {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'anthropic',
    'gen_ai.request.model': 'claude-sonnet-4-5',
    'gen_ai.response.model': 'claude-sonnet-4-5-20250929',
    'gen_ai.response.id': 'msg_js_1',
    'gen_ai.usage.input_tokens': 1500,
    'gen_ai.usage.cache_read.input_tokens': 1000,
    'gen_ai.usage.cache_creation.input_tokens': 200,
    'gen_ai.usage.output_tokens': 80,
}, 1000, 1200);
call('chat gpt-4o', {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': 'gpt-4o',
    'gen_ai.response.id': 'chatcmpl-js-2',
    'gen_ai.usage.input_tokens': 40,
    'gen_ai.usage.output_tokens': 0,
    'error.type': 'rate_limit_exceeded',
}, 3000, 100, 'rate limited');
call('GET /health', { 'http.request.method': 'GET', 'url.path': '/health' }, 4000, 5);

await provider.forceFlush();
await provider.shutdown();
if (failed) {
    console.error(`export failed: ${failed.message ?? failed}`);
    process.exit(1);
}
console.log('exported 4 spans');
